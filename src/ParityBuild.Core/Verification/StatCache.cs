using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ParityBuild.Core.Baseline;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Platform;

namespace ParityBuild.Core.Verification;

/// <summary>
/// Remembers each script's checksums with its size and modification time, like git's index, so that a rebuild on a
/// developer machine rehashes only what changed. Never used in locked mode: CI always hashes everything.
/// A script modified within <see cref="RacyWindow"/> of the cache being written is not cached, since an edit in the same
/// clock tick would keep its time (git's "racy" entries).
/// The file is a log: a rerun that rehashed a few scripts appends their lines (a later line wins) instead of rewriting
/// ten thousand, and an entry that goes away (a script just edited, or removed) is appended as a line that forgets it.
/// It is rewritten whole once the log has grown to twice the entries.
/// </summary>
public sealed class StatCache
{
    private const string Header = "parity-stat-cache 3";

    // Ends every write: when the run that wrote began (ticks, UTC); every entry was valid then. The last one counts.
    private const string ValidMarker = "#valid\t";

    // A line of a path and this field forgets the path's entry (appended rather than rewriting the file).
    private const string Forgotten = "-";
    private static readonly byte[] HeaderBytes = Encoding.UTF8.GetBytes(Header);
    private static readonly byte[] ValidMarkerBytes = Encoding.UTF8.GetBytes(ValidMarker);
    private static readonly byte[] ForgottenBytes = Encoding.UTF8.GetBytes(Forgotten);
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, Entry> entries;
    private readonly List<string> appended = [];
    private bool rewrite;
    private int lines;

    private StatCache(Dictionary<string, Entry> entries, int lines, bool rewrite, DateTime validAsOfUtc)
    {
        this.entries = entries;
        this.lines = lines;
        this.rewrite = rewrite;
        ValidAsOfUtc = validAsOfUtc;
    }

    /// <summary>
    /// When the run that last wrote the file began: every entry was valid then. A folder watch armed before that time
    /// has seen every change since, so a reused node may trust a cache another node wrote.
    /// </summary>
    public DateTime ValidAsOfUtc { get; private set; }

    /// <param name="Full">Whether every checksum kind was computed, or only the text checksum.</param>
    public sealed record Entry(long Length, long ModifiedTicks, ScriptChecksums Checksums, bool Full);

    /// <summary>Whether the cache differs from the file it was loaded from (or last saved to).</summary>
    public bool Changed => rewrite || appended.Count > 0;

    public int Count => entries.Count;

    public static StatCache Empty() => new(new Dictionary<string, Entry>(StringComparer.Ordinal), 0, rewrite: true, DateTime.MinValue);

    /// <summary>Loads the cache; a missing, old or damaged file is an empty cache (it is only ever a shortcut).</summary>
    public static StatCache Load(string path)
    {
        try
        {
            // Ten thousand lines on every developer build, parsed from the bytes (no text decoded), with a string only
            // for each path: the checksums are kept as their bytes.
            return PooledFile.Read(path, content => Parse(content)) ?? Empty();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or OverflowException)
        {
            return Empty();
        }
    }

    // Null for a file of another version or a damaged one.
    private static StatCache? Parse(ReadOnlySpan<byte> rest)
    {
        if (!TakeLine(ref rest).SequenceEqual(HeaderBytes))
        {
            return null;
        }

        // Sized once by the lines (a vectorized count): growing by doublings would leave a trail of arrays of up to
        // ten thousand entries, each a fresh stretch of memory for a new build process to fault in.
        var entries = new Dictionary<string, Entry>(rest.Count((byte)'\n'), StringComparer.Ordinal);
        var lines = 0;
        long validAsOf = 0;
        Span<Range> fields = stackalloc Range[9];
        while (!rest.IsEmpty)
        {
            var line = TakeLine(ref rest);
            if (line.StartsWith(ValidMarkerBytes))
            {
                if (!TryParseLong(line[ValidMarkerBytes.Length..], out validAsOf) || validAsOf > DateTime.MaxValue.Ticks)
                {
                    return null;
                }

                continue;
            }

            var count = Split(line, fields);
            if (count == 2 && line[fields[1]].SequenceEqual(ForgottenBytes))
            {
                entries.Remove(Encoding.UTF8.GetString(line[fields[0]]));
                lines++;
                continue;
            }

            if (count != 8
                || !TryParseLong(line[fields[1]], out var length)
                || !TryParseLong(line[fields[2]], out var ticks)
                || !Sha256Digest.TryParse(line[fields[3]], out var text))
            {
                return null;
            }

            var semanticHex = line[fields[4]];
            Sha256Digest? semantic = null;
            if (!semanticHex.IsEmpty)
            {
                if (!Sha256Digest.TryParse(semanticHex, out var parsed))
                {
                    return null;
                }

                semantic = parsed;
            }

            int? flyway = Utf8Parser.TryParse(line[fields[5]], out int crc, out var used) && used == line[fields[5]].Length ? crc : null;
            var invalid = Utf8Parser.TryParse(line[fields[6]], out long offset, out used) && used == line[fields[6]].Length ? offset : -1;
            var checksums = new ScriptChecksums(text, length, semantic, flyway, invalid);
            entries[Encoding.UTF8.GetString(line[fields[0]])] = new Entry(length, ticks, checksums, line[fields[7]].SequenceEqual("full"u8));
            lines++;
        }

        return new StatCache(entries, lines, rewrite: lines > 2 * Math.Max(entries.Count, 64), new DateTime(validAsOf, DateTimeKind.Utc));
    }

    private static ReadOnlySpan<byte> TakeLine(ref ReadOnlySpan<byte> rest)
    {
        var end = rest.IndexOf((byte)'\n');
        var line = end < 0 ? rest : rest[..end];
        rest = end < 0 ? default : rest[(end + 1)..];
        return line;
    }

    // The tab-separated fields of a line, at most as many as there are ranges (net8.0 splits only chars).
    private static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (count < fields.Length)
        {
            var tab = line[start..].IndexOf((byte)'\t');
            if (tab < 0)
            {
                fields[count++] = start..line.Length;
                return count;
            }

            fields[count++] = start..(start + tab);
            start += tab + 1;
        }

        return count + 1;
    }

    // Digits only, all of them: no sign, no spaces.
    private static bool TryParseLong(ReadOnlySpan<byte> digits, out long value) =>
        Utf8Parser.TryParse(digits, out value, out var used) && used == digits.Length && !digits.IsEmpty && digits[0] != (byte)'-';

    public bool Contains(string fullPath) => entries.ContainsKey(fullPath);

    /// <summary>The entry of a script known to be unchanged since the cache was saved (a folder watch says so).</summary>
    public Entry? Lookup(string fullPath) => entries.GetValueOrDefault(fullPath);

    public Entry? Lookup(string fullPath, long length, long modifiedTicks) =>
        entries.TryGetValue(fullPath, out var entry) && entry.Length == length && entry.ModifiedTicks == modifiedTicks ? entry : null;

    /// <summary>Records a script's checksums; entries of files modified within the racy window are not kept.</summary>
    public void Set(string fullPath, Entry entry, DateTime nowUtc)
    {
        if (entry.ModifiedTicks >= (nowUtc - RacyWindow).Ticks || fullPath.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
        {
            // A path holding a line break can never have been written, so only a racy entry is forgotten in the file.
            Forget(fullPath);
            return;
        }

        if (!entries.TryGetValue(fullPath, out var known) || known != entry)
        {
            entries[fullPath] = entry;
            appended.Add(Line(fullPath, entry));
        }
    }

    /// <summary>Forgets the scripts that are no longer part of the project.</summary>
    public void RetainOnly(IEnumerable<string> fullPaths)
    {
        var kept = fullPaths.ToHashSet(StringComparer.Ordinal);
        foreach (var path in entries.Keys.Where(path => !kept.Contains(path)).ToList())
        {
            Forget(path);
        }
    }

    private void Forget(string fullPath)
    {
        if (entries.Remove(fullPath))
        {
            appended.Add(fullPath + "\t" + Forgotten + "\n");
        }
    }

    /// <summary>Writes what changed: appends the new lines, or rewrites the file (sorted, so that it is stable).</summary>
    /// <param name="validAsOfUtc">When the run that saves began: every entry was valid then.</param>
    public void SaveIfChanged(string path, DateTime validAsOfUtc)
    {
        if (!Changed)
        {
            return;
        }

        if (!rewrite && File.Exists(path))
        {
            File.AppendAllText(path, string.Concat(appended) + Marker(validAsOfUtc), Encoding.UTF8);
            lines += appended.Count;
            ValidAsOfUtc = validAsOfUtc;
            appended.Clear();
            rewrite = lines > 2 * Math.Max(entries.Count, 64);
            return;
        }

        var text = new StringBuilder(Header).Append('\n');
        foreach (var (fullPath, entry) in entries.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(Line(fullPath, entry));
        }

        text.Append(Marker(validAsOfUtc));
        AtomicFile.WriteIfChanged(path, Encoding.UTF8.GetBytes(text.ToString()), durable: false);
        lines = entries.Count;
        appended.Clear();
        rewrite = false;
        ValidAsOfUtc = validAsOfUtc;
    }

    private static string Marker(DateTime validAsOfUtc) => ValidMarker + validAsOfUtc.Ticks.ToString(CultureInfo.InvariantCulture) + "\n";

    private static string Line(string fullPath, Entry entry)
    {
        var (length, ticks, checksums, full) = entry;
        return string.Join(
            '\t',
            fullPath,
            length.ToString(CultureInfo.InvariantCulture),
            ticks.ToString(CultureInfo.InvariantCulture),
            checksums.Text,
            checksums.Semantic,
            checksums.Flyway?.ToString(CultureInfo.InvariantCulture),
            checksums.FirstInvalidUtf8Offset.ToString(CultureInfo.InvariantCulture),
            full ? "full" : "text") + "\n";
    }
}
