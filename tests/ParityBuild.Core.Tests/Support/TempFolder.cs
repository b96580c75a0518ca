using System.Text;

namespace ParityBuild.Core.Tests.Support;

/// <summary>A throw-away project folder: scripts are written under it, and it is deleted when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    // Older than StatCache's racy window, so that a cached entry is trusted on the next run.
    private static readonly DateTime SettledTime = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    public TempFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "paritybuild-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Writes UTF-8 text without a BOM, exactly as given (no newline translation).</summary>
    public string Write(string relativePath, string text) => WriteBytes(relativePath, new UTF8Encoding(false).GetBytes(text));

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public byte[] ReadBytes(string relativePath) => File.ReadAllBytes(PathOf(relativePath));

    /// <summary>Gives a file a modification time well in the past, as a checked-out file that nobody touches has.</summary>
    public void Settle(string relativePath, int secondsLater = 0) =>
        File.SetLastWriteTimeUtc(PathOf(relativePath), SettledTime.AddSeconds(secondsLater));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
