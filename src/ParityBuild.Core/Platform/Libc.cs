using System.Runtime.InteropServices;

namespace ParityBuild.Core.Platform;

/// <summary>
/// The few Linux system calls ParityBuild makes itself, where .NET has no API (inotify) or adds calls a hot loop cannot
/// afford (a file read through .NET also stats and locks the file). Callers check <see cref="OperatingSystem.IsLinux"/>
/// and fall back to .NET's own APIs when a call here is refused.
/// </summary>
/// <remarks>
/// Source-generated (LibraryImport), not [DllImport] with runtime marshalling: the generated marshalling is ordinary
/// code that the precompiled task assembly carries, where a runtime marshalling stub is compiled, fully optimized, the
/// first time each call is made in a build process.
/// </remarks>
internal static unsafe partial class Libc
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

    /// <summary>madvise's MADV_HUGEPAGE: back the range with transparent huge pages where the system allows.</summary>
    public const int HugePageAdvice = 14;

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    public static partial int madvise(void* address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    public static partial int inotify_init1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int inotify_add_watch(SafeHandle fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "inotify_rm_watch", SetLastError = true)]
    public static partial int inotify_rm_watch(SafeHandle fd, int descriptor);

    public static nint read(SafeHandle fd, byte[] buffer, nint count)
    {
        fixed (byte* start = buffer)
        {
            return Read(fd, start, count);
        }
    }

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(SafeHandle fd, byte* buffer, nint count);

    public const int CurrentDirectory = -100;
    public const int NoFollow = 0x100;
    public const uint TypeModeSizeMtime = 0x1 | 0x2 | 0x40 | 0x200;
    public const int FileTypeMask = 0xF000;
    public const int RegularFile = 0x8000;

    /// <summary>statx (glibc 2.28): one call, a layout that is the same on every architecture.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int directory, string path, int flags, uint mask, out StatxResult result);

    /// <summary>The fields of struct statx (linux/stat.h) ParityBuild reads.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxResult
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(40)]
        public long Size;

        [FieldOffset(112)]
        public long ModifiedSeconds;

        [FieldOffset(120)]
        public uint ModifiedNanoseconds;
    }
}
