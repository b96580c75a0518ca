using System.Buffers;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// Reads a file chunk by chunk into the caller's buffer, which a hashing worker reuses from file to file. The read that
/// would only find the end is skipped: a regular file's read comes back short only at its end.
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
