namespace ParityBuild.Benchmarks;

/// <summary>
/// The ParityBuild package packed from this repository into a local feed, once for the figures that build consumers
/// of it (4 and 9), with a version of its own so that NuGet's global package cache never serves an older copy. Disposing
/// removes that version from the global packages folder (it would only pile up).
/// </summary>
internal sealed record PackedPackage(string Feed, string Version, double PackMilliseconds) : IDisposable
{
    public static PackedPackage Pack(string workDirectory)
    {
        var version = $"0.1.0-bench.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var feed = Path.Combine(workDirectory, "feed");
        Directory.CreateDirectory(feed);
        Report.Progress($"packing ParityBuild {version} into a local feed ...");
        // No node reuse: the pack leaves no MSBuild nodes waiting behind it.
        var environment = new Dictionary<string, string?>(ChildProcess.DeveloperEnvironment) { ["MSBUILDDISABLENODEREUSE"] = "1" };
        var pack = ChildProcess.Run("dotnet", ["pack", Path.Combine(BuildBenchmarks.RepositoryRoot, "src", "ParityBuild.Tasks", "ParityBuild.Tasks.csproj"),
            "-c", "Release", "-o", feed, $"-p:Version={version}", $"-p:PackageOutputPath={feed}", "-nologo", "-v:q"], BuildBenchmarks.RepositoryRoot, environment);
        var package = new PackedPackage(feed, version, pack.Milliseconds);
        if (pack.ExitCode != 0 || !File.Exists(Path.Combine(feed, $"ParityBuild.{version}.nupkg")))
        {
            package.Dispose();
            throw new InvalidOperationException($"Packing ParityBuild failed:\n{pack}");
        }

        return package;
    }

    public void Dispose()
    {
        try
        {
            var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var folder = Path.Combine(root, "paritybuild", Version.ToLowerInvariant());
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
