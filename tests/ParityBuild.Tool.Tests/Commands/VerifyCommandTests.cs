namespace ParityBuild.Tool.Tests;

[TestClass]
public sealed class VerifyCommandTests
{
    private static readonly Dictionary<string, string?> Developer = [];
    private static readonly Dictionary<string, string?> Ci = new() { ["CI"] = "true" };

    [TestMethod]
    public void Run_in_a_folder_with_no_options_it_baselines_Migrations_beside_migrations_baseline_json()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "create table if not exists a (id int);\n");
        folder.Write("Other/V9__ignored.sql", "select 1;\n");

        var run = folder.Exec(Developer, "verify");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "ParityBuild: created migrations.baseline.json with 1 migrations");
        StringAssert.Contains(folder.Read("migrations.baseline.json"), "\"path\": \"Migrations/V1__create.sql\"");
        Assert.DoesNotContain("V9__ignored", folder.Read("migrations.baseline.json"));
        Assert.DoesNotContain("\r", run.Output, "No progress line when the output is not a terminal.");
    }

    [TestMethod]
    public void With_CI_true_and_no_options_a_new_script_is_refused_in_locked_mode_and_the_manifest_is_left_as_it_is()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "create table if not exists a (id int);\n");
        Assert.AreEqual(0, folder.Exec(Developer, "verify").ExitCode);
        var manifest = folder.Read("migrations.baseline.json");
        var script = folder.Write("Migrations/V2__more.sql", "create table if not exists b (id int);\n");

        var run = folder.Exec(Ci, "verify");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.StartsWith(run.WithCode("PARITY1003").Single(), script + ": error PARITY1003: ");
        Assert.AreEqual(manifest, folder.Read("migrations.baseline.json"));
    }

    [TestMethod]
    public void An_edited_baselined_script_exits_1_with_the_canonical_PARITY1001_line_at_the_script_file()
    {
        using var folder = new ScratchFolder();
        var script = folder.Write("Migrations/V1__create.sql", "create table a (id int);\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        File.WriteAllText(script, "create table a (id bigint);\n");

        var run = folder.Run("verify", "--locked");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        // The whole file changed, so the finding has no line: MSBuild's format is then "file: error CODE: message".
        StringAssert.StartsWith(run.WithCode("PARITY1001").Single(), script + ": error PARITY1001: Migrations/V1__create.sql was changed");
    }

    [TestMethod]
    public void A_safety_rule_is_a_warning_at_the_scripts_line_and_column_and_does_not_fail()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        var script = folder.Write("Migrations/V2__create.sql", "-- the table\ncreate table a (id int);\n");

        var run = folder.Run("verify", "--locked", "false");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.StartsWith(run.WithCode("PARITY4010").Single(), script + "(2,1): warning PARITY4010: ");
    }

    [TestMethod]
    public void A_new_script_on_a_developer_run_is_added_to_the_manifest_with_an_info_line()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "create table if not exists a (id int);\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        var script = folder.Write("Migrations/V2__more.sql", "create table if not exists b (id int);\n");

        var run = folder.Run("verify", "--locked=false");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.StartsWith(run.WithCode("PARITY1003").Single(), script + ": info PARITY1003: ");
        StringAssert.Contains(folder.Read("migrations.baseline.json"), "Migrations/V2__more.sql");
    }

    [TestMethod]
    public void Sets_come_from_include_globs_and_a_file_is_listed_once()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/Orders/V1__orders.sql", "select 1;\n");
        folder.Write("Migrations/Billing/V1__billing.sql", "select 2;\n");

        var run = folder.Run("verify", "--locked", "false", "--include", "Migrations/Orders/**/*.sql=orders", "--include", "Migrations/Billing/**/*.sql=billing", "--include", "Migrations/**/*.sql=other");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        var manifest = folder.Read("migrations.baseline.json");
        StringAssert.Contains(manifest, "\"name\": \"orders\"");
        StringAssert.Contains(manifest, "\"name\": \"billing\"");
        Assert.DoesNotContain("\"other\"", manifest);
    }

    [TestMethod]
    public void The_items_file_gives_each_script_its_set_naming_and_link_and_replaces_the_globs()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        folder.Write("../shared-" + Path.GetFileName(folder.Path) + "/0002_more.sql", "select 2;\n");
        folder.Write("obj/parity/verify.items", $"Migrations/V1__create.sql\torders\t\t\n../shared-{Path.GetFileName(folder.Path)}/0002_more.sql\torders\tnumbered\tMigrations/0002_more.sql\n\n");

        var run = folder.Run("verify", "--locked", "false", "--items", "obj/parity/verify.items", "--include", "Nothing/*.sql");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        var manifest = folder.Read("migrations.baseline.json");
        StringAssert.Contains(manifest, "\"path\": \"Migrations/0002_more.sql\"");
        StringAssert.Contains(manifest, "\"path\": \"Migrations/V1__create.sql\"");
        Directory.Delete(Path.Combine(folder.Path, "..", "shared-" + Path.GetFileName(folder.Path)), recursive: true);
    }

    [TestMethod]
    public void A_line_of_the_items_file_with_too_many_fields_exits_2_with_PARITY1020_at_its_line()
    {
        using var folder = new ScratchFolder();
        var items = folder.Write("scripts.items", "Migrations/V1__a.sql\n\ta\tb\tc\td\n");

        var run = folder.Run("verify", "--items", "scripts.items");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.StartsWith(run.WithCode("PARITY1020").Single(), items + "(2): error PARITY1020: ");
    }

    [TestMethod]
    public void Usage_errors_exit_2_with_PARITY1019_and_check_nothing()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");

        foreach (var args in new[] { ["--no-such-option"], ["--locked", "maybe"], ["--report", "pdf", "x.pdf"], ["--report"], new[] { "--verbosity", "loud" } })
        {
            var run = folder.Run("verify", args);

            Assert.AreEqual(2, run.ExitCode, run.Output);
            StringAssert.StartsWith(run.Lines[0], "parity: error PARITY1019: ", string.Join(" ", args));
            Assert.IsFalse(folder.Exists("migrations.baseline.json"), string.Join(" ", args));
        }
    }

    [TestMethod]
    public void A_bad_rules_value_exits_2_with_PARITY4014()
    {
        using var folder = new ScratchFolder();

        var run = folder.Run("verify", "--rules", "sometimes");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.StartsWith(run.WithCode("PARITY4014").Single(), "parity: error PARITY4014: ");
    }

    [TestMethod]
    public void Reports_are_written_as_asked_with_the_findings_of_the_run()
    {
        using var folder = new ScratchFolder();
        var script = folder.Write("Migrations/V1__create.sql", "create table if not exists a (id int);\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        File.WriteAllText(script, "create table if not exists a (id bigint);\n");

        var run = folder.Run("verify", "--locked", "--report", "sarif", "out/parity.sarif", "--report", "json", "out/parity.json");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(folder.Read("out/parity.sarif"), "\"ruleId\": \"PARITY1001\"");
        StringAssert.Contains(folder.Read("out/parity.json"), "PARITY1001");
    }

    [TestMethod]
    public void With_build_report_a_failing_verify_writes_the_reports_the_report_command_makes_of_that_file_without_listing_them_at_minimal()
    {
        // What the package's targets do on CI when no replica check follows the gate: one process for both.
        using var folder = new ScratchFolder();
        var script = folder.Write("Migrations/V1__create.sql", "create table if not exists a (id int);\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        File.WriteAllText(script, "create table if not exists a (id bigint);\n");
        var arguments = folder.Write("obj/parity/report.rsp", $"""
            --project-dir={folder.Path}
            --config=none
            --project-file={folder.File("App.csproj")}
            --sarif=obj/parity/parity.sarif
            --json=obj/parity/parity.json
            --step-summary=false
            --warnings-as-messages=PARITY1009
            --part=obj/parity/report-gate.json
            """);

        var verify = folder.Run("verify", "--locked", "--verbosity", "minimal", "--report-part", "obj/parity/report-gate.json", "--build-report", "obj/parity/report.rsp");
        string[] byVerify = [folder.Read("obj/parity/parity.sarif"), folder.Read("obj/parity/parity.json")];
        File.Delete(folder.File("obj/parity/parity.sarif"));
        File.Delete(folder.File("obj/parity/parity.json"));
        using var reportOutput = new StringWriter();
        var report = Program.Run(["report", "@" + arguments], reportOutput);

        Assert.AreEqual(1, verify.ExitCode, verify.Output);
        Assert.AreEqual(0, report, reportOutput.ToString());
        StringAssert.Contains(byVerify[0], "\"ruleId\": \"PARITY1001\"");
        CollectionAssert.AreEqual(new[] { folder.Read("obj/parity/parity.sarif"), folder.Read("obj/parity/parity.json") }, byVerify);
        Assert.DoesNotContain("wrote the report", verify.Output);
        StringAssert.Contains(reportOutput.ToString(), "ParityBuild: wrote the report " + folder.File("obj/parity/parity.sarif"));
    }

    [TestMethod]
    public void A_rule_in_warnings_as_errors_fails_and_keeps_the_script_out_of_the_manifest_and_no_warn_silences_it()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "create table if not exists a (id int);\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        var script = folder.Write("Migrations/V2__more.sql", "create table b (id int);\n");

        var strict = folder.Run("verify", "--locked", "false", "--warnings-as-errors", "PARITY4010;CS0168");
        var manifestAfterStrict = folder.Read("migrations.baseline.json");
        var silenced = folder.Run("verify", "--locked", "false", "--no-warn", "PARITY4010");

        Assert.AreEqual(1, strict.ExitCode, strict.Output);
        StringAssert.StartsWith(strict.WithCode("PARITY4010").Single(), script + "(1,1): error PARITY4010: ");
        Assert.DoesNotContain("V2__more", manifestAfterStrict);
        Assert.AreEqual(0, silenced.ExitCode, silenced.Output);
        Assert.IsEmpty(silenced.WithCode("PARITY4010"));
        StringAssert.Contains(folder.Read("migrations.baseline.json"), "V2__more");
    }

    [TestMethod]
    public void The_stamp_time_file_gets_the_time_the_run_began_as_the_task_gives_it()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        var before = DateTime.UtcNow.AddSeconds(-1);

        var run = folder.Run("verify", "--locked", "false", "--started-file", "obj/parity/verify.started", "--stamp-time-file", "obj/parity/verify.stamptime");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        var stamp = DateTime.Parse(folder.Read("obj/parity/verify.stamptime"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.AreEqual(File.GetLastWriteTimeUtc(folder.File("obj/parity/verify.started")).AddTicks(-1), stamp);
        Assert.IsGreaterThan(before, stamp);
    }

    [TestMethod]
    public void Quiet_prints_only_the_findings_and_detailed_adds_the_settings()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");

        var quiet = folder.Run("verify", "--locked", "false", "-v", "quiet");
        var detailed = folder.Run("verify", "--locked", "false", "--verbosity", "detailed");

        Assert.AreEqual("", quiet.Output);
        StringAssert.Contains(detailed.Output, "ParityBuild: safety rules new, dialect auto.");
        StringAssert.Contains(detailed.Output, "ParityBuild: 1 migrations match migrations.baseline.json");
    }
}
