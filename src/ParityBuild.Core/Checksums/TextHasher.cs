using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// The text checksum of file after file, for one worker of a parallel loop: the buffer, the hash and the normalizer are
/// made once and reset between files, and files are read through a bare handle (no FileStream), because across ten
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
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long offset = 0;
        int read;
        while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            offset += read;
            var normalized = normalizer.Process(buffer.AsSpan(0, read));
            if (!normalized.IsEmpty)
            {
                hash.AppendData(normalized);
            }
        }

        var tail = normalizer.Flush();
        if (!tail.IsEmpty)
        {
            hash.AppendData(tail);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return new ScriptChecksums(Hex.Lower(digest), offset);
    }

    public void Dispose()
    {
        hash.Dispose();
        normalizer.Dispose();
    }
}
