using System.Buffers;
using System.Runtime.InteropServices;
using ParityBuild.Core.Platform;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// Reads a file chunk by chunk with as few system calls as a read can take. Across ten thousand small scripts the calls
/// around the read cost more than hashing the smallest: a read through .NET also stats the file and takes and drops a
/// shared lock (four calls besides open, read and close). On 64-bit Linux the file is read with open, pread and close
/// alone; any failure there falls back to .NET, which reports it as usual. Everywhere, the read that would only find the
/// end is skipped: a regular file's read comes back short only at its end.
/// </summary>
public static class FileChunks
{
    private static readonly bool Direct = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Feeds every chunk of the file to <paramref name="consume"/> and returns the file's length.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened (or is a folder).</exception>
    public static long Read<TState>(string path, byte[] buffer, TState state, ReadOnlySpanAction<byte, TState> consume)
    {
        if (Direct && TryReadDirect(path, buffer, state, consume) is { } length)
        {
            return length;
        }

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

    // Null when the file cannot be opened or its first read fails (a folder, say): .NET then says why.
    private static long? TryReadDirect<TState>(string path, byte[] buffer, TState state, ReadOnlySpanAction<byte, TState> consume)
    {
        int descriptor;
        try
        {
            descriptor = Libc.open(path, Libc.CloseOnExec);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
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
                read = Libc.pread(descriptor, buffer, buffer.Length, offset);
                if (read < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    if (error == Libc.Interrupted)
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
            _ = Libc.close(descriptor);
        }
    }
}
