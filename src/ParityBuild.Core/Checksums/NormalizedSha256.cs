using System.Security.Cryptography;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// Incremental form of <see cref="ScriptChecksums.Text"/>: SHA-256 of the bytes with a leading UTF-8 BOM removed and
/// CRLF / lone CR turned into LF, so a Windows checkout with <c>core.autocrlf</c> hashes like a Linux one.
/// </summary>
/// <remarks>
/// Chunks without CR are hashed in place; only chunks holding a CR are rewritten, which keeps this within a few
/// percent of a plain read + SHA-256 loop.
/// </remarks>
public sealed class NormalizedSha256 : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly TextNormalizer _normalizer = new();

    // The same text's MD5 and SHA-1 when asked for (the manifest's md5 and sha1, for postgrator and sqitch histories).
    private readonly IncrementalHash? _md5;
    private readonly IncrementalHash? _sha1;
    private bool _finished;

    public NormalizedSha256(bool md5 = false, bool sha1 = false)
    {
        _md5 = md5 ? Tools.RawDigest.CreateHash(Tools.RawDigestKind.Md5) : null;
        _sha1 = sha1 ? Tools.RawDigest.CreateHash(Tools.RawDigestKind.Sha1) : null;
    }

    /// <summary>Lowercase hex MD5 of the same text, once finished; null when not asked for.</summary>
    public string? Md5Hex { get; private set; }

    /// <summary>Lowercase hex SHA-1 of the same text, once finished; null when not asked for.</summary>
    public string? Sha1Hex { get; private set; }

    /// <summary>The name written to the manifest for this algorithm.</summary>
    public const string AlgorithmName = "sha256-text-lf";

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        Feed(_normalizer.Process(chunk));
    }

    private void Feed(ReadOnlySpan<byte> normalized)
    {
        if (!normalized.IsEmpty)
        {
            _hash.AppendData(normalized);
            _md5?.AppendData(normalized);
            _sha1?.AppendData(normalized);
        }
    }

    /// <summary>Lowercase hex SHA-256. The accumulator cannot be used afterwards.</summary>
    public string FinishHex()
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        Feed(_normalizer.Flush());
        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        Md5Hex = _md5 is null ? null : Hex.Lower(_md5.GetHashAndReset());
        Sha1Hex = _sha1 is null ? null : Hex.Lower(_sha1.GetHashAndReset());
        _finished = true;
        return Hex.Lower(digest);
    }

    public void Dispose()
    {
        _finished = true;
        _hash.Dispose();
        _md5?.Dispose();
        _sha1?.Dispose();
        _normalizer.Dispose();
    }
}
