using System.Reflection;

namespace ParityBuild.EndToEnd.Tests.Support;

/// <summary>
/// Packs the real ParityBuild package once per test run into a local folder feed, with a version of its own so that
/// NuGet's global package cache never serves a stale copy from an earlier run.
/// </summary>
public static class PackageFeed
{
    private static readonly Lazy<(string Folder, string Version)> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepositoryRoot { get; } =
        typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Folder => Packed.Value.Folder;

    public static string Version => Packed.Value.Version;

    private static (string, string) Pack()
    {
        var version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var folder = Path.Combine(Path.GetTempPath(), "paritybuild-e2e", version, "feed");
        Directory.CreateDirectory(folder);
        var result = DotNet.Run(RepositoryRoot, "pack", Path.Combine(RepositoryRoot, "src", "ParityBuild.Tasks", "ParityBuild.Tasks.csproj"),
            "-c", "Release", "-o", folder, $"-p:Version={version}", "-p:PackageOutputPath=" + folder);
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(folder, $"ParityBuild.{version}.nupkg")))
        {
            throw new InvalidOperationException($"Packing ParityBuild failed:\n{result}");
        }

        return (folder, version);
    }
}
