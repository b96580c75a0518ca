using ParityBuild.Core.Baseline;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Verification;

/// <summary>
/// What one project's gate remembers between builds in the same process (an MSBuild node that is reused keeps it
/// through <c>RegisterTaskObject</c>): the parsed manifest, the discovered migrations and the stat cache, each reused
/// only while its source is provably unchanged. It saves the fixed costs that would otherwise dwarf the rehash of one
/// edited script. On Linux it also watches the script folders (<see cref="FolderWatch"/>), so that a rerun stats only
/// the scripts that changed. Safe to drop at any time; one instance serves one project, one build at a time.
/// </summary>
public sealed class VerifierMemory : IDisposable
{
    private readonly object gate = new();
    private FolderWatch? watch;
    private DateTime watchArmedUtc;

    // The scripts that were symbolic links at the last look: their targets may lie outside the watched folders.
    private IReadOnlySet<string> links = new HashSet<string>();
    private (string Path, long Length, long Ticks, bool Digest, Manifest Manifest)? manifest;
    private (ScriptFile[] Scripts, MigrationDiscovery.Result Result)? discovery;
    private (string Path, long Length, long Ticks, StatCache Cache)? statCache;

    /// <summary>The manifest ParityVerify read or wrote in this node, while the file is unchanged: the tasks after it need not parse it again.</summary>
    public Manifest? KnownManifest(string path) => Manifest(path, new FileInfo(path), verifyDigest: true);

    /// <summary>The discovery of an equal script list, from ParityVerify in this node.</summary>
    public MigrationDiscovery.Result? KnownDiscovery(IReadOnlyList<ScriptFile> scripts) => Discovery(scripts);

    internal Manifest? Manifest(string path, FileInfo file, bool verifyDigest)
    {
        lock (gate)
        {
            return manifest is { } known && known.Path == path && known.Length == file.Length && known.Ticks == file.LastWriteTimeUtc.Ticks && known.Digest == verifyDigest
                ? known.Manifest
                : null;
        }
    }

    internal void Remember(string path, bool verifyDigest, Manifest value)
    {
        var file = new FileInfo(path);
        lock (gate)
        {
            manifest = file.Exists ? (path, file.Length, file.LastWriteTimeUtc.Ticks, verifyDigest, value) : null;
        }
    }

    internal MigrationDiscovery.Result? Discovery(IReadOnlyList<ScriptFile> scripts)
    {
        lock (gate)
        {
            return discovery is { } known && Same(known.Scripts, scripts) ? known.Result : null;
        }
    }

    internal void Remember(IReadOnlyList<ScriptFile> scripts, MigrationDiscovery.Result result)
    {
        lock (gate)
        {
            // Remembering what was just recalled would only copy ten thousand references again.
            if (discovery is not { } known || !ReferenceEquals(known.Result, result))
            {
                discovery = ([.. scripts], result);
            }
        }
    }

    // Element by element, without copying the list: the same instances (a reused script list) compare at once.
    private static bool Same(ScriptFile[] known, IReadOnlyList<ScriptFile> scripts)
    {
        if (known.Length != scripts.Count)
        {
            return false;
        }

        for (var i = 0; i < known.Length; i++)
        {
            if (known[i] != scripts[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The cache as last loaded or saved, while the file on disk is still the one it was.</summary>
    internal StatCache? StatCache(string path)
    {
        var file = new FileInfo(path);
        lock (gate)
        {
            return statCache is { } known && known.Path == path && file.Exists && known.Length == file.Length && known.Ticks == file.LastWriteTimeUtc.Ticks
                ? known.Cache
                : null;
        }
    }

    internal void Remember(string path, StatCache cache)
    {
        var file = new FileInfo(path);
        lock (gate)
        {
            statCache = file.Exists ? (path, file.Length, file.LastWriteTimeUtc.Ticks, cache) : null;
        }
    }

    /// <summary>
    /// What the folder watch knows for this run: null when every script must be stat'ed (no watch yet, which this call
    /// arms for the next run, or a watch that lost track). Otherwise the changed scripts, and whether the others may be
    /// taken from <paramref name="cache"/> unseen: only when every entry was valid after the watch was armed (the cache
    /// this memory saved, or one another node wrote later), since the watch has seen every change from then on.
    /// </summary>
    internal ScriptHashing.Changes? WatchedChanges(IReadOnlyList<ScriptFile> scripts, StatCache cache)
    {
        var folders = Folders(scripts);
        lock (gate)
        {
            if (watch is not null && watch.Folders.SequenceEqual(folders, StringComparer.Ordinal) && watch.Drain() is { } changed)
            {
                var trusted = ReferenceEquals(cache, statCache?.Cache) || cache.ValidAsOfUtc > watchArmedUtc;
                return new ScriptHashing.Changes(changed, links, trusted);
            }

            // Armed before this run stats anything, so that the cache it saves is covered from then on.
            watch?.Dispose();
            watchArmedUtc = DateTime.UtcNow;
            watch = FolderWatch.Start(folders);
            return null;
        }
    }

    // The scripts' folders, sorted. Each folder's name is made once, not once per script: the scripts of a folder come
    // one after the other, and a reused node asks on every build.
    private static List<string> Folders(IReadOnlyList<ScriptFile> scripts)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var script in scripts)
        {
            var folder = Path.GetDirectoryName(script.FullPath.AsSpan());
            if (last is null || !folder.SequenceEqual(last))
            {
                last = folder.ToString();
                folders.Add(last);
            }
        }

        return [.. folders.Order(StringComparer.Ordinal)];
    }

    /// <summary>The run saved its stat cache: the changes it drained are in it now.</summary>
    internal void Committed(ScriptHashing.Changes? changes, IReadOnlySet<string> linkPaths)
    {
        lock (gate)
        {
            if (changes is not null)
            {
                watch?.Commit(changes.Changed);
            }

            links = linkPaths;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            watch?.Dispose();
            watch = null;
        }
    }
}
