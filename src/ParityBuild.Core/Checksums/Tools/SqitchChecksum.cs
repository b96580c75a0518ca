using System.Security.Cryptography;

namespace ParityBuild.Core.Checksums.Tools;

/// <summary>The <c>script_hash</c> Sqitch stores in <c>sqitch.changes</c> and <c>sqitch.events</c>.</summary>
/// <remarks>
/// sqitchers/sqitch lib/App/Sqitch/Plan/Change.pm, <c>script_hash</c>: SHA-1 of the deploy script slurped with
/// <c>iomode =&gt; '&lt;:raw'</c>, so every byte counts: BOM, CRLF and trailing newlines included.
/// </remarks>
public static class SqitchChecksum
{
    /// <summary>Lowercase hex SHA-1 of the deploy script's bytes.</summary>
    public static string Compute(ReadOnlySpan<byte> deployScript)
    {
        // SHA-1 is what Sqitch stores; it is not used here for security.
#pragma warning disable CA5350
        return Hex.Lower(SHA1.HashData(deployScript));
#pragma warning restore CA5350
    }

    /// <summary>The script_hash from a digest of the raw bytes taken while ParityVerify read the script, or null when it is not one.</summary>
    public static string? FromRawDigest(RawDigest digest) => digest.Kind == RawDigestKind.Sha1 ? digest.Hex : null;
}
