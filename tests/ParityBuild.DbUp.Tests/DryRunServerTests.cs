using System.Diagnostics;
using DbUp;
using DbUp.Engine;
using ParityBuild.DbUp.DryRun;
using ParityBuild.Tests.Shared;

namespace ParityBuild.DbUp.Tests;

/// <summary>
/// Dry runs on a real PostgreSQL server (and a real MariaDB, for the refusal), each in a database of its own that DbUp
/// has already deployed V1 to through the journal. The proof that nothing changed is the schema and the history read
/// before and after.
/// </summary>
[TestClass]
public sealed class DryRunServerTests
{
    private static readonly DryRunScript V1 = Script("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY);");

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_dry_run_that_passes_runs_only_the_pending_scripts_and_leaves_the_database_exactly_as_before()
    {
        await using var db = await DeployedAsync();
        var before = await SnapshotAsync(db);
        var progress = new List<string>();

        var result = await ParityDryRun.RunAsync(Options(db), [V1, Script("V2__email.sql", "ALTER TABLE users ADD email varchar(320);\nCREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));")], progress.Add, TestContext.CancellationToken);

        Assert.IsTrue(result.Passed, string.Join("\n", result.Findings));
        CollectionAssert.AreEqual(new[] { "V2__email.sql" }, result.Ran.ToArray());
        Assert.IsTrue(progress.Any(line => line.Contains("running V2__email.sql", StringComparison.Ordinal)), string.Join("\n", progress));
        CollectionAssert.AreEqual(before, await SnapshotAsync(db));
    }

    [TestMethod]
    public async Task A_script_that_fails_half_way_is_reported_with_the_script_the_line_and_the_statement_and_nothing_is_left()
    {
        await using var db = await DeployedAsync();
        var before = await SnapshotAsync(db);
        var v2 = Script("V2__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY);\n\nALTER TABLE users\n    ADD COLUMN name text NOT NULL DEFAULT 'x',\n    ADD COLUMN name text;\n");

        var result = await ParityDryRun.RunAsync(Options(db), [V1, v2], null, TestContext.CancellationToken);

        Assert.IsFalse(result.Passed);
        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY5001", finding.Code, finding.Message);
        Assert.AreEqual(v2.Path, finding.File);
        Assert.AreEqual(3, finding.Line, finding.Message);
        StringAssert.Contains(finding.Message, "V2__orders.sql");
        StringAssert.Contains(finding.Message, "42701");
        StringAssert.Contains(finding.Message, "ADD COLUMN name text");
        CollectionAssert.AreEqual(before, await SnapshotAsync(db));
        Assert.IsFalse(await db.HasTableAsync("orders"));
    }

    [TestMethod]
    public async Task A_script_with_CREATE_INDEX_CONCURRENTLY_is_reported_as_not_dry_runnable_and_nothing_runs()
    {
        await using var db = await DeployedAsync();
        var before = await SnapshotAsync(db);
        var v2 = Script("V2__table.sql", "CREATE TABLE orders (id int PRIMARY KEY);");
        var v3 = Script("V3__index.sql", "-- CREATE INDEX CONCURRENTLY in a comment is not a statement\nSELECT 'VACUUM';\nCREATE INDEX CONCURRENTLY users_id ON users (id);\n");

        var result = await ParityDryRun.RunAsync(Options(db), [V1, v2, v3], null, TestContext.CancellationToken);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY5002", finding.Code);
        Assert.AreEqual(3, finding.Line);
        StringAssert.Contains(finding.Message, "CREATE INDEX CONCURRENTLY cannot be dry-run in a transaction");
        Assert.IsEmpty(result.Ran);
        CollectionAssert.AreEqual(before, await SnapshotAsync(db));
    }

    [TestMethod]
    public async Task A_script_with_its_own_BEGIN_and_COMMIT_is_refused_with_PARITY5006_and_the_database_is_byte_for_byte_the_same()
    {
        await using var db = await DeployedAsync();
        var before = await FullSnapshotAsync(db);
        var v2 = Script("V2__orders.sql", "-- COMMIT; in a comment is not a statement\nBEGIN;\nCREATE TABLE orders (id int PRIMARY KEY);\nINSERT INTO users VALUES (7);\nCOMMIT;\n");

        var result = await ParityDryRun.RunAsync(Options(db), [V1, v2], null, TestContext.CancellationToken);

        Assert.IsFalse(result.Passed);
        CollectionAssert.AreEqual(new[] { "PARITY5006", "PARITY5006" }, result.Findings.Select(finding => finding.Code).ToArray(), string.Join("\n", result.Findings));
        Assert.AreEqual(v2.Path, result.Findings[0].File);
        Assert.AreEqual(2, result.Findings[0].Line);
        Assert.AreEqual(5, result.Findings[1].Line);
        StringAssert.Contains(result.Findings[0].Message, "V2__orders.sql line 2: BEGIN controls the transaction");
        StringAssert.Contains(result.Findings[1].Message, "COMMIT controls the transaction");
        Assert.IsEmpty(result.Ran);
        CollectionAssert.AreEqual(before, await FullSnapshotAsync(db));
    }

    [TestMethod]
    public async Task A_DO_block_that_commits_is_refused_but_PLpgSQL_BEGIN_in_functions_and_DO_blocks_runs_and_is_rolled_back()
    {
        await using var db = await DeployedAsync();
        var before = await FullSnapshotAsync(db);
        var plpgsql = Script("V2__plpgsql.sql", "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;\nDO $body$ BEGIN INSERT INTO users VALUES (f()); END $body$;\nSELECT 'COMMIT';\n");

        var passed = await ParityDryRun.RunAsync(Options(db), [V1, plpgsql], null, TestContext.CancellationToken);

        Assert.IsTrue(passed.Passed, string.Join("\n", passed.Findings));
        CollectionAssert.AreEqual(before, await FullSnapshotAsync(db));

        var committing = Script("V3__batches.sql", "DO $$\nBEGIN\n  INSERT INTO users VALUES (8);\n  COMMIT;\nEND $$;\n");
        var refused = await ParityDryRun.RunAsync(Options(db), [V1, plpgsql, committing], null, TestContext.CancellationToken);

        var finding = refused.Findings.Single();
        Assert.AreEqual("PARITY5006", finding.Code);
        Assert.AreEqual(committing.Path, finding.File);
        Assert.AreEqual(4, finding.Line);
        Assert.IsEmpty(refused.Ran);
        CollectionAssert.AreEqual(before, await FullSnapshotAsync(db));
    }

    [TestMethod]
    public async Task A_CALL_of_a_committing_procedure_the_scripts_do_not_create_fails_inside_the_transaction_and_nothing_persists()
    {
        await using var db = await DeployedAsync();
        await db.ExecuteAsync("CREATE PROCEDURE batch() LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE batched (id int); COMMIT; END $$;");
        var before = await FullSnapshotAsync(db);
        var v2 = Script("V2__batch.sql", "SAVEPOINT a;\nINSERT INTO users VALUES (9);\nROLLBACK TO SAVEPOINT a;\nCALL batch();\n");

        var result = await ParityDryRun.RunAsync(Options(db), [V1, v2], null, TestContext.CancellationToken);

        // PostgreSQL itself refuses a COMMIT in a procedure called inside a transaction block (2D000).
        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY5001", finding.Code, finding.Message);
        StringAssert.Contains(finding.Message, "2D000");
        Assert.AreEqual(4, finding.Line);
        CollectionAssert.AreEqual(before, await FullSnapshotAsync(db));
        Assert.IsFalse(await db.HasTableAsync("batched"));
    }

    [TestMethod]
    public async Task A_script_that_ends_the_transaction_unseen_is_caught_after_it_runs_and_never_reported_as_rolled_back()
    {
        await using var db = await DeployedAsync();
        var v2 = Script("V2__orders.sql", "COMMIT;\nCREATE TABLE orders (id int PRIMARY KEY);\n");
        var v3 = Script("V3__more.sql", "CREATE TABLE more (id int PRIMARY KEY);\n");

        // The check before the run is switched off here, as if a script had slipped past it.
        var result = await ParityDryRun.RunAsync(Options(db) with { SkipTransactionControlCheck = true }, [V1, v2, v3], null, TestContext.CancellationToken);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY5006", finding.Code, finding.ToString());
        StringAssert.Contains(finding.Message, "the dry run's transaction was no longer open");
        Assert.DoesNotContain("rolled back", finding.Message);
        Assert.DoesNotContain("rolled back", result.Summary);
        Assert.IsFalse(await db.HasTableAsync("more"), "no script may run after the transaction is gone");
    }

    [TestMethod]
    public async Task A_journal_that_cannot_be_read_is_a_coded_finding_and_nothing_runs()
    {
        await using var db = await TestDatabase.CreateAsync(postgres: true);
        await db.ExecuteAsync("CREATE TABLE parity_journal (unexpected int);");

        var result = await ParityDryRun.RunAsync(Options(db), [V1], null, TestContext.CancellationToken);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY5005", finding.Code, finding.Message);
        StringAssert.Contains(finding.Message, "the journal could not be read");
        Assert.IsEmpty(result.Ran);
        Assert.IsFalse(await db.HasTableAsync("users"));
    }

    [TestMethod]
    public async Task MySQL_and_MariaDB_are_refused_and_no_script_runs_there()
    {
        await using var db = await TestDatabase.CreateAsync(postgres: false);

        var result = await ParityDryRun.RunAsync(new DryRunOptions(db.ConnectionString, DryRunEngine.MySql, db.Name), [Script("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY);")], null, TestContext.CancellationToken);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY5003", finding.Code);
        StringAssert.Contains(finding.Message, "commits every CREATE, ALTER and DROP at once");
        Assert.IsFalse(await db.HasTableAsync("users"));
    }

    [TestMethod]
    public async Task A_read_only_session_is_refused_before_anything_runs()
    {
        await using var db = await DeployedAsync();
        await db.ExecuteAsync($"ALTER DATABASE {db.Quote(db.Name)} SET default_transaction_read_only = on");

        var result = await ParityDryRun.RunAsync(Options(db), [V1, Script("V2__t.sql", "CREATE TABLE t (id int);")], null, TestContext.CancellationToken);

        Assert.AreEqual("PARITY5004", result.Findings.Single().Code);
        StringAssert.Contains(result.Findings[0].Message, "transaction_read_only is on");
    }

    [TestMethod]
    public async Task A_hot_standby_is_refused_before_anything_runs()
    {
        await using var db = await DeployedAsync();
        var standby = await HotStandby.ReplayedAsync(db.Name, "SELECT count(*) FROM parity_journal", 1);

        var result = await ParityDryRun.RunAsync(new DryRunOptions(standby, DryRunEngine.PostgreSql, db.Name), [V1, Script("V2__t.sql", "CREATE TABLE t (id int);")], null, TestContext.CancellationToken);

        Assert.AreEqual("PARITY5004", result.Findings.Single().Code, string.Join("\n", result.Findings));
        StringAssert.Contains(result.Findings[0].Message, "is a hot standby (pg_is_in_recovery() is true)");
        Assert.AreEqual(0, result.Ran.Count);
    }

    [TestMethod]
    public async Task Cancelling_while_a_script_runs_stops_it_promptly_and_rolls_everything_back()
    {
        await using var db = await DeployedAsync();
        var before = await SnapshotAsync(db);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        var v2 = Script("V2__table.sql", "CREATE TABLE orders (id int PRIMARY KEY);");
        var v3 = Script("V3__slow.sql", "SELECT pg_sleep(5);");
        var stopwatch = Stopwatch.StartNew();

        var run = ParityDryRun.RunAsync(Options(db), [V1, v2, v3], line => { if (line.Contains("running V3", StringComparison.Ordinal)) cancel.CancelAfter(300); }, cancel.Token);

        await Assert.ThrowsAsync<OperationCanceledException>(() => run);
        Assert.IsLessThan(4000, stopwatch.ElapsedMilliseconds, $"took {stopwatch.ElapsedMilliseconds} ms");
        CollectionAssert.AreEqual(before, await SnapshotAsync(db));
        var sessions = await db.RowsAsync($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db.Name}' AND application_name LIKE 'ParityDryRun%'");
        Assert.AreEqual(0L, sessions[0][0]);
    }

    private static DryRunScript Script(string name, string contents) => new(name, "/repo/Migrations/" + name, contents);

    private static DryRunOptions Options(TestDatabase db) => new(db.ConnectionString, DryRunEngine.PostgreSql, db.Name) { StatementSeconds = 20 };

    /// <summary>A PostgreSQL database DbUp has deployed V1 to through the journal.</summary>
    private static async Task<TestDatabase> DeployedAsync()
    {
        var db = await TestDatabase.CreateAsync(postgres: true);
        var result = DeployChanges.To.PostgresqlDatabase(db.ConnectionString).WithScripts(new SqlScript(V1.Name, V1.Contents)).JournalToParity().LogToNowhere().Build().PerformUpgrade();
        Assert.IsTrue(result.Successful, result.Error?.ToString());
        return db;
    }

    // Byte for byte: every table's rows as text (the journal's too), in a stable order, beside the column snapshot.
    private static async Task<string[]> FullSnapshotAsync(TestDatabase db)
    {
        var tables = await db.RowsAsync("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
        var rows = new List<string>(await SnapshotAsync(db));
        foreach (var table in tables.Select(row => (string)row[0]!))
        {
            var content = await db.RowsAsync($"SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM {table} t");
            rows.Add(table + ": " + content[0][0]);
        }

        return [.. rows];
    }

    // Every user table's columns with their types and nullability, every index, and the history rows.
    private static async Task<string[]> SnapshotAsync(TestDatabase db)
    {
        var columns = await db.RowsAsync("SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3");
        var indexes = await db.RowsAsync("SELECT schemaname, indexname, indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2");
        var history = await db.RowsAsync("SELECT id, script_name, sha256, version, applied_at, duration_ms, source FROM parity_journal ORDER BY id");
        return [.. columns.Concat(indexes).Concat(history).Select(row => string.Join("|", row.Select(value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))))];
    }
}
