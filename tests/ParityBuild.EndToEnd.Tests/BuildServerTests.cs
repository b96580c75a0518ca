using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>
/// Builds through the MSBuild server (on by default from the .NET 11 SDK): every `dotnet build` runs in one long-lived
/// process. ParityBuild keeps nothing of the scripts there from build to build: its stat cache under obj/ is the only
/// cache across builds, and it must never hide an edit that a stat would show.
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

        Settle(v1, v2);

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

    [TestMethod]
    public void Through_the_MSBuild_server_an_edit_made_through_a_hard_link_outside_the_project_is_caught()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        var v2 = consumer.PathOf("Migrations/V2__add_email.sql");
        var outside = Path.Combine(Path.GetTempPath(), "paritybuild-links", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        var link = Path.Combine(outside, "V2__add_email.sql");
        Assert.AreEqual(0, ProcessRunner.Run("ln", [v2, link], outside).ExitCode, "ln");
        Settle(consumer.PathOf("Migrations/V1__create_users.sql"), v2);

        try
        {
            Assert.IsTrue(consumer.Build(Server).Succeeded, "The first build writes the manifest.");
            Assert.IsTrue(consumer.Build(Server, "--no-restore").Succeeded, "The second build is the first with a stat cache.");

            // Written in place through the other name: the same file, the same length, in a folder no build looks at.
            var original = File.ReadAllText(link);
            File.WriteAllText(link, original.Replace("users_email", "users_mail_", StringComparison.Ordinal));
            var edited = consumer.Build(Server, "--no-restore");
            Assert.IsFalse(edited.Succeeded, edited.ToString());
            Assert.AreEqual(v2, edited.WithCode("PARITY1001").Single().File);

            // ParityFileWatch, a setting of earlier versions, is ignored.
            File.WriteAllText(link, original);
            var reverted = consumer.Build(Server, "--no-restore", "-p:ParityFileWatch=false");
            Assert.IsTrue(reverted.Succeeded, reverted.ToString());
            Assert.IsEmpty(reverted.Warnings, reverted.ToString());
            Assert.IsTrue(ServerRunning(), "The same server built every time.");
        }
        finally
        {
            DotNet.Run(consumer.Directory, Server, "build-server", "shutdown", "--msbuild");
            Directory.Delete(outside, recursive: true);
        }
    }

    // Written an hour ago, so that the first build may cache them (a file written just now is re-read once, as git's
    // racy entries). Their change time cannot be put back: the stat cache trusts them once it is older than its
    // two-second racy window.
    private static void Settle(params string[] scripts)
    {
        foreach (var script in scripts)
        {
            File.SetLastWriteTimeUtc(script, DateTime.UtcNow.AddHours(-1));
        }

        Thread.Sleep(TimeSpan.FromSeconds(2.1));
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
