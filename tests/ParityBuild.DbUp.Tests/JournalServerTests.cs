using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;
using ParityBuild.Replica.Connection;

namespace ParityBuild.DbUp.Tests;

/// <summary>
/// Real DbUp runs (dbup-core and dbup-postgresql from NuGet) through the journal on real PostgreSQL and MariaDB servers,
/// each test in a database of its own; then ParityBuild's replica check reading what the journal wrote.
/// </summary>
public abstract class JournalServerTests
{
    protected const string Prefix = "ParityBuild.DbUp.Tests.Scripts.";

    protected static readonly SqlScript[] Scripts =
    [
        new("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY);"),
        new("V2__email.sql", "ALTER TABLE users ADD email varchar(320);"),
    ];

    public TestContext TestContext { get; set; } = null!;

    protected abstract bool Postgres { get; }

    protected abstract UpgradeEngineBuilder To(string connectionString);

    /// <summary>The database as DbUp left it with its own journal, schemaversions, after running <see cref="Scripts"/>.</summary>
    protected abstract Task DeployedByPlainDbUpAsync(TestDatabase db);

    [TestMethod]
    public async Task A_DbUp_run_through_the_journal_records_name_checksum_version_time_and_duration_of_every_script()
    {
        await using var db = await TestDatabase.CreateAsync(Postgres);
        var before = DateTime.UtcNow.AddMinutes(-1);

        var result = To(db.ConnectionString).WithScriptsEmbeddedInAssembly(typeof(JournalServerTests).Assembly).JournalToParity().LogToNowhere().Build().PerformUpgrade();

        Assert.IsTrue(result.Successful, result.Error?.ToString());
        Assert.AreEqual(3, result.Scripts.Count());
        var rows = await db.RowsAsync("SELECT script_name, sha256, version, applied_at, duration_ms, source FROM parity_journal ORDER BY id");
        CollectionAssert.AreEqual(
            new[] { Prefix + "V1__create_users.sql", Prefix + "V2__add_email.sql", Prefix + "after_V2_index_email.sql" },
            rows.Select(row => (string)row[0]!).ToArray());
        foreach (var row in rows)
        {
            var name = ((string)row[0]!)[Prefix.Length..];
            Assert.AreEqual(ParityScript.Checksum(File.ReadAllText(ScriptPath(name))), row[1], name);
            Assert.IsTrue((DateTime)row[3]! > before && (DateTime)row[3]! <= DateTime.UtcNow.AddMinutes(1), $"{name}: {row[3]}");
            Assert.IsInstanceOfType<long>(row[4], name);
            Assert.IsTrue((long)row[4]! >= 0, name);
            Assert.AreEqual("executed", row[5], name);
        }

        CollectionAssert.AreEqual(new object?[] { "1", "2", null }, rows.Select(row => row[2]).ToArray());
        Assert.IsFalse(await db.HasTableAsync("schemaversions"), "DbUp's own journal is not written");
    }

    [TestMethod]
    public async Task A_second_run_runs_nothing_and_records_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(Postgres);
        Assert.IsTrue(Deploy(db, Scripts).Build().PerformUpgrade().Successful);

        var engine = Deploy(db, Scripts).Build();
        var second = engine.PerformUpgrade();

        Assert.IsTrue(second.Successful, second.Error?.ToString());
        Assert.AreEqual(0, second.Scripts.Count());
        Assert.IsFalse(engine.IsUpgradeRequired());
        Assert.AreEqual(2, (await db.RowsAsync("SELECT 1 FROM parity_journal")).Count);
    }

    [TestMethod]
    public async Task Adopting_a_database_DbUp_deployed_with_schemaversions_reruns_nothing_and_records_only_new_scripts()
    {
        await using var db = await TestDatabase.CreateAsync(Postgres);
        await DeployedByPlainDbUpAsync(db);

        // V1 fails if it runs again (the table exists): adoption must not run it.
        var third = new SqlScript("V3__orders.sql", "CREATE TABLE orders (id int);");
        var engine = Deploy(db, [.. Scripts, third]).Build();
        CollectionAssert.AreEqual(new[] { "V3__orders.sql" }, engine.GetScriptsToExecute().Select(script => script.Name).ToArray());
        var adopted = engine.PerformUpgrade();

        Assert.IsTrue(adopted.Successful, adopted.Error?.ToString());
        CollectionAssert.AreEqual(new[] { "V3__orders.sql" }, adopted.Scripts.Select(script => script.Name).ToArray());
        var rows = await db.RowsAsync("SELECT script_name, sha256, version, source, duration_ms FROM parity_journal ORDER BY id");
        CollectionAssert.AreEqual(new[] { "V1__users.sql", "V2__email.sql", "V3__orders.sql" }, rows.Select(row => (string)row[0]!).ToArray());
        CollectionAssert.AreEqual(new object?[] { null, null, ParityScript.Checksum(third.Contents) }, rows.Select(row => row[1]).ToArray());
        CollectionAssert.AreEqual(new object?[] { "1", "2", "3" }, rows.Select(row => row[2]).ToArray());
        CollectionAssert.AreEqual(new object?[] { "adopted", "adopted", "executed" }, rows.Select(row => row[3]).ToArray());
        Assert.IsNull(rows[0][4]);
        Assert.AreEqual(2, (await db.RowsAsync("SELECT 1 FROM schemaversions")).Count, "DbUp's own table is read, never written");

        var again = Deploy(db, [.. Scripts, third]).Build().PerformUpgrade();
        Assert.IsTrue(again.Successful, again.Error?.ToString());
        Assert.AreEqual(0, again.Scripts.Count());
    }

    [TestMethod]
    public async Task Backfill_records_the_checksums_of_adopted_scripts_once_and_runs_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(Postgres);
        await DeployedByPlainDbUpAsync(db);
        await db.ExecuteAsync("INSERT INTO schemaversions (scriptname, applied) VALUES ('V0__removed_since.sql', now())");

        var filled = Deploy(db, Scripts).BackfillParityChecksums();

        CollectionAssert.AreEquivalent(new[] { "V1__users.sql", "V2__email.sql" }, filled.Filled.ToArray());
        CollectionAssert.AreEqual(new[] { "V0__removed_since.sql" }, filled.WithoutScript.ToArray());
        var rows = await db.RowsAsync("SELECT script_name, sha256, source FROM parity_journal WHERE sha256 IS NOT NULL ORDER BY script_name");
        CollectionAssert.AreEqual(Scripts.Select(script => ParityScript.Checksum(script.Contents)).ToArray(), rows.Select(row => row[1]).ToArray());
        Assert.IsTrue(rows.All(row => (string)row[2]! == "backfilled"));

        // Once: the script edited since keeps the checksum recorded the first time, and nothing is run.
        var edited = new[] { Scripts[0], new SqlScript("V2__email.sql", "CREATE TABLE mail (id int);") };
        var second = Deploy(db, edited).BackfillParityChecksums();
        Assert.AreEqual(0, second.Filled.Count);
        Assert.AreEqual(ParityScript.Checksum(Scripts[1].Contents), (await db.RowsAsync("SELECT sha256 FROM parity_journal WHERE script_name = 'V2__email.sql'")).Single()[0]);
        Assert.IsFalse(await db.HasTableAsync("mail"));
    }

    [TestMethod]
    public async Task The_replica_check_reports_PARITY2002_for_a_script_edited_after_DbUp_applied_it_through_the_journal()
    {
        await using var db = await TestDatabase.CreateAsync(Postgres);
        var folder = Path.Combine(Path.GetTempPath(), "paritybuild-dbup-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "Scripts"));
        try
        {
            foreach (var name in new[] { "V1__create_users.sql", "V2__add_email.sql", "after_V2_index_email.sql" })
            {
                File.Copy(ScriptPath(name), Path.Combine(folder, "Scripts", name));
            }

            var applied = To(db.ConnectionString).WithScriptsFromFileSystem(Path.Combine(folder, "Scripts")).JournalToParity().LogToNowhere().Build().PerformUpgrade();
            Assert.IsTrue(applied.Successful, applied.Error?.ToString());
            var clean = await CheckAsync(db, folder);
            Assert.AreEqual(0, clean.Findings.Count, string.Join("\n", clean.Findings));

            // The edit DbUp itself never notices (DbUp issue #277).
            var edited = Path.Combine(folder, "Scripts", "V2__add_email.sql");
            File.WriteAllText(edited, "ALTER TABLE users ADD COLUMN email varchar(254);\n");
            var result = await CheckAsync(db, folder);

            var finding = result.Findings.Single();
            Assert.AreEqual("PARITY2002", finding.Code, string.Join("\n", result.Findings));
            Assert.AreEqual(edited, finding.File);
            StringAssert.Contains(finding.Message, $"records checksum {ParityScript.Checksum(File.ReadAllText(ScriptPath("V2__add_email.sql")))}");
            StringAssert.Contains(result.Summary, "ParityBuild.DbUp history");
            StringAssert.Contains(result.Summary, "parity_journal: 3 rows, 2 applied, 0 pending, 0 without a script, 1 changed");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    protected UpgradeEngineBuilder Deploy(TestDatabase db, SqlScript[] scripts) => To(db.ConnectionString).WithScripts(scripts).JournalToParity().LogToNowhere();

    private Task<ReplicaCheckResult> CheckAsync(TestDatabase db, string folder)
    {
        var scripts = Directory.GetFiles(Path.Combine(folder, "Scripts"))
            .Select(path => new ScriptFile(path, "Scripts/" + Path.GetFileName(path), "", "dbup"))
            .ToList();
        var settings = new ReplicaSettings(db.ConnectionString)
        {
            Provider = Postgres ? "postgres" : "mysql",
            Timeouts = new ReplicaTimeouts(ConnectSeconds: 5, StatementSeconds: 10, LockSeconds: 2),
        };
        return ReplicaCheck.RunAsync(scripts, null, [], settings, TestContext.CancellationToken);
    }

    // The scripts embedded in this assembly, read from the project folder they are embedded from.
    protected static string ScriptPath(string name) => Path.Combine(ProjectFolder(), "Scripts", name);

    private static string ProjectFolder([System.Runtime.CompilerServices.CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}

[TestClass]
public sealed class PostgresJournalTests : JournalServerTests
{
    protected override bool Postgres => true;

    // The one line a DbUp user adds is .JournalToParity() after this.
    protected override UpgradeEngineBuilder To(string connectionString) => DeployChanges.To.PostgresqlDatabase(connectionString);

    protected override async Task DeployedByPlainDbUpAsync(TestDatabase db)
    {
        var plain = DeployChanges.To.PostgresqlDatabase(db.ConnectionString).WithScripts(Scripts).LogToNowhere().Build().PerformUpgrade();
        Assert.IsTrue(plain.Successful, plain.Error?.ToString());
        Assert.IsTrue(await db.HasTableAsync("schemaversions"));
    }

    [TestMethod]
    public async Task In_one_transaction_for_the_whole_upgrade_a_failing_script_leaves_neither_its_row_nor_the_journal()
    {
        await using var db = await TestDatabase.CreateAsync(Postgres);

        var result = Deploy(db, [.. Scripts, new SqlScript("V3__broken.sql", "ALTER TABLE nowhere ADD x int;")]).WithTransaction().Build().PerformUpgrade();

        Assert.IsFalse(result.Successful);
        Assert.IsFalse(await db.HasTableAsync("parity_journal"));
        Assert.IsFalse(await db.HasTableAsync("users"));
    }

    [TestMethod]
    public void Backfill_without_the_journal_says_to_call_JournalToParity_first()
    {
        var builder = DeployChanges.To.PostgresqlDatabase("Host=127.0.0.1;Database=none").WithScripts(Scripts).LogToNowhere();

        var exception = Assert.ThrowsExactly<InvalidOperationException>(() => builder.BackfillParityChecksums());

        StringAssert.Contains(exception.Message, "JournalToParity()");
    }
}

[TestClass]
public sealed class MariaDbJournalTests : JournalServerTests
{
    protected override bool Postgres => false;

    protected override UpgradeEngineBuilder To(string connectionString) => DeployChanges.To.MySqlConnectorDatabase(connectionString);

    // No dbup-mysql here: its table (MySqlTableJournal's DDL) and rows are written as it writes them, the scripts run by hand.
    protected override async Task DeployedByPlainDbUpAsync(TestDatabase db)
    {
        await db.ExecuteAsync("""
            CREATE TABLE schemaversions
            (
                `schemaversionid` INT NOT NULL AUTO_INCREMENT,
                `scriptname` VARCHAR(255) NOT NULL,
                `applied` TIMESTAMP NOT NULL,
                PRIMARY KEY (`schemaversionid`)
            );
            """);
        foreach (var script in Scripts)
        {
            await db.ExecuteAsync(script.Contents);
            await db.ExecuteAsync($"INSERT INTO schemaversions (ScriptName, Applied) VALUES ('{script.Name}', NOW())");
        }
    }

    [TestMethod]
    public async Task A_script_with_mysql_client_delimiters_runs_and_is_recorded()
    {
        await using var db = await TestDatabase.CreateAsync(Postgres);
        var procedure = new SqlScript("V3__procedure.sql", """
            CREATE TABLE counters (n int);
            DELIMITER //
            CREATE PROCEDURE bump()
            BEGIN
                INSERT INTO counters VALUES (1);
                INSERT INTO counters VALUES (2);
            END //
            DELIMITER ;
            CALL bump();
            """);

        var result = Deploy(db, [.. Scripts, procedure]).Build().PerformUpgrade();

        Assert.IsTrue(result.Successful, result.Error?.ToString());
        Assert.AreEqual(2, (await db.RowsAsync("SELECT n FROM counters")).Count);
        Assert.AreEqual(ParityScript.Checksum(procedure.Contents), (await db.RowsAsync("SELECT sha256 FROM parity_journal WHERE script_name = 'V3__procedure.sql'")).Single()[0]);
    }

    [TestMethod]
    public async Task A_mysqldump_style_script_keeps_its_executable_comments_and_a_delimiter_inside_strings_and_comments()
    {
        await using var db = await TestDatabase.CreateAsync(Postgres);
        var dump = new SqlScript("V3__dump.sql", """
            /*!40101 SET @saved_sql_mode = @@sql_mode */;
            CREATE TABLE notes (note varchar(40));
            DELIMITER ;;
            /*!50003 CREATE*/ /*!50003 TRIGGER notes_default BEFORE INSERT ON notes FOR EACH ROW SET NEW.note = CONCAT(NEW.note, ' ;; ok') */;;
            DELIMITER //
            CREATE PROCEDURE add_note()
            BEGIN
                INSERT INTO notes VALUES ('a // b'); -- no end here //
                # nor here //
                INSERT INTO notes VALUES ('c');
            END //
            DELIMITER ;
            CALL add_note();
            /*!40101 SET sql_mode = @saved_sql_mode */;
            """);

        var result = Deploy(db, [.. Scripts, dump]).Build().PerformUpgrade();

        Assert.IsTrue(result.Successful, result.Error?.ToString());
        CollectionAssert.AreEqual(new object?[] { "a // b ;; ok", "c ;; ok" }, (await db.RowsAsync("SELECT note FROM notes ORDER BY note")).Select(row => row[0]).ToArray());
        Assert.AreEqual(1, (await db.RowsAsync("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")).Count);
    }
}
