using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace ParityBuild.Core.Checksums.Tools;

/// <summary>Postgrator's <c>newline</c> option.</summary>
public enum PostgratorNewline
{
    /// <summary>No <c>newline</c> option: line endings are hashed as they are in the file.</summary>
    Default,
    LF,
    CR,
    CRLF,
}

/// <summary>The <c>md5</c> Postgrator stores in its <c>schemaversion</c> table for a SQL migration.</summary>
/// <remarks>
/// rickbergfalk/postgrator lib/utils.js, <c>fileChecksum</c>/<c>checksum</c>/<c>convertLineEnding</c>: the file is read
/// with <c>fs.readFileSync(filename, "utf8")</c> (a BOM is kept as U+FEFF; malformed UTF-8 becomes U+FFFD), every
/// CRLF, CR and LF is replaced by the configured ending when <c>newline</c> is set, and the MD5 of the UTF-8
/// re-encoding is stored as lowercase hex.
/// </remarks>
public static class PostgratorChecksum
{
    /// <summary>Lowercase hex MD5 as Postgrator computes it for a <c>.sql</c> migration.</summary>
    public static string Compute(ReadOnlySpan<byte> content, PostgratorNewline newline = PostgratorNewline.Default)
    {
        byte[]? rewritten = null;
        if (newline != PostgratorNewline.Default || !Utf8.IsValid(content))
        {
            // Node's decoder and .NET's both replace each maximal ill-formed subpart with one U+FFFD.
            var text = Encoding.UTF8.GetString(content);
            if (newline != PostgratorNewline.Default)
            {
                text = ReplaceLineEndings(text, newline switch
                {
                    PostgratorNewline.LF => "\n",
                    PostgratorNewline.CR => "\r",
                    _ => "\r\n",
                });
            }

            rewritten = Encoding.UTF8.GetBytes(text);
        }

        // MD5 is what Postgrator stores; it is not used here for security.
#pragma warning disable CA5351
        var digest = rewritten is null ? MD5.HashData(content) : MD5.HashData(rewritten);
#pragma warning restore CA5351
        return Hex.Lower(digest);
    }

    /// <summary>
    /// The md5 from a digest of the raw bytes taken while ParityVerify read the script, or null when it is not
    /// postgrator's: postgrator hashes the bytes as they are only when they are valid UTF-8 (and no newline option is set).
    /// </summary>
    public static string? FromRawDigest(RawDigest digest) =>
        digest is { Kind: RawDigestKind.Md5, ValidUtf8: true } ? digest.Hex : null;

    // content.replace(/\r\n|\r|\n/g, ending): string.ReplaceLineEndings would also touch NEL, FF, LS and PS.
    private static string ReplaceLineEndings(string text, string ending)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                builder.Append(ending);
            }
            else if (c == '\n')
            {
                builder.Append(ending);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
