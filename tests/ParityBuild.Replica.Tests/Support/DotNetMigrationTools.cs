using System.Data.Common;
using EvolveDb.Dialect;
using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.Replica.Tests.Support;

/// <summary>
/// The real grate and Evolve, run against a test's database: grate 2.3.0 as the .NET tool it ships as (installed once
/// per machine under the temp folder, from the NuGet feed), Evolve 3.2.0 as the library it is. Without grate a test is
/// inconclusive on a developer machine and fails on CI, as a missing database server is.
/// </summary>
public static class DotNetMigrationTools
{
    public const string GrateVersion = "2.3.0";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    private static string? _grate;

    /// <summary>The grate executable, installed on first use; the install is atomic, so test processes may share it.</summary>
    public static async Task<string> GrateAsync()
    {
        await Installing.WaitAsync();
        try
        {
            return _grate ??= Install();
        }
        finally
        {
            Installing.Release();
        }
    }

    /// <summary>Runs grate on <paramref name="scripts"/> (its folder layout) against the database; returns its exit code and output.</summary>
    public static async Task<ProcessRunner.Result> RunGrateAsync(TestDatabase db, string scripts, params string[] options)
    {
        var executable = await GrateAsync();
        var output = Path.Combine(Path.GetTempPath(), "paritybuild-grate-output", Guid.NewGuid().ToString("N"));
        string[] arguments =
        [
            "--connectionstring=" + db.ConnectionString,
            "--adminconnectionstring=" + db.ConnectionString,
            "--databasetype=" + (db.IsPostgres ? "postgresql" : "mariadb"),
            "--sqlfilesdirectory=" + scripts,
            "--outputPath=" + output,
            "--silent",
            .. options,
        ];
        try
        {
            return ProcessRunner.Run(executable, arguments, scripts, timeout: TimeSpan.FromMinutes(3));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>Evolve's Migrate over the scripts in <paramref name="location"/>; its exception, if it throws, is returned.</summary>
    public static async Task<Exception?> MigrateWithEvolveAsync(TestDatabase db, string location, Action<EvolveDb.Evolve>? configure = null)
    {
        await using var connection = await db.OpenAsync();
        try
        {
            var evolve = new EvolveDb.Evolve(connection, _ => { }, db.IsPostgres ? DBMS.PostgreSQL : DBMS.MariaDB)
            {
                Locations = [location],
                IsEraseDisabled = true,
            };
            configure?.Invoke(evolve);
            evolve.Migrate();
            return null;
        }
        catch (Exception exception) when (exception is not AssertFailedException)
        {
            return exception;
        }
    }

    private static string Install()
    {
        var root = Path.Combine(Path.GetTempPath(), "paritybuild-tools", "grate-" + GrateVersion);
        var executable = Path.Combine(root, OperatingSystem.IsWindows() ? "grate.exe" : "grate");
        if (File.Exists(executable))
        {
            return executable;
        }

        // Installed beside it and renamed into place: another test process never sees half a tool.
        var staging = root + "." + Guid.NewGuid().ToString("N");
        var result = ProcessRunner.Run("dotnet", ["tool", "install", "grate", "--version", GrateVersion, "--tool-path", staging], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            Unavailable($"grate {GrateVersion} could not be installed as a .NET tool: {result}");
        }

        return Publish(staging, root, executable);
    }

    /// <summary>
    /// Moves a tool installed in <paramref name="staging"/> to <paramref name="root"/>, where <paramref name="executable"/>
    /// then is: replaces what an interrupted install left there, and keeps what another test process installed first.
    /// </summary>
    public static string Publish(string staging, string root, string executable)
    {
        if (Directory.Exists(root) && !File.Exists(executable))
        {
            // What an interrupted install left: no executable in it.
            Directory.Delete(root, recursive: true);
        }

        try
        {
            Directory.Move(staging, root);
        }
        catch (IOException) when (File.Exists(executable))
        {
            // Another process installed it first.
            Directory.Delete(staging, recursive: true);
        }

        return executable;
    }

    private static void Unavailable(string message)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Inconclusive(message);
    }
}
