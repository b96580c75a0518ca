using ParityBuild.Core.Manifests;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Verification;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Tests.Support;
using static ParityBuild.Replica.Tests.Support.ToolHistories;

namespace ParityBuild.Replica.Tests.History;

/// <summary>
/// Realigning the checksums that Liquibase, sqitch and postgrator stored for a script a cosmetic edit then changed
/// (PARITY2011), with no ParityHistory set: ParityAccept finds the earlier text in git and keeps the tools' checksums of
/// it, the check tells them from drift, and history-repair.sql, run with psql or mariadb, realigns that row only.
/// Liquibase runs for real (4.28.1, <see cref="LiquibaseTool"/>); sqitch's and postgrator's rows are written as those
/// tools write them (their DDL, their hashes).
/// </summary>
public abstract class RealignmentServerTests
{
    private static readonly ReplicaTimeouts Short = new(ConnectSeconds: 5, StatementSeconds: 10, LockSeconds: 2);

    private const string Changelog = """
        --liquibase formatted sql

        --changeset alice:1
        -- the users
        CREATE TABLE users (id int);

        --changeset alice:2
        ALTER TABLE users ADD email text;

        """;

    // A licence header, and a comment inside changeset 1 reworded: Liquibase's MD5SUM keeps comments, so it changes.
    private static readonly string ReformattedChangelog = Changelog
        .Replace("--liquibase formatted sql\n", "--liquibase formatted sql\n-- Copyright 2026 Example Ltd. It's MIT licensed.\n", StringComparison.Ordinal)
        .Replace("-- the users\n", "-- The users of the app.\n", StringComparison.Ordinal);

    public TestContext TestContext { get; set; } = null!;

    protected abstract ReplicaProvider Provider { get; }

    [TestMethod]
    public async Task A_reworded_comment_in_a_Liquibase_changeset_is_PARITY2011_and_its_UPDATE_clears_that_row_s_MD5SUM_only()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject("liquibase").Script("db/changelog/app.sql", Changelog).Commit();
        var earlier = Liquibase(Changelog, "1");
        await db.ExecuteAsync(ToolHistoryDdl.Liquibase(db));
        await db.ExecuteAsync(
            ToolHistoryDdl.LiquibaseRow(db, "1", "alice", "db/changelog/app.sql", 1, "EXECUTED", earlier)
            + ToolHistoryDdl.LiquibaseRow(db, "2", "alice", "db/changelog/app.sql", 2, "EXECUTED", Liquibase(Changelog, "2")));
        Assert.AreEqual(0, Baseline(project).Length);
        project.Edit("db/changelog/app.sql", ReformattedChangelog);
        CollectionAssert.AreEqual(new[] { "PARITY1009" }, Baseline(project));
        Assert.AreNotEqual(earlier, Liquibase(ReformattedChangelog, "1"));

        var before = await CheckAsync(project, db);

        CollectionAssert.AreEqual(new[] { "PARITY2011" }, Codes(before), string.Join("\n", before.Findings));
        Assert.AreEqual(Severity.Warning, before.Findings[0].Severity);
        Assert.AreEqual(4, before.Findings[0].Line);
        var repair = before.Repairs.Single(file => file.Name == "history-repair.sql");
        StringAssert.Contains(repair.Text, $"= NULL\nWHERE {Column(db, "ID")} = '1' AND {Column(db, "AUTHOR")} = 'alice' AND {Column(db, "FILENAME")} = 'db/changelog/app.sql' AND {Column(db, "MD5SUM")} = '{earlier}';");
        await RunAsync(db, project, repair.Text);

        Assert.IsInstanceOfType<DBNull>(await db.ScalarAsync(Md5Sum(db, "1")));
        Assert.AreEqual(Liquibase(Changelog, "2"), await db.ScalarAsync(Md5Sum(db, "2")));
        var after = await CheckAsync(project, db);
        Assert.AreEqual(0, after.Findings.Count, string.Join("\n", after.Findings));
    }

    [TestMethod]
    public async Task Real_Liquibase_refuses_a_reworded_comment_until_the_repair_UPDATE_runs_and_then_stores_the_new_MD5SUM()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject("liquibase").Script("db/changelog/app.sql", Changelog).Commit();
        var update = await LiquibaseTool.RunAsync(db, project.Directory, "db/changelog/app.sql", "update");
        Assert.AreEqual(0, update.ExitCode, update.ToString());
        Assert.AreEqual(Liquibase(Changelog, "1"), await db.ScalarAsync(Md5Sum(db, "1")), "ParityBuild's MD5SUM is Liquibase's own");
        Baseline(project);
        project.Edit("db/changelog/app.sql", ReformattedChangelog);
        CollectionAssert.AreEqual(new[] { "PARITY1009" }, Baseline(project));
        var refused = await LiquibaseTool.RunAsync(db, project.Directory, "db/changelog/app.sql", "validate");
        Assert.AreNotEqual(0, refused.ExitCode, refused.ToString());

        var before = await CheckAsync(project, db);

        CollectionAssert.AreEqual(new[] { "PARITY2011" }, Codes(before), string.Join("\n", before.Findings));
        await RunAsync(db, project, before.Repairs.Single(file => file.Name == "history-repair.sql").Text);
        var again = await LiquibaseTool.RunAsync(db, project.Directory, "db/changelog/app.sql", "update");
        Assert.AreEqual(0, again.ExitCode, again.ToString());
        Assert.AreEqual(0, (await LiquibaseTool.RunAsync(db, project.Directory, "db/changelog/app.sql", "validate")).ExitCode);
        Assert.AreEqual(Liquibase(ReformattedChangelog, "1"), await db.ScalarAsync(Md5Sum(db, "1")));
        Assert.AreEqual(Liquibase(Changelog, "2"), await db.ScalarAsync(Md5Sum(db, "2")));
        var after = await CheckAsync(project, db);
        Assert.AreEqual(0, after.Findings.Count, string.Join("\n", after.Findings));
    }

    [TestMethod]
    public async Task A_real_edit_of_a_Liquibase_changeset_after_a_cosmetic_one_stays_PARITY2002_with_no_UPDATE()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject("liquibase").Script("db/changelog/app.sql", Changelog).Commit();
        await db.ExecuteAsync(ToolHistoryDdl.Liquibase(db));
        await db.ExecuteAsync(ToolHistoryDdl.LiquibaseRow(db, "2", "alice", "db/changelog/app.sql", 1, "EXECUTED", Liquibase(Changelog.Replace("email", "mail", StringComparison.Ordinal), "2"))
            + ToolHistoryDdl.LiquibaseRow(db, "1", "alice", "db/changelog/app.sql", 2, "EXECUTED", Liquibase(Changelog, "1")));
        Baseline(project);
        project.Edit("db/changelog/app.sql", ReformattedChangelog.Replace("ALTER TABLE users ADD email text;", "-- mail\nALTER TABLE users ADD email text;", StringComparison.Ordinal));
        CollectionAssert.AreEqual(new[] { "PARITY1009" }, Baseline(project));

        var result = await CheckAsync(project, db);

        CollectionAssert.AreEquivalent(new[] { "PARITY2002", "PARITY2011" }, Codes(result), string.Join("\n", result.Findings));
        StringAssert.Contains(Single(result, "PARITY2002").Message, "changeset alice:2");
        var repair = result.Repairs.Single(file => file.Name == "history-repair.sql").Text;
        Assert.AreEqual(1, repair.Split('\n').Count(line => line.StartsWith("UPDATE ", StringComparison.Ordinal)), repair);
        StringAssert.Contains(repair, $"{Column(db, "ID")} = '1'");
    }

    [TestMethod]
    public async Task A_licence_header_on_a_script_of_an_auto_detected_postgrator_history_is_PARITY2011_and_its_UPDATE_stores_the_new_md5()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        const string Users = "CREATE TABLE users (id int);\n", Orders = "CREATE TABLE orders (id int);\n";
        using var project = new TestProject().Script("migrations/001.do.users.sql", Users).Script("migrations/002.do.orders.sql", Orders).Commit();
        await db.ExecuteAsync(ToolHistoryDdl.Postgrator(db));
        await db.ExecuteAsync(ToolHistoryDdl.PostgratorRow(1, "users", Postgrator(Users)) + ToolHistoryDdl.PostgratorRow(2, "orders", Postgrator(Orders)));
        Baseline(project);
        const string Reformatted = "-- Copyright 2026 Example Ltd.\nCREATE TABLE users (\n  id int\n);\n";
        project.Edit("migrations/001.do.users.sql", Reformatted);
        CollectionAssert.AreEqual(new[] { "PARITY1009" }, Baseline(project));
        Assert.IsNull(ManifestReader.Read(project.PathOf("migrations.baseline.json")).Entries[0].Md5, "no ParityHistory: the manifest records no md5 of the current text");

        var before = await CheckAsync(project, db);

        CollectionAssert.AreEqual(new[] { "PARITY2011" }, Codes(before), string.Join("\n", before.Findings));
        await RunAsync(db, project, before.Repairs.Single(file => file.Name == "history-repair.sql").Text);
        Assert.AreEqual(Postgrator(Reformatted), await db.ScalarAsync("SELECT md5 FROM schemaversion WHERE version = 1"));
        Assert.AreEqual(Postgrator(Orders), await db.ScalarAsync("SELECT md5 FROM schemaversion WHERE version = 2"));
        Assert.AreEqual(0, (await CheckAsync(project, db)).Findings.Count);
    }

    // A developer build, then ParityAccept: what the first reported (PARITY1003, the manifest written, aside).
    protected static string[] Baseline(TestProject project)
    {
        var options = new VerifyOptions(project.Directory, project.PathOf("migrations.baseline.json"));
        var built = Verifier.Run(project.Scripts, options);
        var accepted = Verifier.Run(project.Scripts, options with { Accept = true });
        Assert.IsTrue(accepted.Findings.All(finding => finding.Severity != Severity.Error), string.Join("\n", accepted.Findings));
        return [.. built.Findings.Where(finding => finding.Code != "PARITY1003").Select(finding => finding.Code)];
    }

    protected async Task RunAsync(TestDatabase db, TestProject project, string repair)
    {
        var path = project.PathOf("history-repair.sql");
        await File.WriteAllTextAsync(path, repair, TestContext.CancellationToken);
        var run = await SqlClient.RunFileAsync(db, path, project.Directory);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
    }

    protected Task<ReplicaCheckResult> CheckAsync(TestProject project, TestDatabase db)
    {
        var settings = new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = Short };
        return ReplicaCheck.RunAsync(project.Scripts, ManifestReader.Read(project.PathOf("migrations.baseline.json")), project.EfMigrations, settings, TestContext.CancellationToken);
    }

    protected static string[] Codes(ReplicaCheckResult result) => [.. result.Findings.Select(finding => finding.Code)];

    private static Finding Single(ReplicaCheckResult result, string code) => result.Findings.Single(finding => finding.Code == code);

    // Liquibase's columns as the catalog spells them: lowercase on PostgreSQL, uppercase on MySQL.
    private static string Column(TestDatabase db, string name) => db.IsPostgres ? $"\"{name.ToLowerInvariant()}\"" : $"`{name}`";

    private static string Md5Sum(TestDatabase db, string id) => $"SELECT MD5SUM FROM {(db.IsPostgres ? "databasechangelog" : "DATABASECHANGELOG")} WHERE ID = '{id}'";
}

[TestClass]
public sealed class PostgresRealignmentTests : RealignmentServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.Postgres;

    // sqitch's registry on PostgreSQL only: on MySQL it is a database of its own, which tests side by side would share.
    [TestMethod]
    public async Task A_licence_header_on_a_sqitch_deploy_script_is_PARITY2011_and_its_UPDATE_stores_the_new_script_hash_in_that_change_only()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        const string Users = "CREATE TABLE users (id int);\n", Orders = "CREATE TABLE orders (id int);\n";
        using var project = new TestProject("sqitch").Script("db/deploy/users.sql", Users).Script("db/deploy/orders.sql", Orders);
        await File.WriteAllTextAsync(project.PathOf("db/sqitch.plan"), "%syntax-version=1.0.0\n%project=app\n\nusers 2024-01-01T00:00:00Z Alice <alice@example.com> # users\n", TestContext.CancellationToken);
        project.Commit();
        await db.ExecuteAsync(ToolHistoryDdl.SqitchPostgres);
        await db.ExecuteAsync(ToolHistoryDdl.SqitchProject("app") + ToolHistoryDdl.SqitchProject("billing")
            + ToolHistoryDdl.SqitchChange("app", "users", Sqitch(Users)) + ToolHistoryDdl.SqitchChange("app", "orders", Sqitch(Orders))
            + ToolHistoryDdl.SqitchChange("billing", "users", Sqitch(Users + "-- billing\n")));
        Baseline(project);
        const string Reformatted = "-- Copyright 2026 Example Ltd. It's MIT licensed.\nCREATE TABLE users (\n  id int\n);\n";
        project.Edit("db/deploy/users.sql", Reformatted);
        CollectionAssert.AreEqual(new[] { "PARITY1009" }, Baseline(project));

        var before = await CheckAsync(project, db);

        CollectionAssert.AreEqual(new[] { "PARITY2011" }, Codes(before), string.Join("\n", before.Findings));
        await RunAsync(db, project, before.Repairs.Single(file => file.Name == "history-repair.sql").Text);
        Assert.AreEqual(Sqitch(Reformatted), await db.ScalarAsync("SELECT script_hash FROM sqitch.changes WHERE project = 'app' AND change = 'users'"));
        Assert.AreEqual(Sqitch(Orders), await db.ScalarAsync("SELECT script_hash FROM sqitch.changes WHERE change = 'orders'"));
        Assert.AreEqual(Sqitch(Users + "-- billing\n"), await db.ScalarAsync("SELECT script_hash FROM sqitch.changes WHERE project = 'billing'"));
        Assert.AreEqual(0, (await CheckAsync(project, db)).Findings.Count);
    }
}

[TestClass]
public sealed class MariaDbRealignmentTests : RealignmentServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.MySql;
}
