using System.Diagnostics;
using System.Text;
using Npgsql;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Fleet;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;
using ParityBuild.Replica.Fleet;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Figure 8: the fleet check of 1,000 PostgreSQL tenant databases (100 with --quick) on loopback, each with a 500-row flyway_schema_history
/// and a 100-table schema (copies of one template), the scripts hashed once: the wall time at the default concurrency,
/// the process's peak working set while it runs, and the queries each tenant costs, counted from Npgsql's traces.
/// </summary>
internal static class FleetBenchmarks
{
    private const int Scripts = 500;
    private const int Tables = 100;

    public static void Run(Report report, string work, int seed, int tenants)
    {
        var section = $"8. fleet check, {tenants:N0} tenants";
        var server = Environment.GetEnvironmentVariable("PARITY_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            report.Info(section, "skipped", "PARITY_TEST_POSTGRES is not set (build/benchmark.sh starts the test servers)");
            return;
        }

        var corpus = Corpus.Generate(Path.Combine(work, $"corpus-fleet-{Scripts}"), Scripts, seed);
        var manifestPath = Path.Combine(corpus.ProjectDirectory, "migrations.baseline.json");
        VerifyBenchmarks.WriteManifest(corpus, manifestPath);
        var manifest = ManifestReader.Read(manifestPath);
        var prefix = $"parity_fleet_{Environment.ProcessId}";
        var template = prefix + "_template";
        var names = Enumerable.Range(0, tenants).Select(i => $"{prefix}_{i:0000}").ToList();
        Report.Progress($"PostgreSQL: a template with a {Scripts}-row history and {Tables} tables, copied {tenants:N0} times ...");
        var clock = Stopwatch.StartNew();
        ReplicaBenchmarks.Execute(server, $"CREATE DATABASE {template}");
        try
        {
            var schema = new StringBuilder();
            for (var i = 0; i < Tables; i++)
            {
                schema.Append($"CREATE TABLE table_{i} (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2) DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());\n");
                schema.Append($"CREATE INDEX table_{i}_name ON table_{i} (name);\n");
            }

            var templateConnection = new NpgsqlConnectionStringBuilder(server) { Database = template, Pooling = false }.ConnectionString;
            ReplicaBenchmarks.Execute(templateConnection, ReplicaBenchmarks.FlywayHistory(manifest, mySql: false) + schema);
            ReplicaBenchmarks.Settle(templateConnection, "flyway_schema_history");
            // One a command, without a command timeout: each copy checkpoints, which on a loaded server takes seconds.
            foreach (var name in names)
            {
                Server(server, $"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY");
            }

            report.Info(section, "fleet made (not timed below)", $"{Report.Ms(clock.Elapsed.TotalMilliseconds)} for {tenants:N0} databases");
            Measure(report, section, corpus, manifest, names, new NpgsqlConnectionStringBuilder(server) { Database = "{tenant}" }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var name in names.Append(template))
            {
                Server(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
        }
    }

    private static void Server(string server, string sql)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    private static void Measure(Report report, string section, Corpus corpus, Manifest manifest, List<string> names, string connection)
    {
        var tenants = names.Count;
        var request = new FleetRequest(new ReplicaSettings(connection, "PARITY_FLEET") { Provider = "postgres", History = "flyway" })
        {
            Tenants = [.. names.Select(name => new FleetTenant(name))],
        };

        // Npgsql traces every command it sends: the queries each tenant costs, besides its connect.
        var queries = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (!activity.DisplayName.StartsWith("CONNECT", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref queries);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        long peak = before;
        using var sampler = new Timer(_ =>
        {
            using var current = Process.GetCurrentProcess();
            Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), current.WorkingSet64));
        }, null, 0, 50);
        var clock = Stopwatch.StartNew();

        // As the task does: the repository's side once (the manifest ParityVerify read, the scripts discovered), then every tenant.
        var repository = new RepositorySide(corpus.Scripts, manifest, [], MigrationDiscovery.Discover(corpus.Scripts), null);
        var outcome = FleetCheck.RunAsync(request, repository, null, CancellationToken.None).GetAwaiter().GetResult();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        sampler.Change(Timeout.Infinite, Timeout.Infinite);
        var result = outcome.Result ?? throw new InvalidOperationException(string.Join("\n", outcome.Problems));

        report.Figure(section, $"{tenants:N0} tenants, {Scripts}-row history, {Tables} tables, concurrency {outcome.Concurrency}", Report.Ms(elapsed), "< 20 s", elapsed < 20_000);
        report.Info(section, "  summary", result.Summary);
        report.Info(section, "  per tenant", Report.Ms(elapsed / tenants));
        report.Figure(section, "  peak working set of the process while it ran", $"{Report.MB(peak)} (before: {Report.MB(before)})", "< 300 MB", peak < 300L * 1024 * 1024);
        report.Figure(section, "  queries per tenant (besides its connect)", Report.Number((double)queries / tenants, "0.00") + " (one proves the session read-only, then: find the table, its locks, its rows)", "≤ 4", queries <= 4 * tenants);
        if (result.Count(TenantState.Clean) != tenants)
        {
            throw new InvalidOperationException($"the fleet should be clean: {result.Summary}");
        }
    }
}
