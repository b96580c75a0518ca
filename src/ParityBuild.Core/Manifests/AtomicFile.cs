namespace ParityBuild.Core.Manifests;

/// <summary>Writes a file so that readers see either the old or the new content, never half of it.</summary>
public static class AtomicFile
{
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <param name="durable">Flush to disk before the rename: for a file that matters (the manifest), not for a cache.</param>
    /// <exception cref="ReadOnlyFileException">The file exists, is read-only, and its content would change: it was left as it is.</exception>
    public static bool WriteIfChanged(string path, byte[] bytes, bool durable = true)
    {
        var fullPath = Path.GetFullPath(path);
        var exists = File.Exists(fullPath);
        if (exists && new FileInfo(fullPath).Length == bytes.Length && File.ReadAllBytes(fullPath).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        // A rename replaces a file whatever its own permissions say (only the folder's count), and gives it the
        // temporary file's: a read-only file is refused here, and a writable one keeps its mode (664, 600, ...).
        UnixFileMode? mode = null;
        if (exists)
        {
            mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(fullPath);
            if (IsReadOnly(fullPath, mode))
            {
                throw new ReadOnlyFileException(fullPath);
            }
        }

        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: durable);
            }

            if (mode is { } kept && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, kept);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return true;
    }

    // Marked read-only: no write permission for anyone on Unix (chmod a-w, a Perforce checkout), the read-only attribute
    // on Windows. The bits, not an attempt to open it: root may open any file, and a file of another user with write
    // permission for its owner is not marked read-only.
    private static bool IsReadOnly(string path, UnixFileMode? mode) =>
        mode is { } bits ? (bits & AnyWrite) == 0 : (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0;
}

/// <summary>The file is read-only, and a write would have changed it: it was left as it is (content, mode and inode).</summary>
public sealed class ReadOnlyFileException(string path)
    : UnauthorizedAccessException($"{path} is read-only; it was left as it is.")
{
    public string FilePath { get; } = path;
}
