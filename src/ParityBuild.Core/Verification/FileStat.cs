namespace ParityBuild.Core.Verification;

/// <summary>
/// What a stat tells before any read: size and modification time of the content (a symbolic link is followed, since
/// the migration tool reads its target), the target when the path is a link, or why the path is not a readable file.
/// One stat per script in the common case: links are resolved only when the stat says the path is one.
/// </summary>
internal readonly record struct FileStat(long Length, long ModifiedTicks, string? Problem, string? LinkTarget = null)
{
    private static bool statxMissing = !OperatingSystem.IsLinux();

    public static FileStat Of(string path)
    {
        // The common case, a regular file, in one call and no FileInfo (a rerun stats every script); anything else, or
        // a refusal, takes .NET's way below, which says what the path is instead.
        if (!statxMissing && TryRegularFile(path, out var regular))
        {
            return regular;
        }

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
        try
        {
            if (Platform.Libc.statx(Platform.Libc.CurrentDirectory, path, Platform.Libc.NoFollow, Platform.Libc.TypeModeSizeMtime, out var result) != 0
                || (result.Mode & Platform.Libc.FileTypeMask) != Platform.Libc.RegularFile)
            {
                return false;
            }

            // The ticks FileInfo.LastWriteTimeUtc gives for the same stat, so that the stat cache compares either way.
            stat = new FileStat(result.Size, DateTime.UnixEpoch.Ticks + result.ModifiedSeconds * TimeSpan.TicksPerSecond + result.ModifiedNanoseconds / 100, null);
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            statxMissing = true;
            return false;
        }
    }
}
