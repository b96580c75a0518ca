using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Verification;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Tests.Support;
using static ParityBuild.Replica.Tests.Support.DotNetMigrationTools;

namespace ParityBuild.Replica.Tests.History;

/// <summary>
/// grate's and Evolve's histories as the real tools write them (grate 2.3.0 run as a process, Evolve 3.2.0's Migrate),
/// each test in a database of its own, on PostgreSQL and MariaDB: a clean history is clean, with the tools' own
/// checksums of CRLF, BOM, lone-CR and non-ASCII scripts; every drift kind is found; a renamed table is read; and the
/// repair row is one the tool itself then accepts; a reformatted script's realignment UPDATE (PARITY2011), run with
/// psql/mariadb, is one the tool then accepts too (Flyway rows as Flyway writes them).
/// </summary>
public abstract class DotNetToolHistoryServerTests
{
    private static readonly ReplicaTimeouts Short = new(ConnectSeconds: 5, StatementSeconds: 10, LockSeconds: 2);

    // The probe scripts: CRLF with a quote grate doubles, a UTF-8 BOM, non-ASCII text, lone CRs.
    private const string Crlf = "CREATE TABLE t1 (id int, name varchar(50));\r\nINSERT INTO t1 VALUES (1, 'it''s');\r\n";
    private const string Bom = "\uFEFFCREATE TABLE t2 (id int);\n";
    private const string NonAscii = "CREATE TABLE t3 (name varchar(20));\nINSERT INTO t3 VALUES ('Zoë ✓ 日本');\n";
    private const string LoneCr = "CREATE TABLE t4 (id int);\rINSERT INTO t4 VALUES (4);\r";

    // Both tools read a script as File.ReadAllText does: a UTF-16 byte order mark switches the encoding, malformed
    // UTF-8 becomes U+FFFD.
    private static readonly byte[] Utf16 = [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes("CREATE TABLE t5 (id int);\r\n")];
    private static readonly byte[] MalformedUtf8 = [.. "-- caf"u8, 0xC3, 0x28, 0xFF, .. "\nCREATE TABLE t6 (id int);\n"u8];

    public TestContext TestContext { get; set; } = null!;

    protected abstract ReplicaProvider Provider { get; }

    [TestMethod]
    public async Task A_history_grate_wrote_for_CRLF_BOM_lone_CR_and_non_ASCII_scripts_is_found_and_clean()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject()
            .Script("db/up/001_crlf.sql", Crlf)
            .Script("db/up/002_bom.sql", Bom)
            .Script("db/up/003_nonascii.sql", NonAscii)
            .Script("db/up/sub/004_cr.sql", LoneCr)
            .Script("db/up/005_utf16.sql", Utf16)
            .Script("db/up/006_malformed.sql", MalformedUtf8)
            .Script("db/views/v1.sql", "CREATE OR REPLACE VIEW v1 AS SELECT id FROM t1;\n")
            .Script("db/functions/everytime.touch.sql", "SELECT 1;\n")
            .Script("db/permissions/grants.sql", "SELECT 2;\n")
            .Script("db/runAfterCreateDatabase/seed.sql", "SELECT 3;\n");

        await GrateAsync(db, project.PathOf("db"), expectSuccess: true);
        var result = await CheckAsync(project, db);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        StringAssert.Contains(result.Summary, "grate history");
        Assert.AreEqual(MigrationTool.Grate, result.Table!.Tool);
        Assert.AreEqual(9, result.Statuses.Count(status => status.State == ReplicaState.Applied), string.Join("\n", result.Statuses));
        foreach (var name in new[] { "001_crlf.sql", "002_bom.sql", "003_nonascii.sql", "sub/004_cr.sql", "005_utf16.sql", "006_malformed.sql" })
        {
            var stored = await db.ScalarAsync($"SELECT text_hash FROM {GrateTable(db)} WHERE script_name = '{name}'");
            Assert.AreEqual(GrateChecksum.Compute(File.ReadAllBytes(project.PathOf("db/up/" + name))), stored, name);
        }

        // A changed view is pending until grate runs it again, and then its latest row is the one compared.
        project.Edit("db/views/v1.sql", "CREATE OR REPLACE VIEW v1 AS SELECT id, 2 AS two FROM t1;\n");
        Assert.AreEqual("PARITY2004", (await CheckAsync(project, db)).Findings.Single().Code);
        await GrateAsync(db, project.PathOf("db"), expectSuccess: true);
        Assert.AreEqual(0, (await CheckAsync(project, db)).Findings.Count);
    }

    [TestMethod]
    public async Task Every_drift_kind_of_a_grate_history_is_found_and_grate_itself_refuses_the_edit()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject();

        var result = await DriftAsync(db, project, new Layout("db/up/00{0}_{1}.sql", "db/views/v_users.sql", (db, success) => GrateAsync(db, project.PathOf("db"), success)));

        StringAssert.StartsWith(Single(result, "PARITY2001").Message, "One-time script '003_hotfix.sql' is applied on the replica (grate in");
        StringAssert.Contains(Single(result, "PARITY2002").Message, GrateChecksum.Compute(System.Text.Encoding.UTF8.GetBytes(Users)));
        StringAssert.Contains(result.Summary, ": 5 rows, 1 applied, 2 pending, 1 without a script, 1 changed, 1 failed.");
        var again = await GrateAsync(db, project.PathOf("db"), expectSuccess: false);
        StringAssert.Contains(again.Output, "001_users.sql");
    }

    [TestMethod]
    public async Task A_grate_history_under_another_schema_is_read_when_ParityHistory_names_it()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("db/up/001_users.sql", "CREATE TABLE users (id int);\n");
        await GrateAsync(db, project.PathOf("db"), expectSuccess: true, "--schema=ops");

        // PostgreSQL: the schema ops; MariaDB has none, so grate prefixes the table's name with it.
        var result = await CheckAsync(project, db, settings => db.IsPostgres
            ? settings with { History = "grate", HistorySchema = "ops" }
            : settings with { History = "grate", HistoryTable = "ops_ScriptsRun" });

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(ReplicaState.Applied, result.Statuses.Single().State);
        Assert.AreEqual(db.IsPostgres ? "ops.ScriptsRun" : $"{db.Name}.ops_ScriptsRun", result.Table!.Display);
    }

    [TestMethod]
    public async Task The_repair_row_for_a_script_applied_by_hand_is_one_grate_then_skips()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("db/up/001_users.sql", "CREATE TABLE users (id int);\n");
        await GrateAsync(db, project.PathOf("db"), expectSuccess: true);
        const string Orders = "CREATE TABLE orders (id int, note varchar(20) DEFAULT 'n''a');\r\n";
        project.Script("db/up/002_orders.sql", Orders);
        await db.ExecuteAsync(Orders);

        await RepairAsync(project, db);

        // grate would fail on CREATE TABLE orders had it run the script again: it took the row as its own.
        await GrateAsync(db, project.PathOf("db"), expectSuccess: true);
        Assert.AreEqual(0, (await CheckAsync(project, db)).Findings.Count);
    }

    [TestMethod]
    public async Task A_history_Evolve_wrote_for_CRLF_BOM_lone_CR_and_non_ASCII_scripts_is_found_and_clean()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject()
            .Script("sql/V1__crlf.sql", Crlf)
            .Script("sql/V1_1__bom.sql", Bom)
            .Script("sql/V2__non_ascii.sql", NonAscii)
            .Script("sql/V3__cr.sql", LoneCr)
            .Script("sql/V4__utf16.sql", Utf16)
            .Script("sql/V5__malformed.sql", MalformedUtf8)
            .Script("sql/R__view.sql", "CREATE OR REPLACE VIEW v1 AS SELECT id FROM t1;\n");

        await EvolveAsync(db, project, expectSuccess: true);
        var result = await CheckAsync(project, db);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        StringAssert.Contains(result.Summary, "Evolve history");
        Assert.AreEqual(MigrationTool.Evolve, result.Table!.Tool);
        Assert.AreEqual(7, result.Statuses.Count(status => status.State == ReplicaState.Applied), string.Join("\n", result.Statuses));
        foreach (var name in new[] { "V1__crlf.sql", "V1_1__bom.sql", "V2__non_ascii.sql", "V3__cr.sql", "V4__utf16.sql", "V5__malformed.sql" })
        {
            var stored = await db.ScalarAsync($"SELECT checksum FROM {db.Quote("changelog")} WHERE name = '{name}'");
            Assert.AreEqual(EvolveChecksum.Compute(File.ReadAllBytes(project.PathOf("sql/" + name))), stored, name);
        }

        // A changed repeatable is pending until Evolve runs it again, and then its latest row is the one compared.
        project.Edit("sql/R__view.sql", "CREATE OR REPLACE VIEW v1 AS SELECT id, 2 AS two FROM t1;\n");
        Assert.AreEqual("PARITY2004", (await CheckAsync(project, db)).Findings.Single().Code);
        await EvolveAsync(db, project, expectSuccess: true);
        Assert.AreEqual(0, (await CheckAsync(project, db)).Findings.Count);
    }

    [TestMethod]
    public async Task Every_drift_kind_of_an_Evolve_history_is_found_and_Evolve_itself_refuses_the_edit()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject();

        var result = await DriftAsync(db, project, new Layout("sql/V{0}__{1}.sql", "sql/R__v_users.sql", (db, success) => EvolveAsync(db, project, success)));

        StringAssert.StartsWith(Single(result, "PARITY2001").Message, "Version 3 (hotfix) is applied on the replica (Evolve in");
        StringAssert.Contains(Single(result, "PARITY2002").Message, EvolveChecksum.Compute(System.Text.Encoding.UTF8.GetBytes(Users)));
        Assert.IsNotNull(await MigrateWithEvolveAsync(db, project.PathOf("sql")), "Evolve's validation accepted the edited migration");
    }

    [TestMethod]
    public async Task A_renamed_Evolve_changelog_is_read_when_ParityHistoryTable_names_it()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("sql/V1__users.sql", "CREATE TABLE users (id int);\n");
        await EvolveAsync(db, project, expectSuccess: true, evolve => evolve.MetadataTableName = "evolve_history");

        var result = await CheckAsync(project, db, settings => settings with { History = "evolve", HistoryTable = "evolve_history" });

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(ReplicaState.Applied, result.Statuses.Single().State);
    }

    [TestMethod]
    public async Task The_repair_row_for_a_script_applied_by_hand_is_one_Evolve_then_validates()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("sql/V1__users.sql", "CREATE TABLE users (id int);\n");
        await EvolveAsync(db, project, expectSuccess: true);
        const string Orders = "CREATE TABLE orders (id int, note varchar(20) DEFAULT 'n''a');\r\n";
        project.Script("sql/V2__orders.sql", Orders);
        await db.ExecuteAsync(Orders);

        await RepairAsync(project, db);

        // Evolve validates every applied checksum and would fail on CREATE TABLE orders had it run the script again.
        await EvolveAsync(db, project, expectSuccess: true);
        Assert.AreEqual(0, (await CheckAsync(project, db)).Findings.Count);
    }

    [TestMethod]
    public async Task A_licence_header_added_to_scripts_Evolve_applied_is_PARITY2011_and_its_UPDATE_lets_Evolve_and_the_next_check_pass()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("sql/V1__users.sql", Users).Script("sql/V2__orders.sql", "CREATE TABLE orders (id int, note varchar(20));\n");
        await EvolveAsync(db, project, expectSuccess: true);
        Baseline(project, accept: false);

        // A licence header on every applied script, and a formatter's line break: taken in as cosmetic.
        const string Header = "-- Copyright 2026 Example Ltd. Licensed under the MIT licence; it's in LICENSE.\n";
        project.Edit("sql/V1__users.sql", Header + "CREATE TABLE users (\n  id int\n);\n")
            .Edit("sql/V2__orders.sql", Header + "CREATE TABLE orders (id int, note varchar(20));\n");
        CollectionAssert.AreEquivalent(new[] { "PARITY1009", "PARITY1009" }, Baseline(project, accept: true));
        Assert.IsNotNull(await MigrateWithEvolveAsync(db, project.PathOf("sql")), "Evolve validated the reformatted scripts before the realignment");

        var before = await CheckAsync(project, db, manifest: Manifest(project));

        CollectionAssert.AreEquivalent(new[] { "PARITY2011", "PARITY2011" }, Codes(before), string.Join("\n", before.Findings));
        Assert.IsTrue(before.Findings.All(finding => finding.Severity == Severity.Warning));
        var repair = before.Repairs.Single(file => file.Name == "history-repair.sql");
        Assert.AreEqual(2, repair.Text.Split('\n').Count(line => line.StartsWith("UPDATE ", StringComparison.Ordinal)), repair.Text);
        var path = project.PathOf("history-repair.sql");
        await File.WriteAllTextAsync(path, repair.Text, TestContext.CancellationToken);
        var run = await SqlClient.RunFileAsync(db, path, project.Directory);
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        await EvolveAsync(db, project, expectSuccess: true);
        var after = await CheckAsync(project, db, manifest: Manifest(project));
        Assert.AreEqual(0, after.Findings.Count, string.Join("\n", after.Findings));
        Assert.AreEqual(0, after.Repairs.Count);
    }

    [TestMethod]
    public async Task A_licence_header_added_to_a_script_grate_applied_is_PARITY2011_and_its_UPDATE_lets_grate_and_the_next_check_pass()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("db/up/001_users.sql", Users);
        await GrateAsync(db, project.PathOf("db"), expectSuccess: true);
        Baseline(project, accept: false, new GrateHistory());
        project.Edit("db/up/001_users.sql", "-- Copyright 2026 Example Ltd. Licensed under the MIT licence: it's in LICENSE.\n" + Users);
        CollectionAssert.AreEqual(new[] { "PARITY1009" }, Baseline(project, accept: true, new GrateHistory()));
        await GrateAsync(db, project.PathOf("db"), expectSuccess: false);

        var before = await CheckAsync(project, db, manifest: Manifest(project));

        CollectionAssert.AreEqual(new[] { "PARITY2011" }, Codes(before), string.Join("\n", before.Findings));
        var repair = before.Repairs.Single(file => file.Name == "history-repair.sql");
        var path = project.PathOf("history-repair.sql");
        await File.WriteAllTextAsync(path, repair.Text, TestContext.CancellationToken);
        var run = await SqlClient.RunFileAsync(db, path, project.Directory);
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        await GrateAsync(db, project.PathOf("db"), expectSuccess: true);
        var after = await CheckAsync(project, db, manifest: Manifest(project));
        Assert.AreEqual(0, after.Findings.Count, string.Join("\n", after.Findings));
    }

    [TestMethod]
    public async Task A_reformatted_grate_script_whose_earlier_text_and_name_hold_quotes_is_realigned_by_a_repair_that_leaves_other_rows_alone()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        const string Notes = "CREATE TABLE notes (id int, note varchar(20) DEFAULT 'it''s');\n";
        using var project = new TestProject().Script("db/up/001_o'brien.sql", Notes).Script("db/up/002_orders.sql", "CREATE TABLE orders (id int);\n").Commit();
        await GrateAsync(db, project.PathOf("db"), expectSuccess: true);
        Baseline(project, accept: false);
        project.Edit("db/up/001_o'brien.sql", "-- Copyright 2026 Example Ltd.\nCREATE TABLE notes (\n  id int,\n  note varchar(20) DEFAULT 'it''s'\n);\n");
        CollectionAssert.AreEqual(new[] { "PARITY1009" }, Baseline(project, accept: true));
        await GrateAsync(db, project.PathOf("db"), expectSuccess: false);
        var orders = $"SELECT text_hash FROM {GrateTable(db)} WHERE script_name = '002_orders.sql'";
        var ordersHash = await db.ScalarAsync(orders);

        var before = await CheckAsync(project, db, manifest: Manifest(project));

        CollectionAssert.AreEqual(new[] { "PARITY2011" }, Codes(before), string.Join("\n", before.Findings));
        var path = project.PathOf("history-repair.sql");
        await File.WriteAllTextAsync(path, before.Repairs.Single(file => file.Name == "history-repair.sql").Text, TestContext.CancellationToken);
        var run = await SqlClient.RunFileAsync(db, path, project.Directory);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(ordersHash, await db.ScalarAsync(orders));

        await GrateAsync(db, project.PathOf("db"), expectSuccess: true);
        Assert.AreEqual(0, (await CheckAsync(project, db, manifest: Manifest(project))).Findings.Count);
    }

    [TestMethod]
    public async Task A_licence_header_on_a_script_in_a_Flyway_history_gets_the_UPDATE_that_stores_its_new_crc32_and_only_in_that_row()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        const string Orders = "CREATE TABLE orders (id int);\n";
        using var project = new TestProject().Script("sql/V1__users.sql", Users).Script("sql/V2__orders.sql", Orders);
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        await db.ExecuteAsync(HistoryDdl.FlywayRow(1, "1", "users", "SQL", "V1__users.sql", TestProject.Flyway(Users)));
        await db.ExecuteAsync(HistoryDdl.FlywayRow(2, "2", "orders", "SQL", "V2__orders.sql", TestProject.Flyway(Orders)));
        Baseline(project, accept: false, new FlywayHistory());
        const string Reformatted = "/* Copyright 2026 Example Ltd. */\nCREATE TABLE users (id int);\n";
        project.Edit("sql/V1__users.sql", Reformatted);
        Baseline(project, accept: true, new FlywayHistory());

        var before = await CheckAsync(project, db, manifest: Manifest(project));

        CollectionAssert.AreEqual(new[] { "PARITY2011" }, Codes(before), string.Join("\n", before.Findings));
        var path = project.PathOf("history-repair.sql");
        await File.WriteAllTextAsync(path, before.Repairs.Single(file => file.Name == "history-repair.sql").Text, TestContext.CancellationToken);
        var run = await SqlClient.RunFileAsync(db, path, project.Directory);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual((long)TestProject.Flyway(Reformatted), Convert.ToInt64(await db.ScalarAsync("SELECT checksum FROM flyway_schema_history WHERE version = '1'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual((long)TestProject.Flyway(Orders), Convert.ToInt64(await db.ScalarAsync("SELECT checksum FROM flyway_schema_history WHERE version = '2'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(0, (await CheckAsync(project, db, manifest: Manifest(project))).Findings.Count);
    }

    [TestMethod]
    public async Task A_real_edit_of_a_script_Evolve_applied_stays_PARITY2002_with_no_UPDATE_even_after_a_cosmetic_one()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("sql/V1__users.sql", Users);
        await EvolveAsync(db, project, expectSuccess: true);
        Baseline(project, accept: false);
        project.Edit("sql/V1__users.sql", "-- licence\n" + Users);
        Baseline(project, accept: true);
        project.Edit("sql/V1__users.sql", "-- licence\nCREATE TABLE users (id bigint);\n");
        CollectionAssert.AreEqual(new[] { "PARITY1001" }, Baseline(project, accept: true));

        var result = await CheckAsync(project, db, manifest: Manifest(project));

        CollectionAssert.AreEqual(new[] { "PARITY2002" }, Codes(result), string.Join("\n", result.Findings));
        Assert.IsFalse(result.Repairs.Any(file => file.Text.Contains("UPDATE", StringComparison.Ordinal)));
        Assert.IsNotNull(await MigrateWithEvolveAsync(db, project.PathOf("sql")), "Evolve accepted the edited migration");
    }

    // A developer build with ParityHistory=evolve (it records Evolve's md5; or the history given), then ParityAccept if asked: what the build reported.
    private static string[] Baseline(TestProject project, bool accept, HistoryReader? history = null)
    {
        var options = new VerifyOptions(project.Directory, project.PathOf("migrations.baseline.json")) { ManifestDigests = RawDigest.InManifest((history ?? new EvolveHistory()).RawDigest) };
        var built = Verifier.Run(project.Scripts, options);
        if (accept)
        {
            Assert.IsTrue(Verifier.Run(project.Scripts, options with { Accept = true }).Findings.All(finding => finding.Severity != Severity.Error));
        }

        Assert.IsTrue(File.Exists(project.PathOf("migrations.baseline.json")));
        return [.. built.Findings.Where(finding => finding.Code != "PARITY1003").Select(finding => finding.Code)];
    }

    private static Manifest Manifest(TestProject project) => ManifestReader.Read(project.PathOf("migrations.baseline.json"));

    private const string Users = "CREATE TABLE users (id int);\n";

    /// <summary>Where a tool keeps versioned scripts (<c>{0}</c> the number, <c>{1}</c> the name) and a re-runnable view, and how it migrates.</summary>
    private sealed record Layout(string Versioned, string View, Func<TestDatabase, bool, Task> Migrate)
    {
        public string Script(int number, string name) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Versioned, number, name);
    }

    // Applied by the tool: users, orders, hotfix and a view; then a broken script fails. In the repository afterwards:
    // users edited, hotfix gone, the view edited, a new script. Each is its own finding, as the tool itself sees it.
    private async Task<ReplicaCheckResult> DriftAsync(TestDatabase db, TestProject project, Layout layout)
    {
        project.Script(layout.Script(1, "users"), Users)
            .Script(layout.Script(2, "orders"), "CREATE TABLE orders (id int);\n")
            .Script(layout.Script(3, "hotfix"), "CREATE TABLE hotfix (id int);\n")
            .Script(layout.View, "CREATE OR REPLACE VIEW v_users AS SELECT id FROM users;\n");
        await layout.Migrate(db, true);
        project.Script(layout.Script(4, "broken"), "INSERT INTO no_such_table VALUES (1);\n");
        await layout.Migrate(db, false);

        project.Edit(layout.Script(1, "users"), "CREATE TABLE users (id int, email varchar(100));\n")
            .Remove(layout.Script(3, "hotfix"))
            .Edit(layout.View, "CREATE OR REPLACE VIEW v_users AS SELECT id, 1 AS one FROM users;\n")
            .Script(layout.Script(5, "new"), "CREATE TABLE fresh (id int);\n");
        var result = await CheckAsync(project, db);

        CollectionAssert.AreEquivalent(new[] { "PARITY2001", "PARITY2002", "PARITY2003", "PARITY2004" }, Codes(result), string.Join("\n", result.Findings));
        Assert.AreEqual(project.PathOf(layout.Script(1, "users")), Single(result, "PARITY2002").File);
        Assert.AreEqual(project.PathOf(layout.Script(4, "broken")), Single(result, "PARITY2003").File);
        var pending = Single(result, "PARITY2004").Message;
        StringAssert.Contains(pending, layout.Script(5, "new"));
        StringAssert.Contains(pending, layout.View);
        return result;
    }

    // The check finds the last script pending; its repair statement is run; the check then finds everything applied.
    private async Task RepairAsync(TestProject project, TestDatabase db)
    {
        var before = await CheckAsync(project, db);
        Assert.AreEqual(1, before.Statuses.Count(status => status.State == ReplicaState.Pending), string.Join("\n", before.Findings));
        var reader = HistoryReader.For(before.Table!.Tool)!;
        var sets = MigrationDiscovery.Discover(project.Scripts).Sets;
        var locals = reader.Locals(LocalSources.Create(sets.Count == 0 ? [] : sets[0].Migrations, null, "", project.EfMigrations, project.Scripts));
        var pending = locals.Single(local => local.Path == project.Scripts[^1].RelativePath);

        var sql = reader.RecordStatement(before.Table, pending, locals, [], db.Quote, mySql: !db.IsPostgres);

        Assert.IsNotNull(sql);
        await db.ExecuteAsync(sql);
        var after = await CheckAsync(project, db);
        Assert.AreEqual(0, after.Findings.Count, string.Join("\n", after.Findings));
        Assert.IsTrue(after.Statuses.All(status => status.State == ReplicaState.Applied), string.Join("\n", after.Statuses));
    }

    private static async Task<EndToEnd.Tests.Support.ProcessRunner.Result> GrateAsync(TestDatabase db, string folder, bool expectSuccess, params string[] options)
    {
        var result = await RunGrateAsync(db, folder, options);
        Assert.AreEqual(expectSuccess, result.ExitCode == 0, Scrubbed(result.ToString(), db));
        return result;
    }

    private static async Task EvolveAsync(TestDatabase db, TestProject project, bool expectSuccess, Action<EvolveDb.Evolve>? configure = null)
    {
        var failure = await MigrateWithEvolveAsync(db, project.PathOf("sql"), configure);
        Assert.AreEqual(expectSuccess, failure is null, failure?.ToString());
    }

    // grate echoes nothing secret, but its failures may quote the connection string: never into a test log.
    private static string Scrubbed(string output, TestDatabase db) => output.Replace(db.ConnectionString, "<connection string>", StringComparison.Ordinal);

    private static string GrateTable(TestDatabase db) => db.IsPostgres ? "grate.\"ScriptsRun\"" : "grate_ScriptsRun";

    private Task<ReplicaCheckResult> CheckAsync(TestProject project, TestDatabase db, Func<ReplicaSettings, ReplicaSettings>? configure = null, Manifest? manifest = null)
    {
        var settings = new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = Short };
        return ReplicaCheck.RunAsync(project.Scripts, manifest, project.EfMigrations, configure?.Invoke(settings) ?? settings, TestContext.CancellationToken);
    }

    private static string[] Codes(ReplicaCheckResult result) => [.. result.Findings.Select(finding => finding.Code)];

    private static Finding Single(ReplicaCheckResult result, string code) => result.Findings.Single(finding => finding.Code == code);
}

[TestClass]
public sealed class PostgresDotNetToolHistoryTests : DotNetToolHistoryServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.Postgres;
}

[TestClass]
public sealed class MySqlDotNetToolHistoryTests : DotNetToolHistoryServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.MySql;
}
