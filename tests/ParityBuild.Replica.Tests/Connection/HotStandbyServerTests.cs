using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Tests.Support;
using ParityBuild.Tests.Shared;

namespace ParityBuild.Replica.Tests.Connection;

/// <summary>
/// The replica check against a real read replica: the PostgreSQL hot standby build/databases.sh streams from the primary
/// (PARITY_TEST_POSTGRES_STANDBY). The test arranges its database on the primary and checks it on the standby.
/// </summary>
[TestClass]
public sealed class HotStandbyServerTests
{
    private const string Users = "CREATE TABLE users (id int);\n";
    private const string Email = "ALTER TABLE users ADD email text;\n";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_hot_standby_is_checked_like_any_replica_and_an_edited_applied_script_is_PARITY2002()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var project = new TestProject().Script("Migrations/V1__users.sql", Users).Script("Migrations/V2__email.sql", Email.Replace("email", "mail", StringComparison.Ordinal));
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        await db.ExecuteAsync(HistoryDdl.FlywayRow(1, "1", "users", "SQL", "V1__users.sql", TestProject.Flyway(Users))
            + HistoryDdl.FlywayRow(2, "2", "email", "SQL", "V2__email.sql", TestProject.Flyway(Email)));
        var standby = await HotStandby.ReplayedAsync(db.Name, "SELECT count(*) FROM flyway_schema_history", 2);
        var settings = new ReplicaSettings(standby) { Provider = "postgres", Timeouts = new(5, 10, 2) };

        var result = await ReplicaCheck.RunAsync(project.Scripts, null, project.EfMigrations, settings, TestContext.CancellationToken);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2002", finding.Code, string.Join("\n", result.Findings));
        Assert.AreEqual(project.PathOf("Migrations/V2__email.sql"), finding.File);
        StringAssert.Contains(result.Summary, "flyway_schema_history: 2 rows, 1 applied");
    }
}
