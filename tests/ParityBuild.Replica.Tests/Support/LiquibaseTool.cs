using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.Replica.Tests.Support;

/// <summary>
/// The real Liquibase 4.28.1 (Apache 2.0, with its PostgreSQL and MariaDB JDBC drivers), as the npm registry ships it
/// in the package 'liquibase', run on the machine's Java against a test's database. Unpacked once per machine under the
/// temp folder; without npm or Java a test is inconclusive on a developer machine and fails on CI.
/// </summary>
public static class LiquibaseTool
{
    public const string Version = "4.28.1";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    private static string? _script;

    /// <summary>Runs <c>liquibase command</c> in <paramref name="project"/> on its changelog; the password goes by environment only.</summary>
    public static async Task<ProcessRunner.Result> RunAsync(TestDatabase db, string project, string changelog, string command)
    {
        var script = await ScriptAsync();
        var (user, password) = db.Login;
        var url = db.IsPostgres ? $"jdbc:postgresql://{db.Host}:{db.Port}/{db.Name}" : $"jdbc:mariadb://{db.Host}:{db.Port}/{db.Name}";
        string[] arguments = [script, "--show-banner=false", "--changelog-file=" + changelog, "--url=" + url, "--username=" + user, command];
        return ProcessRunner.Run("bash", arguments, project, new Dictionary<string, string?> { ["LIQUIBASE_COMMAND_PASSWORD"] = password }, TimeSpan.FromMinutes(3));
    }

    private static async Task<string> ScriptAsync()
    {
        await Installing.WaitAsync();
        try
        {
            return _script ??= Install();
        }
        finally
        {
            Installing.Release();
        }
    }

    private static string Install()
    {
        var root = Path.Combine(Path.GetTempPath(), "paritybuild-tools", "liquibase-" + Version);
        var script = Path.Combine(root, "package", "dist", "liquibase", "liquibase");
        if (File.Exists(script))
        {
            return script;
        }

        // Packed and unpacked beside it, then moved into place as grate is; npm pack runs none of the package's scripts.
        var staging = root + "." + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        var tarball = Path.Combine(staging, $"liquibase-{Version}.tgz");
        ProcessRunner.Result unpack;
        try
        {
            var pack = ProcessRunner.Run("npm", ["pack", "liquibase@" + Version, "--silent"], staging, timeout: TimeSpan.FromMinutes(5));
            unpack = pack.ExitCode == 0 ? ProcessRunner.Run("tar", ["xzf", tarball], staging, timeout: TimeSpan.FromMinutes(2)) : pack;
            unpack = unpack.ExitCode == 0 ? ProcessRunner.Run("java", ["-version"], staging) : unpack;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            unpack = new ProcessRunner.Result(-1, exception.Message);
        }

        if (unpack.ExitCode != 0)
        {
            Directory.Delete(staging, recursive: true);
            TestServers.Missing($"Liquibase {Version} could not be unpacked from npm, or no Java runs here: {unpack}");
        }

        File.Delete(tarball);
        return DotNetMigrationTools.Publish(staging, root, script);
    }
}
