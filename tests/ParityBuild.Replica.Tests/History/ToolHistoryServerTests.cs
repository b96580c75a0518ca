using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Findings;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Tests.Support;
using static ParityBuild.Replica.Tests.Support.ToolHistories;

namespace ParityBuild.Replica.Tests.History;

/// <summary>
/// Liquibase's, postgrator's and sqitch's history tables on real servers, each test in a database of its own; the
/// same tests on PostgreSQL and MariaDB (sqitch's registry schema on PostgreSQL only: on MySQL it is a database of its
/// own, which tests running side by side would share).
/// </summary>
public abstract class ToolHistoryServerTests
{
    private static readonly ReplicaTimeouts Short = new(ConnectSeconds: 5, StatementSeconds: 10, LockSeconds: 2);

    private const string Changelog = """
        --liquibase formatted sql

        --changeset alice:1
        CREATE TABLE users (id int);

        --changeset alice:2
        ALTER TABLE users ADD email text;

        --changeset bob:3
        CREATE TABLE orders (id int);

        --changeset bob:4
        CREATE TABLE audit (id int);
        """;

    public TestContext TestContext { get; set; } = null!;

    protected abstract ReplicaProvider Provider { get; }

    [TestMethod]
    public async Task A_liquibase_databasechangelog_is_found_read_and_compared_with_the_catalog_s_spelling_of_its_columns()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("db/changelog/app.sql", Changelog);
        var edited = Changelog.Replace("ADD email text", "ADD mail text", StringComparison.Ordinal);
        await db.ExecuteAsync(ToolHistoryDdl.Liquibase(db));
        await db.ExecuteAsync(
            ToolHistoryDdl.LiquibaseRow(db, "1", "alice", "db/changelog/app.sql", 1, "EXECUTED", Liquibase(Changelog, "1", LiquibaseChecksumVersion.V8))
            + ToolHistoryDdl.LiquibaseRow(db, "2", "alice", "db/changelog/app.sql", 2, "EXECUTED", Liquibase(edited, "2"))
            + ToolHistoryDdl.LiquibaseRow(db, "3", "bob", "db/changelog/app.sql", 3, "FAILED", Liquibase(Changelog, "3"))
            + ToolHistoryDdl.LiquibaseRow(db, "hotfix", "ops", "db/changelog/app.sql", 4, "EXECUTED", "9:0123456789abcdef0123456789abcdef"));

        var result = await CheckAsync(project, db);

        CollectionAssert.AreEquivalent(new[] { "PARITY2001", "PARITY2002", "PARITY2003", "PARITY2004" }, Codes(result), string.Join("\n", result.Findings));
        var changed = Single(result, "PARITY2002");
        Assert.AreEqual(project.PathOf("db/changelog/app.sql"), changed.File);
        Assert.AreEqual(6, changed.Line);
        StringAssert.Contains(changed.Message, $"records checksum {Liquibase(edited, "2")}, the repository's script has {Liquibase(Changelog, "2")}");
        Assert.AreEqual(9, Single(result, "PARITY2003").Line);
        StringAssert.StartsWith(Single(result, "PARITY2001").Message, "Changeset ops:hotfix (db/changelog/app.sql) is applied on the replica (Liquibase in");
        StringAssert.Contains(Single(result, "PARITY2004").Message, "db/changelog/app.sql changeset bob:4");
        StringAssert.Contains(result.Summary, "Liquibase history");
        StringAssert.Contains(result.Summary, ": 4 rows, 1 applied, 1 pending, 1 without a script, 1 changed, 1 failed.");
    }

    [TestMethod]
    public async Task A_postgrator_schemaversion_says_when_only_line_endings_differ()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject()
            .Script("migrations/001.do.users.sql", "CREATE TABLE users (id int);\r\n")
            .Script("migrations/001.undo.users.sql", "DROP TABLE users;\n")
            .Script("migrations/002.do.email.sql", "ALTER TABLE users ADD email text;\n");
        await db.ExecuteAsync(ToolHistoryDdl.Postgrator(db));
        await db.ExecuteAsync(ToolHistoryDdl.PostgratorRow(1, "users", Postgrator("CREATE TABLE users (id int);\n")));

        var result = await CheckAsync(project, db);

        CollectionAssert.AreEqual(new[] { "PARITY2002", "PARITY2004" }, Codes(result), string.Join("\n", result.Findings));
        Assert.AreEqual(project.PathOf("migrations/001.do.users.sql"), result.Findings[0].File);
        StringAssert.Contains(result.Findings[0].Message, "only the line endings differ");
        StringAssert.Contains(result.Findings[1].Message, "migrations/002.do.email.sql");
        StringAssert.Contains(result.Summary, "postgrator history");
    }

    [TestMethod]
    public async Task A_named_history_tool_is_read_from_its_default_table()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("migrations/001.do.users.sql", "CREATE TABLE users (id int);\n");
        await db.ExecuteAsync(ToolHistoryDdl.Postgrator(db));
        await db.ExecuteAsync(ToolHistoryDdl.PostgratorRow(1, "users", Postgrator("CREATE TABLE users (id int);\n")));

        var result = await CheckAsync(project, db, settings => settings with { History = "postgrator" });

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(ReplicaState.Applied, result.Statuses.Single().State);
    }

    protected Task<ReplicaCheckResult> CheckAsync(TestProject project, TestDatabase db, Func<ReplicaSettings, ReplicaSettings>? configure = null)
    {
        var settings = new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = Short };
        return ReplicaCheck.RunAsync(project.Scripts, null, project.EfMigrations, configure?.Invoke(settings) ?? settings, TestContext.CancellationToken);
    }

    protected static string[] Codes(ReplicaCheckResult result) => [.. result.Findings.Select(finding => finding.Code)];

    protected static Finding Single(ReplicaCheckResult result, string code) => result.Findings.Single(finding => finding.Code == code);
}

[TestClass]
public sealed class PostgresToolHistoryTests : ToolHistoryServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.Postgres;

    [TestMethod]
    public async Task A_sqitch_registry_is_read_for_the_project_its_plan_names()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject()
            .Script("db/sqitch.plan", "%syntax-version=1.0.0\n%project=app\n\nusers 2024-01-01T00:00:00Z Alice <alice@example.com> # users\n")
            .Script("db/deploy/users.sql", "CREATE TABLE users (id int);\n")
            .Script("db/deploy/email.sql", "ALTER TABLE users ADD email text;\r\n")
            .Script("db/deploy/orders.sql", "CREATE TABLE orders (id int);\n");
        await db.ExecuteAsync(ToolHistoryDdl.SqitchPostgres);
        await db.ExecuteAsync(
            ToolHistoryDdl.SqitchProject("app") + ToolHistoryDdl.SqitchProject("billing")
            + ToolHistoryDdl.SqitchChange("app", "users", Sqitch("CREATE TABLE users (id int);\n"))
            + ToolHistoryDdl.SqitchChange("app", "email", Sqitch("ALTER TABLE users ADD email text;\n"))
            + ToolHistoryDdl.SqitchChange("app", "hotfix", Sqitch("SELECT 1;\n"))
            + ToolHistoryDdl.SqitchChange("billing", "invoices", Sqitch("CREATE TABLE invoices (id int);\n")));

        var result = await CheckAsync(project, db);

        CollectionAssert.AreEquivalent(new[] { "PARITY2001", "PARITY2002", "PARITY2004" }, Codes(result), string.Join("\n", result.Findings));
        Assert.AreEqual(project.PathOf("db/deploy/email.sql"), Single(result, "PARITY2002").File);
        StringAssert.Contains(Single(result, "PARITY2002").Message, "only the line endings differ: the replica's value is this script's with LF line endings");
        StringAssert.StartsWith(Single(result, "PARITY2001").Message, "Change hotfix is applied on the replica (sqitch in sqitch.changes");
        StringAssert.Contains(Single(result, "PARITY2004").Message, "db/deploy/orders.sql");
        StringAssert.Contains(result.Summary, "sqitch history sqitch.changes");
    }
}

[TestClass]
public sealed class MariaDbToolHistoryTests : ToolHistoryServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.MySql;
}
