using System.Security.Cryptography;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// The text checksum of file after file, for one worker of a parallel loop: the buffer, the hash and the normalizer are
/// made once and reset between files, and files are read through a bare handle (<see cref="FileChunks"/>), because across ten
/// thousand scripts the per-file objects cost more than the hashing of small ones.
/// </summary>
public sealed class TextHasher : IDisposable
{
    private const int BufferSize = 128 * 1024;

    private readonly byte[] buffer = new byte[BufferSize];
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly TextNormalizer normalizer = new();

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (or is a folder).</exception>
    public ScriptChecksums Hash(string path)
    {
        normalizer.Reset();
        var length = FileChunks.Read(path, buffer, this, static (chunk, self) => self.Append(chunk));
        var tail = normalizer.Flush();
        if (!tail.IsEmpty)
        {
            hash.AppendData(tail);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return new ScriptChecksums(Hex.Lower(digest), length);
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        var normalized = normalizer.Process(chunk);
        if (!normalized.IsEmpty)
        {
            hash.AppendData(normalized);
        }
    }

    public void Dispose()
    {
        hash.Dispose();
        normalizer.Dispose();
    }
}
