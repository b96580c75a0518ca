using System.Diagnostics;
using System.Globalization;
using System.Text;
using MySqlConnector;
using Npgsql;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Verification;
using ParityBuild.Replica;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Figure 5: the nightly replica check of 10,000 scripts against a flyway_schema_history of 10,000 rows on loopback, on
/// PostgreSQL and on MariaDB — the whole check, reading and hashing the files included (ParityVerify in locked mode, then the replica
/// check) — beside the plain read-and-hash loop over the same files.
/// </summary>
internal static class ReplicaBenchmarks
{
    public static void Run(Report report, Corpus corpus, string manifestPath, int repetitions)
    {
        var section = $"5. replica check, {corpus.Scripts.Count:N0} scripts";
        var postgres = Environment.GetEnvironmentVariable("PARITY_TEST_POSTGRES");
        var mySql = Environment.GetEnvironmentVariable("PARITY_TEST_MYSQL");
        if (string.IsNullOrEmpty(postgres) || string.IsNullOrEmpty(mySql))
        {
            report.Info(section, "skipped", "PARITY_TEST_POSTGRES or PARITY_TEST_MYSQL is not set (build/benchmark.sh starts the test servers)");
            return;
        }

        var manifest = ManifestReader.Read(manifestPath);
        var database = $"parity_bench_{Environment.ProcessId}";
        Engine[] engines =
        [
            new("PostgreSQL", "", "postgres", postgres, Execute, name => new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString,
                connection => Settle(connection, "flyway_schema_history"), name => $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", NpgsqlConnection.ClearAllPools),
            new("MariaDB", "MariaDB: ", "mysql", mySql, ExecuteMySql, name => new MySqlConnectionStringBuilder(mySql) { Database = name }.ConnectionString,
                connection => ExecuteMySql(connection, "ANALYZE TABLE flyway_schema_history"), name => $"DROP DATABASE IF EXISTS {name}", MySqlConnection.ClearAllPools),
        ];
        foreach (var engine in engines)
        {
            Report.Progress($"{engine.Name}: creating a database with a {corpus.Scripts.Count:N0}-row flyway_schema_history ...");
            engine.Execute(engine.Server, $"CREATE DATABASE {database}");
            try
            {
                var connection = engine.WithDatabase(database);
                engine.Execute(connection, FlywayHistory(manifest, mySql: engine.Provider == "mysql"));
                engine.Settle(connection);
                var settings = new ReplicaSettings(connection) { Provider = engine.Provider, History = "flyway" };
                ReportMeasured(report, section, engine.Label, corpus, Measure(corpus, manifestPath, settings, repetitions));
            }
            finally
            {
                engine.ClearPools();
                engine.Execute(engine.Server, engine.Drop(database));
            }
        }
    }

    /// <summary>What figure 5 needs of a test server: how to run a statement, name a database, settle a table and drop it again.</summary>
    private sealed record Engine(
        string Name,
        string Label,
        string Provider,
        string Server,
        Action<string, string> Execute,
        Func<string, string> WithDatabase,
        Action<string> Settle,
        Func<string, string> Drop,
        Action ClearPools);

    private static void ReportMeasured(Report report, string section, string engine, Corpus corpus, Measured measured)
    {
        var median = Report.Median(measured.Check);
        report.Info(section, $"{engine}raw read + SHA-256 loop", Report.Spread(measured.Raw));
        report.Info(section, $"{engine}replica check alone (connect, read {corpus.Scripts.Count:N0} rows, compare)", Report.Spread(measured.ReplicaOnly));
        report.Figure(section, $"{engine}whole check: verify (locked), then the replica check", Report.Spread(measured.Check), "< 200 ms", median < 200);
        report.Info(section, "  whole check / raw loop", Report.Number(median / Report.Median(measured.Raw)));
        report.Figure(section, "  allocated during one whole check", Report.MB(measured.PeakAllocated), "< 100 MB", measured.PeakAllocated < 100L * 1024 * 1024);
        report.Info(section, "  of a whole check, the garbage collector's pauses", GcShare(measured));
    }

    /// <summary>What <see cref="Measure"/> timed, and the garbage collections during each whole check.</summary>
    public sealed record Measured(List<double> Raw, List<double> Check, List<double> ReplicaOnly, long PeakAllocated, List<double> GcPauses, List<int> Collections);

    /// <summary>
    /// After one warm-up check, <paramref name="repetitions"/> rounds of: the raw read + SHA-256 loop, the whole check
    /// (with the most it allocated, and the collector's pauses during it), and the replica check alone on an already read manifest and discovery (as ParityVerify leaves them to it).
    /// </summary>
    public static Measured Measure(Corpus corpus, string manifestPath, ReplicaSettings settings, int repetitions)
    {
        var options = new VerifyOptions(corpus.ProjectDirectory, manifestPath, Locked: true);
        var paths = corpus.Paths.ToArray();
        WholeCheck(corpus, options, manifestPath, settings);
        if (Environment.GetEnvironmentVariable("PARITY_ALLOC_PROFILE") is not null)
        {
            AllocationProfile.Print(() => WholeCheck(corpus, options, manifestPath, settings), 10);
        }

        var measured = new Measured([], [], [], 0, [], []);
        long peakAllocated = 0;
        for (var i = 0; i < repetitions; i++)
        {
            measured.Raw.Add(VerifyBenchmarks.Time(() => VerifyBenchmarks.RawReadAndHash(paths)));
            var before = GC.GetTotalAllocatedBytes(true);
            var (pausedBefore, collectionsBefore) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0));
            measured.Check.Add(VerifyBenchmarks.Time(() => WholeCheck(corpus, options, manifestPath, settings)));
            measured.GcPauses.Add((GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds);
            measured.Collections.Add(GC.CollectionCount(0) - collectionsBefore);
            peakAllocated = Math.Max(peakAllocated, GC.GetTotalAllocatedBytes(true) - before);
            var manifest = ManifestReader.Read(manifestPath);
            var discovery = MigrationDiscovery.Discover(corpus.Scripts);
            measured.ReplicaOnly.Add(VerifyBenchmarks.Time(() => ReplicaCheck.RunAsync(corpus.Scripts, manifest, [], settings, CancellationToken.None, discovery).GetAwaiter().GetResult()));
        }

        return measured with { PeakAllocated = peakAllocated };
    }

    /// <summary>The collector's share of a whole check: the median pause and how many collections (of any generation) ran.</summary>
    public static string GcShare(Measured measured) =>
        $"{Report.Ms(Report.Median(measured.GcPauses))} paused in {measured.Collections.Order().ElementAt(measured.Collections.Count / 2)} collections (median of {measured.Collections.Count} checks)";

    /// <summary>
    /// The whole nightly check as a CI build runs it: ParityVerify (the options say locked, no cache; the manifest holds
    /// the history's own digests, as the build keeps them), then the replica
    /// check's entry point as the CheckReplica task (and `parity replica`) calls it, which reads the manifest and discovers
    /// the scripts itself. Anything found in the clean setups is an error.
    /// </summary>
    private static RunOutput WholeCheck(Corpus corpus, VerifyOptions options, string manifestPath, ReplicaSettings settings)
    {
        var rawDigest = ParityBuild.Replica.History.HistoryReader.RawDigestFor(settings.History);
        var verify = Verifier.Run(corpus.Scripts, options with { ManifestDigests = RawDigest.InManifest(rawDigest) });
        var check = new ReplicaRunSettings(corpus.ProjectDirectory, settings.VariableName, settings.ConnectionString)
        {
            Scripts = corpus.Scripts,
            ManifestFile = manifestPath,
            Provider = settings.Provider ?? "auto",
            History = settings.History ?? "auto",
        };
        var result = ReplicaRun.CheckAsync(check, CancellationToken.None).GetAwaiter().GetResult();
        if (verify.HasErrors || result.Findings.Any())
        {
            throw new InvalidOperationException($"The replica check found something in a clean setup: verify {verify.Findings.Count} findings, replica {string.Join("; ", result.Findings.Take(3).Select(f => $"{f.Code} {f.Message}"))}{string.Join("; ", verify.Findings.Take(3).Select(f => $"{f.Code} {f.Message}"))}");
        }

        return result;
    }
    /// <summary>
    /// flyway_schema_history as Flyway's {postgresql,mysql}/createMetaDataTable.sql creates it, with a successful SQL row
    /// for every manifest entry, as Flyway's migrate writes them.
    /// </summary>
    public static string FlywayHistory(Manifest manifest, bool mySql)
    {
        var sql = new StringBuilder(mySql
            ? """
              CREATE TABLE flyway_schema_history (
                  installed_rank INT NOT NULL, version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL,
                  script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL,
                  installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, success BOOL NOT NULL,
                  CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank)) ENGINE=InnoDB;
              CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);
              """
            : """
              CREATE TABLE flyway_schema_history (
                  installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL,
                  script VARCHAR(1000) NOT NULL, checksum INTEGER, installed_by VARCHAR(100) NOT NULL,
                  installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time INTEGER NOT NULL, success BOOLEAN NOT NULL);
              CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);
              """);
        sql.Append("\nINSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES");
        var rank = 0;
        foreach (var entry in manifest.Entries)
        {
            rank++;
            var script = entry.Path[(entry.Path.LastIndexOf('/') + 1)..];
            sql.Append(rank == 1 ? "\n" : ",\n").Append(CultureInfo.InvariantCulture, $"({rank}, '{entry.Version}', '{entry.Description}', 'SQL', '{script}', {entry.Flyway}, 'deployer', 5, TRUE)");
        }

        return sql.Append(';').ToString();
    }

    /// <summary>
    /// Leaves a freshly written history table as a live one is: analyzed, vacuumed and checkpointed, so that no
    /// autovacuum or checkpoint of the bulk insert runs beside the timed checks (and the planner knows its size).
    /// </summary>
    public static void Settle(string connectionString, string table)
    {
        Execute(connectionString, $"VACUUM ANALYZE {table}");
        Execute(connectionString, "CHECKPOINT");
    }

    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 };
        command.ExecuteNonQuery();
    }

    private static void ExecuteMySql(string connectionString, string sql)
    {
        using var connection = new MySqlConnection(connectionString);
        connection.Open();
        using var command = new MySqlCommand(sql, connection) { CommandTimeout = 120 };
        command.ExecuteNonQuery();
    }
}
