using System.Diagnostics;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Schema;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests;

/// <summary>
/// The life of a check started before ParityVerify, against a real PostgreSQL server: it is connected and waiting while
/// the scripts would be hashed, it answers like the check that is not started early, and one nobody finishes (the gate
/// failed) closes its session when disposed. pg_stat_activity shows its session by the application name it connects with.
/// </summary>
[TestClass]
public sealed class StartedReplicaCheckServerTests
{
    private const string Init = "CREATE TABLE users (id int);\n";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task It_connects_before_the_repository_side_is_handed_over_and_then_compares_with_it()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var project = new TestProject().Script("Migrations/V1__create_users.sql", Init).Script("Migrations/V2__pending.sql", "SELECT 2;\n");
        await db.ExecuteAsync(HistoryDdl.Flyway(db) + HistoryDdl.FlywayRow(1, "1", "create users", "SQL", "V1__create_users.sql", TestProject.Flyway(Init)));
        var applicationName = "started-" + Guid.NewGuid().ToString("N")[..8];

        using var started = StartedReplicaCheck.Start(Settings(db, applicationName));
        await WaitForSessionsAsync(db, applicationName, 1);

        var result = await started.FinishAsync(Repository(project), TestContext.CancellationToken);

        Assert.AreEqual("PARITY2004", result.Findings.Single().Code, string.Join("\n", result.Findings));
        StringAssert.Contains(result.Findings.Single().Message, "Migrations/V2__pending.sql");
        StringAssert.Contains(result.Summary, "1 rows, 1 applied, 1 pending");
        await WaitForSessionsAsync(db, applicationName, 0);
    }

    [TestMethod]
    public async Task One_disposed_unfinished_closes_its_session_promptly()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        var applicationName = "unfinished-" + Guid.NewGuid().ToString("N")[..8];
        var started = StartedReplicaCheck.Start(Settings(db, applicationName));
        await WaitForSessionsAsync(db, applicationName, 1);

        var clock = Stopwatch.StartNew();
        started.Dispose();

        Assert.IsLessThan(5.0, clock.Elapsed.TotalSeconds, "Dispose stops the check instead of waiting for a repository side that never comes.");
        await WaitForSessionsAsync(db, applicationName, 0);
    }

    [TestMethod]
    public async Task A_setting_that_names_no_migration_set_is_PARITY2008_and_stops_the_started_check()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        using var project = new TestProject().Script("Migrations/orders/V1__a.sql", "SELECT 1;\n").Script("Migrations/billing/V1__a.sql", "SELECT 1;\n");
        var scripts = project.Scripts.Select(script => script with { Set = script.RelativePath.Split('/')[1] }).ToList();
        var applicationName = "sets-" + Guid.NewGuid().ToString("N")[..8];
        using var started = StartedReplicaCheck.Start(Settings(db, applicationName));
        await WaitForSessionsAsync(db, applicationName, 1);

        var result = await started.FinishAsync(new RepositorySide(scripts, null, [], MigrationDiscovery.Discover(scripts), null), TestContext.CancellationToken);

        Assert.AreEqual("PARITY2008", result.Findings.Single().Code);
        StringAssert.Contains(result.Findings.Single().Message, "the project has 2 migration sets ('billing', 'orders')");
        await WaitForSessionsAsync(db, applicationName, 0);
    }

    [TestMethod]
    public void It_is_for_the_same_settings_whatever_the_schema_snapshot_and_not_for_another_connection_string()
    {
        var settings = new ReplicaSettings("Host=127.0.0.1;Database=app;Username=u;Password=p") { Provider = "postgres", Timeouts = new(1, 1, 1) };
        using var started = StartedReplicaCheck.Start(settings with { Schema = new SchemaSettings("/a/schema.json") });

        Assert.IsTrue(started.IsFor(settings with { Schema = new SchemaSettings("/b/schema.json") }));
        Assert.IsFalse(started.IsFor(settings with { ConnectionString = "Host=127.0.0.1;Database=other;Username=u;Password=p" }));
        Assert.IsFalse(started.IsFor(settings with { PendingSeverity = Severity.Error }));
        Assert.IsNull(started.Settings.Schema, "The snapshot comes with the repository's side, not with the start.");
    }

    private static ReplicaSettings Settings(TestDatabase db, string applicationName) =>
        new(db.ConnectionString + $";Application Name={applicationName}") { Provider = "postgres", History = "flyway", Timeouts = new(5, 10, 2) };

    private static RepositorySide Repository(TestProject project) =>
        new(project.Scripts, null, project.EfMigrations, MigrationDiscovery.Discover(project.Scripts), null);

    // The server lists a session a moment after the client has it, and drops it a moment after the client closed it.
    private async Task WaitForSessionsAsync(TestDatabase db, string applicationName, int expected)
    {
        var deadline = Stopwatch.StartNew();
        long count;
        do
        {
            count = Convert.ToInt64(await db.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{applicationName}'"), System.Globalization.CultureInfo.InvariantCulture);
            if (count == expected)
            {
                return;
            }

            await Task.Delay(50, TestContext.CancellationToken);
        }
        while (deadline.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Fail($"{count} sessions named {applicationName} after 10 s, expected {expected}.");
    }
}
