using System.Security.Cryptography;
using ParityBuild.Core.Checksums.Tools;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// The text checksum of file after file, for one worker of a parallel loop: the buffer, the hash and the normalizer are
/// made once and reset between files, because across ten thousand scripts the per-file objects cost more than the
/// hashing of small ones. With a <see cref="RawDigestKind"/>, each
/// chunk also feeds another tool's hash of the raw bytes (and a UTF-8 check), while it is still in the cache.
/// </summary>
public sealed class TextChecksumWorker : IDisposable
{
    private const int BufferSize = 128 * 1024;

    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Utf16Decoder _utf16 = new();
    private readonly TextNormalizer _normalizer = new();
    private readonly RawDigestKind _rawKind;
    private readonly IncrementalHash? _raw;
    private readonly Utf8Validator? _utf8;
    private bool _hashingRaw;

    public TextChecksumWorker(RawDigestKind rawDigest = RawDigestKind.None)
    {
        _rawKind = rawDigest;
        _raw = RawDigest.CreateHash(rawDigest);
        _utf8 = _raw is null ? null : new Utf8Validator();
    }

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (or is a folder).</exception>
    public ScriptChecksums Hash(string path) => Hash(path, out _);

    /// <param name="rawDigest">The raw bytes' digest of the kind this hasher was made for; null for none.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (or is a folder).</exception>
    public ScriptChecksums Hash(string path, out RawDigest? rawDigest) => Hash(path, hashRaw: true, out rawDigest, out _);

    /// <param name="hashRaw">Whether to compute the raw digest of this file (false: the manifest holds it, see <paramref name="bytesAreText"/>).</param>
    /// <param name="rawDigest">The raw bytes' digest of the kind this hasher was made for, when asked for; null for none.</param>
    /// <param name="bytesAreText">
    /// For a hasher made for a raw digest: whether the bytes are the text the checksum was taken of — no BOM, no CR, valid
    /// UTF-8 — so that any hash of that text (the manifest's md5 or sha1) is the raw bytes' too.
    /// </param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (or is a folder).</exception>
    public ScriptChecksums Hash(string path, bool hashRaw, out RawDigest? rawDigest, out bool bytesAreText)
    {
        _utf16.Reset();
        _normalizer.Reset();
        _utf8?.Reset();
        _hashingRaw = hashRaw && _raw is not null;

        var length = FileChunks.Read(path, _buffer, this, static (chunk, self) => self.Append(chunk));
        AppendText(_utf16.Flush());
        var tail = _normalizer.Flush();
        if (!tail.IsEmpty)
        {
            _hash.AppendData(tail);
        }

        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        var validUtf8 = _utf8 is not null && _utf8.FinishFirstInvalidOffset() < 0;
        rawDigest = _hashingRaw ? new RawDigest(_rawKind, Hex.Lower(_raw!.GetHashAndReset()), validUtf8) : null;
        bytesAreText = validUtf8 && _normalizer.Unchanged && !_utf16.Decoding;
        return new ScriptChecksums(digest, length);
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (_raw is not null)
        {
            if (_hashingRaw)
            {
                _raw.AppendData(chunk);
            }

            _utf8!.Append(chunk);
        }

        AppendText(_utf16.Process(chunk));
    }

    private void AppendText(ReadOnlySpan<byte> text)
    {
        var normalized = _normalizer.Process(text);
        if (!normalized.IsEmpty)
        {
            _hash.AppendData(normalized);
        }
    }

    public void Dispose()
    {
        _raw?.Dispose();
        _hash.Dispose();
        _utf16.Dispose();
        _normalizer.Dispose();
    }
}
