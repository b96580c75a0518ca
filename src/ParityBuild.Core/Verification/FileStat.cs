using System.Runtime.InteropServices;

namespace ParityBuild.Core.Verification;

/// <summary>
/// What a stat tells before any read: size and modification time of the content (a symbolic link is followed, since
/// the migration tool reads its target), the target when the path is a link, or why the path is not a readable file.
/// On Linux also the inode and the status-change time, which the stat cache keys a script by as git's index does: a
/// tool can put a file's modification time back after an edit, but no user-space call can set its change time. Where
/// they are not known (another platform, or a file system that leaves them out) both are 0, and the key is the size
/// and modification time alone.
/// One stat per script in the common case: links are resolved only when the stat says the path is one.
/// </summary>
internal readonly partial record struct FileStat(long Length, long ModifiedTicks, string? Problem, string? LinkTarget = null, ulong Inode = 0, long ChangedTicks = 0)
{
    private static bool _statxMissing = !OperatingSystem.IsLinux();

    public static FileStat Of(string path)
    {
        // The common case, a regular file, in one call and no FileInfo (a rerun stats every script); anything else, or
        // a refusal, takes .NET's way below, which says what the path is instead.
        if (TryRegularFile(path, out var regular))
        {
            return regular;
        }

        var stat = Portable(path);
        return stat.LinkTarget is { } target && TryRegularFile(target, out var resolved) ? resolved with { LinkTarget = target } : stat;
    }

    /// <summary>
    /// What .NET's own API tells, on every platform: no inode, no change time. Used on Linux for what is not a regular
    /// file, and named so that a test runs it there too.
    /// </summary>
    internal static FileStat Portable(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Directory.Exists(path)
                ? new FileStat(0, 0, "it is a folder, not a file")
                : info.LinkTarget is { } dangling
                    ? new FileStat(0, 0, $"it is a symbolic link to '{dangling}', which does not exist")
                    : new FileStat(0, 0, "it does not exist (an item that names no file)");
        }

        if ((info.Attributes & FileAttributes.ReparsePoint) == 0)
        {
            return new FileStat(info.Length, info.LastWriteTimeUtc.Ticks, null);
        }

        return info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target
            ? new FileStat(target.Length, target.LastWriteTimeUtc.Ticks, null, target.FullName)
            : new FileStat(0, 0, $"it is a symbolic link to '{info.LinkTarget}', which does not exist");
    }

    private static bool TryRegularFile(string path, out FileStat stat)
    {
        stat = default;
        if (_statxMissing)
        {
            return false;
        }

        try
        {
            if (Linux.statx(Linux.CurrentDirectory, path, Linux.NoFollow, Linux.StatFields, out var result) != 0
                || (result.Mode & Linux.FileTypeMask) != Linux.RegularFile)
            {
                return false;
            }

            // Both times in the ticks FileInfo.LastWriteTimeUtc gives for the same stat, so that the stat cache compares either way.
            var keyed = (result.Mask & (Linux.InodeField | Linux.ChangeTimeField)) == (Linux.InodeField | Linux.ChangeTimeField);
            stat = new FileStat(
                result.Size,
                Ticks(result.ModifiedSeconds, result.ModifiedNanoseconds),
                null,
                Inode: keyed ? result.Inode : 0,
                ChangedTicks: keyed ? Ticks(result.ChangedSeconds, result.ChangedNanoseconds) : 0);
            return true;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            _statxMissing = true;
            return false;
        }
    }

    private static long Ticks(long seconds, uint nanoseconds) => DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100);

    // statx stays (issue 18): .NET has no API for the inode and change time that keep the stat cache correct.
    private static partial class Linux
    {
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
}
