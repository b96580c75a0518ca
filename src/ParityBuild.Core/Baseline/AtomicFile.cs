namespace ParityBuild.Core.Baseline;

/// <summary>Writes a file so that readers see either the old or the new content, never half of it.</summary>
public static class AtomicFile
{
    /// <param name="durable">Flush to disk before the rename: for a file that matters (the manifest), not for a cache.</param>
    public static bool WriteIfChanged(string path, byte[] bytes, bool durable = true)
    {
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath) && new FileInfo(fullPath).Length == bytes.Length && File.ReadAllBytes(fullPath).AsSpan().SequenceEqual(bytes))
        {
            return false;
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
}
