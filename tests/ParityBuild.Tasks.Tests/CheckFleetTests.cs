using Microsoft.Build.Utilities;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Fleet;

namespace ParityBuild.Tasks.Tests;

/// <summary>The fleet task's own duties: settings in, coded errors out, the connection string never in a log, and the shard merge.</summary>
[TestClass]
public sealed class CheckFleetTests : ProjectTests
{
    private (CheckFleet Task, RecordingBuildEngine Engine) Create(Action<CheckFleet> configure)
    {
        var engine = new RecordingBuildEngine();
        var task = new CheckFleet
        {
            BuildEngine = engine,
            ProjectDirectory = Project,
            BaselineFile = "migrations.baseline.json",
            Scripts = ScriptItems(),
            Tenants = [new TaskItem("acme")],
        };
        configure(task);
        return (task, engine);
    }

    [TestMethod]
    public void A_connection_string_given_instead_of_a_variable_name_is_PARITY6001_without_repeating_it()
    {
        var (task, engine) = Create(task => task.ConnectionVariable = "Host=db;Database={tenant};Password=Sup3rSecret");

        Assert.IsFalse(task.Execute());

        Assert.AreEqual("PARITY6001", engine.Errors.Single().Code);
        Assert.IsFalse(Everything(engine).Contains("Sup3rSecret", StringComparison.Ordinal), Everything(engine));
    }

    [TestMethod]
    public void An_unset_variable_and_a_wrong_shard_are_PARITY6001_and_nothing_connects()
    {
        var unset = "PARITY_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var (noVariable, first) = Create(task => task.ConnectionVariable = unset);
        var (badShard, second) = Create(task => task.Shard = "3/2");

        Assert.IsFalse(noVariable.Execute());
        Assert.IsFalse(badShard.Execute());

        Assert.AreEqual("PARITY6001", first.Errors.Single().Code);
        StringAssert.Contains(first.Errors.Single().Message, $"the environment variable {unset} is not set");
        Assert.AreEqual("PARITY6001", second.Errors.Single().Code);
        StringAssert.Contains(second.Errors.Single().Message, "ParityFleetShard is '3/2'");
    }

    [TestMethod]
    public void Merged_shard_reports_fail_the_build_as_one_run_would_and_a_missing_shard_is_PARITY6006()
    {
        var drifted = new TenantOutcome("acme", [Diagnostics.AppliedWithoutScript.At(null, "Version 9", "Flyway", "acme.flyway_schema_history", "")], []);
        var clean = new TenantOutcome("globex", [], []);
        var shards = new[] { new FleetShard(1, 2), new FleetShard(2, 2) }.Select(shard =>
        {
            var file = Path.Combine(Project, $"shard-{shard.Index}.json");
            File.WriteAllBytes(file, FleetReport.WriteJson(new FleetResult(new[] { drifted, clean }.Where(tenant => shard.Includes(tenant.Tenant)), new UnreachableLimit(0, false), shard)));
            return new TaskItem(file);
        }).ToArray();
        var (merge, engine) = Create(task => (task.Merge, task.MergeReports, task.ReportFile) = (true, shards, "fleet.json"));
        var (incomplete, other) = Create(task => (task.Merge, task.MergeReports) = (true, shards[..1]));

        Assert.IsFalse(merge.Execute());
        Assert.IsFalse(incomplete.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("PARITY2001", error.Code);
        StringAssert.StartsWith(error.Message, "1 tenant (acme): Version 9 is applied on the replica (Flyway in {tenant}.flyway_schema_history)");
        StringAssert.Contains(Everything(engine), "ParityBuild fleet: 2 tenants: 1 clean, 0 pending, 1 drifted (acme), 0 unreachable.");
        StringAssert.Contains(File.ReadAllText(Path.Combine(Project, "fleet.json")), "\"name\": \"globex\"");
        Assert.AreEqual("PARITY6006", other.Errors.Single().Code);
    }
}
