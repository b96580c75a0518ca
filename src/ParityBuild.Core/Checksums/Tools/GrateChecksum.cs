using System.Security.Cryptography;
using System.Text;

namespace ParityBuild.Core.Checksums.Tools;

/// <summary>The <c>text_hash</c> grate stores in its <c>ScriptsRun</c> table.</summary>
/// <remarks>
/// erikbra/grate src/grate.core/Infrastructure/HashGenerator.cs (<c>Hash</c>) over the text GrateMigrator reads with
/// <c>File.ReadAllTextAsync</c> (<see cref="DotNetScriptText"/>): every <c>'</c> doubled, CRLF and then CR replaced by
/// LF, the MD5 of its UTF-8 bytes, as base64. grate hashes the text after replacing its <c>{{token}}</c>s, which this
/// cannot know: for a script that holds one, the value is the one of a run with token replacement disabled.
/// </remarks>
public static class GrateChecksum
{
    public static string Compute(ReadOnlySpan<byte> content) => Compute(DotNetScriptText.Read(content));

    public static string Compute(string text)
    {
        var normalized = text.Replace("'", "''", StringComparison.Ordinal)
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace('\r', '\n');

        // MD5 is what grate stores; it is not used here for security.
#pragma warning disable CA5351
        return Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(normalized)));
#pragma warning restore CA5351
    }

    /// <summary>Whether grate would replace tokens in the text (<c>{{name}}</c>), so that its hash is of another text.</summary>
    public static bool HasTokens(string text) => text.Contains("{{", StringComparison.Ordinal) && text.Contains("}}", StringComparison.Ordinal);
}
