using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;

namespace ParityBuild.Core.Verification;

/// <summary>
/// Remembers each script's checksums with its size, modification time, inode and status-change time, like git's index,
/// so that a rerun on a developer machine rehashes only what changed. The change time is what catches an edit that keeps
/// the size and puts the modification time back (some tools and checkouts do): no user-space call can set it. Where the
/// platform does not give the inode and the change time (<see cref="FileStat"/>), the key is the size and time alone.
/// Never used in locked mode: CI always hashes everything.
/// A script modified or changed within <see cref="RacyWindow"/> of the cache being written is not cached, since an edit
/// in the same clock tick would keep both times (git's "racy" entries).
/// The file is a log: a rerun that rehashed a few scripts appends their lines (a later line wins) instead of rewriting
/// ten thousand, and an entry that goes away (a script just edited, or removed) is appended as a line that forgets it.
/// It is rewritten whole once the log has grown to twice the entries.
/// </summary>
public sealed class StatCache
{
    // Version 4 added the inode and the change time: an older file loads empty.
    private const string Header = "parity-stat-cache 4";

    // A line of a path and this field forgets the path's entry (appended rather than rewriting the file).
    private const string Forgotten = "-";
    private static readonly byte[] HeaderBytes = Encoding.UTF8.GetBytes(Header);
    private static readonly byte[] ForgottenBytes = Encoding.UTF8.GetBytes(Forgotten);
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, Entry> _entries;
    private readonly List<string> _appended = [];
    private bool _rewrite;
    private int _lines;

    private StatCache(Dictionary<string, Entry> entries, int lines, bool rewrite)
    {
        _entries = entries;
        _lines = lines;
        _rewrite = rewrite;
    }

    /// <param name="Inode">0 where the platform does not tell (then <paramref name="ChangedTicks"/> is 0 too).</param>
    /// <param name="Full">Whether every checksum kind was computed, or only the text checksum.</param>
    public sealed record Entry(long Length, long ModifiedTicks, ulong Inode, long ChangedTicks, ScriptChecksums Checksums, bool Full);

    /// <summary>Whether the cache differs from the file it was loaded from (or last saved to).</summary>
    public bool Changed => _rewrite || _appended.Count > 0;

    public int Count => _entries.Count;

    public static StatCache Empty() => new(new Dictionary<string, Entry>(StringComparer.Ordinal), 0, rewrite: true);

    /// <summary>Loads the cache; a missing, old or damaged file is an empty cache (it is only ever a shortcut).</summary>
    public static StatCache Load(string path)
    {
        try
        {
            // Ten thousand lines on every developer build, parsed from the bytes (no text decoded), with a string only
            // for each path: the checksums are kept as their bytes.
            return Parse(File.ReadAllBytes(path)) ?? Empty();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
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
        Span<Range> fields = stackalloc Range[11];
        while (!rest.IsEmpty)
        {
            var line = TakeLine(ref rest);
            var count = Split(line, fields);
            if (count == 2 && line[fields[1]].SequenceEqual(ForgottenBytes))
            {
                entries.Remove(Encoding.UTF8.GetString(line[fields[0]]));
                lines++;
                continue;
            }

            if (count != 10
                || !TryParseLong(line[fields[1]], out var length)
                || !TryParseLong(line[fields[2]], out var ticks)
                || !Utf8Parser.TryParse(line[fields[3]], out ulong inode, out var used) || used != line[fields[3]].Length
                || !TryParseLong(line[fields[4]], out var changed)
                || !Sha256Digest.TryParse(line[fields[5]], out var text))
            {
                return null;
            }

            var semanticHex = line[fields[6]];
            Sha256Digest? semantic = null;
            if (!semanticHex.IsEmpty)
            {
                if (!Sha256Digest.TryParse(semanticHex, out var parsed))
                {
                    return null;
                }

                semantic = parsed;
            }

            int? flyway = Utf8Parser.TryParse(line[fields[7]], out int crc, out used) && used == line[fields[7]].Length ? crc : null;
            var invalid = Utf8Parser.TryParse(line[fields[8]], out long offset, out used) && used == line[fields[8]].Length ? offset : -1;
            var checksums = new ScriptChecksums(text, length, semantic, flyway, invalid);
            entries[Encoding.UTF8.GetString(line[fields[0]])] = new Entry(length, ticks, inode, changed, checksums, line[fields[9]].SequenceEqual("full"u8));
            lines++;
        }

        return new StatCache(entries, lines, rewrite: lines > 2 * Math.Max(entries.Count, 64));
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

    public bool Contains(string fullPath) => _entries.ContainsKey(fullPath);

    /// <summary>The entry of a script whose stat is the one it was cached with: every field of the key the same.</summary>
    internal Entry? Lookup(string fullPath, in FileStat stat) =>
        _entries.TryGetValue(fullPath, out var entry) && entry.Length == stat.Length && entry.ModifiedTicks == stat.ModifiedTicks
            && entry.Inode == stat.Inode && entry.ChangedTicks == stat.ChangedTicks ? entry : null;

    /// <summary>Records a script's checksums; entries of files modified or changed within the racy window are not kept.</summary>
    public void Set(string fullPath, Entry entry, DateTime nowUtc)
    {
        if (Math.Max(entry.ModifiedTicks, entry.ChangedTicks) >= (nowUtc - RacyWindow).Ticks || fullPath.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
        {
            // A path holding a line break can never have been written, so only a racy entry is forgotten in the file.
            Forget(fullPath);
            return;
        }

        if (!_entries.TryGetValue(fullPath, out var known) || known != entry)
        {
            _entries[fullPath] = entry;
            _appended.Add(Line(fullPath, entry));
        }
    }

    /// <summary>Forgets the scripts that are no longer part of the project.</summary>
    public void RetainOnly(IEnumerable<string> fullPaths)
    {
        var kept = fullPaths.ToHashSet(StringComparer.Ordinal);
        foreach (var path in _entries.Keys.Where(path => !kept.Contains(path)).ToList())
        {
            Forget(path);
        }
    }

    private void Forget(string fullPath)
    {
        if (_entries.Remove(fullPath))
        {
            _appended.Add(fullPath + "\t" + Forgotten + "\n");
        }
    }

    /// <summary>Writes what changed: appends the new lines, or rewrites the file (sorted, so that it is stable).</summary>
    public void SaveIfChanged(string path)
    {
        if (!Changed)
        {
            return;
        }

        if (!_rewrite && File.Exists(path))
        {
            File.AppendAllText(path, string.Concat(_appended), Encoding.UTF8);
            _lines += _appended.Count;
            _appended.Clear();
            _rewrite = _lines > 2 * Math.Max(_entries.Count, 64);
            return;
        }

        var text = new StringBuilder(Header).Append('\n');
        foreach (var (fullPath, entry) in _entries.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(Line(fullPath, entry));
        }

        AtomicFile.WriteIfChanged(path, Encoding.UTF8.GetBytes(text.ToString()), durable: false);
        _lines = _entries.Count;
        _appended.Clear();
        _rewrite = false;
    }

    private static string Line(string fullPath, Entry entry)
    {
        var (length, ticks, inode, changed, checksums, full) = entry;
        return string.Join(
            '\t',
            fullPath,
            length.ToString(CultureInfo.InvariantCulture),
            ticks.ToString(CultureInfo.InvariantCulture),
            inode.ToString(CultureInfo.InvariantCulture),
            changed.ToString(CultureInfo.InvariantCulture),
            checksums.Text,
            checksums.Semantic,
            checksums.Flyway?.ToString(CultureInfo.InvariantCulture),
            checksums.FirstInvalidUtf8Offset.ToString(CultureInfo.InvariantCulture),
            full ? "full" : "text") + "\n";
    }
}
