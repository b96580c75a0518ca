using System.ComponentModel;
using System.Text.Json;
using Npgsql;
using ParityBuild.Replica;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Figure 7: another tool's own re-validation of an applied set beside ParityBuild's whole check of the same set, in one
/// run: 10,000 postgrator scripts (<c>&lt;n&gt;.do.step_&lt;n&gt;.sql</c>, the text of figure 2's scripts) and the
/// <c>schemaversion</c> rows the real postgrator package wrote for them into a PostgreSQL database on loopback.
/// <list type="bullet">
/// <item>postgrator (Tools/postgrator/check.mjs, timed inside node): <c>migrate()</c> to the max version with
/// <c>validateChecksums</c> at its default, which reads and md5-hashes every script (getMigrations), then compares each
/// applied version's md5 with its row (validateMigrations) and runs nothing; connect and end included.</item>
/// <item>ParityBuild: the whole check as figure 5 runs it (ReplicaBenchmarks.WholeCheck), with History = postgrator.</item>
/// <item>The plain read + SHA-256 loop over the same files.</item>
/// </list>
/// </summary>
internal static class ToolBenchmarks
{
    internal static readonly string PostgratorFolder =
        Path.Combine(BuildBenchmarks.RepositoryRoot, "tests", "ParityBuild.Benchmarks", "Tools", "postgrator");

    public static void Run(Report report, string work, int count, int seed, int repetitions)
    {
        var section = $"7. postgrator's re-validation, {count:N0} scripts";
        var server = Environment.GetEnvironmentVariable("PARITY_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            report.Info(section, "skipped", "PARITY_TEST_POSTGRES is not set (build/benchmark.sh starts the test servers)");
            return;
        }

        if (Unavailable() is { } reason)
        {
            report.Info(section, "skipped", reason);
            return;
        }

        report.Info(section, "before this section", Program.LoadAverage());
        Report.Progress($"generating {count:N0} postgrator scripts (seed {seed}) and their manifest ...");
        var corpus = Corpus.Generate(Path.Combine(work, $"postgrator-{count}"), count, seed, Corpus.PostgratorName);
        var migrations = Path.Combine(corpus.ProjectDirectory, "Migrations");
        var manifestPath = Path.Combine(corpus.ProjectDirectory, "migrations.baseline.json");
        // As a developer build of a project with ParityHistory=postgrator writes it: with postgrator's md5 of each text.
        VerifyBenchmarks.WriteManifest(corpus, manifestPath, ParityBuild.Core.Checksums.ChecksumKinds.Md5);

        var database = $"parity_bench_tools_{Environment.ProcessId}";
        ReplicaBenchmarks.Execute(server, $"CREATE DATABASE {database}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database };
            var environment = PgEnvironment(connection);

            Report.Progress($"postgrator migrates the {count:N0} scripts into an empty database (writes schemaversion) ...");
            var apply = Node(environment, "apply", migrations);
            var applied = apply.GetProperty("applied").GetInt32();
            if (applied != count)
            {
                throw new InvalidOperationException($"postgrator applied {applied} of {count} scripts.");
            }

            ReplicaBenchmarks.Settle(connection.ConnectionString, "schemaversion");
            report.Info(section, "history written by postgrator itself", $"{applied:N0} rows by postgrator {apply.GetProperty("postgrator").GetString()} (pg {apply.GetProperty("pg").GetString()}, node {apply.GetProperty("node").GetString()}) in {Report.Ms(apply.GetProperty("totalMs").GetDouble())}; script bodies not run");

            Report.Progress($"postgrator re-validates the applied set, 1 + {repetitions} times ...");
            var validate = Node(environment, "validate", migrations, repetitions.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var runs = validate.GetProperty("runs").EnumerateArray().ToArray();
            if (runs.Any(run => run.GetProperty("validated").GetInt32() != count || run.GetProperty("applied").GetInt32() != 0))
            {
                throw new InvalidOperationException($"postgrator did not validate the {count:N0} applied scripts without running any: {validate}");
            }

            var postgrator = runs.Select(run => run.GetProperty("totalMs").GetDouble()).ToList();
            var connect = runs.Select(run => run.GetProperty("connectMs").GetDouble()).ToList();

            Report.Progress($"ParityBuild's whole check and the raw loop, 1 + {3 * repetitions} times each (postgrator takes seconds a round, these a fraction of one) ...");
            var settings = new ReplicaSettings(connection.ConnectionString) { Provider = "postgres", History = "postgrator" };
            var measured = ReplicaBenchmarks.Measure(corpus, manifestPath, settings, 3 * repetitions);
            var (raw, check, replicaOnly, allocated) = (measured.Raw, measured.Check, measured.ReplicaOnly, measured.PeakAllocated);

            report.Info(section, "raw read + SHA-256 loop", Report.Spread(raw));
            report.Info(section, "postgrator migrate() (connect, read + md5 every script, one md5 query per applied version)", Report.Spread(postgrator));
            report.Info(section, "  of which connect", Report.Ms(Report.Median(connect)));
            report.Info(section, "  node start-up and module loading (not timed above)", Report.Ms(validate.GetProperty("startupMs").GetDouble()));
            report.Info(section, "  node process peak RSS", Report.MB(validate.GetProperty("maxRssBytes").GetDouble()));
            report.Info(section, "ParityBuild whole check: verify (locked), then the replica check (postgrator history)", Report.Spread(check));
            report.Info(section, "  replica check alone (connect, read rows, md5 every script, compare)", Report.Spread(replicaOnly));
            report.Info(section, "  allocated during one whole check", Report.MB(allocated));
            report.Info(section, "  of a whole check, the garbage collector's pauses", ReplicaBenchmarks.GcShare(measured));
            report.Info(section, "  ParityBuild whole check / raw loop", Report.Number(Report.Median(check) / Report.Median(raw)));
            var ratio = Report.Median(postgrator) / Report.Median(check);
            report.Figure(section, "postgrator re-validation / ParityBuild whole check", $"{Report.Number(ratio, "0.0")} ({Report.Ms(Report.Median(postgrator))} / {Report.Ms(Report.Median(check))})", ">= 10", ratio >= 10);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            ReplicaBenchmarks.Execute(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>Why postgrator cannot run here, or null: node missing, or its packages not installed.</summary>
    internal static string? Unavailable()
    {
        try
        {
            if (ChildProcess.Run("node", ["--version"], PostgratorFolder, new Dictionary<string, string?>()).ExitCode != 0)
            {
                return "node --version failed";
            }
        }
        catch (Win32Exception)
        {
            return "node is not installed";
        }

        return File.Exists(Path.Combine(PostgratorFolder, "node_modules", "postgrator", "package.json"))
            ? null
            : $"postgrator is not installed in {PostgratorFolder} (build/benchmark.sh runs npm ci there when npm is present)";
    }

    /// <summary>The connection for node, in pg's own environment variables: never on a command line, never printed.</summary>
    internal static Dictionary<string, string?> PgEnvironment(NpgsqlConnectionStringBuilder connection) => new()
    {
        ["PGHOST"] = connection.Host,
        ["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGUSER"] = connection.Username,
        ["PGPASSWORD"] = connection.Password,
        ["PGDATABASE"] = connection.Database,
    };

    /// <summary>Runs check.mjs and returns the JSON object it prints last.</summary>
    internal static JsonElement Node(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var result = ChildProcess.Run("node", ["check.mjs", .. arguments], PostgratorFolder, environment);
        var json = result.Output.Split('\n').LastOrDefault(line => line.StartsWith('{'));
        if (result.ExitCode != 0 || json is null)
        {
            throw new InvalidOperationException($"node check.mjs {arguments[0]} failed: {result}");
        }

        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
