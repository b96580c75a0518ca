using System.Text;

namespace ParityBuild.EndToEnd.Tests.Support;

/// <summary>
/// A throw-away consumer project that references the freshly packed ParityBuild from the local feed.
/// Each test arranges only what differs: its scripts, a property or two, the environment.
/// </summary>
public sealed class Consumer
{
    private Consumer(string directory) => Directory = directory;

    public string Directory { get; }

    public string ManifestPath => Path.Combine(Directory, "migrations.baseline.json");

    public static Consumer Create(string testName, string targetFrameworks = "net10.0", string properties = "", string items = "")
    {
        var directory = Path.Combine(Path.GetTempPath(), "paritybuild-e2e", PackageFeed.Version, testName);
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(directory);
        var frameworks = targetFrameworks.Contains(';') ? $"<TargetFrameworks>{targetFrameworks}</TargetFrameworks>" : $"<TargetFramework>{targetFrameworks}</TargetFramework>";
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {frameworks}
                <OutputType>Library</OutputType>
                <ImplicitUsings>enable</ImplicitUsings>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ParityBuild" Version="{PackageFeed.Version}" PrivateAssets="all" />
              </ItemGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """);
        WriteNuGetConfig(directory);
        File.WriteAllText(Path.Combine(directory, "Class1.cs"), "namespace App; public static class Class1 { }\n");
        return new Consumer(directory);
    }

    /// <summary>A NuGet.config that restores from this run's feed, and from nuget.org for anything else.</summary>
    public static void WriteNuGetConfig(string directory) => File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{PackageFeed.Folder}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """);

    public Consumer Script(string relativePath, string content) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(content));

    public Consumer WriteBytes(string relativePath, byte[] content)
    {
        var path = PathOf(relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return this;
    }

    public string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public void Delete(string relativePath) => File.Delete(PathOf(relativePath));

    public void Move(string from, string to) => File.Move(PathOf(from), PathOf(to));

    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>dotnet build at minimal verbosity (what a developer sees), on a developer machine.</summary>
    public BuildResult Build(params string[] arguments) => Build(new Dictionary<string, string?>(), arguments);

    public BuildResult Build(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var all = new List<string> { "build", "-nologo" };
        if (!arguments.Any(argument => argument.StartsWith("-v:", StringComparison.Ordinal)))
        {
            all.Add("-v:m");
        }

        all.AddRange(arguments);
        var result = DotNet.Run(Directory, environment, [.. all]);
        return new BuildResult(result.ExitCode, result.Output);
    }

    /// <summary>A build on CI: locked mode through the CI environment variable, as build servers set it.</summary>
    public BuildResult BuildOnCi(params string[] arguments) => Build(new Dictionary<string, string?> { ["CI"] = "true" }, arguments);

    public Git Git() => new(Directory);
}
