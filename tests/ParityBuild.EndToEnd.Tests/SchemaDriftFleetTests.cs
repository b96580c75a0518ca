using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

[TestClass]
public sealed class SchemaDriftFleetTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task With_a_committed_schema_snapshot_the_fleet_check_reports_the_tenant_whose_schema_drifted_and_ParitySchemaCompare_false_leaves_schemas_alone()
    {
        await using var acme = await ReplicaDatabase.CreateAsync();
        await using var globex = await ReplicaDatabase.CreateAsync();
        await using var initech = await ReplicaDatabase.CreateAsync();
        foreach (var tenant in new[] { acme, globex, initech })
        {
            await tenant.ExecuteAsync(Scripts.FlywayHistoryTable + Scripts.CreateUsers + Scripts.AddEmail + Scripts.FlywayRows(Scripts.CreateUsers, Scripts.AddEmail));
        }

        var consumer = Consumer.Create(TestContext.TestName!, items: string.Concat(new[] { acme, globex, initech }.Select(tenant => $"""<ParityTenant Include="{tenant.Name}" />""")))
            .WithHistory();
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");
        var capture = consumer.Build(new Dictionary<string, string?> { ["PARITY_REPLICA"] = acme.Url }, "--no-restore", "-t:ParitySchemaCapture");
        Assert.IsTrue(capture.Succeeded, capture.ToString());
        await globex.ExecuteAsync("ALTER TABLE users ADD COLUMN nickname text");

        // One login for the fleet (the administrator's here: each test reader may read only its own database).
        var environment = new Dictionary<string, string?> { ["PARITY_FLEET"] = acme.AdminUrl.Replace(acme.Name, "{tenant}", StringComparison.Ordinal) };
        var build = consumer.Build(environment, "--no-restore", "-t:ParityFleetCheck");

        Assert.IsFalse(build.Succeeded, build.ToString());
        var error = build.Errors.Single();
        Assert.AreEqual("PARITY3002", error.Code);
        Assert.AreEqual(consumer.PathOf("migrations.schema.json"), error.File);
        StringAssert.StartsWith(error.Message, $"1 tenant ({globex.Name}): Column public.users.nickname exists on the replica");
        StringAssert.Contains(build.Output, $"ParityBuild fleet: 3 tenants: 2 clean, 0 pending, 1 drifted ({globex.Name}), 0 unreachable.");
        // The drifted tenant's repair SQL, in its own folder under obj/parity/fleet/, and none for the clean ones.
        var repairs = consumer.PathOf(Path.Combine("obj", "parity", "fleet"));
        CollectionAssert.AreEqual(new[] { globex.Name }, Directory.GetDirectories(repairs).Select(Path.GetFileName).ToArray());
        StringAssert.Matches(File.ReadAllText(Path.Combine(repairs, globex.Name, "schema-repair.sql")), new System.Text.RegularExpressions.Regex("DROP COLUMN \"?nickname"));

        var historyOnly = consumer.Build(environment, "--no-restore", "-t:ParityFleetCheck", "-p:ParitySchemaCompare=false");

        Assert.IsTrue(historyOnly.Succeeded, historyOnly.ToString());
        StringAssert.Contains(historyOnly.Output, "ParityBuild fleet: 3 tenants: 3 clean, 0 pending, 0 drifted, 0 unreachable.");
    }
}
