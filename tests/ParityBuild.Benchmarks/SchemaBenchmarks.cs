using System.Diagnostics;
using System.Text;
using Npgsql;
using ParityBuild.Core.Schema;
using ParityBuild.Replica;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Figure 6: the schema check of a PostgreSQL database of 1,000 tables and 20,000 columns on loopback (each table with a
/// primary key, an index, a default and a check constraint; every tenth with a foreign key): the capture
/// (ParitySchemaCapture: connect, the catalog queries, the snapshot written) and the comparison a replica check adds
/// (the snapshot read, the replica captured, compared, the repair considered).
/// </summary>
internal static class SchemaBenchmarks
{
    private const int Tables = 1_000;
    private const int ColumnsPerTable = 20;

    public static void Run(Report report, string work, int repetitions)
    {
        const string section = "6. schema check, 1,000 tables";
        var server = Environment.GetEnvironmentVariable("PARITY_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            report.Info(section, "skipped", "PARITY_TEST_POSTGRES is not set (build/benchmark.sh starts the test servers)");
            return;
        }

        var database = $"parity_schema_bench_{Environment.ProcessId}";
        Report.Progress($"creating a database of {Tables:N0} tables and {Tables * ColumnsPerTable:N0} columns ...");
        Execute(server, $"CREATE DATABASE {database}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
            Execute(connection, Ddl());
            var settings = new ReplicaSettings(connection) { Provider = "postgres" };
            var snapshotPath = Path.Combine(work, "migrations.schema.json");

            SchemaSnapshot Capture()
            {
                var result = ReplicaCheck.CaptureSchemaAsync(settings, [], null, CancellationToken.None).GetAwaiter().GetResult();
                var snapshot = result.Snapshot ?? throw new InvalidOperationException($"The capture failed: {string.Join("; ", result.Findings.Select(f => f.Message))}");
                SnapshotWriter.Write(snapshotPath, snapshot);
                return snapshot;
            }

            SchemaCheck.Result Compare()
            {
                var target = ReplicaConnectionParser.Parse(connection, "postgres", "PARITY_TEST_POSTGRES");
                var session = ReplicaSession.OpenAsync(target, new ReplicaTimeouts(), CancellationToken.None).GetAwaiter().GetResult();
                try
                {
                    var result = SchemaCheck.CompareAsync(session, new SchemaSettings(snapshotPath), null, null, CancellationToken.None).GetAwaiter().GetResult();
                    return result.Findings.Count == 0 && result.Repairs.Count == 0
                        ? result
                        : throw new InvalidOperationException($"The comparison found drift in a database against its own snapshot: {string.Join("; ", result.Findings.Take(3).Select(f => f.Message))}");
                }
                finally
                {
                    session.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }

            var first = Capture();
            Compare();
            var capture = new List<double>();
            var compare = new List<double>();
            for (var i = 0; i < repetitions; i++)
            {
                capture.Add(VerifyBenchmarks.Time(() => Capture()));
                compare.Add(VerifyBenchmarks.Time(() => Compare()));
            }

            report.Info(section, "database", $"{first.Tables.Count:N0} tables, {first.Tables.Sum(t => t.Columns.Count):N0} columns, {first.Tables.Sum(t => t.Constraints.Count):N0} constraints, {first.Tables.Sum(t => t.Indexes.Count):N0} indexes; snapshot {Report.MB(new FileInfo(snapshotPath).Length)}");
            var captureMedian = Report.Median(capture);
            var compareMedian = Report.Median(compare);
            report.Figure(section, "capture: connect, catalog queries, snapshot written", Report.Spread(capture), "< 3 s", captureMedian < 3000);
            report.Figure(section, "compare: snapshot read, replica captured, compared", Report.Spread(compare), "< 3 s", compareMedian < 3000);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Execute(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static string Ddl()
    {
        var sql = new StringBuilder();
        for (var t = 0; t < Tables; t++)
        {
            sql.Append($"CREATE TABLE t{t:0000} (id bigint PRIMARY KEY");
            for (var c = 1; c < ColumnsPerTable; c++)
            {
                sql.Append(c switch
                {
                    1 => $", parent bigint{(t % 10 == 9 ? $" REFERENCES t{t - 1:0000} (id)" : "")}",
                    2 => ", name varchar(200) NOT NULL DEFAULT 'none'",
                    3 => ", amount numeric(12,2) CHECK (amount >= 0)",
                    4 => ", created timestamptz NOT NULL DEFAULT now()",
                    _ => $", c{c} {(c % 2 == 0 ? "text" : "integer")}",
                });
            }

            sql.Append($");\nCREATE INDEX t{t:0000}_name ON t{t:0000} (lower(name));\n");
        }

        return sql.ToString();
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        command.ExecuteNonQuery();
    }
}
