using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>What the packed .nupkg holds, and which of its two task folders a build loads.</summary>
[TestClass]
public sealed class PackageTests
{
    private static readonly string[] TaskFiles =
        ["ParityBuild.Tasks.dll", "ParityBuild.Tasks.deps.json", "ParityBuild.Core.dll", "ParityBuild.Replica.dll", "ParityBuild.DbUp.dll", "Npgsql.dll", "MySqlConnector.dll", "System.IO.Hashing.dll", "dbup-core.dll"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void The_package_ships_the_tasks_as_IL_for_net8_and_precompiled_for_net10_without_NuGet_dependencies()
    {
        using var package = ZipFile.OpenRead(Path.Combine(PackageFeed.Folder, $"ParityBuild.{PackageFeed.Version}.nupkg"));
        var names = package.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.Ordinal);

        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            foreach (var file in TaskFiles)
            {
                Assert.IsTrue(names.Contains($"tasks/{framework}/{file}"), $"tasks/{framework}/{file} is missing: {string.Join(", ", names.Order())}");
            }
        }

        // MSBuild's own assemblies come from the MSBuild that loads the tasks; symbols and doc files are not needed to run.
        var stray = names.Where(name => name.StartsWith("tasks/", StringComparison.Ordinal)
            && (Path.GetFileName(name).StartsWith("Microsoft.Build", StringComparison.Ordinal) || name.EndsWith(".pdb", StringComparison.Ordinal) || name.EndsWith(".xml", StringComparison.Ordinal)));
        Assert.AreEqual("", string.Join(", ", stray));

        var nuspec = XDocument.Load(package.GetEntry("ParityBuild.nuspec")!.Open());
        var metadata = nuspec.Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        Assert.AreEqual("true", metadata.Elements().Single(element => element.Name.LocalName == "developmentDependency").Value);
        Assert.IsFalse(metadata.Elements().Any(element => element.Name.LocalName == "dependencies"), nuspec.ToString());

        foreach (var file in new[] { "ParityBuild.Core.dll", "ParityBuild.Replica.dll", "Npgsql.dll" })
        {
            Assert.IsFalse(IsReadyToRun(package, $"tasks/net8.0/{file}"), $"tasks/net8.0/{file} should be IL only");
            Assert.IsTrue(IsReadyToRun(package, $"tasks/net10.0/{file}"), $"tasks/net10.0/{file} should be precompiled (ReadyToRun)");
        }
    }

    [TestMethod]
    public void The_NET_10_SDK_on_Linux_x64_loads_the_precompiled_tasks_and_the_IL_tasks_gate_a_build_as_well_without_the_replica_check()
    {
        // Precompiled for linux-x64 only: elsewhere the targets pick the IL folder.
        var expected = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64 ? "net10.0" : "net8.0";
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        Assert.IsTrue(consumer.Build().Succeeded);
        consumer.Script("Migrations/V2__add_email.sql", Scripts.AddEmail.Replace("users_email", "users_email_key", StringComparison.Ordinal));

        var precompiled = consumer.Build("--no-restore", "-v:d");
        var il = consumer.Build("--no-restore", "-v:d", "-p:_ParityTasksFramework=net8.0");

        foreach (var (build, framework) in new[] { (precompiled, expected), (il, "net8.0") })
        {
            Assert.IsFalse(build.Succeeded, build.ToString());
            Assert.AreEqual(consumer.PathOf("Migrations/V2__add_email.sql"), build.WithCode("PARITY1001").Single().File);
            StringAssert.Contains(build.Output, $"tasks/{framework}/ParityBuild.Tasks.dll".Replace('/', Path.DirectorySeparatorChar));

            // A build that runs only the gate (no replica check, ParityHistory auto) loads the gate's assemblies, never
            // the replica check's and its drivers (MSBuild logs each assembly a task loads).
            var loaded = build.Output.Split('\n').Where(line => line.Contains("Assembly loaded during TaskRun", StringComparison.Ordinal)).ToList();
            Assert.IsTrue(loaded.Any(line => line.Contains("ParityBuild.Core,", StringComparison.Ordinal)), string.Join("\n", loaded));
            Assert.IsFalse(loaded.Any(line => line.Contains("ParityBuild.Replica,", StringComparison.Ordinal) || line.Contains("Npgsql", StringComparison.Ordinal)), string.Join("\n", loaded));
        }

        if (expected == "net10.0")
        {
            Assert.IsFalse(precompiled.Output.Contains($"tasks{Path.DirectorySeparatorChar}net8.0", StringComparison.Ordinal), "The .NET 10 SDK's build loaded the IL folder.");
        }
    }

    /// <summary>A ReadyToRun image has a managed native header in its CLI header.</summary>
    private static bool IsReadyToRun(ZipArchive package, string name)
    {
        using var stream = new MemoryStream();
        using (var entry = package.GetEntry(name)!.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }
}
