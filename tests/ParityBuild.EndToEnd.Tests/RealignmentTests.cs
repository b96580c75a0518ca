using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>
/// The whole realignment loop as a team meets it: a licence header added to an applied script, ParityAccept, the
/// nightly replica build's PARITY2011 and its history-repair.sql, the UPDATE run, and the next replica build clean.
/// </summary>
[TestClass]
public sealed class RealignmentTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_licence_header_accepted_with_ParityAccept_is_PARITY2011_on_the_replica_and_its_repair_UPDATE_makes_the_next_check_clean()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        var consumer = Consumer.Create(TestContext.TestName!)
            .Script("Migrations/V1__create_users.sql", Scripts.CreateUsers)
            .Script("Migrations/V2__add_email.sql", Scripts.AddEmail);
        await replica.ExecuteAsync(Scripts.FlywayHistoryTable + Scripts.FlywayRows(Scripts.CreateUsers, Scripts.AddEmail));
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");
        consumer.Git().MustRun("init", "-q");
        consumer.Git().MustRun("add", "-A");
        consumer.Git().MustRun("commit", "-q", "-m", "scripts and their manifest");
        var replicaBuild = new[] { "--no-restore", "-p:ParityReplica=true" };
        var environment = new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url };
        Assert.IsTrue(consumer.Build(environment, replicaBuild).Succeeded, "The replica applied the scripts as they are.");

        const string Header = "-- Copyright 2026 Example Ltd. Licensed under the MIT licence; it's in LICENSE.\n";
        var reformatted = Header + Scripts.AddEmail;
        consumer.Script("Migrations/V2__add_email.sql", reformatted);
        var accept = consumer.Build("--no-restore", "-t:ParityAccept");

        Assert.IsTrue(accept.Succeeded, accept.ToString());
        StringAssert.Contains(accept.Output, "ParityAccept: updated Migrations/V2__add_email.sql");
        StringAssert.Contains(consumer.Read("migrations.baseline.json"), $"\"previous\": [{{ \"sha256\": ");

        var nightly = consumer.Build(environment, replicaBuild);

        Assert.IsTrue(nightly.Succeeded, nightly.ToString());
        var realignable = nightly.WithCode("PARITY2011").DistinctBy(warning => warning.Message).Single();
        Assert.AreEqual("warning", realignable.Severity);
        Assert.EndsWith(consumer.PathOf("Migrations/V2__add_email.sql"), realignable.File);
        Assert.IsEmpty(nightly.WithCode("PARITY2002"), nightly.ToString());
        var repair = consumer.Read("obj/parity/history-repair.sql");
        var update = repair.Split('\n').Where(line => line.StartsWith("UPDATE ", StringComparison.Ordinal)).Single();
        StringAssert.Contains(update, $"= {Scripts.Crc(reformatted)}");
        await replica.ExecuteAsync(repair);
        Assert.AreEqual(Scripts.Crc(Scripts.CreateUsers), await replica.ScalarAsync("SELECT checksum FROM flyway_schema_history WHERE version = '1'"));

        var next = consumer.Build(environment, replicaBuild);

        Assert.IsTrue(next.Succeeded, next.ToString());
        Assert.IsEmpty(next.Diagnostics.Where(diagnostic => diagnostic.Code.StartsWith("PARITY2", StringComparison.Ordinal)).ToList(), next.ToString());
        Assert.IsFalse(File.Exists(consumer.PathOf("obj/parity/history-repair.sql")), "Nothing is left to repair.");
    }
}
