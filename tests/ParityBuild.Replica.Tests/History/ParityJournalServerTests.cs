using System.Text;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Schema;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Schema;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests.History;

/// <summary>
/// ParityBuild.DbUp's parity_journal on real servers, each test in a database of its own, with the table as the journal
/// creates it (ParityBuild.DbUp's JournalDialect); the journal itself, run by DbUp, is tested in ParityBuild.DbUp.Tests.
/// </summary>
public abstract class ParityJournalServerTests
{
    private static readonly ReplicaTimeouts Short = new(ConnectSeconds: 5, StatementSeconds: 10, LockSeconds: 2);

    private const string Init = "CREATE TABLE users (id int);\n";
    private const string Email = "ALTER TABLE users ADD email text;\n";

    public TestContext TestContext { get; set; } = null!;

    protected abstract ReplicaProvider Provider { get; }

    [TestMethod]
    public async Task An_applied_script_edited_since_is_PARITY2002_and_the_summary_names_the_journal()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject("dbup").Script("Scripts/0001_init.sql", Init).Script("Scripts/0002_email.sql", Email.Replace("email", "mail", StringComparison.Ordinal));
        await db.ExecuteAsync(Journal(db));
        await db.ExecuteAsync(Row("MyApp.Scripts.0001_init.sql", Sha256(Init)) + Row("MyApp.Scripts.0002_email.sql", Sha256(Email)));

        var result = await CheckAsync(project, db);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2002", finding.Code, string.Join("\n", result.Findings));
        Assert.AreEqual(project.PathOf("Scripts/0002_email.sql"), finding.File);
        StringAssert.Contains(finding.Message, $"records checksum {Sha256(Email)}");
        StringAssert.Contains(result.Summary, "ParityBuild.DbUp history");
        StringAssert.Contains(result.Summary, "parity_journal: 2 rows, 1 applied, 0 pending, 0 without a script, 1 changed");
    }

    [TestMethod]
    public async Task Beside_the_schemaversions_table_it_adopted_the_journal_is_the_one_read()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject("dbup").Script("Scripts/0001_init.sql", Init).Script("Scripts/0002_email.sql", Email);
        await db.ExecuteAsync(HistoryDdl.DbUp(db));
        await db.ExecuteAsync(HistoryDdl.DbUpRow("MyApp.Scripts.0001_init.sql"));
        await db.ExecuteAsync(Journal(db));
        await db.ExecuteAsync(Row("MyApp.Scripts.0001_init.sql", null) + Row("MyApp.Scripts.0002_email.sql", Sha256(Email)));

        var result = await CheckAsync(project, db);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual("parity_journal", result.Table!.Name);
        Assert.IsTrue(result.Statuses.All(status => status.State == ReplicaState.Applied));
    }

    [TestMethod]
    public async Task A_script_whose_objects_exist_without_a_journal_row_gets_the_insert_under_dbup_s_name_and_checksum()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject("dbup").Script("Scripts/0001_init.sql", Init).Script("Scripts/0002_email.sql", Email);
        await db.ExecuteAsync(Journal(db) + Init + Email + Row("MyApp.Scripts.0001_init.sql", Sha256(Init)));
        var capture = await ReplicaCheck.CaptureSchemaAsync(new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = Short }, [], null, TestContext.CancellationToken);
        var snapshot = Path.Combine(project.Directory, "migrations.schema.json");
        SnapshotWriter.Write(snapshot, capture.Snapshot!);
        Assert.IsFalse(File.ReadAllText(snapshot).Contains("parity_journal", StringComparison.Ordinal), "The journal is history, not schema.");

        var result = await CheckAsync(project, db, snapshot);

        Assert.AreEqual("PARITY2004", result.Findings.Single().Code, string.Join("\n", result.Findings));
        var insert = result.Repairs.Single(file => file.Name == SchemaCheck.HistoryRepairFile).Text;
        StringAssert.Contains(insert, $"VALUES ('MyApp.Scripts.0002_email.sql', '{Sha256(Email)}', ");
        StringAssert.Contains(insert, ", NULL, 'repaired');");

        await db.ExecuteAsync(insert);
        var clean = await CheckAsync(project, db, snapshot);

        Assert.AreEqual(0, clean.Findings.Count, string.Join("\n", clean.Findings));
        Assert.AreEqual(0, clean.Repairs.Count);
    }

    private Task<ReplicaCheckResult> CheckAsync(TestProject project, TestDatabase db, string snapshot)
    {
        var settings = new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = Short, Schema = new SchemaSettings(snapshot) };
        return ReplicaCheck.RunAsync(project.Scripts, null, project.EfMigrations, settings, TestContext.CancellationToken);
    }

    private Task<ReplicaCheckResult> CheckAsync(TestProject project, TestDatabase db)
    {
        var settings = new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = Short };
        return ReplicaCheck.RunAsync(project.Scripts, null, project.EfMigrations, settings, TestContext.CancellationToken);
    }

    private static string Sha256(string text) => ScriptHasher.Hash(Encoding.UTF8.GetBytes(text), ChecksumKinds.Text).Text;

    // As ParityBuild.DbUp's journal creates it.
    private static string Journal(TestDatabase db) => db.IsPostgres
        ? """
          CREATE TABLE "parity_journal" (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              script_name varchar(255) NOT NULL,
              sha256 char(64) NULL,
              version varchar(100) NULL,
              applied_at timestamptz NOT NULL,
              duration_ms bigint NULL,
              source varchar(16) NOT NULL
          );
          """
        : """
          CREATE TABLE `parity_journal` (
              id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
              script_name VARCHAR(255) NOT NULL,
              sha256 CHAR(64) NULL,
              version VARCHAR(100) NULL,
              applied_at DATETIME(6) NOT NULL,
              duration_ms BIGINT NULL,
              source VARCHAR(16) NOT NULL
          );
          """;

    private static string Row(string name, string? sha256) =>
        $"INSERT INTO parity_journal (script_name, sha256, version, applied_at, duration_ms, source) VALUES ('{name}', {(sha256 is null ? "NULL" : $"'{sha256}'")}, NULL, CURRENT_TIMESTAMP, 5, '{(sha256 is null ? "adopted" : "executed")}');";
}

[TestClass]
public sealed class PostgresParityJournalTests : ParityJournalServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.Postgres;
}

[TestClass]
public sealed class MariaDbParityJournalTests : ParityJournalServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.MySql;
}
