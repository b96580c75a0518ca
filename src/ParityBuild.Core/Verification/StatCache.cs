using System.Globalization;
using System.Text;
using ParityBuild.Core.Baseline;
using ParityBuild.Core.Checksums;

namespace ParityBuild.Core.Verification;

/// <summary>
/// Remembers each script's checksums with its size and modification time, like git's index, so that a rebuild on a
/// developer machine rehashes only what changed. Never used in locked mode: CI always hashes everything.
/// A script modified within <see cref="RacyWindow"/> of the cache being written is not cached, since an edit in the same
/// clock tick would keep its time (git's "racy" entries).
/// </summary>
public sealed class StatCache
{
    private const string Header = "parity-stat-cache 1";
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, Entry> entries;

    private StatCache(Dictionary<string, Entry> entries) => this.entries = entries;

    /// <param name="Full">Whether every checksum kind was computed, or only the text checksum.</param>
    public sealed record Entry(long Length, long ModifiedTicks, ScriptChecksums Checksums, bool Full);

    /// <summary>Whether the cache differs from the file it was loaded from (or last saved to).</summary>
    public bool Changed { get; private set; }

    public int Count => entries.Count;

    public static StatCache Empty() => new(new Dictionary<string, Entry>(StringComparer.Ordinal)) { Changed = true };

    /// <summary>Loads the cache; a missing, old or damaged file is an empty cache (it is only ever a shortcut).</summary>
    public static StatCache Load(string path)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            if (reader.ReadLine() != Header)
            {
                return Empty();
            }

            while (reader.ReadLine() is { } line)
            {
                var fields = line.Split('\t');
                if (fields.Length != 8
                    || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    return Empty();
                }

                int? flyway = int.TryParse(fields[5], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var crc) ? crc : null;
                var checksums = new ScriptChecksums(
                    fields[3], length, fields[4].Length == 0 ? null : fields[4], flyway,
                    long.TryParse(fields[6], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var invalid) ? invalid : -1);
                entries[fields[0]] = new Entry(length, ticks, checksums, fields[7] == "full");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Empty();
        }

        return new StatCache(entries);
    }

    public Entry? Lookup(string fullPath, long length, long modifiedTicks) =>
        entries.TryGetValue(fullPath, out var entry) && entry.Length == length && entry.ModifiedTicks == modifiedTicks ? entry : null;

    /// <summary>Records a script's checksums; entries of files modified within the racy window are not kept.</summary>
    public void Set(string fullPath, Entry entry, DateTime nowUtc)
    {
        if (entry.ModifiedTicks >= (nowUtc - RacyWindow).Ticks || fullPath.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
        {
            Changed |= entries.Remove(fullPath);
            return;
        }

        if (!entries.TryGetValue(fullPath, out var known) || known != entry)
        {
            entries[fullPath] = entry;
            Changed = true;
        }
    }

    /// <summary>Forgets the scripts that are no longer part of the project.</summary>
    public void RetainOnly(IReadOnlySet<string> fullPaths)
    {
        if (entries.Count == fullPaths.Count && fullPaths.All(entries.ContainsKey))
        {
            return;
        }

        foreach (var path in entries.Keys.Where(path => !fullPaths.Contains(path)).ToList())
        {
            entries.Remove(path);
            Changed = true;
        }
    }

    /// <summary>Writes the cache (sorted, so the same content gives the same bytes) when it changed.</summary>
    public void SaveIfChanged(string path)
    {
        if (!Changed)
        {
            return;
        }

        var text = new StringBuilder(Header).Append('\n');
        foreach (var (fullPath, (length, ticks, checksums, full)) in entries.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(fullPath).Append('\t')
                .Append(length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(ticks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(checksums.Text).Append('\t')
                .Append(checksums.Semantic).Append('\t')
                .Append(checksums.Flyway?.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(checksums.FirstInvalidUtf8Offset.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(full ? "full" : "text").Append('\n');
        }

        AtomicFile.WriteIfChanged(path, Encoding.UTF8.GetBytes(text.ToString()), durable: false);
        Changed = false;
    }
}
