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
        private readonly NormalizedSha256 _text = new(kinds.HasFlag(ChecksumKinds.Md5), kinds.HasFlag(ChecksumKinds.Sha1));
        private readonly SemanticSha256? _semantic = kinds.HasFlag(ChecksumKinds.Semantic) ? new() : null;
        private readonly FlywayCrc32? _flyway = kinds.HasFlag(ChecksumKinds.Flyway) ? new() : null;
        private readonly Utf8Validator? _utf8 = kinds.HasFlag(ChecksumKinds.Utf8Validation) ? new() : null;
        private long _length;

        public void Append(ReadOnlySpan<byte> chunk)
        {
            _length += chunk.Length;
            _text.Append(chunk);
            _semantic?.Append(chunk);
            _flyway?.Append(chunk);
            _utf8?.Append(chunk);
        }

        public ScriptChecksums Finish() => new(
            _text.FinishHex(),
            _length,
            _semantic?.FinishHex(),
            _flyway?.FinishChecksum(),
            _utf8?.FinishFirstInvalidOffset() ?? -1)
        {
            Md5 = _text.Md5Hex,
            Sha1 = _text.Sha1Hex,
        };

        public void Dispose()
        {
            _text.Dispose();
            _semantic?.Dispose();
        }
    }
}
