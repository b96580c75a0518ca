namespace ParityBuild.Core.Tests.Support;

/// <summary>Finds the real-world corpora (../shared/corpora relative to the repository), read in place and never copied.</summary>
internal static class Corpus
{
    public static string? FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "corpora");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The corpora folder; fails on CI (where they must be present) and is inconclusive elsewhere.</summary>
    public static string RequireRoot()
    {
        var root = FindRoot();
        if (root is not null)
        {
            return root;
        }

        var message = $"No 'shared/corpora' folder above {AppContext.BaseDirectory}.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message + " CI must run the corpus tests.");
        }

        Assert.Inconclusive(message);
        return null!;
    }

    public static string RequireFolder(string corpus) => Path.Combine(RequireRoot(), corpus);

    /// <summary>Every file under a folder, as paths relative to it with '/' separators, in ordinal order.</summary>
    public static IReadOnlyList<string> Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
}
