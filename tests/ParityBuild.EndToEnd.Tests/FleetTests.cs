using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

[TestClass]
public sealed class FleetTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_fleet_check_reports_the_drifted_tenant_once_with_the_summary_and_two_merged_shards_give_the_same_result()
    {
        await using var reader = await FleetReader.CreateAsync();
        await using var acme = await ReplicaDatabase.CreateAsync();
        await using var globex = await ReplicaDatabase.CreateAsync();
        await using var initech = await ReplicaDatabase.CreateAsync();
        // initech applied V2 before it was edited in the repository.
        var edited = Scripts.AddEmail.Replace("users_email", "users_email_key", StringComparison.Ordinal);
        foreach (var (tenant, applied) in new[] { (acme, Scripts.AddEmail), (globex, Scripts.AddEmail), (initech, edited) })
        {
            await tenant.ExecuteAsync(Scripts.FlywayHistoryTable + Scripts.FlywayRows(Scripts.CreateUsers, applied) + $"; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{reader.User}\"");
        }

        var consumer = Consumer.Create(TestContext.TestName!, items: $"""<ParityTenant Include="{acme.Name}" /><ParityTenant Include="{globex.Name}" />""")
            .WithHistory()
            .Script("tenants.txt", $"# the rest of the fleet\n{initech.Name}\n{acme.Name}\n");
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");

        // One connection string for the fleet, {tenant} where each tenant's database goes, whose password must appear nowhere.
        var environment = new Dictionary<string, string?> { ["PARITY_FLEET"] = reader.Url };
        var password = reader.Password;
        string[] fleet = ["--no-restore", "-t:ParityFleetCheck", "-p:ParityFleetTenantsFile=tenants.txt"];

        var build = consumer.Build(environment, [.. fleet, "-p:ParityFleetReportFile=fleet.json"]);

        Assert.IsFalse(build.Succeeded, build.ToString());
        var error = build.Errors.Single();
        Assert.AreEqual("PARITY2002", error.Code);
        Assert.AreEqual(consumer.PathOf("Migrations/V2__add_email.sql"), error.File);
        StringAssert.StartsWith(error.Message, $"1 tenant ({initech.Name}): ");
        StringAssert.Contains(build.Output, $"ParityBuild fleet: 3 tenants: 2 clean, 0 pending, 1 drifted ({initech.Name}), 0 unreachable.");
        StringAssert.Contains(consumer.Read("fleet.json"), $"\"name\": \"{initech.Name}\"");
        Assert.IsFalse(build.Output.Contains(password, StringComparison.Ordinal) || build.Output.Contains(Uri.EscapeDataString(password), StringComparison.Ordinal));

        foreach (var shard in new[] { 1, 2 })
        {
            var part = consumer.Build(environment, [.. fleet, $"-p:ParityFleetShard={shard}/2", $"-p:ParityFleetReportFile=shard-{shard}.json"]);
            StringAssert.Contains(part.Output, $"(shard {shard}/2)", part.ToString());
        }

        var merged = consumer.Build(environment, "--no-restore", "-t:ParityFleetReport", "-p:ParityFleetReports=shard-*.json");

        Assert.IsFalse(merged.Succeeded, merged.ToString());
        Assert.AreEqual(error, merged.Errors.Single());
        StringAssert.Contains(merged.Output, $"ParityBuild fleet: 3 tenants: 2 clean, 0 pending, 1 drifted ({initech.Name}), 0 unreachable.");
    }

    /// <summary>One login that may read every tenant's history, with a long random password; dropped last.</summary>
    private sealed class FleetReader : IAsyncDisposable
    {
        private static Npgsql.NpgsqlConnectionStringBuilder Admin => new(Environment.GetEnvironmentVariable("PARITY_TEST_POSTGRES")) { Pooling = false };

        public string User { get; } = "fleet_e2e_" + Guid.NewGuid().ToString("N")[..12];

        public string Password { get; } = "Pw:" + Guid.NewGuid().ToString("N") + "@/#";

        public string Url => $"postgres://{User}:{Uri.EscapeDataString(Password)}@{Admin.Host}:{Admin.Port}/{{tenant}}";

        public static async Task<FleetReader> CreateAsync()
        {
            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("PARITY_TEST_POSTGRES")))
            {
                // Inconclusive here, a failure on CI, as every database test.
                await using var _ = await ReplicaDatabase.CreateAsync();
            }

            var reader = new FleetReader();
            await reader.ServerAsync($"CREATE ROLE \"{reader.User}\" LOGIN PASSWORD '{reader.Password}'");
            return reader;
        }

        public ValueTask DisposeAsync() => new(ServerAsync($"DROP ROLE IF EXISTS \"{User}\""));

        private async Task ServerAsync(string sql)
        {
            await using var connection = new Npgsql.NpgsqlConnection(Admin.ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
