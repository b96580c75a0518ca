using System.Diagnostics;
using System.Text;
using Npgsql;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Fleet;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;
using ParityBuild.Replica.Fleet;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Figure 8: the fleet check of 1,000 PostgreSQL tenant databases (--tenants N; 100 with --quick) on loopback, each with
/// a 500-row flyway_schema_history and a 100-table schema (copies of one template, each connected to once before, as a
/// live tenant has been). Timed as a team runs it: <c>parity fleet</c>, precompiled as the package ships it, one process
/// from start to exit at the default concurrency (the scripts hashed once, before the tenants), and its peak working set.
/// Between its two runs, the same check in this process, which counts the queries each tenant costs from Npgsql's traces
/// and compares concurrencies. Then, side by side on a sample of the same tenants, postgrator's own
/// re-validation of the 500-row <c>schemaversion</c> it wrote into the template, one node process per tenant as teams
/// script it, against ParityBuild's fleet check of the same rows (<c>ParityHistory=postgrator</c>).
/// </summary>
internal static class FleetBenchmarks
{
    private const int Scripts = 500;
    private const int Tables = 100;
    private const int Sample = 10;

    // The queries of one full capture (PostgreSQL's catalog), made only for a fingerprint not yet seen clean.
    private const int CaptureQueries = 9;

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
        var hashing = VerifyBenchmarks.Time(() => VerifyBenchmarks.WriteManifest(corpus, manifestPath));
        var manifest = ManifestReader.Read(manifestPath);
        report.Info(section, "scripts read and hashed: once, before the tenants", $"{Scripts} scripts in {Report.Ms(hashing)} (the verify that writes the manifest, as ParityVerify runs before ParityFleetCheck; every tenant is compared with its checksums)");

        // The side by side needs postgrator's own history in the template, written by postgrator for its names of the scripts.
        var postgratorMissing = ToolBenchmarks.Unavailable();
        Corpus? postgratorCorpus = null;
        if (postgratorMissing is null)
        {
            postgratorCorpus = Corpus.Generate(Path.Combine(work, $"postgrator-fleet-{Scripts}"), Scripts, seed, Corpus.PostgratorName);
            VerifyBenchmarks.WriteManifest(postgratorCorpus, Path.Combine(postgratorCorpus.ProjectDirectory, "migrations.baseline.json"), ParityBuild.Core.Checksums.ChecksumKinds.Md5);
        }

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
            if (postgratorCorpus is not null)
            {
                var apply = ToolBenchmarks.Node(ToolBenchmarks.PgEnvironment(new NpgsqlConnectionStringBuilder(templateConnection)), "apply", Path.Combine(postgratorCorpus.ProjectDirectory, "Migrations"));
                if (apply.GetProperty("applied").GetInt32() != Scripts)
                {
                    throw new InvalidOperationException($"postgrator applied {apply.GetProperty("applied").GetInt32()} of {Scripts} scripts to the template.");
                }

                ReplicaBenchmarks.Settle(templateConnection, "schemaversion");
            }

            // One a command, without a command timeout: each copy checkpoints, which on a loaded server takes seconds.
            foreach (var name in names)
            {
                Server(server, $"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY");
            }

            // As live tenants are: not just written, so that the copies' checkpoint does not run beside the timed check.
            Server(server, "CHECKPOINT");

            // And connected to before: a database copied from a template has no relation cache file yet, and its first
            // session writes one (files created on the server's disk, a third of that session's server time here),
            // which a tenant in use has long done.
            Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = 4 }, name => Server(new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString, "SELECT 1"));
            report.Info(section, "fleet made (not timed below)", $"{Report.Ms(clock.Elapsed.TotalMilliseconds)} for {tenants:N0} databases");
            // The template's schema, captured as ParitySchemaCapture commits it: every tenant is compared with it.
            var snapshot = Path.Combine(corpus.ProjectDirectory, "schema.snapshot.json");
            var capture = ReplicaRun.CaptureSchemaAsync(
                new ReplicaRunSettings(corpus.ProjectDirectory, "PARITY_FLEET_TEMPLATE", templateConnection) { Provider = "postgres", SchemaFile = snapshot, ManifestFile = manifestPath },
                CancellationToken.None).GetAwaiter().GetResult();
            if (!File.Exists(snapshot))
            {
                throw new InvalidOperationException($"the template's schema could not be captured: {string.Join("; ", capture.Findings.Select(finding => finding.Message))}");
            }

            report.Info(section, "the processors while nothing is checked, for 5 s", IdleBusy());
            var fleet = new NpgsqlConnectionStringBuilder(server) { Database = "{tenant}" }.ConnectionString;
            Shipped(report, section, work, corpus, names, fleet, snapshot, () => Measure(report, section, corpus, manifest, names, fleet, snapshot));
            FingerprintQueries(report, section, [.. names.Take(Math.Min(tenants, 60))], fleet);
            if (postgratorCorpus is null)
            {
                report.Info(section, "side by side with postgrator", $"skipped: {postgratorMissing}");
            }
            else
            {
                SideBySide(report, section, postgratorCorpus, [.. names.Take(Sample)], server, fleet);
            }

            SchemaPerTenant(report, section, server, corpus, manifest, schema.ToString(), Math.Min(tenants, 100), prefix + "_schemas");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            // A few at once: each drop waits on the server's disk, not on this process.
            Report.Progress($"dropping the {tenants:N0} databases ...");
            Parallel.ForEach(names.Append(template), new ParallelOptions { MaxDegreeOfParallelism = 4 }, name => Server(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }

    /// <summary>
    /// A schema per tenant: <paramref name="count"/> schemas in one database, each with the same history and tables, checked
    /// in this process with the tenants taking turns on shared sessions (each on its own search path) and with a session
    /// each, alternated twice after one untimed run of each.
    /// </summary>
    private static void SchemaPerTenant(Report report, string section, string server, Corpus corpus, Manifest manifest, string tables, int count, string database)
    {
        var names = Enumerable.Range(0, count).Select(i => $"tenant_{i:0000}").ToList();
        Report.Progress($"PostgreSQL: {count} tenant schemas in one database, each with the history and the tables ...");
        Server(server, $"CREATE DATABASE {database}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString;
            var history = ReplicaBenchmarks.FlywayHistory(manifest, mySql: false);
            foreach (var name in names)
            {
                ReplicaBenchmarks.Execute(connection, $"CREATE SCHEMA {name}; SET search_path = {name};\n{history}\n{tables}");
            }

            ReplicaBenchmarks.Execute(connection, "VACUUM ANALYZE");
            Server(server, "CHECKPOINT");
            var fleet = new NpgsqlConnectionStringBuilder(server) { Database = database, SearchPath = FleetRequest.Placeholder }.ConnectionString;
            var snapshot = Path.Combine(corpus.ProjectDirectory, "schemas.snapshot.json");
            var capture = ReplicaRun.CaptureSchemaAsync(
                new ReplicaRunSettings(corpus.ProjectDirectory, "PARITY_FLEET_SCHEMAS", fleet.Replace(FleetRequest.Placeholder, names[0], StringComparison.Ordinal))
                {
                    Provider = "postgres", SchemaFile = snapshot, ManifestFile = Path.Combine(corpus.ProjectDirectory, "migrations.baseline.json"), Schemas = names[0],
                },
                CancellationToken.None).GetAwaiter().GetResult();
            if (!File.Exists(snapshot))
            {
                throw new InvalidOperationException($"the first tenant's schema could not be captured: {string.Join("; ", capture.Findings.Select(finding => finding.Message))}");
            }

            var request = new FleetRequest(new ReplicaSettings(fleet, "PARITY_FLEET") { Provider = "postgres", History = "flyway", HistorySchema = FleetRequest.Placeholder, Schema = new SchemaSettings(snapshot) { ManifestDigest = manifest.Digest } })
            {
                Tenants = [.. names.Select(name => new FleetTenant(name))],
            };
            var repository = new RepositorySide(corpus.Scripts, manifest, [], MigrationDiscovery.Discover(corpus.Scripts), null);
            var shared = new List<double>();
            var own = new List<double>();
            int? sessions = null;
            Report.Progress($"the fleet check of the {count} schemas, with shared sessions and with a session each, in turn ...");
            for (var round = 0; round < 3; round++)
            {
                foreach (var share in new[] { true, false })
                {
                    var clock = Stopwatch.StartNew();
                    var outcome = FleetCheck.RunAsync(request with { ShareSessions = share }, repository, null, CancellationToken.None).GetAwaiter().GetResult();
                    var perTenant = clock.Elapsed.TotalMilliseconds / count;
                    if (outcome.Result?.Count(TenantState.Clean) != count)
                    {
                        throw new InvalidOperationException($"the schemas should be clean: {outcome.Result?.Summary}{string.Join("\n", outcome.Problems)}");
                    }

                    if (round > 0)
                    {
                        (share ? shared : own).Add(perTenant);
                    }

                    sessions = share ? outcome.SharedSessions : sessions;
                }
            }

            report.Info(section, $"schema per tenant, {count} schemas in one database (history and fingerprint): shared sessions / a session each, per tenant",
                $"{Report.Ms(Report.Median(shared))} / {Report.Ms(Report.Median(own))} = {Report.Number(Report.Median(shared) / Report.Median(own), "0.00")} x; {sessions} sessions shared at concurrency {FleetCheck.DefaultConcurrency} (medians of 2 alternated runs, after one of each)");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Server(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static void Server(string server, string sql)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The fleet check as a team runs it: the <c>parity</c> tool precompiled as the package ships it (tasks/net10.0/,
    /// what ParityFleetCheck's task also loads), one process from start to exit over the whole fleet, scripts hashed
    /// included. Run before and after the check in this process (<paramref name="between"/>), which counts the round trips.
    /// </summary>
    private static void Shipped(Report report, string section, string work, Corpus corpus, List<string> names, string fleet, string snapshot, Action between)
    {
        var tool = Path.Combine(work, "parity-tool");
        Report.Progress("publishing the precompiled parity tool ...");
        var publish = ChildProcess.DotNet(BuildBenchmarks.RepositoryRoot, "publish", Path.Combine(BuildBenchmarks.RepositoryRoot, "src", "ParityBuild.Tool.ReadyToRun", "ParityBuild.Tool.ReadyToRun.csproj"), "-c", "Release", "-o", tool, "-nologo", "-v:q");
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"publishing the parity tool failed:\n{publish}");
        }

        var tenantsFile = Path.Combine(work, "tenants.txt");
        File.WriteAllLines(tenantsFile, names);
        (double Milliseconds, long Peak) Run(IReadOnlyDictionary<string, string?> environment)
        {
            Report.Progress($"parity fleet over the {names.Count:N0} tenants ...");
            long peak = 0;
            var run = ChildProcess.Run("dotnet", [Path.Combine(tool, "ParityBuild.Tool.dll"), "fleet", "--project-dir", corpus.ProjectDirectory, "--tenants-file", tenantsFile, "--history", "flyway", "--provider", "postgres", "--schema-file", snapshot],
                corpus.ProjectDirectory, environment, whileRunning: process => peak = Math.Max(peak, PeakWorkingSet(process)));
            if (run.ExitCode != 0 || !run.Output.Contains($"{names.Count} tenants: {names.Count} clean", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"parity fleet should find the fleet clean:\n{run}");
            }

            return (run.Milliseconds, peak);
        }

        var environment = new Dictionary<string, string?>(ChildProcess.DeveloperEnvironment) { ["PARITY_FLEET"] = fleet };
        var runs = new List<(double Milliseconds, long Peak)> { Run(environment) };
        between();
        runs.Add(Run(environment));
        // What TLS costs both sides here: the test server offers it, and Npgsql's default (SSL Mode=Prefer) takes it.
        var plain = Run(new Dictionary<string, string?>(environment) { ["PARITY_FLEET"] = new NpgsqlConnectionStringBuilder(fleet) { SslMode = SslMode.Disable }.ConnectionString });
        var elapsed = runs.Average(run => run.Milliseconds);
        report.Figure(section, $"{names.Count:N0} tenants, {Scripts}-row history, {Tables} tables (history and schema fingerprint): parity fleet, precompiled as shipped, concurrency {FleetCheck.DefaultConcurrency}",
            Report.Ms(elapsed) + $" (mean of {string.Join(" and ", runs.Select(run => Report.Ms(run.Milliseconds)))}, before and after the run in this process; process start and the scripts' hashing included)", "< 20 s", elapsed < 20_000);
        report.Figure(section, "  per tenant", Report.Ms(elapsed / names.Count), "< 20 ms", elapsed / names.Count < 20);
        report.Figure(section, "  peak working set of parity fleet", Report.MB(runs.Max(run => run.Peak)), "< 300 MB", runs.Max(run => run.Peak) < 300L * 1024 * 1024);
        report.Info(section, "  the same without TLS (SSL Mode=Disable; the test server offers TLS and Npgsql's default takes it)", $"{Report.Ms(plain.Milliseconds)}, {Report.Ms(plain.Milliseconds / names.Count)} per tenant");
    }

    /// <summary>
    /// How busy the machine's processors are with nothing checked (Linux's /proc/stat): the server's own background work
    /// over this many databases (autovacuum visits one every naptime ÷ databases) shares them with the timed check.
    /// </summary>
    private static string IdleBusy()
    {
        static (long Busy, long All)? Sample()
        {
            if (!File.Exists("/proc/stat"))
            {
                return null;
            }

            var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            var idle = ticks[3] + ticks[4];
            return (ticks.Sum() - idle, ticks.Sum());
        }

        var before = Sample();
        Thread.Sleep(5000);
        var after = Sample();
        return before is { } b && after is { } a && a.All > b.All
            ? $"{Report.Percent((double)(a.Busy - b.Busy) / (a.All - b.All))} busy of {Environment.ProcessorCount} processors ({Program.LoadAverage()})"
            : "unknown (no /proc/stat)";
    }

    private static long PeakWorkingSet(Process process)
    {
        try
        {
            process.Refresh();
            return process.PeakWorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0; // exited between the poll and the read
        }
    }

    private static void Measure(Report report, string section, Corpus corpus, Manifest manifest, List<string> names, string connection, string snapshot)
    {
        var tenants = names.Count;
        var schema = new SchemaSettings(snapshot) { ManifestDigest = manifest.Digest };
        var request = new FleetRequest(new ReplicaSettings(connection, "PARITY_FLEET") { Provider = "postgres", History = "flyway", Schema = schema })
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
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        // As the task does: the repository's side once (the manifest ParityVerify read, the scripts discovered), then every tenant.
        var repository = new RepositorySide(corpus.Scripts, manifest, [], MigrationDiscovery.Discover(corpus.Scripts), null);
        var outcome = FleetCheck.RunAsync(request, repository, null, CancellationToken.None).GetAwaiter().GetResult();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        sampler.Change(Timeout.Infinite, Timeout.Infinite);
        process.Refresh();
        var clientCpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var result = outcome.Result ?? throw new InvalidOperationException(string.Join("\n", outcome.Problems));

        var (captured, matched) = outcome.Schemas ?? throw new InvalidOperationException("the fleet check compared no schema");
        report.Info(section, $"  in this process (its code compiled as it runs), concurrency {outcome.Concurrency}", $"{Report.Ms(elapsed)}, {Report.Ms(elapsed / tenants)} per tenant");
        report.Info(section, "  schemas", $"{captured} captured in full, {matched} matched the clean fingerprint");
        report.Info(section, "  summary", result.Summary);
        report.Info(section, "  this process's CPU per tenant", $"{Report.Ms(clientCpu / tenants)} (user + system, all threads: the driver's connect, TLS and SCRAM included)");
        report.Figure(section, "  peak working set of this process while it ran", $"{Report.MB(peak)} (before: {Report.MB(before)})", "< 300 MB", peak < 300L * 1024 * 1024);
        report.Figure(section, "  round trips per tenant after connecting", Report.Number((double)(queries - CaptureQueries * captured) / tenants, "0.00") + $" queries: three read (the table, its locks, its rows; the fingerprint rides with the rows) — the session proves itself read-only as it starts; besides, {captured} full capture(s) of {CaptureQueries} queries", "≤ 3", queries <= 3 * tenants + CaptureQueries * captured);
        if (result.Count(TenantState.Clean) != tenants)
        {
            throw new InvalidOperationException($"the fleet should be clean: {result.Summary}");
        }

        // The same check of a share of the fleet at other concurrencies, twice each in turn: on loopback every session is
        // CPU on both sides of the same two processors, so more sessions than processors only queue.
        var share = request with { Tenants = [.. request.Tenants.Take(Math.Min(tenants, 200))] };
        var levels = new[] { 16, 8, 4, 2 };
        var times = levels.ToDictionary(level => level, _ => new List<double>());
        Report.Progress($"the fleet check of {share.Tenants.Count} tenants at concurrency {string.Join(", ", levels)} ...");
        for (var round = 0; round < 2; round++)
        {
            foreach (var level in levels)
            {
                var timer = Stopwatch.StartNew();
                var again = FleetCheck.RunAsync(share with { Concurrency = level.ToString(System.Globalization.CultureInfo.InvariantCulture) }, repository, null, CancellationToken.None).GetAwaiter().GetResult();
                times[level].Add(timer.Elapsed.TotalMilliseconds / share.Tenants.Count);
                if (again.Result?.Count(TenantState.Clean) != share.Tenants.Count)
                {
                    throw new InvalidOperationException($"the share should be clean: {again.Result?.Summary}");
                }
            }
        }

        report.Info(section, $"  per tenant by concurrency ({share.Tenants.Count} of the tenants, 2 runs each in turn)", string.Join("; ", levels.Select(level => $"{level}: {Report.Ms(Report.Median(times[level]))}")));
    }

    /// <summary>
    /// The catalog fingerprint's cost on the server, as each tenant pays it (the first catalog queries of a new backend):
    /// today's query and the one that hashed the capture's own rows (every index and default printed by the server), each
    /// on a new session per tenant, alternately. Wall time of the query, and the backend's CPU time from
    /// /proc/&lt;pid&gt;/schedstat when the server runs on this machine.
    /// </summary>
    private static void FingerprintQueries(Report report, string section, IReadOnlyList<string> sample, string fleet)
    {
        Report.Progress($"the fingerprint query alone, old and new, on {sample.Count} tenants ...");
        string[] schemas = ["public"];
        var queries = new (string Name, string Sql)[]
        {
            ("today's (raw catalog columns; printers only for expressions and the user's types)", CatalogFingerprint.Query(ParityBuild.Replica.Connection.ReplicaProvider.Postgres, "", schemas)),
            ("before (the capture's rows: pg_get_indexdef, pg_get_expr, pg_get_constraintdef on every row)", CatalogFingerprint.Hashed(PostgresCatalog.Queries(schemas), schemas)),
        };
        var wall = queries.Select(_ => new List<double>()).ToArray();
        var cpu = queries.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < sample.Count; i++)
        {
            // Alternately first, each on a tenant of its own: every backend is as new as a tenant's in the check.
            var which = i % queries.Length;
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fleet.Replace("{tenant}", sample[i], StringComparison.Ordinal)) { Pooling = false }.ConnectionString);
            connection.Open();
            var schedstat = $"/proc/{connection.ProcessID}/schedstat";
            double? Cpu() => File.Exists(schedstat) ? long.Parse(File.ReadAllText(schedstat).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1e6 : null;
            var before = Cpu();
            var clock = Stopwatch.StartNew();
            using (var command = new NpgsqlCommand(queries[which].Sql, connection))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                }
            }

            wall[which].Add(clock.Elapsed.TotalMilliseconds);
            if (Cpu() - before is { } used)
            {
                cpu[which].Add(used);
            }
        }

        for (var q = 0; q < queries.Length; q++)
        {
            var server = cpu[q].Count > 0 ? $"; the backend's CPU {Report.Spread(cpu[q])}" : "";
            report.Info(section, $"  fingerprint query alone, {queries[q].Name}", $"wall {Report.Spread(wall[q])}{server} (median, range; {wall[q].Count} tenants, each a new backend)");
        }
    }

    /// <summary>
    /// postgrator as teams loop it over tenants, one node process per tenant in turn (timed from start to exit), against
    /// ParityBuild's fleet check of the same tenants' schemaversion rows, at its default concurrency and one at a time.
    /// </summary>
    private static void SideBySide(Report report, string section, Corpus corpus, IReadOnlyList<string> sample, string server, string fleet)
    {
        Report.Progress($"postgrator re-validates {sample.Count} tenants, one process each ...");
        var migrations = Path.Combine(corpus.ProjectDirectory, "Migrations");
        var postgrator = new List<double>();
        foreach (var tenant in sample)
        {
            var environment = ToolBenchmarks.PgEnvironment(new NpgsqlConnectionStringBuilder(server) { Database = tenant });
            var clock = Stopwatch.StartNew();
            var run = ToolBenchmarks.Node(environment, "validate", migrations, "0").GetProperty("warmup");
            postgrator.Add(clock.Elapsed.TotalMilliseconds);
            if (run.GetProperty("validated").GetInt32() != Scripts || run.GetProperty("applied").GetInt32() != 0)
            {
                throw new InvalidOperationException($"postgrator did not validate the {Scripts} applied scripts of {tenant} without running any: {run}");
            }
        }

        var manifest = ManifestReader.Read(Path.Combine(corpus.ProjectDirectory, "migrations.baseline.json"));
        var repository = new RepositorySide(corpus.Scripts, manifest, [], MigrationDiscovery.Discover(corpus.Scripts), null);
        var request = new FleetRequest(new ReplicaSettings(fleet, "PARITY_FLEET") { Provider = "postgres", History = "postgrator" })
        {
            Tenants = [.. sample.Select(name => new FleetTenant(name))],
        };
        double Check(string concurrency)
        {
            var clock = Stopwatch.StartNew();
            var outcome = FleetCheck.RunAsync(request with { Concurrency = concurrency }, repository, null, CancellationToken.None).GetAwaiter().GetResult();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (outcome.Result is not { } result || result.Count(TenantState.Clean) != sample.Count)
            {
                throw new InvalidOperationException($"the sample should be clean: {outcome.Result?.Summary ?? string.Join("\n", outcome.Problems)}");
            }

            return elapsed / sample.Count;
        }

        Check("");
        var parallel = Check("");
        var serial = Check("1");
        var perTenant = Report.Median(postgrator);
        var name = $"side by side, {sample.Count} of the tenants, their {Scripts}-row schemaversion written by postgrator";
        report.Info(section, name, $"postgrator per tenant: {Report.Spread(postgrator)} (node check.mjs validate, one process per tenant in turn, start to exit: node's start-up, connect, read + md5 every script, one md5 query per applied version)");
        report.Info(section, "  ParityBuild per tenant, ParityHistory=postgrator", $"{Report.Ms(parallel)} at the default concurrency, {Report.Ms(serial)} one at a time (the fleet check of the same {sample.Count} tenants, after one warm-up)");
        var ratio = perTenant / parallel;
        report.Figure(section, "  postgrator per tenant / ParityBuild per tenant", $"{Report.Number(ratio, "0")} × ({Report.Number(perTenant / serial, "0")} × one at a time)", "≥ 20", ratio >= 20);
    }
}
