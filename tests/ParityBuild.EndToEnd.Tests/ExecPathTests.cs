using System.Text;
using System.Text.RegularExpressions;
using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>
/// One behaviour, two paths: the gate through the task MSBuild loads, and through the parity tool the targets run with
/// `dotnet exec` (ParityTaskRunner=exec: what Visual Studio 2022 gets). Every scenario is built both ways, each way in
/// one consumer that is put back to its committed state between scenarios, and must give the same result, the same
/// diagnostics (code, severity, file, line, message) and the same manifest, byte for byte.
/// </summary>
[TestClass]
public sealed partial class ExecPathTests
{
    private const string ThroughTheTool = "-p:ParityTaskRunner=exec";

    public TestContext TestContext { get; set; } = null!;

    /// <summary>What a scenario changes in a consumer with the two-script history and its manifest, and how it builds.</summary>
    private sealed record Scenario(string Name, Action<Consumer> Arrange, bool OnCi = false, params string[] Arguments);

    private static readonly Scenario[] Scenarios =
    [
        new("unchanged, locked", _ => { }, OnCi: true),
        new("edit", c => c.Script("Migrations/V2__add_email.sql", Scripts.AddEmail.Replace("users_email", "users_email_key", StringComparison.Ordinal))),
        new("cosmetic edit", c => c.Script("Migrations/V1__create_users.sql", Scripts.CreateUsers + "\n\n")),
        new("cosmetic edit as an error", c => c.Script("Migrations/V1__create_users.sql", Scripts.CreateUsers + "\n\n"), false, "-p:WarningsAsErrors=PARITY1009"),
        new("delete", c => c.Delete("Migrations/V2__add_email.sql")),
        new("rename", c => c.Move("Migrations/V2__add_email.sql", "Migrations/V2__add_email_column.sql")),
        new("out of order", c => c.Script("Migrations/V1_5__add_orders.sql", Scripts.AddOrders)),
        new("out of order, allowed", c => c.Script("Migrations/V1_5__add_orders.sql", Scripts.AddOrders), false, "-p:ParityAllowOutOfOrder=true"),
        new("duplicate version", c => c.Script("Migrations/V3__a.sql", Scripts.AddOrders).Script("Migrations/V3.0__b.sql", "SELECT 1;\n")),
        new("corrupt manifest", c => File.WriteAllText(c.ManifestPath, c.Read("migrations.baseline.json")[..100])),
        new("new script, locked", c => c.Script("Migrations/V3__add_orders.sql", Scripts.AddOrders), OnCi: true),
        new("new script, developer", c => c.Script("Migrations/V3__add_orders.sql", Scripts.AddOrders)),
        new("no manifest, locked", c => File.Delete(c.ManifestPath), OnCi: true),
        new("accept", c => c.Script("Migrations/V2__add_email.sql", "ALTER TABLE users ADD COLUMN email varchar(320);\n").Script("Migrations/V3__add_orders.sql", Scripts.AddOrders), false, "-t:ParityAccept"),
        new("CRLF and BOM, locked", ToCrlfWithBom, OnCi: true),
        // No script left: the tool gets an empty list, not a missing one (WriteLinesToFile deletes an empty file).
        new("every script deleted", c => { c.Delete("Migrations/V1__create_users.sql"); c.Delete("Migrations/V2__add_email.sql"); }),
    ];

    [TestMethod]
    public void Every_gate_scenario_gives_the_same_diagnostics_and_manifest_through_the_task_and_through_the_tool()
    {
        var task = RunScenarios("task");
        var tool = RunScenarios("tool", ThroughTheTool);

        for (var i = 0; i < task.Count; i++)
        {
            Assert.AreEqual(task[i], tool[i], $"Scenario '{task[i].Scenario}' differs between the task and the tool.");
        }

        // The scenarios do what their names say (so that the comparison compares something).
        StringAssert.Contains(task[2].Diagnostics, "error PARITY1001 Migrations/V2__add_email.sql");
        StringAssert.Contains(task[6].Diagnostics, "error PARITY1010");
        StringAssert.Contains(task[10].Diagnostics, "error PARITY1006 migrations.baseline.json");
        StringAssert.Contains(task[11].Diagnostics, "error PARITY1003 Migrations/V3__add_orders.sql");
        Assert.AreEqual(2, task[^1].Diagnostics.Split("error PARITY1002").Length - 1, task[^1].Diagnostics);
    }

    [TestMethod]
    public void A_no_op_build_through_the_tool_skips_ParityVerify_before_the_tool_runs()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        AssertBuilt(consumer.Build(ThroughTheTool));
        AssertBuilt(consumer.Build("--no-restore", ThroughTheTool));

        var noOp = consumer.Build("--no-restore", "-v:d", ThroughTheTool);

        AssertBuilt(noOp);
        StringAssert.Contains(noOp.Output, "Skipping target \"ParityVerify\" because all output files are up-to-date");
        Assert.IsFalse(noOp.Output.Contains("Task \"Exec\"", StringComparison.Ordinal), "The tool ran in a no-op build:\n" + noOp.Output);
    }

    [TestMethod]
    public void A_multi_targeted_project_runs_the_tool_once_and_writes_the_manifest_the_task_writes()
    {
        var task = Consumer.Create(TestContext.TestName + "-task", "net8.0;net10.0").WithHistory();
        var tool = Consumer.Create(TestContext.TestName + "-tool", "net8.0;net10.0").WithHistory();

        var byTask = task.Build("-v:d");
        var byTool = tool.Build("-v:d", ThroughTheTool);

        AssertBuilt(byTask);
        AssertBuilt(byTool);
        // The outer build checks and writes the manifest; the first inner build finds the manifest newer than the stamp
        // and checks once more, the second finds ParityVerify up to date: the tool runs where the task runs.
        Assert.AreEqual(Count(byTask.Output, "Task \"VerifyMigrations\""), Count(byTool.Output, "Task \"Exec\""), byTool.Output);
        Assert.AreEqual(task.Read("migrations.baseline.json"), tool.Read("migrations.baseline.json"));
    }

    [TestMethod]
    public void Without_a_dotnet_runtime_8_or_later_the_tools_path_skips_the_check_with_PARITY1013()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        // A dotnet with only the .NET 6 runtime beside it, as on a machine with an older Visual Studio 2022.
        var dotnet = consumer.PathOf("old-dotnet/dotnet");
        Directory.CreateDirectory(consumer.PathOf("old-dotnet/shared/Microsoft.NETCore.App/6.0.36"));
        File.WriteAllText(dotnet, "");

        var build = consumer.Build(ThroughTheTool, $"-p:DOTNET_HOST_PATH={dotnet}");

        AssertBuilt(build);
        StringAssert.Contains(build.WithCode("PARITY1013").First().Message, "no .NET runtime 8.0 or later was found");
        Assert.IsFalse(File.Exists(consumer.ManifestPath), "The check did not run.");
    }

    [TestMethod]
    public async Task The_replica_check_the_schema_capture_and_the_dry_run_give_the_same_result_through_the_task_and_through_the_tool_which_never_sees_the_password()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        await replica.ExecuteAsync(Scripts.FlywayHistoryTable + Scripts.CreateUsers + Scripts.AddEmail + Scripts.FlywayRows(Scripts.CreateUsers, Scripts.AddEmail));
        var environment = new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url };
        var task = Consumer.Create(TestContext.TestName + "-task").WithHistory();
        var tool = Consumer.Create(TestContext.TestName + "-tool").WithHistory();
        AssertBuilt(task.Build());
        AssertBuilt(tool.Build(ThroughTheTool));
        var toolOutputs = new List<string>();

        BuildResult Both(string[] arguments, out BuildResult byTool, Dictionary<string, string?>? variables = null)
        {
            var byTask = task.Build(variables ?? environment, ["--no-restore", .. arguments]);
            byTool = tool.Build(variables ?? environment, ["--no-restore", ThroughTheTool, .. arguments]);
            toolOutputs.Add(byTool.Output);
            Assert.AreEqual(WithoutFile(OutcomeOf(arguments[0], task, byTask)), WithoutFile(OutcomeOf(arguments[0], tool, byTool)), byTool.ToString());
            return byTask;
        }

        var capture = Both(["-t:ParitySchemaCapture"], out var captureByTool);
        AssertBuilt(capture);
        AssertBuilt(captureByTool);
        Assert.AreEqual(task.Read("migrations.schema.json"), tool.Read("migrations.schema.json"), "The same snapshot.");
        StringAssert.Contains(tool.Read("migrations.schema.json"), "\"users_email\"");

        var clean = Both(["-p:ParityReplica=true", "-p:ParityReportFile=reports/parity.sarif"], out var cleanByTool);
        AssertBuilt(clean);
        AssertBuilt(cleanByTool);
        // The replica check follows the gate in this build: the reports, made after it, hold its part too, as the task's.
        foreach (var report in new[] { "reports/parity.sarif", "reports/parity.json" })
        {
            Assert.AreEqual(task.Read(report).Replace(task.Directory, "<project>", StringComparison.Ordinal), tool.Read(report).Replace(tool.Directory, "<project>", StringComparison.Ordinal), report);
        }

        StringAssert.Contains(tool.Read("reports/parity.json"), "\"name\": \"replica\"");
        Assert.IsTrue(File.Exists(tool.PathOf("obj/parity/report-replica.json")), "The tool writes the replica's report part.");
        Assert.IsFalse(File.Exists(tool.PathOf("obj/parity/schema-repair.sql")));

        // A hotfix applied on the replica by hand: a history row no script has.
        await replica.ExecuteAsync("""
            INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
            VALUES (3, '3', 'hotfix', 'SQL', 'V3__hotfix.sql', 42, 'dba', 1, TRUE)
            """);
        var hotfix = Both(["-p:ParityReplica=true"], out var hotfixByTool);
        Assert.IsFalse(hotfix.Succeeded, hotfix.ToString());
        Assert.IsFalse(hotfixByTool.Succeeded, hotfixByTool.ToString());
        StringAssert.StartsWith(hotfix.WithCode("PARITY2001").Single().Message, "Version 3 (hotfix) is applied on the replica");
        Assert.IsFalse(hotfixByTool.Output.Contains("error MSB", StringComparison.Ordinal), hotfixByTool.ToString());

        // ParityStatus's replica table: the same rows both ways.
        var status = Both(["-t:ParityStatus", "-p:ParityReplica=true"], out var statusByTool);
        AssertBuilt(status);
        AssertBuilt(statusByTool);
        var rows = StatusRows(status.Output);
        Assert.IsTrue(rows.Any(row => row.StartsWith("3 ", StringComparison.Ordinal)), status.Output);
        CollectionAssert.AreEqual(rows, StatusRows(statusByTool.Output), statusByTool.Output);

        // The dry run on the same database, which has no DbUp journal: V1 runs first, and fails there (rolled back).
        var dryRun = Both(["-t:ParityDryRun"], out var dryRunByTool, new() { ["PARITY_DRYRUN"] = replica.AdminUrl });
        Assert.IsFalse(dryRunByTool.Succeeded, dryRunByTool.ToString());
        Assert.IsTrue(dryRun.Errors.Any(error => error.File == task.PathOf("Migrations/V1__create_users.sql")), dryRun.ToString());

        foreach (var output in toolOutputs)
        {
            foreach (var fragment in new[] { replica.Password, Uri.EscapeDataString(replica.Password), replica.Password[3..15] })
            {
                Assert.IsFalse(output.Contains(fragment, StringComparison.Ordinal), "The tool's path shows (part of) the password:\n" + output);
            }
        }
    }

    [TestMethod]
    public async Task A_projects_own_ParityEfMigration_items_reach_the_replica_check_through_the_tool_as_through_the_task()
    {
        // EF Core's migrations outside Migrations/, listed by the project, and applied on the replica.
        await using var replica = await ReplicaDatabase.CreateAsync();
        await replica.ExecuteAsync("""
            CREATE TABLE "__EFMigrationsHistory" ("MigrationId" character varying(150) NOT NULL PRIMARY KEY, "ProductVersion" character varying(32) NOT NULL);
            INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20240101000000_Init', '8.0.8');
            """);
        const string items = """<ParityEfMigration Include="Data/Schema/*.cs" />""";
        var task = Consumer.Create(TestContext.TestName + "-task", items: items).WithHistory().Script("Data/Schema/20240101000000_Init.cs", "namespace App; public static class Init { }\n");
        var tool = Consumer.Create(TestContext.TestName + "-tool", items: items).WithHistory().Script("Data/Schema/20240101000000_Init.cs", "namespace App; public static class Init { }\n");
        var environment = new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url };

        var byTask = task.Build(environment, "-p:ParityReplica=true", "-p:ParityHistory=efcore");
        var byTool = tool.Build(environment, ThroughTheTool, "-p:ParityReplica=true", "-p:ParityHistory=efcore");

        AssertBuilt(byTask);
        AssertBuilt(byTool);
        Assert.AreEqual(WithoutFile(OutcomeOf("efcore", task, byTask)), WithoutFile(OutcomeOf("efcore", tool, byTool)));
    }

    [TestMethod]
    public void Scripts_with_a_Set_reach_the_tool_with_their_metadata_and_scripts_without_any_as_paths_alone()
    {
        const string sets = """<ParityMigration Update="Migrations/Billing/**" Set="billing" />""";
        var task = Consumer.Create(TestContext.TestName + "-task", items: sets).WithHistory().Script("Migrations/Billing/V1__create_invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);\n");
        var tool = Consumer.Create(TestContext.TestName + "-tool", items: sets).WithHistory().Script("Migrations/Billing/V1__create_invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);\n");
        var plain = Consumer.Create(TestContext.TestName + "-plain").WithHistory();

        AssertBuilt(task.Build());
        AssertBuilt(tool.Build(ThroughTheTool));
        AssertBuilt(plain.Build(ThroughTheTool));

        StringAssert.Contains(tool.Read("migrations.baseline.json"), "\"name\": \"billing\"");
        Assert.AreEqual(task.Read("migrations.baseline.json"), tool.Read("migrations.baseline.json"));
        // The billing script's line has its set; a project whose scripts have no metadata gets one path a line.
        StringAssert.Contains(tool.Read("obj/parity/scripts.items"), "Migrations/Billing/V1__create_invoices.sql\tbilling\t\t");
        CollectionAssert.AreEquivalent(
            new[] { "Migrations/V1__create_users.sql", "Migrations/V2__add_email.sql" },
            File.ReadAllLines(plain.PathOf("obj/parity/scripts.items")));
    }

    [TestMethod]
    public void Paths_and_script_names_with_quotes_spaces_hashes_and_at_signs_reach_the_tool_intact()
    {
        // What a response file could misread: the project folder (in --project-dir, --manifest) and a script's name.
        const string odd = " \"odd\" #1 @home";
        const string script = "Migrations/V3__it's \"quoted\" #1 @home.sql";
        var task = Consumer.Create(TestContext.TestName + "-task" + odd).WithHistory().Script(script, Scripts.AddOrders);
        var tool = Consumer.Create(TestContext.TestName + "-tool" + odd).WithHistory().Script(script, Scripts.AddOrders);

        var byTask = task.Build();
        var byTool = tool.Build(ThroughTheTool);

        AssertBuilt(byTask);
        AssertBuilt(byTool);
        StringAssert.Contains(tool.Read("migrations.baseline.json"), "V3__it");
        Assert.AreEqual(task.Read("migrations.baseline.json"), tool.Read("migrations.baseline.json"));

        task.Script(script, "SELECT 2;\n");
        tool.Script(script, "SELECT 2;\n");
        var edited = OutcomeOf("edit", task, task.Build("--no-restore"));

        Assert.AreEqual(edited, OutcomeOf("edit", tool, tool.Build("--no-restore", ThroughTheTool)));
        StringAssert.Contains(edited.Diagnostics, "error PARITY1001 " + script);
    }

    [TestMethod]
    public void An_intermediate_folder_with_quotes_an_apostrophe_a_space_and_a_semicolon_reaches_the_tool_intact()
    {
        // The response files' paths are on the command line Exec gives the shell: an absolute obj/ holding what a shell
        // reads ('"', '\'', ';', a space). NuGet's restore refuses a ';' in the project's folder, so that one is in obj/'s
        // name (%3B: MSBuild's escape); the C# compiler refuses a '"' in obj/, so only the gate is built.
        const string odd = " \"q\" it's";
        const string intermediate = """
            <Project>
              <PropertyGroup>
                <BaseIntermediateOutputPath>$(MSBuildThisFileDirectory)obj%3B 'it's' "x"/</BaseIntermediateOutputPath>
              </PropertyGroup>
            </Project>
            """;
        var task = Consumer.Create(TestContext.TestName + "-task" + odd).Script("Directory.Build.props", intermediate).WithHistory();
        var tool = Consumer.Create(TestContext.TestName + "-tool" + odd).Script("Directory.Build.props", intermediate).WithHistory();

        AssertBuilt(task.Build("-t:ParityVerify"));
        AssertBuilt(tool.Build("-t:ParityVerify", ThroughTheTool));
        Assert.IsTrue(File.Exists(tool.PathOf("obj; 'it's' \"x\"/parity/verify.rsp")), "The tool's response file is in the odd obj/ folder.");
        Assert.AreEqual(task.Read("migrations.baseline.json"), tool.Read("migrations.baseline.json"));

        task.Script("Migrations/V2__add_email.sql", "SELECT 2;\n");
        tool.Script("Migrations/V2__add_email.sql", "SELECT 2;\n");
        var edited = OutcomeOf("edit", task, task.Build("--no-restore", "-t:ParityVerify"));

        Assert.AreEqual(edited, OutcomeOf("edit", tool, tool.Build("--no-restore", "-t:ParityVerify", ThroughTheTool)));
        StringAssert.Contains(edited.Diagnostics, "error PARITY1001 Migrations/V2__add_email.sql");
    }

    [TestMethod]
    public void The_tools_path_writes_the_reports_the_task_writes_from_the_gates_process_and_a_JSON_report_named_parity_json_does_not_stop_the_next_build()
    {
        var task = Consumer.Create(TestContext.TestName + "-task").WithHistory();
        var tool = Consumer.Create(TestContext.TestName + "-tool").WithHistory();
        AssertBuilt(task.Build());
        AssertBuilt(tool.Build(ThroughTheTool));
        var committed = Snapshot(tool);
        foreach (var consumer in new[] { task, tool })
        {
            consumer.Script("Migrations/V2__add_email.sql", Scripts.AddEmail.Replace("users_email", "users_email_key", StringComparison.Ordinal));
            consumer.Script("Migrations/V1__create_users.sql", Scripts.CreateUsers + "\n\n");
        }

        // ParityReportFile=parity.sarif: the JSON report is parity.json in the project folder.
        BuildResult OnCi(Consumer consumer, params string[] arguments) => consumer.Build(
            new Dictionary<string, string?> { ["CI"] = "true", ["GITHUB_STEP_SUMMARY"] = consumer.PathOf("summary.md") },
            ["--no-restore", "-p:ParityReportFile=parity.sarif", .. arguments]);
        var byTask = OnCi(task);
        var byTool = OnCi(tool, ThroughTheTool, "-v:d");

        Assert.IsFalse(byTask.Succeeded, byTask.ToString());
        Assert.IsFalse(byTool.Succeeded, byTool.ToString());
        // No replica check follows the gate: its process writes the reports too, and no second one starts for them.
        Assert.AreEqual(1, ExecRun().Matches(byTool.Output).Count, byTool.Output);
        foreach (var report in new[] { "parity.sarif", "parity.json", "summary.md" })
        {
            Assert.IsTrue(File.Exists(tool.PathOf(report)), $"{report} through the tool:\n{byTool}");
            Assert.AreEqual(task.Read(report).Replace(task.Directory, "<project>", StringComparison.Ordinal), tool.Read(report).Replace(tool.Directory, "<project>", StringComparison.Ordinal), report);
        }

        StringAssert.Contains(tool.Read("parity.sarif"), "\"PARITY1001\"");
        Restore(tool, committed);
        var next = OnCi(tool, ThroughTheTool);

        AssertBuilt(next);
        Assert.IsEmpty(next.WithCode("PARITY1018"), next.ToString());
    }

    [TestMethod]
    public void Without_DOTNET_HOST_PATH_the_tools_path_finds_dotnet_in_the_PATH()
    {
        // Visual Studio 2022's MSBuild sets no DOTNET_HOST_PATH: the targets take the first PATH folder with a dotnet that
        // has its runtimes beside it; not a folder without one, nor a link to it elsewhere (as /usr/bin/dotnet often is).
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var empty = Directory.CreateDirectory(consumer.PathOf("no-dotnet-here")).FullName;
        var linked = Directory.CreateDirectory(consumer.PathOf("linked-dotnet")).FullName;
        File.CreateSymbolicLink(Path.Combine(linked, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"), Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        var path = string.Join(Path.PathSeparator, empty, linked, root, Environment.GetEnvironmentVariable("PATH"));

        var build = consumer.Build(new Dictionary<string, string?> { ["PATH"] = path }, "-v:d", ThroughTheTool, "-p:DOTNET_HOST_PATH=");

        AssertBuilt(build);
        var quote = OperatingSystem.IsWindows() ? "\"" : "'";
        StringAssert.Contains(build.Output, $"ParityBuild: the gate runs {quote}{Path.Combine(root, "dotnet")}{quote} exec");
        Assert.IsTrue(File.Exists(consumer.ManifestPath), "The tool ran and wrote the manifest.");
    }

    /// <summary>The comparable result of one build: success, its diagnostics (paths relative to the project), and the manifest.</summary>
    private sealed record Outcome(string Scenario, bool Succeeded, string Diagnostics, string? Manifest);

    private List<Outcome> RunScenarios(string name, params string[] runner)
    {
        var consumer = Consumer.Create($"{TestContext.TestName}-{name}").WithHistory();
        AssertBuilt(consumer.Build(runner));
        var committed = Snapshot(consumer);
        var outcomes = new List<Outcome> { OutcomeOf("first build", consumer, consumer.Build(["--no-restore", .. runner])) };
        foreach (var scenario in Scenarios)
        {
            Restore(consumer, committed);
            scenario.Arrange(consumer);
            string[] arguments = ["--no-restore", .. runner, .. scenario.Arguments];
            var build = scenario.OnCi ? consumer.BuildOnCi(arguments) : consumer.Build(arguments);
            Assert.IsFalse(build.Output.Contains("error MSB", StringComparison.Ordinal), $"{scenario.Name}: an MSBuild error besides the findings:\n{build}");
            outcomes.Add(OutcomeOf(scenario.Name, consumer, build));
        }

        return outcomes;
    }

    private static Outcome OutcomeOf(string scenario, Consumer consumer, BuildResult build)
    {
        var prefix = consumer.Directory + Path.DirectorySeparatorChar;
        // A message with a code (PARITY1003: "it was added") is an MSBuild message from the task; the tool prints it as
        // "path: info CODE: text", which MSBuild shows as it is (its canonical format has only errors and warnings).
        var toolMessages = ToolMessage().Matches(build.Output).Select(match => new BuildResult.Diagnostic(
            match.Groups["file"].Value.Trim(), match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
            "message", match.Groups["code"].Value, match.Groups["message"].Value.Trim()));
        var diagnostics = build.Diagnostics.Concat(toolMessages).Distinct()
            .Select(d => $"{d.Severity} {d.Code} {d.File.Replace(prefix, "", StringComparison.Ordinal)}({d.Line}): {d.Message.Replace(prefix, "", StringComparison.Ordinal)}")
            .Order(StringComparer.Ordinal);
        var manifest = File.Exists(consumer.ManifestPath) ? consumer.Read("migrations.baseline.json") : null;
        return new Outcome(scenario, build.Succeeded, string.Join('\n', diagnostics), manifest);
    }

    // A finding without a file (a history row no script has): MSBuild places the task's at the line of the targets that
    // ran it, the tool prints it with its own name as the origin. Only that place may differ; the manifest is not compared.
    private static Outcome WithoutFile(Outcome outcome) =>
        outcome with { Manifest = null, Diagnostics = NoFile().Replace(outcome.Diagnostics, "${code} (no file):") };

    private static Dictionary<string, byte[]> Snapshot(Consumer consumer) =>
        Directory.GetFiles(consumer.PathOf("Migrations")).Append(consumer.ManifestPath).ToDictionary(path => path, File.ReadAllBytes);

    private static void Restore(Consumer consumer, Dictionary<string, byte[]> snapshot)
    {
        foreach (var path in Directory.GetFiles(consumer.PathOf("Migrations")))
        {
            File.Delete(path);
        }

        foreach (var (path, bytes) in snapshot)
        {
            File.WriteAllBytes(path, bytes);
        }
    }

    private static void ToCrlfWithBom(Consumer consumer)
    {
        foreach (var path in Directory.GetFiles(consumer.PathOf("Migrations")))
        {
            var text = File.ReadAllText(path).Replace("\n", "\r\n", StringComparison.Ordinal);
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);
        }
    }

    [GeneratedRegex(@"^\s*(?:\d+>)?(?<file>[^\r\n]*?)(?:\((?<line>\d+)(?:,\d+)*\))?: info (?<code>PARITY\d{4}): (?<message>[^\r\n]*?)(?:\s+\[[^\]\r\n]+\])?\r?$", RegexOptions.Multiline)]
    private static partial Regex ToolMessage();

    [GeneratedRegex(@"^(?<code>\w+ PARITY\d{4}) (?:\S*ParityBuild\.targets\(\d+\)|parity\(0\)):", RegexOptions.Multiline)]
    private static partial Regex NoFile();

    // An Exec task that ran (a detailed log), not one skipped for its condition.
    [GeneratedRegex(@"Task ""Exec""\r?$", RegexOptions.Multiline)]
    private static partial Regex ExecRun();

    private static List<string> StatusRows(string output) =>
        [.. output.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 1 && char.IsAsciiDigit(line[0]) && line.Contains(' ', StringComparison.Ordinal) && !line.Contains("(s)", StringComparison.Ordinal) && !line.Contains("Time Elapsed", StringComparison.Ordinal)).Distinct()];

    private static int Count(string text, string value) => text.Split(value).Length - 1;

    private static void AssertBuilt(BuildResult build) => Assert.IsTrue(build.Succeeded, build.ToString());
}
