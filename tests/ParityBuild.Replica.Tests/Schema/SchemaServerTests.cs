using ParityBuild.Core.Findings;
using ParityBuild.Core.Schema;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Schema;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests.Schema;

/// <summary>
/// The schema check against real servers: a snapshot captured from one database migrated by the sample scripts, compared
/// with another migrated by the same scripts (equal), then drifted by hand in each way; the repair SQL it writes is run
/// on that database and the comparison comes back clean. The same tests run on PostgreSQL and on MariaDB.
/// </summary>
public abstract partial class SchemaServerTests
{
    private static readonly ReplicaTimeouts Short = new(ConnectSeconds: 5, StatementSeconds: 20, LockSeconds: 2);

    public TestContext TestContext { get; set; } = null!;

    protected abstract ReplicaProvider Provider { get; }

    /// <summary>How a table is named in messages: PostgreSQL's public, MySQL's database (the replica's own).</summary>
    private static string Table(TestDatabase db, string table) => $"{db.Schema}.{table}";

    [TestMethod]
    public async Task A_replica_migrated_by_the_same_scripts_compares_equal_and_the_snapshot_is_deterministic()
    {
        await using var pair = await PairAsync(digest: "a1");
        var (source, replica, project, snapshot) = (pair.Source, pair.Replica, pair.Project, pair.Snapshot);

        var again = await CaptureAsync(source, project, digest: "a1");
        var result = await CheckAsync(replica, project, snapshot);

        Assert.AreEqual(File.ReadAllText(snapshot), File.ReadAllText(again), "Two captures of one database write the same bytes.");
        var text = File.ReadAllText(snapshot);
        Assert.IsFalse(text.Contains('\r'), "LF only.");
        Assert.IsFalse(text.Contains("flyway_schema_history", StringComparison.Ordinal), "The history table is not part of the schema.");
        StringAssert.Contains(text, "\"migrationsDigest\": \"a1\"");
        StringAssert.Contains(text, source.IsPostgres
            ? "{ \"name\": \"email\", \"type\": \"character varying(200)\", \"nullable\": false, \"default\": \"'none'\" }"
            : "{ \"name\": \"email\", \"type\": \"varchar(200)\", \"nullable\": false, \"default\": \"'none'\" }", text);
        StringAssert.Contains(text, source.IsPostgres
            ? "{ \"name\": \"users_lower_name\", \"unique\": false, \"method\": \"btree\", \"columns\": \"(lower(name))\", \"where\": \"(mood = 'happy'::mood)\" }"
            : "{ \"name\": \"users_lower_name\", \"unique\": false, \"method\": \"btree\", \"columns\": \"(`name`(10), `created` DESC)\" }", text);
        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(0, result.Repairs.Count);
        StringAssert.Contains(result.Summary, "0 missing, 0 unexpected, 0 different.");
    }

    [TestMethod]
    public async Task Hand_made_drift_is_reported_exactly_and_the_repair_sql_brings_the_replica_back_to_the_snapshot()
    {
        await using var pair = await PairAsync();
        var (replica, project, snapshot) = (pair.Replica, pair.Project, pair.Snapshot);
        var lines = File.ReadAllLines(snapshot);
        int LineOf(string text) => Array.FindIndex(lines, line => line.Contains(text, StringComparison.Ordinal)) + 1;

        // A column added, an index dropped, a type changed, a table created: each by hand.
        await replica.ExecuteAsync(replica.IsPostgres
            ? """
              ALTER TABLE users ADD COLUMN nickname text;
              DROP INDEX users_lower_name;
              ALTER TABLE audit ALTER COLUMN at TYPE timestamp(6);
              CREATE TABLE scratch (id int PRIMARY KEY);
              """
            : """
              ALTER TABLE users ADD COLUMN nickname text;
              DROP INDEX users_lower_name ON users;
              ALTER TABLE audit MODIFY COLUMN at datetime(6) NULL;
              CREATE TABLE scratch (id int PRIMARY KEY);
              """);
        var result = await CheckAsync(replica, project, snapshot);

        var where = $"127.0.0.1/{replica.Name}";
        var expected = new (string Code, string Message, int Line)[]
        {
            ("PARITY3003", $"Column {Table(replica, "audit")}.at differs on the replica {where}: its type is '{(replica.IsPostgres ? "timestamp(6) without time zone" : "datetime(6)")}', the schema snapshot has '{(replica.IsPostgres ? "timestamp(3) without time zone" : "datetime(3)")}'.", LineOf("\"name\": \"at\"")),
            ("PARITY3001", $"Index users_lower_name on {Table(replica, "users")} is in the schema snapshot but missing on the replica {where}.", LineOf("\"name\": \"users_lower_name\"")),
            ("PARITY3002", $"Table {Table(replica, "scratch")} exists on the replica {where} but not in the schema snapshot", 0),
            ("PARITY3002", $"Column {Table(replica, "users")}.nickname exists on the replica {where} but not in the schema snapshot", 0),
        };
        Assert.AreEqual(expected.Length, result.Findings.Count, string.Join("\n", result.Findings));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i].Code, result.Findings[i].Code, result.Findings[i].ToString());
            StringAssert.StartsWith(result.Findings[i].Message, expected[i].Message);
            Assert.AreEqual(snapshot, result.Findings[i].File);
            if (expected[i].Line > 0)
            {
                Assert.AreEqual(expected[i].Line, result.Findings[i].Line, result.Findings[i].ToString());
            }
        }

        var repair = result.Repairs.Single(file => file.Name == SchemaCheck.SchemaRepairFile).Text;
        StringAssert.StartsWith(repair, $"-- ParityBuild: schema repair for {where} (");
        StringAssert.Contains(repair, "-- WARNING: review every statement, and run the file on a staging clone of this database first.");
        Assert.IsFalse(repair.Contains("Password", StringComparison.OrdinalIgnoreCase) || repair.Contains("parity;", StringComparison.Ordinal), "No credentials in the file.");
        StringAssert.Contains(repair, $"-- DROP TABLE {Name(replica, "scratch")};");
        StringAssert.Contains(repair, $"-- ALTER TABLE {Name(replica, "users")} DROP COLUMN {Quote(replica, "nickname")};");

        // The drops are commented out: run as written, only the unexpected objects are left.
        await replica.ExecuteAsync(repair);
        var afterRepair = await CheckAsync(replica, project, snapshot);
        CollectionAssert.AreEqual(new[] { "PARITY3002", "PARITY3002" }, afterRepair.Findings.Select(finding => finding.Code).ToArray(), string.Join("\n", afterRepair.Findings));

        // A reviewer who decides they must go uncomments the drops.
        await replica.ExecuteAsync(string.Join('\n', repair.Split('\n').Where(line => line.StartsWith("-- DROP ", StringComparison.Ordinal) || line.StartsWith("-- ALTER TABLE ", StringComparison.Ordinal)).Select(line => line[3..])));
        var clean = await CheckAsync(replica, project, snapshot);
        Assert.AreEqual(0, clean.Findings.Count, string.Join("\n", clean.Findings));
        Assert.AreEqual(0, clean.Repairs.Count);
    }

    [TestMethod]
    public async Task Dropped_tables_views_triggers_and_sequences_are_created_again_by_the_repair_from_the_snapshot()
    {
        await using var pair = await PairAsync();
        var (replica, project, snapshot) = (pair.Replica, pair.Project, pair.Snapshot);
        await replica.ExecuteAsync(replica.IsPostgres
            ? "DROP VIEW big_orders; DROP TABLE orders; DROP SEQUENCE invoice_numbers;"
            : "DROP VIEW big_orders; DROP TABLE orders;");

        var result = await CheckAsync(replica, project, snapshot);

        // The table's columns, constraints, index and trigger are part of its finding, not findings of their own.
        var expected = replica.IsPostgres
            ? new[] { "Sequence public.invoice_numbers", "Table public.orders", "View public.big_orders" }
            : new[] { $"Table {replica.Name}.orders", $"View {replica.Name}.big_orders" };
        CollectionAssert.AreEqual(expected, result.Findings.Select(finding => finding.Message[..finding.Message.IndexOf(" is in", StringComparison.Ordinal)]).ToArray(), string.Join("\n", result.Findings));
        Assert.IsTrue(result.Findings.All(finding => finding.Code == "PARITY3001"));

        await replica.ExecuteAsync(result.Repairs.Single().Text);
        var clean = await CheckAsync(replica, project, snapshot);

        Assert.AreEqual(0, clean.Findings.Count, string.Join("\n", clean.Findings));
    }

    [TestMethod]
    public async Task A_half_applied_script_gets_its_missing_objects_then_its_history_row_and_the_replica_is_clean()
    {
        // V3 stopped after its first statement (MySQL commits each DDL statement): no history row, no index.
        await using var pair = await PairAsync(replicaMigrations: 2);
        var (replica, project, snapshot) = (pair.Replica, pair.Project, pair.Snapshot);
        var v3 = SampleSchema.For(replica)[2].Sql;
        await replica.ExecuteAsync(v3[..(v3.IndexOf(';', StringComparison.Ordinal) + 1)]);

        var result = await CheckAsync(replica, project, snapshot);

        CollectionAssert.AreEqual(new[] { "PARITY2004", "PARITY3001" }, result.Findings.Select(finding => finding.Code).ToArray(), string.Join("\n", result.Findings));
        StringAssert.StartsWith(result.Findings[1].Message, $"Index audit_at on {Table(replica, "audit")} is in the schema snapshot but missing");
        var history = result.Repairs.Single(file => file.Name == SchemaCheck.HistoryRepairFile).Text;
        StringAssert.Contains(history, "-- INSERT INTO", "Commented out while the schema differs.");
        Assert.IsFalse(history.Split('\n').Any(line => line.StartsWith("INSERT", StringComparison.Ordinal)), history);

        await replica.ExecuteAsync(result.Repairs.Single(file => file.Name == SchemaCheck.SchemaRepairFile).Text);
        var schemaRepaired = await CheckAsync(replica, project, snapshot);

        CollectionAssert.AreEqual(new[] { "PARITY2004" }, schemaRepaired.Findings.Select(finding => finding.Code).ToArray(), string.Join("\n", schemaRepaired.Findings));
        var insert = schemaRepaired.Repairs.Single(file => file.Name == SchemaCheck.HistoryRepairFile).Text;
        var quote = replica.IsPostgres ? "\"" : "`";
        StringAssert.Contains(insert, $"INSERT INTO {Name(replica, "flyway_schema_history")} ({quote}installed_rank{quote}, {quote}version{quote}, {quote}description{quote}, {quote}type{quote}, {quote}script{quote}, {quote}checksum{quote}, {quote}installed_by{quote}, {quote}execution_time{quote}, {quote}success{quote})");
        StringAssert.Contains(insert, $"'3', 'audit', 'SQL', 'V3__audit.sql', {TestProject.Flyway(v3)}, 'paritybuild-repair', 0, TRUE");

        await replica.ExecuteAsync(insert);
        var clean = await CheckAsync(replica, project, snapshot);

        Assert.AreEqual(0, clean.Findings.Count, string.Join("\n", clean.Findings));
        Assert.AreEqual(0, clean.Repairs.Count);
    }

    [TestMethod]
    public async Task A_snapshot_captured_for_other_migrations_is_a_warning_and_an_invalid_one_an_error_with_its_line()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = SampleSchema.Project(db);
        await SampleSchema.MigrateAsync(db);
        var snapshot = await CaptureAsync(db, project, digest: "old");

        var stale = await CheckAsync(db, project, snapshot, digest: "new");

        Assert.AreEqual("PARITY3005", stale.Findings.Single().Code);
        Assert.AreEqual(Severity.Warning, stale.Findings.Single().Severity);
        StringAssert.Contains(stale.Findings.Single().Message, "digest is old, but the baseline manifest now has new");

        File.WriteAllText(snapshot, File.ReadAllText(snapshot).Replace("\"nullable\": false", "\"nullabel\": false", StringComparison.Ordinal));
        var invalid = await CheckAsync(db, project, snapshot);

        var finding = invalid.Findings.Single();
        Assert.AreEqual("PARITY3004", finding.Code);
        Assert.AreEqual(File.ReadAllLines(snapshot).ToList().FindIndex(line => line.Contains("nullabel", StringComparison.Ordinal)) + 1, finding.Line);
        StringAssert.Contains(finding.Message, "'nullabel' is not a property");
    }

    [TestMethod]
    public async Task A_schema_that_does_not_exist_is_refused_by_the_capture()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        var settings = new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = Short };

        var result = await ReplicaCheck.CaptureSchemaAsync(settings, ["nowhere"], null, TestContext.CancellationToken);

        Assert.IsNull(result.Snapshot);
        Assert.AreEqual("PARITY2008", result.Findings.Single().Code);
        StringAssert.Contains(result.Findings.Single().Message, "nowhere");
    }

    /// <summary>
    /// Two databases of the sample migrations — the source the snapshot is captured from, and the replica, migrated up
    /// to <paramref name="replicaMigrations"/> — with the project and the snapshot file.
    /// </summary>
    protected async Task<Pair> PairAsync(int replicaMigrations = 3, string? digest = null)
    {
        var source = await TestDatabase.CreateAsync(Provider);
        var replica = await TestDatabase.CreateAsync(Provider);
        var project = SampleSchema.Project(source);
        await SampleSchema.MigrateAsync(source);
        await SampleSchema.MigrateAsync(replica, replicaMigrations);
        return new Pair(source, replica, project, await CaptureAsync(source, project, digest));
    }

    protected sealed record Pair(TestDatabase Source, TestDatabase Replica, TestProject Project, string Snapshot) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Project.Dispose();
            await Source.DisposeAsync();
            await Replica.DisposeAsync();
        }
    }

    private static string Quote(TestDatabase db, string name) => db.IsPostgres ? $"\"{name}\"" : $"`{name}`";

    private static string Name(TestDatabase db, string name) => $"{Quote(db, db.Schema)}.{Quote(db, name)}";

    /// <summary>
    /// Runs the repair as written: only the unexpected object is left (its DROP is commented out); once the reader drops
    /// it, the replica compares clean.
    /// </summary>
    protected async Task RepairThenDropAsync(TestDatabase replica, TestProject project, string snapshot, string repair, string drop)
    {
        await replica.ExecuteAsync(repair);
        var afterRepair = await CheckAsync(replica, project, snapshot);
        Assert.AreEqual("PARITY3002", afterRepair.Findings.Single().Code, string.Join("\n", afterRepair.Findings));

        await replica.ExecuteAsync(drop);
        var clean = await CheckAsync(replica, project, snapshot);
        Assert.AreEqual(0, clean.Findings.Count, string.Join("\n", clean.Findings));
    }

    protected async Task<string> CaptureAsync(TestDatabase db, TestProject project, string? digest = null)
    {
        var settings = new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = Short };
        var result = await ReplicaCheck.CaptureSchemaAsync(settings, [], digest, TestContext.CancellationToken);
        Assert.IsNotNull(result.Snapshot, string.Join("\n", result.Findings));
        var path = Path.Combine(project.Directory, $"schema-{Guid.NewGuid():N}.json");
        SnapshotWriter.Write(path, result.Snapshot);
        return path;
    }

    protected Task<ReplicaCheckResult> CheckAsync(TestDatabase db, TestProject project, string snapshot, string? digest = null, string? connectionString = null)
    {
        var settings = new ReplicaSettings(connectionString ?? db.ConnectionString)
        {
            Provider = Provider.ToString(),
            Timeouts = Short,
            Schema = new SchemaSettings(snapshot) { ManifestDigest = digest },
        };
        return ReplicaCheck.RunAsync(project.Scripts, null, [], settings, TestContext.CancellationToken);
    }
}

[TestClass]
public sealed class PostgresSchemaTests : SchemaServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.Postgres;

    [TestMethod]
    public async Task A_function_edited_dropped_or_added_by_hand_is_drift_and_the_repair_gives_the_snapshot_definition_back()
    {
        await using var pair = await PairAsync();
        var (source, replica, project) = (pair.Source, pair.Replica, pair.Project);
        await source.ExecuteAsync("CREATE PROCEDURE archive(days integer) LANGUAGE sql AS $$ DELETE FROM audit WHERE at < now() - make_interval(days => days) $$;");
        var snapshot = await CaptureAsync(source, project);
        var lines = File.ReadAllLines(snapshot);
        int LineOf(string text) => Array.FindIndex(lines, line => line.Contains(text, StringComparison.Ordinal)) + 1;

        // A hotfix made on production: the trigger function edited in place, and a function of its own added.
        await replica.ExecuteAsync("""
            CREATE OR REPLACE FUNCTION round_total() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.total := round(NEW.total, 0); RETURN NEW; END $$;
            CREATE FUNCTION hotfix(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a + 1';
            """);
        var result = await CheckAsync(replica, project, snapshot);

        var where = $"127.0.0.1/{replica.Name}";
        var expected = new (string Code, string Message, int Line)[]
        {
            ("PARITY3001", $"Procedure public.archive(IN days integer) is in the schema snapshot but missing on the replica {where}.", LineOf("\"name\": \"archive\"")),
            ("PARITY3003", $"Function public.round_total() differs on the replica {where}: its definition is 'CREATE OR REPLACE FUNCTION public.round_total() RETURNS trigger LANGUAGE plpgsql AS $function$ BEGIN NEW.total := round(NEW.total, 0);", LineOf("\"name\": \"round_total\"")),
            ("PARITY3002", $"Function public.hotfix(a integer) exists on the replica {where} but not in the schema snapshot", 0),
        };
        Assert.AreEqual(expected.Length, result.Findings.Count, string.Join("\n", result.Findings));
        foreach (var (code, message, line) in expected)
        {
            var finding = result.Findings.SingleOrDefault(finding => finding.Message.StartsWith(message, StringComparison.Ordinal));
            Assert.IsNotNull(finding, $"No finding starts with: {message}\n{string.Join("\n", result.Findings)}");
            Assert.AreEqual(code, finding.Code);
            Assert.AreEqual(snapshot, finding.File);
            if (line > 0)
            {
                Assert.AreEqual(line, finding.Line, finding.ToString());
            }
        }

        // CREATE OR REPLACE keeps the trigger that calls the function; the unexpected function's DROP is left to the reader.
        var repair = result.Repairs.Single(file => file.Name == SchemaCheck.SchemaRepairFile).Text;
        StringAssert.Contains(repair, "CREATE OR REPLACE PROCEDURE public.archive(IN days integer)");
        StringAssert.Contains(repair, "round(NEW.total, 2)");
        StringAssert.Contains(repair, "-- DROP FUNCTION \"public\".\"hotfix\"(a integer);");
        await RepairThenDropAsync(replica, project, snapshot, repair, "DROP FUNCTION \"public\".\"hotfix\"(a integer);");

        // A snapshot written before routines were captured has no "routines": the replica's are then left alone.
        await replica.ExecuteAsync("CREATE FUNCTION hotfix(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a + 1';");
        var text = File.ReadAllText(snapshot);
        File.WriteAllText(snapshot, text[..text.IndexOf(",\n  \"routines\"", StringComparison.Ordinal)] + "\n}\n");
        var older = await CheckAsync(replica, project, snapshot);
        Assert.AreEqual(0, older.Findings.Count, string.Join("\n", older.Findings));
    }
}

[TestClass]
public sealed class MariaDbSchemaTests : SchemaServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.MySql;

    [TestMethod]
    public async Task A_routine_edited_dropped_or_added_by_hand_is_drift_and_the_repair_creates_it_again_in_the_replicas_database()
    {
        await using var pair = await PairAsync();
        var (source, replica, project) = (pair.Source, pair.Replica, pair.Project);
        await source.ExecuteAsync("""
            CREATE PROCEDURE archive(IN days int) DELETE FROM audit WHERE at < NOW() - INTERVAL days DAY;
            CREATE FUNCTION tax(amount decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC RETURN amount * 1.2;
            """);
        var snapshot = await CaptureAsync(source, project);
        await replica.ExecuteAsync("""
            CREATE FUNCTION tax(amount decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC RETURN amount * 1.25;
            CREATE FUNCTION hotfix(a int) RETURNS int RETURN a + 1;
            """);

        var result = await CheckAsync(replica, project, snapshot);

        var where = $"127.0.0.1/{replica.Name}";
        var starts = new[]
        {
            $"PARITY3001 Procedure {replica.Schema}.archive(IN days int) is in the schema snapshot but missing on the replica {where}.",
            $"PARITY3003 Function {replica.Schema}.tax(amount decimal(10,2)) differs on the replica {where}: its definition is 'CREATE FUNCTION `tax`(`amount` decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC RETURN amount * 1.25', the schema snapshot has 'CREATE FUNCTION `tax`(`amount` decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC RETURN amount * 1.2'.",
            $"PARITY3002 Function {replica.Schema}.hotfix(a int) exists on the replica {where} but not in the schema snapshot",
        };
        var found = result.Findings.Select(finding => $"{finding.Code} {finding.Message}").ToList();
        Assert.AreEqual(starts.Length, found.Count, string.Join("\n", found));
        foreach (var start in starts)
        {
            Assert.IsTrue(found.Any(finding => finding.StartsWith(start, StringComparison.Ordinal)), $"{start}\n{string.Join("\n", found)}");
        }

        // Created in the replica's database, though the snapshot was captured from another.
        var repair = result.Repairs.Single(file => file.Name == SchemaCheck.SchemaRepairFile).Text;
        StringAssert.Contains(repair, $"DROP FUNCTION `{replica.Schema}`.`tax`;\nCREATE FUNCTION `{replica.Schema}`.`tax`(`amount` decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC\nRETURN amount * 1.2;");
        StringAssert.Contains(repair, $"CREATE PROCEDURE `{replica.Schema}`.`archive`(IN `days` int)\nDELETE FROM audit");
        StringAssert.Contains(repair, $"-- DROP FUNCTION `{replica.Schema}`.`hotfix`;");
        await RepairThenDropAsync(replica, project, snapshot, repair, "DROP FUNCTION hotfix;");
    }

    [TestMethod]
    public async Task A_read_only_account_is_told_which_grants_the_schema_check_needs_and_compares_only_the_routines_it_can_see()
    {
        await using var pair = await PairAsync();
        var (source, replica, project) = (pair.Source, pair.Replica, pair.Project);
        const string Tax = "CREATE FUNCTION tax(amount decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC RETURN amount * 1.2;";
        await source.ExecuteAsync(Tax + "CREATE PROCEDURE archive(IN days int) DELETE FROM audit WHERE at < NOW() - INTERVAL days DAY;");
        var snapshot = await CaptureAsync(source, project);
        await replica.ExecuteAsync(Tax.Replace("1.2", "1.25", StringComparison.Ordinal));
        var user = $"ro_{Guid.NewGuid():N}"[..16];
        var reader = await replica.CreateReaderAsync(user, "read-only", "flyway_schema_history");

        // SELECT alone: information_schema hides view definitions (and triggers): a misconfiguration, not drift.
        await replica.ExecuteAsync($"GRANT SELECT ON `{replica.Name}`.* TO '{user}'@'%'");
        var selectOnly = await CheckAsync(replica, project, snapshot, connectionString: reader);
        var refused = selectOnly.Findings.Single();
        Assert.AreEqual("PARITY2008", refused.Code, refused.ToString());
        StringAssert.Contains(refused.Message, $"cannot read the definition of the view {replica.Name}.big_orders, so the schema cannot be compared: grant it SELECT, SHOW VIEW and TRIGGER on `{replica.Name}`");

        // With SHOW VIEW and TRIGGER: MariaDB still lists no routine to the account, so none is compared (not two reported missing).
        await replica.ExecuteAsync($"GRANT SHOW VIEW, TRIGGER ON `{replica.Name}`.* TO '{user}'@'%'");
        var readable = await CheckAsync(replica, project, snapshot, connectionString: reader);
        Assert.AreEqual(0, readable.Findings.Count, string.Join("\n", readable.Findings));

        // With EXECUTE it sees that they exist, not their bodies: the missing procedure is reported, the edited body cannot be.
        await replica.ExecuteAsync($"GRANT EXECUTE ON `{replica.Name}`.* TO '{user}'@'%'");
        var withExecute = await CheckAsync(replica, project, snapshot, connectionString: reader);
        var missing = withExecute.Findings.Single();
        Assert.AreEqual("PARITY3001", missing.Code, missing.ToString());
        StringAssert.StartsWith(missing.Message, $"Procedure {replica.Schema}.archive(IN days int) is in the schema snapshot but missing");

        // The account the migrations ran with sees the body, and the edit.
        var asOwner = await CheckAsync(replica, project, snapshot);
        CollectionAssert.AreEquivalent(new[] { "PARITY3001", "PARITY3003" }, asOwner.Findings.Select(finding => finding.Code).ToArray(), string.Join("\n", asOwner.Findings));
    }
}
