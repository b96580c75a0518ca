using System.Buffers;
using System.Runtime.InteropServices;

namespace ParityBuild.Core.Platform;

/// <summary>
/// Reads a whole file into a buffer and hands its content to a parser: the manifest, the stat cache and the scripts a
/// replica check hashes are read on every build, and a new array for each would be garbage (a large-object one for a
/// big file). Open, length, reads, close: no FileStream and its buffering.
/// </summary>
/// <remarks>
/// A small file goes into a buffer rented from the shared pool. A large one (the manifest and the stat cache of
/// thousands of scripts) goes into memory of its own, asked for in transparent huge pages on Linux: a build process is
/// new on every CI build, and the first touch of each 4 KB page of a fresh buffer costs a page fault, about 12 µs on a
/// virtual build machine, so 3 MB read into a new array cost 9–11 ms, against under 1 ms for the same bytes in 2 MB pages.
/// </remarks>
public static class PooledFile
{
    public delegate T ContentParser<T>(ReadOnlySpan<byte> content);

    private const int LargeFile = 1 << 20;
    private const nuint HugePage = 2 << 20;

    /// <param name="parse">Gets the file's content; the buffer is released after it returns.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="OverflowException">The file is larger than an array can hold.</exception>
    public static T Read<T>(string path, ContentParser<T> parse)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var length = checked((int)RandomAccess.GetLength(handle));
        return length >= LargeFile && OperatingSystem.IsLinux() ? ReadLarge(handle, length, parse) : ReadPooled(handle, length, parse);
    }

    private static T ReadPooled<T>(Microsoft.Win32.SafeHandles.SafeFileHandle handle, int length, ContentParser<T> parse)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            return parse(buffer.AsSpan(0, ReadAll(handle, buffer.AsSpan(0, length))));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static unsafe T ReadLarge<T>(Microsoft.Win32.SafeHandles.SafeFileHandle handle, int length, ContentParser<T> parse)
    {
        // Whole huge pages, aligned to one, so that the kernel can back them with huge pages (a hint: refused, or with
        // huge pages off, the buffer is ordinary memory).
        var size = ((nuint)length + HugePage - 1) & ~(HugePage - 1);
        var memory = NativeMemory.AlignedAlloc(size, HugePage);
        try
        {
            _ = Libc.madvise(memory, size, Libc.HugePageAdvice);
            var buffer = new Span<byte>(memory, length);
            return parse(buffer[..ReadAll(handle, buffer)]);
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }

    private static int ReadAll(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length && RandomAccess.Read(handle, buffer[read..], read) is var count and > 0)
        {
            read += count;
        }

        return read;
    }
}
