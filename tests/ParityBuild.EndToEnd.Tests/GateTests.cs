using System.Text;
using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

[TestClass]
public sealed class GateTests
{
    public TestContext TestContext { get; set; } = null!;

    private Consumer NewConsumer(string properties = "", string items = "", string targetFrameworks = "net10.0") =>
        Consumer.Create(TestContext.TestName!, targetFrameworks, properties, items);

    private static void AssertBuilt(BuildResult build) => Assert.IsTrue(build.Succeeded, build.ToString());

    private static void AssertFailed(BuildResult build) => Assert.IsFalse(build.Succeeded, build.ToString());

    [TestMethod]
    public void First_build_writes_the_manifest_and_says_so()
    {
        var consumer = NewConsumer().WithHistory();

        var build = consumer.Build();

        AssertBuilt(build);
        StringAssert.Contains(build.Output, "created migrations.baseline.json with 2 migrations; commit it");
        var manifest = consumer.Read("migrations.baseline.json");
        StringAssert.Contains(manifest, "\"path\": \"Migrations/V1__create_users.sql\"");
        StringAssert.Contains(manifest, "\"path\": \"Migrations/V2__add_email.sql\"");
        Assert.IsFalse(manifest.Contains('\r'), "The manifest uses LF only.");
    }

    [TestMethod]
    public void Locked_mode_without_a_manifest_fails_and_says_how_to_create_it()
    {
        var consumer = NewConsumer().WithHistory();

        var build = consumer.BuildOnCi();

        AssertFailed(build);
        var error = build.WithCode("PARITY1014").Single();
        Assert.AreEqual(consumer.ManifestPath, error.File);
        StringAssert.Contains(error.Message, "locked mode (CI) never creates it");
        StringAssert.Contains(error.Message, "commit migrations.baseline.json");
        Assert.IsFalse(File.Exists(consumer.ManifestPath));
    }

    [TestMethod]
    public void Unchanged_scripts_build_quietly_and_a_second_build_skips_the_check()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());

        var quiet = consumer.Build("--no-restore");
        var again = consumer.Build("--no-restore", "-v:n");

        AssertBuilt(quiet);
        Assert.IsFalse(quiet.Output.Contains("ParityBuild:", StringComparison.Ordinal) || quiet.Output.Contains("PARITY1", StringComparison.Ordinal), quiet.Output);
        AssertBuilt(again);
        StringAssert.Contains(again.Output, "Skipping target \"ParityVerify\" because all output files are up-to-date");
    }

    [TestMethod]
    public void An_edit_that_lands_while_the_check_runs_is_caught_by_the_next_build()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());

        // The manifest was written after every script had been read and before the stamp was touched: an edit landing
        // at that moment is the race. The manifest's own time goes back an hour, so that only the script is newer.
        var during = File.GetLastWriteTimeUtc(consumer.ManifestPath);
        File.SetLastWriteTimeUtc(consumer.ManifestPath, during.AddHours(-1));
        var script = consumer.PathOf("Migrations/V2__add_email.sql");
        File.WriteAllText(script, Scripts.AddEmail.Replace("users_email", "users_email_key", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(script, during);

        var build = consumer.Build("--no-restore", "-v:n");

        AssertFailed(build);
        Assert.AreEqual(script, build.WithCode("PARITY1001").Single().File);
        Assert.IsLessThan(during, File.GetLastWriteTimeUtc(consumer.PathOf("obj/parity/verify.stamp")), "the stamp carries the time the check began");
    }

    [TestMethod]
    public void A_locked_build_of_a_committed_manifest_passes()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());

        var build = consumer.BuildOnCi("-p:ParityEnabled=true", "-v:n");

        AssertBuilt(build);
        StringAssert.Contains(build.Output, "2 migrations match migrations.baseline.json");
    }

    [TestMethod]
    public void An_edited_script_fails_the_build_with_PARITY1001_at_the_script()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        consumer.Script("Migrations/V2__add_email.sql", Scripts.AddEmail.Replace("users_email", "users_email_key", StringComparison.Ordinal));

        var build = consumer.Build();

        AssertFailed(build);
        var error = build.WithCode("PARITY1001").Single();
        Assert.AreEqual(consumer.PathOf("Migrations/V2__add_email.sql"), error.File);
        StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex(@"sha256 [0-9a-f]{12} -> [0-9a-f]{12}"));
        StringAssert.Contains(error.Message, "dotnet build -t:ParityAccept");
    }

    [TestMethod]
    public void A_whitespace_or_comment_only_edit_is_a_cosmetic_warning()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        consumer.Script("Migrations/V1__create_users.sql", "-- Users, reformatted.\nCREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n");

        var build = consumer.Build();

        AssertBuilt(build);
        Assert.AreEqual(0, build.WithCode("PARITY1001").Count, build.Output);
        StringAssert.Contains(build.WithCode("PARITY1009").Single().Message, "only whitespace or comments changed");
    }

    [TestMethod]
    public void The_cosmetic_warning_respects_WarningsAsErrors_and_NoWarn()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        consumer.Script("Migrations/V1__create_users.sql", Scripts.CreateUsers + "\n\n");

        var asError = consumer.Build("-p:WarningsAsErrors=PARITY1009");
        var silenced = consumer.Build("-p:NoWarn=PARITY1009");

        AssertFailed(asError);
        AssertBuilt(silenced);
        Assert.AreEqual(0, silenced.WithCode("PARITY1009").Count, silenced.Output);
    }

    [TestMethod]
    public void Crlf_line_endings_and_a_bom_on_every_script_change_nothing()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        foreach (var path in Directory.GetFiles(consumer.PathOf("Migrations")))
        {
            var text = File.ReadAllText(path).Replace("\n", "\r\n", StringComparison.Ordinal);
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);
        }

        var build = consumer.BuildOnCi();

        AssertBuilt(build);
        Assert.AreEqual(0, build.Diagnostics.Count, build.Output);
    }

    [TestMethod]
    public void A_deleted_script_fails_with_PARITY1002()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        consumer.Delete("Migrations/V2__add_email.sql");

        var build = consumer.Build();

        AssertFailed(build);
        var error = build.WithCode("PARITY1002").Single();
        Assert.AreEqual(consumer.PathOf("Migrations/V2__add_email.sql"), error.File);
    }

    [TestMethod]
    public void A_renamed_script_is_one_finding_that_names_both_names()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        consumer.Move("Migrations/V2__add_email.sql", "Migrations/V2__add_email_column.sql");

        var build = consumer.Build();

        AssertFailed(build);
        Assert.AreEqual(1, build.Errors.Count, build.Output);
        var error = build.WithCode("PARITY1010").Single();
        StringAssert.Contains(error.Message, "Migrations/V2__add_email.sql");
        StringAssert.Contains(error.Message, "Migrations/V2__add_email_column.sql");
    }

    [TestMethod]
    public void A_new_script_that_sorts_before_the_newest_baselined_one_fails_with_PARITY1004_unless_allowed()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        consumer.Script("Migrations/V1_5__add_orders.sql", Scripts.AddOrders);

        var build = consumer.Build();
        var allowed = consumer.Build("-p:ParityAllowOutOfOrder=true");

        AssertFailed(build);
        StringAssert.Contains(build.WithCode("PARITY1004").Single().Message, "version 1.5, which sorts before the newest baselined version 2");
        AssertBuilt(allowed);
        StringAssert.Contains(consumer.Read("migrations.baseline.json"), "V1_5__add_orders.sql");
    }

    [TestMethod]
    [DataRow("V3__a.sql", "V3__b.sql")]
    [DataRow("V3__a.sql", "V3.0__b.sql")]
    public void Two_scripts_with_one_version_fail_with_PARITY1005(string first, string second)
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        consumer.Script($"Migrations/{first}", Scripts.AddOrders).Script($"Migrations/{second}", "SELECT 1;\n");

        var build = consumer.Build();

        AssertFailed(build);
        var error = build.WithCode("PARITY1005").Single();
        StringAssert.Contains(error.Message, first);
        StringAssert.Contains(error.Message, second);
    }

    [TestMethod]
    public void A_new_script_on_a_developer_machine_is_added_and_on_ci_fails_with_PARITY1003()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        consumer.Script("Migrations/V3__add_orders.sql", Scripts.AddOrders);

        var ci = consumer.BuildOnCi();
        var developer = consumer.Build();

        AssertFailed(ci);
        Assert.AreEqual(consumer.PathOf("Migrations/V3__add_orders.sql"), ci.WithCode("PARITY1003").Single().File);
        AssertBuilt(developer);
        StringAssert.Contains(developer.Output, "It was added; commit the manifest with the script.");
        StringAssert.Contains(consumer.Read("migrations.baseline.json"), "V3__add_orders.sql");
    }

    [TestMethod]
    public void ParityAccept_rewrites_the_manifest_and_lists_every_change()
    {
        var consumer = NewConsumer().WithHistory();
        AssertBuilt(consumer.Build());
        consumer.Script("Migrations/V2__add_email.sql", "ALTER TABLE users ADD COLUMN email varchar(320);\n");
        consumer.Script("Migrations/V3__add_orders.sql", Scripts.AddOrders);
        AssertFailed(consumer.Build());

        var accept = consumer.Build("-t:ParityAccept");
        var after = consumer.BuildOnCi();

        AssertBuilt(accept);
        StringAssert.Contains(accept.Output, "ParityAccept: updated Migrations/V2__add_email.sql");
        StringAssert.Contains(accept.Output, "ParityAccept: added Migrations/V3__add_orders.sql");
        AssertBuilt(after);
    }

    [TestMethod]
    public void ParityEnabled_false_and_a_design_time_build_run_nothing()
    {
        var consumer = NewConsumer().WithHistory();

        var disabled = consumer.Build("-p:ParityEnabled=false", "-v:n");
        var designTime = consumer.Build("-p:DesignTimeBuild=true", "-v:n");

        AssertBuilt(disabled);
        AssertBuilt(designTime);
        Assert.IsFalse(File.Exists(consumer.ManifestPath));
        Assert.IsFalse(disabled.Output.Contains("VerifyMigrations", StringComparison.Ordinal), disabled.Output);
    }
}
