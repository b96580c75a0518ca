using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>
/// The whole realignment loop as a team meets it: a licence header added to an applied script, ParityAccept, the
/// nightly replica build's PARITY2011 and its history-repair.sql, the UPDATE run, and the next replica build clean.
/// </summary>
[TestClass]
public sealed class RealignmentTests
{
    private const string Header = "-- Copyright 2026 Example Ltd. Licensed under the MIT licence; it's in LICENSE.\n";

    private static readonly string[] ReplicaBuild = ["--no-restore", "-p:ParityReplica=true"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_licence_header_accepted_with_ParityAccept_is_PARITY2011_on_the_replica_and_its_repair_UPDATE_makes_the_next_check_clean()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        var consumer = await AppliedAndCommittedAsync(replica);
        var environment = Environment(replica);

        var reformatted = Header + Scripts.AddEmail;
        consumer.Script("Migrations/V2__add_email.sql", reformatted);
        var accept = consumer.Build("--no-restore", "-t:ParityAccept");

        Assert.IsTrue(accept.Succeeded, accept.ToString());
        StringAssert.Contains(accept.Output, "ParityAccept: updated Migrations/V2__add_email.sql");
        StringAssert.Contains(consumer.Read("migrations.baseline.json"), $"\"previous\": [{{ \"sha256\": ");

        var nightly = consumer.Build(environment, ReplicaBuild);

        Assert.IsTrue(nightly.Succeeded, nightly.ToString());
        var realignable = nightly.WithCode("PARITY2011").DistinctBy(warning => warning.Message).Single();
        Assert.AreEqual("warning", realignable.Severity);
        Assert.EndsWith(consumer.PathOf("Migrations/V2__add_email.sql"), realignable.File);
        Assert.IsEmpty(nightly.WithCode("PARITY2002"), nightly.ToString());
        var repair = consumer.Read("obj/parity/history-repair.sql");
        var update = Updates(repair).Single();
        StringAssert.Contains(update, $"= {Scripts.Crc(reformatted)}");
        await replica.ExecuteAsync(repair);
        Assert.AreEqual(Scripts.Crc(Scripts.CreateUsers), await replica.ScalarAsync("SELECT checksum FROM flyway_schema_history WHERE version = '1'"));

        var next = consumer.Build(environment, ReplicaBuild);

        Assert.IsTrue(next.Succeeded, next.ToString());
        Assert.IsEmpty(next.Diagnostics.Where(diagnostic => diagnostic.Code.StartsWith("PARITY2", StringComparison.Ordinal)).ToList(), next.ToString());
        Assert.IsFalse(File.Exists(consumer.PathOf("obj/parity/history-repair.sql")), "Nothing is left to repair.");
    }

    [TestMethod]
    public async Task A_real_edit_accepted_with_ParityAccept_beside_a_licence_header_stays_PARITY2002_and_history_repair_sql_realigns_only_the_header()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        var consumer = await AppliedAndCommittedAsync(replica);

        // Both get the header; V2's column type changes too, which no licence sweep may carry into the replica's history.
        consumer.Script("Migrations/V1__create_users.sql", Header + Scripts.CreateUsers);
        consumer.Script("Migrations/V2__add_email.sql", Header + Scripts.AddEmail.Replace("email text", "email varchar(320)", StringComparison.Ordinal));
        var accept = consumer.Build("--no-restore", "-t:ParityAccept");

        Assert.IsTrue(accept.Succeeded, accept.ToString());
        var manifest = consumer.Read("migrations.baseline.json").Split('\n');
        StringAssert.Contains(manifest.Single(line => line.Contains("V1__create_users.sql", StringComparison.Ordinal)), "\"previous\"");
        Assert.DoesNotContain("\"previous\"", manifest.Single(line => line.Contains("V2__add_email.sql", StringComparison.Ordinal)), "A real edit keeps no earlier text.");

        var nightly = consumer.Build(Environment(replica), ReplicaBuild);

        Assert.IsFalse(nightly.Succeeded, nightly.ToString());
        var drift = nightly.WithCode("PARITY2002").DistinctBy(error => error.Message).Single();
        Assert.AreEqual("error", drift.Severity);
        Assert.EndsWith(consumer.PathOf("Migrations/V2__add_email.sql"), drift.File);
        Assert.EndsWith(consumer.PathOf("Migrations/V1__create_users.sql"), nightly.WithCode("PARITY2011").DistinctBy(warning => warning.Message).Single().File);
        var update = Updates(consumer.Read("obj/parity/history-repair.sql")).Single();
        StringAssert.Contains(update, "\"version\" = '1'");
        StringAssert.Contains(update, $"= {Scripts.Crc(Header + Scripts.CreateUsers)}");
        Assert.AreEqual(Scripts.Crc(Scripts.AddEmail), await replica.ScalarAsync("SELECT checksum FROM flyway_schema_history WHERE version = '2'"));
    }

    // V1 and V2 applied on the replica (Flyway's rows), baselined, committed to git, and the replica build clean.
    private async Task<Consumer> AppliedAndCommittedAsync(ReplicaDatabase replica)
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        await replica.ExecuteAsync(Scripts.FlywayHistoryTable + Scripts.FlywayRows(Scripts.CreateUsers, Scripts.AddEmail));
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");
        consumer.Git().MustRun("init", "-q");
        consumer.Git().MustRun("add", "-A");
        consumer.Git().MustRun("commit", "-q", "-m", "scripts and their manifest");
        var clean = consumer.Build(Environment(replica), ReplicaBuild);
        Assert.IsTrue(clean.Succeeded, "The replica applied the scripts as they are.\n" + clean);
        return consumer;
    }

    private static Dictionary<string, string?> Environment(ReplicaDatabase replica) => new() { ["PARITY_REPLICA"] = replica.Url };

    // Each UPDATE of history-repair.sql with its WHERE line.
    private static List<string> Updates(string repair)
    {
        var lines = repair.Split('\n');
        return [.. lines.Index().Where(line => line.Item.StartsWith("UPDATE ", StringComparison.Ordinal)).Select(line => line.Item + "\n" + lines[line.Index + 1])];
    }
}
