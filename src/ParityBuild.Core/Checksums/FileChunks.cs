using System.Buffers;
using System.Runtime.InteropServices;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// Reads a file chunk by chunk into the caller's buffer, which a hashing worker reuses from file to file. The read that
/// would only find the end is skipped: a regular file's read comes back short only at its end.
/// </summary>
public static partial class FileChunks
{
    // Kept by measure (issue 19): .NET's open also fstats and flocks each file, and on 10,000 scripts those calls put the CI verify below 0.90 of the raw loop.
    private static bool _directMissing = !DirectReadPossible;

    private static bool DirectReadPossible => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Only the portable read from now on: the benchmark's side-by-side figure of what the direct read gains.</summary>
    internal static void UsePortableReadOnly() => _directMissing = true;

    /// <summary>The direct read again where the platform has it (after <see cref="UsePortableReadOnly"/>).</summary>
    internal static void UseDirectReadWherePossible() => _directMissing = !DirectReadPossible;

    /// <summary>Feeds every chunk of the file to <paramref name="consume"/> and returns the file's length.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (or is a folder).</exception>
    public static long Read<TState>(string path, byte[] buffer, TState state, ReadOnlySpanAction<byte, TState> consume) =>
        !_directMissing && TryReadDirect(path, buffer, state, consume) is { } length ? length : ReadPortable(path, buffer, state, consume);

    /// <summary>The read on every platform (and on Linux whenever the direct read fails, so that .NET says why); a test runs it on Linux too.</summary>
    internal static long ReadPortable<TState>(string path, byte[] buffer, TState state, ReadOnlySpanAction<byte, TState> consume)
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

    // Null when the file cannot be opened or its first read fails (a folder, say): the portable read then says why.
    private static long? TryReadDirect<TState>(string path, byte[] buffer, TState state, ReadOnlySpanAction<byte, TState> consume)
    {
        int descriptor;
        try
        {
            descriptor = Linux.open(path, Linux.CloseOnExec);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            _directMissing = true;
            return null;
        }

        if (descriptor < 0)
        {
            return null;
        }

        try
        {
            long offset = 0;
            nint read;
            do
            {
                read = Linux.pread(descriptor, buffer, buffer.Length, offset);
                if (read < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    if (error == Linux.Interrupted)
                    {
                        // Interrupted before reading a byte: the loop's condition holds and the same read is made again.
                        read = buffer.Length;
                        continue;
                    }

                    return offset == 0 ? null : throw new IOException($"reading '{path}' failed after {offset} bytes (error {error}).");
                }

                offset += read;
                if (read > 0)
                {
                    consume(buffer.AsSpan(0, (int)read), state);
                }
            }
            while (read == buffer.Length);

            return offset;
        }
        finally
        {
            _ = Linux.close(descriptor);
        }
    }

    private static unsafe partial class Linux
    {
        public const int CloseOnExec = 0x80000;
        public const int Interrupted = 4;

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int open(string path, int flags);

        /// <summary>Reads at an offset into the start of <paramref name="buffer"/>.</summary>
        public static nint pread(int fd, byte[] buffer, nint count, long offset)
        {
            fixed (byte* start = buffer)
            {
                return PRead(fd, start, count, offset);
            }
        }

        [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
        private static partial nint PRead(int fd, byte* buffer, nint count, long offset);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int close(int fd);
    }
}
