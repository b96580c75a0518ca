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
}
