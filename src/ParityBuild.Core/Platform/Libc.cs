using System.Runtime.InteropServices;

namespace ParityBuild.Core.Platform;

/// <summary>
/// The few Linux system calls ParityBuild makes itself, where .NET has no API (a file's inode and status-change time) or
/// adds calls a hot loop cannot afford (a file read through .NET also stats and locks the file). Callers check <see cref="OperatingSystem.IsLinux"/>
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

    public const int CurrentDirectory = -100;
    public const int NoFollow = 0x100;
    public const uint ChangeTimeField = 0x80, InodeField = 0x100;

    /// <summary>STATX_TYPE, MODE, MTIME, CTIME, INO and SIZE: what the stat cache keys a script by, as git's index does.</summary>
    public const uint StatFields = 0x1 | 0x2 | 0x40 | ChangeTimeField | InodeField | 0x200;
    public const int FileTypeMask = 0xF000;
    public const int RegularFile = 0x8000;

    /// <summary>statx (glibc 2.28): one call, a layout that is the same on every architecture.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int directory, string path, int flags, uint mask, out StatxResult result);

    /// <summary>The fields of struct statx (linux/stat.h) ParityBuild reads.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxResult
    {
        /// <summary>Which fields the file system filled in (some leave out the inode or the change time).</summary>
        [FieldOffset(0)]
        public uint Mask;

        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public long Size;

        [FieldOffset(96)]
        public long ChangedSeconds;

        [FieldOffset(104)]
        public uint ChangedNanoseconds;

        [FieldOffset(112)]
        public long ModifiedSeconds;

        [FieldOffset(120)]
        public uint ModifiedNanoseconds;
    }
}
