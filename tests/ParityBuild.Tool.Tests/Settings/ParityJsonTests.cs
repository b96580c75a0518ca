namespace ParityBuild.Tool.Tests;

[TestClass]
public sealed class ParityJsonTests
{
    [TestMethod]
    public void Parity_json_gives_the_scripts_the_manifest_and_locked_mode()
    {
        using var folder = new ScratchFolder();
        folder.Write("db/V1__create.sql", "select 1;\n");
        folder.Write("parity.json", """
            {
              // The settings a project file would give.
              "include": ["db/**/*.sql"],
              "manifest": "db/baseline.json",
              "locked": false,
            }
            """);

        var first = folder.Run("verify");
        folder.Write("parity.json", """{ "include": "db/**/*.sql", "manifest": "db/baseline.json", "locked": true }""");
        folder.Write("db/V2__more.sql", "select 2;\n");
        var locked = folder.Run("verify");

        Assert.AreEqual(0, first.ExitCode, first.Output);
        StringAssert.Contains(folder.Read("db/baseline.json"), "db/V1__create.sql");
        Assert.AreEqual(1, locked.ExitCode, locked.Output);
        Assert.HasCount(1, locked.WithCode("PARITY1003"), locked.Output);
    }

    [TestMethod]
    public void The_command_line_wins_over_parity_json()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        folder.Write("parity.json", """{ "locked": true, "manifest": "elsewhere.json" }""");

        var run = folder.Run("verify", "--locked", "false", "--manifest", "migrations.baseline.json");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.IsTrue(folder.Exists("migrations.baseline.json"));
        Assert.IsFalse(folder.Exists("elsewhere.json"));
    }

    [TestMethod]
    public void A_setting_of_another_command_is_accepted_and_left_to_that_command()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        folder.Write("parity.json", """{ "locked": false, "rulesBase": "origin/main" }""");

        var status = folder.Run("status");

        Assert.AreEqual(0, status.ExitCode, status.Output);
    }

    [TestMethod]
    [DataRow("{\n  \"locked\": true\n  \"naming\": \"flyway\"\n}", 3, "is not valid JSON")]
    [DataRow("{\n  \"naming\": \"flyway\",\n  \"lockedMode\": true\n}", 3, "\"lockedMode\", which is not a setting of any parity command")]
    [DataRow("{\n  \"locked\": \"sometimes\"\n}", 2, "expected true or false")]
    [DataRow("{\n  \"include\": [\"a\", 1, {}]\n}", 2, "expected a string or an array of strings")]
    [DataRow("[\"naming\"]", 1, "must hold one JSON object")]
    public void An_invalid_parity_json_exits_2_with_PARITY1018_at_its_line(string json, int line, string reason)
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        var file = folder.Write("parity.json", json);

        var run = folder.Run("verify");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        var error = run.WithCode("PARITY1018").Single();
        StringAssert.StartsWith(error, $"{file}({line}): error PARITY1018: ");
        StringAssert.Contains(error, reason);
        Assert.IsFalse(folder.Exists("migrations.baseline.json"));
    }

    [TestMethod]
    public void A_JSON_report_named_parity_json_in_the_folder_is_not_read_as_settings()
    {
        // ParityReportFile=parity.sarif makes the package write its JSON report beside it, as parity.json.
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        var report = folder.Run("verify", "--locked", "false", "--report", "json", "parity.json");

        var next = folder.Run("verify");

        Assert.AreEqual(0, report.ExitCode, report.Output);
        StringAssert.Contains(folder.Read("parity.json"), "\"tool\": \"ParityBuild\"");
        Assert.AreEqual(0, next.ExitCode, next.Output);
        Assert.IsEmpty(next.WithCode("PARITY1018"), next.Output);
    }

    [TestMethod]
    public void Config_none_reads_no_settings_file_and_config_FILE_reads_that_one()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        folder.Write("parity.json", "{ not json");
        folder.Write("ci/parity.json", """{ "manifest": "ci/baseline.json" }""");

        var none = folder.Run("verify", "--locked", "false", "--config", "none");
        var other = folder.Run("verify", "--locked", "false", "--config", "ci/parity.json");
        var missing = folder.Run("verify", "--config", "nowhere.json");

        Assert.AreEqual(0, none.ExitCode, none.Output);
        Assert.IsTrue(folder.Exists("migrations.baseline.json"));
        Assert.AreEqual(0, other.ExitCode, other.Output);
        Assert.IsTrue(folder.Exists("ci/baseline.json"));
        Assert.AreEqual(2, missing.ExitCode, missing.Output);
        StringAssert.Contains(missing.WithCode("PARITY1018").Single(), "nowhere.json");
    }

    [TestMethod]
    public void A_settings_file_named_with_config_is_read_even_when_it_holds_a_report()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        folder.Run("verify", "--report", "json", "report.json");

        var run = folder.Run("verify", "--config", "report.json");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.WithCode("PARITY1018").Single(), "not a setting of any parity command");
    }
}
