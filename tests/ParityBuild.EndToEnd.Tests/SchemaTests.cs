using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

[TestClass]
public sealed class SchemaTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ParitySchemaCapture_writes_the_snapshot_and_a_drifted_replica_fails_the_build_with_repair_sql_under_obj()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        var consumer = Consumer.Create(TestContext.TestName!)
            .Script("Migrations/V1__create_users.sql", Scripts.CreateUsers)
            .Script("Migrations/V2__add_email.sql", Scripts.AddEmail);
        await replica.ExecuteAsync(Scripts.FlywayHistoryTable + Scripts.CreateUsers + Scripts.AddEmail + Scripts.FlywayRows(Scripts.CreateUsers, Scripts.AddEmail));
        var environment = new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url };
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");

        var capture = consumer.Build(environment, "--no-restore", "-t:ParitySchemaCapture");

        Assert.IsTrue(capture.Succeeded, capture.ToString());
        var snapshot = consumer.Read("migrations.schema.json");
        StringAssert.Contains(snapshot, "{ \"name\": \"users_email\", \"unique\": true, \"method\": \"btree\", \"columns\": \"(email)\" }");
        StringAssert.Contains(capture.Output, "migrations.schema.json");
        var clean = consumer.Build(environment, "--no-restore", "-p:ParityReplica=true");
        Assert.IsTrue(clean.Succeeded, clean.ToString());
        Assert.IsFalse(File.Exists(consumer.PathOf("obj/parity/schema-repair.sql")));

        await replica.ExecuteAsync("ALTER TABLE users ADD COLUMN nickname text; DROP INDEX users_email");
        var drifted = consumer.Build(environment, "--no-restore", "-p:ParityReplica=true");

        Assert.IsFalse(drifted.Succeeded, drifted.ToString());
        var missing = drifted.WithCode("PARITY3001").Single();
        Assert.AreEqual(consumer.PathOf("migrations.schema.json"), missing.File);
        Assert.AreEqual(snapshot.Split('\n').ToList().FindIndex(line => line.Contains("\"users_email\"", StringComparison.Ordinal)) + 1, missing.Line);
        StringAssert.StartsWith(drifted.WithCode("PARITY3002").Single().Message, "Column public.users.nickname exists on the replica");
        var repairPath = consumer.PathOf("obj/parity/schema-repair.sql");
        StringAssert.Contains(drifted.Output, repairPath, "The build output names the repair file.");
        var repair = File.ReadAllText(repairPath);
        StringAssert.StartsWith(repair, $"-- ParityBuild: schema repair for 127.0.0.1/{replica.Name} (");
        StringAssert.Contains(repair, "CREATE UNIQUE INDEX \"users_email\" ON \"public\".\"users\" USING btree (email);");
        StringAssert.Contains(repair, "-- ALTER TABLE \"public\".\"users\" DROP COLUMN \"nickname\";");
        Assert.IsFalse(drifted.Output.Contains(replica.Password, StringComparison.Ordinal) || repair.Contains(replica.Password, StringComparison.Ordinal));

        // A new migration: the plain build (no database) warns that the snapshot belongs to the migrations before it.
        consumer.Script("Migrations/V3__add_orders.sql", Scripts.AddOrders);
        var added = consumer.Build("--no-restore");

        Assert.IsTrue(added.Succeeded, added.ToString());
        var stale = added.WithCode("PARITY3005").Single();
        Assert.AreEqual(consumer.PathOf("migrations.schema.json"), stale.File);
        Assert.AreEqual("warning", stale.Severity);
    }
}
