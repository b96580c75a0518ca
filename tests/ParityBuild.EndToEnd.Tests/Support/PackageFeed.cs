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

    private static readonly Lazy<string> PackedDbUp = new(PackDbUp, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Packs ParityBuild.DbUp too (only the tests that need it pay for it), into the same feed, same version.</summary>
    public static string DbUpVersion => PackedDbUp.Value;

    private static (string, string) Pack()
    {
        var version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var folder = Path.Combine(Path.GetTempPath(), "paritybuild-e2e", version, "feed");
        Directory.CreateDirectory(folder);
        PackProject("ParityBuild.Tasks", "ParityBuild", folder, version);
        return (folder, version);
    }

    private static string PackDbUp()
    {
        PackProject("ParityBuild.DbUp", "ParityBuild.DbUp", Folder, Version);
        return Version;
    }

    private static void PackProject(string project, string packageId, string folder, string version)
    {
        var result = DotNet.Run(RepositoryRoot, "pack", Path.Combine(RepositoryRoot, "src", project, project + ".csproj"),
            "-c", "Release", "-o", folder, $"-p:Version={version}", "-p:PackageOutputPath=" + folder);
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(folder, $"{packageId}.{version}.nupkg")))
        {
            throw new InvalidOperationException($"Packing {packageId} failed:\n{result}");
        }
    }
}
