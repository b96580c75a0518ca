using System.Buffers;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// Reads a file chunk by chunk through a bare handle, with as few system calls as a read can take: no read-ahead advice
/// (the kernel reads ahead by itself) and no last read to find the end, since a regular file's read comes back short
/// only at its end. Across ten thousand small scripts those two calls cost more than hashing the smallest.
/// </summary>
public static class FileChunks
{
    /// <summary>Feeds every chunk of the file to <paramref name="consume"/> and returns the file's length.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (or is a folder).</exception>
    public static long Read<TState>(string path, byte[] buffer, TState state, ReadOnlySpanAction<byte, TState> consume)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long offset = 0;
        int read;
        do
        {
            read = RandomAccess.Read(handle, buffer, offset);
            offset += read;
            if (read > 0)
            {
                consume(buffer.AsSpan(0, read), state);
            }
        }
        while (read == buffer.Length);

        return offset;
    }
}
