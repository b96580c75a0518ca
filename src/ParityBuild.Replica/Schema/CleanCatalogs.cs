using System.Collections.Concurrent;
using ParityBuild.Core.Schema;

namespace ParityBuild.Replica.Schema;

/// <summary>
/// What the tenants of a fleet share for the schema comparison: the snapshot, read once, and the catalog fingerprints
/// (<see cref="CatalogFingerprint"/>) of tenants whose full capture matched it. A tenant whose fingerprint is one of
/// those matches too, without a capture; any other is captured and compared in full. Equal fingerprints give equal
/// comparisons, so each tenant's findings are the same whichever tenant was captured first; and while the first
/// tenant with a fingerprint is captured, the others with it wait for its verdict, so that a fingerprint is captured
/// once when it matches, however many sessions run at once.
/// </summary>
public sealed class CleanCatalogs(SnapshotDocument document)
{
    // Per fingerprint: the first tenant's verdict — true, it matched; false, it drifted; null, its capture failed.
    private readonly ConcurrentDictionary<string, Task<bool?>> _verdicts = new(StringComparer.Ordinal);
    private int _captured;
    private int _matched;

    public SnapshotDocument Document { get; } = document;

    /// <summary>How many tenants were captured and compared in full.</summary>
    public int Captured => Volatile.Read(ref _captured);

    /// <summary>How many tenants matched the snapshot by their fingerprint alone.</summary>
    public int MatchedByFingerprint => Volatile.Read(ref _matched);

    /// <summary>
    /// The comparison of a tenant whose catalog has <paramref name="fingerprint"/>: <paramref name="whenMatched"/> when
    /// a tenant with the same fingerprint matched the snapshot, else <paramref name="capture"/>'s (which says whether it
    /// matched).
    /// </summary>
    internal async Task<T> CompareAsync<T>(string fingerprint, Func<Task<(T Result, bool Matches)>> capture, Func<T> whenMatched)
    {
        while (true)
        {
            var mine = new TaskCompletionSource<bool?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = _verdicts.GetOrAdd(fingerprint, mine.Task);
            if (first != mine.Task)
            {
                switch (await first.ConfigureAwait(false))
                {
                    case true:
                        Interlocked.Increment(ref _matched);
                        return whenMatched();
                    case false:
                        // Drifted alike: still this tenant's own findings, which name it.
                        return (await CaptureAsync().ConfigureAwait(false)).Result;
                    default:
                        // The first one's capture failed (unreachable, locked, cancelled): the next one to come tries.
                        continue;
                }
            }

            try
            {
                var (result, matches) = await CaptureAsync().ConfigureAwait(false);
                mine.SetResult(matches);
                return result;
            }
            catch
            {
                _verdicts.TryRemove(new KeyValuePair<string, Task<bool?>>(fingerprint, mine.Task));
                mine.SetResult(null);
                throw;
            }
        }

        async Task<(T Result, bool Matches)> CaptureAsync()
        {
            Interlocked.Increment(ref _captured);
            return await capture().ConfigureAwait(false);
        }
    }
}
