using System.Buffers;

namespace ParityBuild.Core.Checksums;

/// <summary>Computes a script's checksums in one pass over its bytes.</summary>
public static class ScriptHasher
{
    // Large enough that the per-read overhead vanishes next to hashing, small enough to stay in L2.
    private const int BufferSize = 128 * 1024;

    /// <summary>Reads the file once and feeds every requested checksum.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public static ScriptChecksums Hash(string path, ChecksumKinds kinds)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var pass = new Pass(kinds);
            FileChunks.Read(path, buffer, pass, static (chunk, pass) => pass.Append(chunk));
            return pass.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The same checksums over bytes already in memory.</summary>
    public static ScriptChecksums Hash(ReadOnlySpan<byte> content, ChecksumKinds kinds)
    {
        using var pass = new Pass(kinds);
        pass.Append(content);
        return pass.Finish();
    }

    private sealed class Pass(ChecksumKinds kinds) : IDisposable
    {
        private readonly Utf16Decoder _utf16 = new();
        private readonly NormalizedSha256 _text = new(kinds.HasFlag(ChecksumKinds.Md5), kinds.HasFlag(ChecksumKinds.Sha1));
        private readonly SemanticSha256? _semantic = kinds.HasFlag(ChecksumKinds.Semantic) ? new() : null;
        private readonly FlywayCrc32? _flyway = kinds.HasFlag(ChecksumKinds.Flyway) ? new() : null;
        private readonly Utf8Validator? _utf8 = kinds.HasFlag(ChecksumKinds.Utf8Validation) ? new() : null;

        // For a UTF-16 script only: the text checksum of its raw bytes, as ParityBuild took it before it decoded UTF-16.
        private NormalizedSha256? _rawBytesText;
        private long _length;

        public void Append(ReadOnlySpan<byte> chunk)
        {
            _length += chunk.Length;
            var decidedBefore = _utf16.Decided;
            var text = _utf16.Process(chunk);
            if (_utf16.Decoding)
            {
                if (!decidedBefore)
                {
                    _rawBytesText = new();
                    _rawBytesText.Append(_utf16.HeldFromEarlierChunks);
                }

                _rawBytesText!.Append(chunk);
            }

            Feed(text);
        }

        public ScriptChecksums Finish()
        {
            Feed(_utf16.Flush());
            return new(
                _text.FinishHex(),
                _length,
                _semantic?.FinishHex(),
                _flyway?.FinishChecksum(),
                _utf8?.FinishFirstInvalidOffset() ?? -1)
            {
                Md5 = _text.Md5Hex,
                Sha1 = _text.Sha1Hex,
                RawBytesText = _rawBytesText?.FinishHex(),
            };
        }

        public void Dispose()
        {
            _utf16.Dispose();
            _text.Dispose();
            _semantic?.Dispose();
            _rawBytesText?.Dispose();
        }

        // Every checksum reads the text as UTF-8: a UTF-16 script decoded, any other file as it is.
        private void Feed(ReadOnlySpan<byte> text)
        {
            if (text.IsEmpty)
            {
                return;
            }

            _text.Append(text);
            _semantic?.Append(text);
            _flyway?.Append(text);
            _utf8?.Append(text);
        }
    }
}
