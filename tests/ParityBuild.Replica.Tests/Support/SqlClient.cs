using System.Diagnostics;

namespace ParityBuild.Replica.Tests.Support;

/// <summary>
/// Runs a SQL file as a DBA would run a repair file: <c>psql -v ON_ERROR_STOP=1 -f</c> or <c>mariadb &lt; file</c>, the
/// real clients with their own parsing (meta-commands, DELIMITER, comments), in a folder of the test's own.
/// </summary>
public static class SqlClient
{
    public sealed record Run(int ExitCode, string Output, string Errors)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Errors}";
    }

    /// <param name="postgresOptions">PGOPTIONS for the session (a DBA's own settings, such as standard_conforming_strings=off).</param>
    public static async Task<Run> RunFileAsync(TestDatabase db, string file, string workingDirectory, string? postgresOptions = null)
    {
        var (user, password) = db.Login;
        var start = new ProcessStartInfo
        {
            FileName = db.IsPostgres ? Find("psql", "/usr/lib/postgresql/15/bin/psql") : Find("mariadb", "mysql"),
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = !db.IsPostgres,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = db.IsPostgres
            ? new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", db.Host, "-p", db.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", user, "-d", db.Name, "-f", file }
            : ["--protocol=TCP", "-h", db.Host, "-P", db.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", user, db.Name];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[db.IsPostgres ? "PGPASSWORD" : "MYSQL_PWD"] = password;
        if (postgresOptions is not null)
        {
            start.Environment["PGOPTIONS"] = postgresOptions;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!db.IsPostgres)
        {
            await process.StandardInput.WriteAsync(await File.ReadAllTextAsync(file));
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await output, await errors);
    }

    private static string Find(params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Path.IsPathRooted(candidate) ? File.Exists(candidate) : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, candidate))))
            {
                return candidate;
            }
        }

        TestServers.Missing($"No {candidates[0]} client on this machine: the repair files cannot be run as a DBA runs them.");
        return "";
    }
}
