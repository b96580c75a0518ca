using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Schema;

/// <summary>
/// The build's reminder that the committed schema snapshot was captured for other migrations than the baseline now holds
/// (a migration was added or changed since): the digest in the snapshot's header against the manifest's. It reads only the
/// first lines of each file, because it runs whenever ParityVerify does; a damaged file is the replica check's to report.
/// </summary>
public static class SnapshotFreshness
{
    private const int HeaderLines = 8;

    public static Finding? Check(string snapshotPath, string manifestPath)
    {
        if (!File.Exists(snapshotPath) || !File.Exists(manifestPath))
        {
            return null;
        }

        var captured = HeaderValue(snapshotPath, "migrationsDigest");
        var current = HeaderValue(manifestPath, "digest");
        return captured is null || current is null || captured == current ? null : Diagnostics.SchemaSnapshotStale.At(snapshotPath, captured, current);
    }

    // Both writers put a top-level property on a line of its own near the top: '  "name": "value",'.
    private static string? HeaderValue(string path, string name)
    {
        try
        {
            using var reader = new StreamReader(path);
            var prefix = $"\"{name}\": \"";
            for (var i = 0; i < HeaderLines && reader.ReadLine() is { } line; i++)
            {
                var text = line.Trim();
                if (text.StartsWith(prefix, StringComparison.Ordinal) && text.IndexOf('"', prefix.Length) is var end and > 0)
                {
                    return text[prefix.Length..end];
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
