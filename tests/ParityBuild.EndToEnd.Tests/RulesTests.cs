using System.Text.RegularExpressions;
using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>The migration safety rules (PARITY4xxx) in real builds of a consumer project.</summary>
[TestClass]
public sealed class RulesTests
{
    private const string NewIndex = "SET lock_timeout = '5s';\n\nCREATE INDEX IF NOT EXISTS users_name ON users (name);\n";

    public TestContext TestContext { get; set; } = null!;

    private Consumer BaselinedConsumer()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        var first = consumer.Build();
        Assert.IsTrue(first.Succeeded, first.ToString());
        Assert.IsFalse(first.Output.Contains("PARITY4", StringComparison.Ordinal), "The first build baselines the existing scripts unchecked.\n" + first.Output);
        return consumer;
    }

    [TestMethod]
    public void On_CI_a_pull_request_s_script_already_in_its_manifest_is_checked_against_the_base_branch_s_manifest()
    {
        var consumer = BaselinedConsumer();
        var git = consumer.Git();
        git.MustRun("init", "-q");
        File.WriteAllText(consumer.PathOf(".gitignore"), "bin/\nobj/\n");
        git.MustRun("add", "-A");
        git.MustRun("commit", "-q", "-m", "baseline");
        git.MustRun("checkout", "-q", "-b", "feature");
        consumer.Script("Migrations/V3__index_names.sql", NewIndex);
        Assert.IsTrue(consumer.Build("--no-restore").Succeeded, "The developer's build adds V3 to the manifest.");
        git.MustRun("add", "-A");
        git.MustRun("commit", "-q", "-m", "index");

        var withoutBase = consumer.BuildOnCi("--no-restore");
        var withBase = consumer.Build(new Dictionary<string, string?> { ["CI"] = "true", ["GITHUB_BASE_REF"] = "main" }, "--no-restore", "-p:ParityRulesBase=main");
        var unknownBase = consumer.BuildOnCi("--no-restore", "-p:ParityRulesBase=origin/nowhere");

        Assert.IsTrue(withoutBase.Succeeded && withBase.Succeeded && unknownBase.Succeeded, withBase.ToString());
        Assert.AreEqual(0, withoutBase.WithCode("PARITY4001").Count, "Without a base, V3 is in the manifest: not new.\n" + withoutBase.Output);
        Assert.AreEqual(consumer.PathOf("Migrations/V3__index_names.sql"), withBase.WithCode("PARITY4001").Single().File);
        Assert.AreEqual(0, withBase.Diagnostics.Count(diagnostic => diagnostic.File.EndsWith("V1__create_users.sql", StringComparison.Ordinal)), "Scripts the base has are not checked.");
        StringAssert.Contains(unknownBase.WithCode("PARITY4015").Single().Message, "ParityRulesBase 'origin/nowhere'");
    }

    [TestMethod]
    public void A_new_script_with_CREATE_INDEX_warns_at_its_line_and_column_once()
    {
        var consumer = BaselinedConsumer();
        consumer.Script("Migrations/V3__index_names.sql", NewIndex);

        var build = consumer.Build("--no-restore");
        var next = consumer.Build("--no-restore");

        Assert.IsTrue(build.Succeeded, build.ToString());
        var warning = build.WithCode("PARITY4001").Single();
        Assert.AreEqual(("warning", consumer.PathOf("Migrations/V3__index_names.sql"), 3), (warning.Severity, warning.File, warning.Line));
        StringAssert.Matches(build.Output, new Regex(@"V3__index_names\.sql\(3,1\): warning PARITY4001: CREATE INDEX on the existing table users"));
        Assert.IsTrue(next.Succeeded, next.ToString());
        Assert.AreEqual(0, next.WithCode("PARITY4001").Count, "The script was added to the manifest: it is baselined now.\n" + next.Output);
    }

    [TestMethod]
    public void NoWarn_silences_a_rule()
    {
        var consumer = BaselinedConsumer();
        consumer.Script("Migrations/V3__index_names.sql", NewIndex);

        var build = consumer.Build("--no-restore", "-p:NoWarn=PARITY4001");

        Assert.IsTrue(build.Succeeded, build.ToString());
        Assert.AreEqual(0, build.WithCode("PARITY4001").Count, build.Output);
    }

    [TestMethod]
    public void WarningsAsErrors_fails_the_build_and_keeps_the_script_out_of_the_manifest_until_it_is_fixed()
    {
        var consumer = BaselinedConsumer();
        consumer.Script("Migrations/V3__index_names.sql", NewIndex);

        var failed = consumer.Build("--no-restore", "-p:WarningsAsErrors=PARITY4001");
        var again = consumer.Build("--no-restore", "-p:WarningsAsErrors=PARITY4001");
        consumer.Script("Migrations/V3__index_names.sql", NewIndex.Replace("CREATE INDEX", "CREATE INDEX CONCURRENTLY", StringComparison.Ordinal));
        var fixedBuild = consumer.Build("--no-restore", "-p:WarningsAsErrors=PARITY4001");

        Assert.IsFalse(failed.Succeeded, failed.ToString());
        Assert.AreEqual("error", failed.WithCode("PARITY4001").Single().Severity);
        Assert.IsFalse(again.Succeeded, "The failing build did not baseline the script.\n" + again);
        Assert.IsTrue(fixedBuild.Succeeded, fixedBuild.ToString());
        StringAssert.Contains(consumer.Read("migrations.baseline.json"), "Migrations/V3__index_names.sql");
    }

    [TestMethod]
    public void Baselined_scripts_are_checked_only_with_ParityRules_all_and_changing_it_reruns_the_check()
    {
        var consumer = BaselinedConsumer();

        var quiet = consumer.Build("--no-restore");
        var all = consumer.Build("--no-restore", "-p:ParityRules=all");

        Assert.IsTrue(quiet.Succeeded, quiet.ToString());
        Assert.IsFalse(quiet.Output.Contains("PARITY4", StringComparison.Ordinal), quiet.Output);
        Assert.IsTrue(all.Succeeded, all.ToString());
        var createTable = all.WithCode("PARITY4010").First(d => d.File.EndsWith("V1__create_users.sql", StringComparison.Ordinal));
        Assert.AreEqual(2, createTable.Line, "Line 1 is a comment: the finding points at the statement.");
    }
}
