using System.Security.Cryptography;
using ParityBuild.Core.Checksums.Peers;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// The text checksum of file after file, for one worker of a parallel loop: the buffer, the hash and the normalizer are
/// made once and reset between files, and files are read through a bare handle (<see cref="FileChunks"/>), because across ten
/// thousand scripts the per-file objects cost more than the hashing of small ones. With a <see cref="RawDigestKind"/>, each
/// chunk also feeds a peer tool's hash of the raw bytes (and a UTF-8 check), while it is still in the cache.
/// </summary>
public sealed class TextHasher : IDisposable
{
    private const int BufferSize = 128 * 1024;

    private readonly byte[] buffer = new byte[BufferSize];
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly TextNormalizer normalizer = new();
    private readonly RawDigestKind rawKind;
    private readonly IncrementalHash? raw;
    private readonly Utf8Validator? utf8;

    public TextHasher(RawDigestKind rawDigest = RawDigestKind.None)
    {
        rawKind = rawDigest;
        raw = RawDigest.CreateHash(rawDigest);
        utf8 = raw is null ? null : new Utf8Validator();
    }

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (or is a folder).</exception>
    public ScriptChecksums Hash(string path) => Hash(path, out _);

    /// <param name="rawDigest">The raw bytes' digest of the kind this hasher was made for; null for none.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (or is a folder).</exception>
    public ScriptChecksums Hash(string path, out RawDigest? rawDigest)
    {
        normalizer.Reset();
        utf8?.Reset();

        var length = FileChunks.Read(path, buffer, this, static (chunk, self) => self.Append(chunk));
        var tail = normalizer.Flush();
        if (!tail.IsEmpty)
        {
            hash.AppendData(tail);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        rawDigest = raw is null ? null : new RawDigest(rawKind, Hex.Lower(raw.GetHashAndReset()), utf8!.FinishFirstInvalidOffset() < 0);
        return new ScriptChecksums(digest, length);
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (raw is not null)
        {
            raw.AppendData(chunk);
            utf8!.Append(chunk);
        }

        var normalized = normalizer.Process(chunk);
        if (!normalized.IsEmpty)
        {
            hash.AppendData(normalized);
        }
    }

    public void Dispose()
    {
        raw?.Dispose();
        hash.Dispose();
        normalizer.Dispose();
    }
}
