using System.Runtime.InteropServices;

namespace ParityBuild.Core.Platform;

/// <summary>
/// The few Linux system calls ParityBuild makes itself, where .NET has no API (inotify) or adds calls a hot loop cannot
/// afford (a file read through .NET also stats and locks the file). Callers check <see cref="OperatingSystem.IsLinux"/>
/// and fall back to .NET's own APIs when a call here is refused.
/// </summary>
internal static class Libc
{
    public const int CloseOnExec = 0x80000;
    public const int Interrupted = 4;

    [DllImport("libc", SetLastError = true)]
    public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    /// <summary>Reads at an offset into the start of <paramref name="buffer"/> (a pinned array).</summary>
    [DllImport("libc", SetLastError = true)]
    public static extern nint pread(int fd, byte[] buffer, nint count, long offset);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int inotify_init1(int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int inotify_add_watch(SafeHandle fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mask);

    [DllImport("libc", SetLastError = true)]
    public static extern int inotify_rm_watch(SafeHandle fd, int descriptor);

    [DllImport("libc", SetLastError = true)]
    public static extern nint read(SafeHandle fd, byte[] buffer, nint count);

    public const int CurrentDirectory = -100;
    public const int NoFollow = 0x100;
    public const uint TypeModeSizeMtime = 0x1 | 0x2 | 0x40 | 0x200;
    public const int FileTypeMask = 0xF000;
    public const int RegularFile = 0x8000;

    /// <summary>statx (glibc 2.28): one call, a layout that is the same on every architecture.</summary>
    [DllImport("libc", SetLastError = true)]
    public static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxResult result);

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
