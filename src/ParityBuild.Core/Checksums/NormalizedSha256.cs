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
    private bool _finished;

    /// <summary>The name written to the manifest for this algorithm.</summary>
    public const string AlgorithmName = "sha256-text-lf";

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        var normalized = _normalizer.Process(chunk);
        if (!normalized.IsEmpty)
        {
            _hash.AppendData(normalized);
        }
    }

    /// <summary>Lowercase hex SHA-256. The accumulator cannot be used afterwards.</summary>
    public string FinishHex()
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        var tail = _normalizer.Flush();
        if (!tail.IsEmpty)
        {
            _hash.AppendData(tail);
        }

        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        _finished = true;
        return Hex.Lower(digest);
    }

    public void Dispose()
    {
        _finished = true;
        _hash.Dispose();
        _normalizer.Dispose();
    }
}
