using System.Security.Cryptography;

namespace ParityBuild.Core.Checksums.Tools;

/// <summary>
/// The hash another tool stores of a script's raw bytes: postgrator's md5, sqitch's SHA-1. ParityVerify computes it in the
/// same read as its own checksum when the build's replica check will compare with such a history (the history reader
/// says which: <c>HistoryReader.RawDigest</c>), so that the check need not read every script a second time.
/// </summary>
public enum RawDigestKind
{
    None,
    Md5,
    Sha1,
}

/// <param name="Kind">Which hash <paramref name="Hex"/> is.</param>
/// <param name="Hex">Lowercase hex of the hash of the file's bytes, as read.</param>
/// <param name="ValidUtf8">Whether those bytes are valid UTF-8 (postgrator hashes a re-encoding of text that is not).</param>
public sealed record RawDigest(RawDigestKind Kind, string Hex, bool ValidUtf8)
{
    /// <summary>The incremental hash of a kind, or null for <see cref="RawDigestKind.None"/>.</summary>
    public static IncrementalHash? CreateHash(RawDigestKind kind) => kind switch
    {
        // Neither is used for security: they are what the other tools store.
        RawDigestKind.Md5 => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
        RawDigestKind.Sha1 => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
        _ => null,
    };

    /// <summary>The manifest's hash of the text that stands for a raw digest of this kind (its <c>md5</c> or <c>sha1</c>).</summary>
    public static ChecksumKinds InManifest(RawDigestKind kind) => kind switch
    {
        RawDigestKind.Md5 => ChecksumKinds.Md5,
        RawDigestKind.Sha1 => ChecksumKinds.Sha1,
        _ => ChecksumKinds.Text,
    };
}
