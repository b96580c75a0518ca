using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>A project with two migration sets, each with its own Flyway history table (one schema each), on one replica.</summary>
[TestClass]
public sealed class ReplicaSetTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Each_ParityReplicaSet_is_checked_against_its_own_history_table_and_without_them_the_check_asks_which_is_which()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        var edited = Scripts.AddEmail.Replace("users_email", "users_email_key", StringComparison.Ordinal);
        var consumer = Consumer.Create(TestContext.TestName!, items: """
                <ParityMigration Update="Migrations/orders/**" Set="orders" />
                <ParityMigration Update="Migrations/billing/**" Set="billing" />
                """)
            .Script("Migrations/orders/V1__create_users.sql", Scripts.CreateUsers)
            .Script("Migrations/orders/V2__add_email.sql", Scripts.AddEmail)
            .Script("Migrations/billing/V1__create_users.sql", Scripts.CreateUsers)
            .Script("Migrations/billing/V2__add_email.sql", edited);
        var history = Scripts.FlywayHistoryTable + ";" + Scripts.FlywayRows(Scripts.CreateUsers, Scripts.AddEmail);
        await replica.ExecuteAsync($"""
            CREATE SCHEMA orders; SET search_path = orders; {history.Replace("\"public\".", "", StringComparison.Ordinal)};
            CREATE SCHEMA billing; SET search_path = billing; {history.Replace("\"public\".", "", StringComparison.Ordinal)};
            GRANT USAGE ON SCHEMA orders, billing TO "{replica.User}";
            GRANT SELECT ON ALL TABLES IN SCHEMA orders, billing TO "{replica.User}"
            """);
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");
        var environment = new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url };

        var unnamed = consumer.Build(environment, "--no-restore", "-p:ParityReplica=true");

        Assert.IsFalse(unnamed.Succeeded, unnamed.ToString());
        StringAssert.Contains(unnamed.WithCode("PARITY2008").Single().Message, "the project has 2 migration sets ('billing', 'orders')");

        File.WriteAllText(consumer.PathOf("Directory.Build.targets"), """
            <Project>
              <ItemGroup>
                <ParityReplicaSet Include="orders" HistorySchema="orders" />
                <ParityReplicaSet Include="billing" HistorySchema="billing" />
              </ItemGroup>
            </Project>
            """);
        var build = consumer.Build(environment, "--no-restore", "-p:ParityReplica=true", "-p:ParityReportFile=parity.sarif");

        Assert.IsFalse(build.Succeeded, build.ToString());
        var error = build.WithCode("PARITY2002").Single();
        Assert.AreEqual(consumer.PathOf("Migrations/billing/V2__add_email.sql"), error.File);
        var report = File.ReadAllText(consumer.PathOf("parity.json"));
        StringAssert.Contains(report, "in migration set 'orders', Flyway history orders.flyway_schema_history: 2 rows, 2 applied");
        StringAssert.Contains(report, "in migration set 'billing', Flyway history billing.flyway_schema_history: 2 rows, 1 applied");
    }
}
