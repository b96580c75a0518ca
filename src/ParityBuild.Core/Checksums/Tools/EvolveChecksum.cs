using System.Security.Cryptography;
using System.Text;

namespace ParityBuild.Core.Checksums.Tools;

/// <summary>The <c>checksum</c> Evolve stores in its <c>changelog</c> table for a SQL migration.</summary>
/// <remarks>
/// lecaillon/Evolve src/Evolve/Migration/MigrationScript.cs (<c>CalculateChecksum</c>) over the text
/// FileMigrationScript reads with <c>File.ReadAllText(path, Encoding.UTF8)</c> (<see cref="DotNetScriptText"/>): CRLF
/// replaced by LF (a lone CR stays), the MD5 of its UTF-8 bytes, as upper-case hex. Evolve's validation also accepts
/// the value of versions before 1.8.0, the MD5 of the file's raw bytes (FileMigrationScript.FallbackCheck): see
/// <see cref="ComputeBeforeV18"/>. A project that sets Evolve's Encoding option to another encoding is not covered.
/// </remarks>
public static class EvolveChecksum
{
    public static string Compute(ReadOnlySpan<byte> content)
    {
        var normalized = DotNetScriptText.Read(content).Replace("\r\n", "\n", StringComparison.Ordinal);

        // MD5 is what Evolve stores; it is not used here for security.
#pragma warning disable CA5351
        return Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(normalized)));
#pragma warning restore CA5351
    }

    /// <summary>The checksum Evolve before 1.8.0 stored, which its validation still accepts: the raw bytes' MD5.</summary>
    public static string ComputeBeforeV18(ReadOnlySpan<byte> content)
    {
#pragma warning disable CA5351
        return Convert.ToHexString(MD5.HashData(content));
#pragma warning restore CA5351
    }
}
