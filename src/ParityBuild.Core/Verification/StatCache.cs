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

    public static StatCache Empty() => new(new Dictionary<string, Entry>(StringComparer.Ordinal));

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

    public static void Save(string path, IEnumerable<(string FullPath, Entry Entry)> scripts, DateTime nowUtc)
    {
        var racyFrom = (nowUtc - RacyWindow).Ticks;
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (fullPath, (length, ticks, checksums, full)) in scripts)
        {
            if (ticks >= racyFrom || fullPath.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
            {
                continue;
            }

            text.Append(fullPath).Append('\t')
                .Append(length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(ticks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(checksums.Text).Append('\t')
                .Append(checksums.Semantic).Append('\t')
                .Append(checksums.Flyway?.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(checksums.FirstInvalidUtf8Offset.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(full ? "full" : "text").Append('\n');
        }

        AtomicFile.WriteIfChanged(path, Encoding.UTF8.GetBytes(text.ToString()));
    }
}
