using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>
/// Builds through the MSBuild server (on by default from the .NET 11 SDK): every `dotnet build` runs in one long-lived
/// process, where ParityBuild keeps the parsed manifest, the stat cache and its folder watch from build to build. What it
/// remembers must never hide an edit.
/// </summary>
[TestClass]
public sealed class BuildServerTests
{
    // `dotnet test` sets MSBUILDENSURESTDOUTFORTASKPROCESSES for the test host, and with it MSBuild builds without its server.
    private static readonly Dictionary<string, string?> Server = new()
    {
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = null,
        ["MSBUILDENSURESTDOUTFORTASKPROCESSES"] = null,
    };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Through_the_MSBuild_server_a_rerun_reads_only_the_touched_script_and_still_catches_an_edit()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        var v1 = consumer.PathOf("Migrations/V1__create_users.sql");
        var v2 = consumer.PathOf("Migrations/V2__add_email.sql");

        // Written an hour ago, so that the first build may cache them (a file written just now is re-read once, as git's racy entries).
        foreach (var script in new[] { v1, v2 })
        {
            File.SetLastWriteTimeUtc(script, DateTime.UtcNow.AddHours(-1));
        }

        try
        {
            Assert.IsTrue(consumer.Build(Server).Succeeded, "The first build writes the manifest.");
            Assert.IsTrue(ServerRunning(), "The build ran through a long-lived MSBuild server process.");

            File.SetLastWriteTimeUtc(v2, DateTime.UtcNow);
            var touched = consumer.Build(Server, "--no-restore", "-v:n");
            Assert.IsTrue(touched.Succeeded, touched.ToString());
            StringAssert.Contains(touched.Output, "2 migrations match migrations.baseline.json (1 read, 1 unchanged since the last build)");

            var original = File.ReadAllText(v2);
            File.WriteAllText(v2, original.Replace("users_email", "users_mail", StringComparison.Ordinal));
            var edited = consumer.Build(Server, "--no-restore");
            Assert.IsFalse(edited.Succeeded, edited.ToString());
            Assert.AreEqual(v2, edited.WithCode("PARITY1001").Single().File);

            File.WriteAllText(v2, original);
            var reverted = consumer.Build(Server, "--no-restore", "-v:n");
            Assert.IsTrue(reverted.Succeeded, reverted.ToString());
            Assert.IsTrue(ServerRunning(), "The same server built every time.");
        }
        finally
        {
            DotNet.Run(consumer.Directory, Server, "build-server", "shutdown", "--msbuild");
        }
    }

    // The MSBuild server runs as `dotnet …/MSBuild.dll … /nodemode:8` (Linux: its command line is in /proc).
    private static bool ServerRunning() =>
        !OperatingSystem.IsLinux() || Directory.EnumerateDirectories("/proc").Any(process =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(process, "cmdline")).Contains("nodemode:8", StringComparison.Ordinal);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        });
}
