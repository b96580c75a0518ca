using System.Security.Cryptography;
using System.Text;
using ParityBuild.Core.Scripts.Liquibase;

namespace ParityBuild.Core.Checksums.Tools;

/// <summary>
/// The MD5SUM Liquibase stores in DATABASECHANGELOG for a formatted SQL changeset (one RawSQLChange per changeset).
/// </summary>
/// <remarks>
/// Followed, in liquibase/liquibase: liquibase-standard/src/main/java/liquibase/change/AbstractSQLChange.java
/// (generateCheckSum, NormalizingStream), liquibase/change/NormalizingStreamV8.java (and the identical
/// AbstractSQLChange.NormalizingStream of liquibase-core 3.x/4.x), liquibase/change/CheckSum.java,
/// liquibase/changelog/ChangeSet.java (generateCheckSum) and liquibase/checksums/HashingUtil.java.
/// <para>
/// Change checksum, V8: MD5 of <c>endDelimiter + ":" + splitStatements + ":" + stripComments + ":"</c> (Java's
/// <c>null</c>/<c>true</c>/<c>false</c> spelling) followed by the SQL's UTF-8 bytes with leading and trailing runs of
/// space/tab/CR/LF dropped and every inner run turned into one space. Comments are kept: stripComments only enters as
/// the flag in the header. V9: MD5 of the SQL's UTF-8 bytes with every space, tab, CR and LF removed; no header, so
/// splitStatements, stripComments and endDelimiter no longer matter, and comments are still kept.
/// </para>
/// <para>
/// Changeset checksum (what is stored): <c>v:</c> + MD5 of the UTF-8 string <c>"v:&lt;change md5&gt;:"</c>.
/// </para>
/// </remarks>
public static class LiquibaseChecksum
{
    private const byte Space = (byte)' ';

    // NormalizingStreamV8 wraps its input in a PushbackInputStream of this size (see AppendCollapsedV8).
    private const int PushbackCapacity = 2048;
    private const int QuickBufferLength = 100;

    /// <summary>The value Liquibase stores for <paramref name="changeset"/>, e.g. <c>8:2d0ce4723c5a5329ebe2a1bfea1be763</c>.</summary>
    public static string Compute(FormattedSqlChangeset changeset, LiquibaseChecksumVersion version)
    {
        ArgumentNullException.ThrowIfNull(changeset);
        var change = ComputeSqlChange(changeset.Sql, changeset.EndDelimiter, changeset.SplitStatements, changeset.StripComments, version);
        return Prefix(version) + Md5Hex(Encoding.UTF8.GetBytes(change + ":"));
    }

    /// <summary>
    /// Whether Liquibase would accept <paramref name="stored"/> for <paramref name="changeset"/>; the stored prefix picks the version.
    /// </summary>
    /// <exception cref="NotSupportedException">The stored value's version cannot be computed here (see <see cref="Compare"/>).</exception>
    public static bool Matches(string stored, FormattedSqlChangeset changeset) => Compare(stored, changeset) switch
    {
        LiquibaseChecksumComparison.Match or LiquibaseChecksumComparison.AcceptedByValidCheckSum => true,
        LiquibaseChecksumComparison.Mismatch => false,
        _ => throw new NotSupportedException($"Liquibase checksum '{stored}' has a version other than 8: or 9:; it cannot be recomputed here."),
    };

    /// <summary>Compares as Liquibase's ChangeSet.isCheckSumValid does, without throwing for unknown versions.</summary>
    public static LiquibaseChecksumComparison Compare(string stored, FormattedSqlChangeset changeset)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(changeset);
        var valid = changeset.ValidCheckSums.Select(ToStoredForm).ToList();
        if (valid.Any(v => string.Equals(v, "1:any", StringComparison.OrdinalIgnoreCase)))
        {
            return LiquibaseChecksumComparison.AcceptedByValidCheckSum;
        }

        var trimmed = stored.Trim();
        LiquibaseChecksumVersion version;
        if (trimmed.StartsWith("8:", StringComparison.Ordinal))
        {
            version = LiquibaseChecksumVersion.V8;
        }
        else if (trimmed.StartsWith("9:", StringComparison.Ordinal))
        {
            version = LiquibaseChecksumVersion.V9;
        }
        else
        {
            return valid.Contains(ToStoredForm(trimmed), StringComparer.Ordinal)
                ? LiquibaseChecksumComparison.AcceptedByValidCheckSum
                : LiquibaseChecksumComparison.UnsupportedVersion;
        }

        var current = Compute(changeset, version);
        if (string.Equals(current, trimmed, StringComparison.Ordinal))
        {
            return LiquibaseChecksumComparison.Match;
        }

        // Liquibase accepts a listed value whether it names the stored checksum or the current one.
        return valid.Contains(trimmed, StringComparer.Ordinal) || valid.Contains(current, StringComparer.Ordinal)
            ? LiquibaseChecksumComparison.AcceptedByValidCheckSum
            : LiquibaseChecksumComparison.Mismatch;
    }

    /// <summary>The change-level checksum (<c>8:…</c> / <c>9:…</c>) of one SQL change, before the changeset wraps it.</summary>
    internal static string ComputeSqlChange(string? sql, string? endDelimiter, bool splitStatements, bool stripComments, LiquibaseChecksumVersion version)
    {
        var normalized = version == LiquibaseChecksumVersion.V8
            ? NormalizeV8(sql, endDelimiter, splitStatements, stripComments)
            : NormalizeV9(sql);
        return Prefix(version) + Md5Hex(normalized);
    }

    /// <summary>The bytes NormalizingStreamV8 yields: header, then the collapsed SQL.</summary>
    internal static byte[] NormalizeV8(string? sql, string? endDelimiter, bool splitStatements, bool stripComments)
    {
        var header = (endDelimiter ?? "null") + ":" + (splitStatements ? "true" : "false") + ":" + (stripComments ? "true" : "false") + ":";
        var output = new List<byte>(Encoding.UTF8.GetBytes(header));
        AppendCollapsedV8(Encoding.UTF8.GetBytes(sql ?? string.Empty), output);
        return [.. output];
    }

    /// <summary>The bytes AbstractSQLChange.NormalizingStream (V9) yields: the SQL without space, tab, CR or LF.</summary>
    internal static byte[] NormalizeV9(string? sql)
    {
        var bytes = Encoding.UTF8.GetBytes(sql ?? string.Empty);
        var output = new byte[bytes.Length];
        var length = 0;
        foreach (var b in bytes)
        {
            if (!IsWhitespace(b))
            {
                output[length++] = b;
            }
        }

        return output[..length];
    }

    // A byte-for-byte model of NormalizingStreamV8.read(), including what happens when a whitespace run overflows its
    // 2048-byte pushback buffer: isOnlyWhitespaceRemaining then fails to push the run back, InputStream.read(byte[])
    // swallows the IOException, and the bytes it could not return are gone (the space, and possibly what follows).
    private static void AppendCollapsedV8(byte[] input, List<byte> output)
    {
        var position = 0;
        int Next() => position < input.Length ? input[position++] : -1;

        var lastChar = (int)'X';
        var seenNonSpace = false;
        while (true)
        {
            var c = Next();
            if (c >= 0 && IsWhitespace((byte)c))
            {
                c = Space;
            }

            while (c == Space && (!seenNonSpace || lastChar == Space))
            {
                c = Next();
                if (c >= 0 && IsWhitespace((byte)c))
                {
                    c = Space;
                }
            }

            seenNonSpace = true;
            lastChar = c;
            if (c == Space)
            {
                // isOnlyWhitespaceRemaining reads the rest of the run and the byte after it, then pushes them back.
                var scan = position;
                while (scan < input.Length && IsWhitespace(input[scan]))
                {
                    scan++;
                }

                if (scan == input.Length)
                {
                    return;
                }

                var read = scan + 1 - position;
                if (read > PushbackCapacity)
                {
                    position += read - QuickBufferLength > PushbackCapacity ? read : QuickBufferLength;
                    continue;
                }
            }

            if (c < 0)
            {
                return;
            }

            output.Add((byte)c);
        }
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static string Prefix(LiquibaseChecksumVersion version) => version == LiquibaseChecksumVersion.V8 ? "8:" : "9:";

    // CheckSum.parse: "<digits>:<alphanumerics>", otherwise version 1 (so "ANY" becomes "1:ANY").
    private static string ToStoredForm(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && value[..colon].All(char.IsAsciiDigit) ? value : "1:" + value;
    }

    private static string Md5Hex(byte[] bytes)
    {
        // MD5 is what the tool stores; it is not used here for security.
#pragma warning disable CA5351
        return Hex.Lower(MD5.HashData(bytes));
#pragma warning restore CA5351
    }
}
