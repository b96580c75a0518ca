using System.Text.Json;
using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>The SARIF, JSON and GitHub job-summary reports, as real builds of a consumer write them.</summary>
[TestClass]
public sealed class ReportTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void A_failing_CI_build_writes_SARIF_and_JSON_under_obj_and_appends_a_job_summary()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        Assert.IsTrue(consumer.Build().Succeeded);
        consumer.Script("Migrations/V2__add_email.sql", Scripts.AddEmail.Replace("users_email", "users_email_key", StringComparison.Ordinal));
        var summary = consumer.PathOf("step-summary.md");

        var build = consumer.Build(new Dictionary<string, string?> { ["CI"] = "true", ["GITHUB_STEP_SUMMARY"] = summary });

        Assert.IsFalse(build.Succeeded, build.ToString());
        using var sarif = JsonDocument.Parse(File.ReadAllText(consumer.PathOf("obj/parity/parity.sarif")));
        // The edited script is also new content to the safety rules, whose warnings are in the log too.
        var result = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Single(result => result.GetProperty("level").GetString() == "error");
        Assert.AreEqual("PARITY1001", result.GetProperty("ruleId").GetString());
        Assert.AreEqual("error", result.GetProperty("level").GetString());
        Assert.AreEqual("Migrations/V2__add_email.sql", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        using var json = JsonDocument.Parse(File.ReadAllText(consumer.PathOf("obj/parity/parity.json")));
        Assert.AreEqual(1, json.RootElement.GetProperty("errors").GetInt32());
        var markdown = File.ReadAllText(summary);
        StringAssert.StartsWith(markdown, "### ParityBuild: App.csproj ❌ failed");
        StringAssert.Contains(markdown, "| error | 1 | A baselined migration was changed |");
    }

    [TestMethod]
    public void A_developer_machine_writes_no_report_unless_asked_and_NoWarn_keeps_a_warning_out_of_it()
    {
        var consumer = Consumer.Create(TestContext.TestName!, properties: "<NoWarn>$(NoWarn);PARITY1009</NoWarn>").WithHistory();
        Assert.IsTrue(consumer.Build().Succeeded);
        consumer.Script("Migrations/V1__create_users.sql", "-- reformatted\n" + Scripts.CreateUsers);
        Assert.IsTrue(consumer.Build("--no-restore").Succeeded);
        Assert.IsFalse(Directory.GetFiles(consumer.PathOf("obj"), "*.sarif", SearchOption.AllDirectories).Any(), "No report unless asked for.");

        var build = consumer.Build("--no-restore", "-p:ParityReportFile=reports/parity.sarif");

        Assert.IsTrue(build.Succeeded, build.ToString());
        using var sarif = JsonDocument.Parse(File.ReadAllText(consumer.PathOf("reports/parity.sarif")));
        var codes = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(result => result.GetProperty("ruleId").GetString()).ToList();
        CollectionAssert.DoesNotContain(codes, "PARITY1009", "NoWarn silenced PARITY1009.");
        Assert.IsTrue(File.Exists(consumer.PathOf("reports/parity.json")));
    }

    [TestMethod]
    public void A_build_that_finds_the_gate_up_to_date_still_reports_its_warnings_and_a_multi_targeted_project_reports_once()
    {
        var consumer = Consumer.Create(TestContext.TestName!, "net8.0;net10.0").WithHistory();
        Assert.IsTrue(consumer.Build().Succeeded);
        consumer.Script("Migrations/V1__create_users.sql", "-- reformatted\n" + Scripts.CreateUsers);
        var summary = consumer.PathOf("step-summary.md");
        var environment = new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary };

        var first = consumer.Build(environment, "--no-restore", "-m");
        var second = consumer.Build(environment, "--no-restore", "-m", "-v:n");

        Assert.IsTrue(first.Succeeded && second.Succeeded, first + "\n" + second);
        StringAssert.Contains(second.Output, "Skipping target \"ParityVerify\" because all output files are up-to-date");
        var markdown = File.ReadAllText(summary);
        Assert.AreEqual(2, markdown.Split("### ParityBuild: App.csproj ⚠️ passed with warnings").Length - 1, markdown);
        Assert.AreEqual(2, markdown.Split("| warning | 1 | A baselined migration was reformatted |").Length - 1, markdown);
    }
}
