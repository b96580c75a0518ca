using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests.History;

/// <summary>
/// The history repair's statements (the row a tool would have written for a migration the schema already holds), run on
/// real servers against each tool's own table: afterwards the replica check finds that migration applied.
/// </summary>
public abstract class HistoryRepairServerTests
{
    private const string Init = "CREATE TABLE users (id int);\n";
    private const string Email = "ALTER TABLE users ADD email text;\n";

    public TestContext TestContext { get; set; } = null!;

    protected abstract ReplicaProvider Provider { get; }

    [TestMethod]
    public async Task DbUp_gets_the_row_under_the_resource_name_its_other_rows_use() =>
        await RepairedAsync(
            new TestProject("dbup").Script("Scripts/0001_init.sql", Init).Script("Scripts/0002_email.sql", Email),
            db => HistoryDdl.DbUp(db) + HistoryDdl.DbUpRow("MyApp.Scripts.0001_init.sql"),
            applied: [new AppliedMigration("MyApp.Scripts.0001_init.sql", null, "MyApp.Scripts.0001_init.sql", null, AppliedState.Applied, null)],
            expected: "'MyApp.Scripts.0002_email.sql', CURRENT_TIMESTAMP");

    [TestMethod]
    public async Task Rails_and_dbmate_get_the_version_as_the_file_name_spells_it() =>
        await RepairedAsync(
            new TestProject().Script("db/migrate/20240101120000_init.sql", Init).Script("db/migrate/20240102120000_email.sql", Email),
            db => HistoryDdl.Dbmate(db) + "; INSERT INTO schema_migrations (version) VALUES ('20240101120000');",
            applied: [],
            expected: "VALUES ('20240102120000');");

    [TestMethod]
    public async Task Postgrator_gets_its_version_name_and_md5_of_the_raw_script() =>
        await RepairedAsync(
            new TestProject().Script("migrations/001.do.init.sql", Init).Script("migrations/002.do.email.sql", Email),
            db => ToolHistoryDdl.Postgrator(db) + ToolHistoryDdl.PostgratorRow(1, "init", PostgratorChecksum.Compute("CREATE TABLE users (id int);\n"u8)),
            applied: [],
            expected: $"VALUES (2, 'email', '{PostgratorChecksum.Compute("ALTER TABLE users ADD email text;\n"u8)}', CURRENT_TIMESTAMP);");

    [TestMethod]
    public async Task EF_Core_gets_the_migration_id_and_the_product_version_of_the_other_rows() =>
        await RepairedAsync(
            new TestProject().EfMigration("Migrations/20240101120000_Init.cs").EfMigration("Migrations/20240102120000_AddEmail.cs"),
            db => HistoryDdl.EfCore(db) + HistoryDdl.EfCoreRow(db, "20240101120000_Init"),
            applied: [],
            expected: "SELECT '20240102120000_AddEmail', COALESCE(MAX(");

    [TestMethod]
    public async Task Golang_migrate_gets_its_one_row_set_to_the_newest_version_as_migrate_force_sets_it() =>
        await RepairedAsync(
            new TestProject()
                .Script("migrations/000001_init.up.sql", Init).Script("migrations/000001_init.down.sql", "DROP TABLE users;\n")
                .Script("migrations/000002_email.up.sql", Email).Script("migrations/000002_email.down.sql", "SELECT 1;\n"),
            db => HistoryDdl.GolangMigrate(db) + "; INSERT INTO schema_migrations (version, dirty) VALUES (1, FALSE);",
            applied: [],
            expected: ";\nINSERT INTO", alsoExpected: "VALUES (2, FALSE);");

    [TestMethod]
    public async Task Liquibase_gets_the_changeset_under_the_file_name_and_checksum_version_its_other_rows_use() =>
        await RepairedAsync(
            new TestProject().Script("db/changelog/app.sql", LiquibaseChangelog),
            db => ToolHistoryDdl.Liquibase(db)
                + ToolHistoryDdl.LiquibaseRow(db, "1", "alice", "classpath:db/changelog/app.sql", 7, "EXECUTED", ToolHistories.Liquibase(LiquibaseChangelog, "1", LiquibaseChecksumVersion.V8)),
            applied: [new AppliedMigration("1::alice::app.sql", null, "alice:1 (classpath:db/changelog/app.sql)", ToolHistories.Liquibase(LiquibaseChangelog, "1", LiquibaseChecksumVersion.V8), AppliedState.Applied, null)],
            expected: $"SELECT '2', 'bob', 'classpath:db/changelog/app.sql', CURRENT_TIMESTAMP, COALESCE(MAX(", alsoExpected: $", 'EXECUTED', '{ToolHistories.Liquibase(LiquibaseChangelog, "2", LiquibaseChecksumVersion.V8)}', 'sql', 'adds email', NULL, NULL FROM ");

    private const string LiquibaseChangelog = """
        --liquibase formatted sql

        --changeset alice:1
        CREATE TABLE users (id int);

        --changeset bob:2
        --comment: adds email
        ALTER TABLE users ADD email text;
        """;

    // The check finds the second migration pending; its repair statement is run; the check then finds both applied.
    private async Task RepairedAsync(TestProject project, Func<TestDatabase, string> history, IReadOnlyList<AppliedMigration> applied, string expected, string? alsoExpected = null)
    {
        using var _ = project;
        await using var db = await TestDatabase.CreateAsync(Provider);
        await db.ExecuteAsync(history(db));
        var before = await CheckAsync(project, db);
        Assert.AreEqual(1, before.Statuses.Count(status => status.State == ReplicaState.Pending), string.Join("\n", before.Findings));
        var reader = HistoryReader.For(before.Table!.Tool)!;
        var sets = MigrationDiscovery.Discover(project.Scripts).Sets;
        var locals = reader.Locals(LocalSources.Create(sets.Count == 0 ? [] : sets[0].Migrations, null, "", project.EfMigrations, project.Scripts));

        var sql = reader.RecordStatement(before.Table, locals[^1], locals, applied, db.Quote, mySql: !db.IsPostgres);

        Assert.IsNotNull(sql);
        StringAssert.Contains(sql, expected);
        StringAssert.Contains(sql, alsoExpected ?? expected);
        await db.ExecuteAsync(sql);
        var after = await CheckAsync(project, db);
        Assert.AreEqual(0, after.Findings.Count, string.Join("\n", after.Findings));
        Assert.IsTrue(after.Statuses.All(status => status.State == ReplicaState.Applied), string.Join("\n", after.Statuses));
    }

    private Task<ReplicaCheckResult> CheckAsync(TestProject project, TestDatabase db) =>
        ReplicaCheck.RunAsync(project.Scripts, null, project.EfMigrations, new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = new(5, 10, 2) }, TestContext.CancellationToken);
}

[TestClass]
public sealed class PostgresHistoryRepairServerTests : HistoryRepairServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.Postgres;
}

[TestClass]
public sealed class MySqlHistoryRepairServerTests : HistoryRepairServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.MySql;
}
