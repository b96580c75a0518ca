using System.Buffers;

namespace ParityBuild.Core.Platform;

/// <summary>
/// Reads a whole file into a buffer rented from the shared pool and hands it to a parser: the manifest, the stat cache
/// and the scripts a replica check hashes are read on every build, and a new array for each would be garbage (a
/// large-object one for a big file). Open, length, reads, close: no FileStream and its buffering.
/// </summary>
public static class PooledFile
{
    /// <param name="parse">Gets the buffer and how many of its bytes are the file's; the buffer goes back to the pool after it returns.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="OverflowException">The file is larger than an array can hold.</exception>
    public static T Read<T>(string path, Func<byte[], int, T> parse)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var length = checked((int)RandomAccess.GetLength(handle));
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = 0;
            while (read < length && RandomAccess.Read(handle, buffer.AsSpan(read, length - read), read) is var count and > 0)
            {
                read += count;
            }

            return parse(buffer, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
