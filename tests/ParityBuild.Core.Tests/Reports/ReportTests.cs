using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Reports;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Reports;

[TestClass]
public sealed class ReportTests
{
    internal static readonly Lazy<JsonSchema> SarifSchema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reports", "sarif-schema-2.1.0.json"))));

    [TestMethod]
    public void The_SARIF_log_of_every_kind_of_finding_is_valid_against_the_SARIF_2_1_0_schema()
    {
        using var folder = new TempFolder();
        var report = Build(folder);

        var sarif = SarifReport.Write(report);

        using var document = JsonDocument.Parse(sarif);
        var results = SarifSchema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.IsTrue(results.IsValid, string.Join("\n", (results.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"))));
    }

    [TestMethod]
    public void The_schema_check_can_fail_a_result_without_a_message_is_refused()
    {
        using var folder = new TempFolder();
        var log = JsonNode.Parse(SarifReport.Write(Build(folder)))!;
        log["runs"]![0]!["results"]![0]!.AsObject().Remove("message");

        using var document = JsonDocument.Parse(log.ToJsonString());

        Assert.IsFalse(SarifSchema.Value.Evaluate(document.RootElement).IsValid);
    }

    [TestMethod]
    public void A_SARIF_result_points_at_the_script_relative_to_the_repository_root_with_line_and_column()
    {
        using var folder = new TempFolder();
        var report = Build(folder);

        var run = JsonNode.Parse(SarifReport.Write(report))!["runs"]![0]!;
        var results = run["results"]!.AsArray();

        var edited = results.Single(result => (string?)result!["ruleId"] == "PARITY1001")!;
        Assert.AreEqual("error", (string?)edited["level"]);
        var location = edited["locations"]![0]!["physicalLocation"]!;
        Assert.AreEqual("app/Migrations/V2%20add%20email.sql", (string?)location["artifactLocation"]!["uri"]);
        Assert.AreEqual("%SRCROOT%", (string?)location["artifactLocation"]!["uriBaseId"]);
        Assert.AreEqual(3, (int?)location["region"]!["startLine"]);
        Assert.AreEqual(5, (int?)location["region"]!["startColumn"]);
        Assert.AreEqual(new Uri(folder.Root + "/").AbsoluteUri, (string?)run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]);
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.AreEqual("PARITY1001", (string?)rules[(int)edited["ruleIndex"]!]!["id"]);
        Assert.AreEqual(Diagnostics.All.Count, rules.Count);
    }

    [TestMethod]
    public void A_replica_finding_without_a_file_is_placed_at_the_project_and_a_message_is_a_note()
    {
        using var folder = new TempFolder();
        var report = Build(folder);

        var results = JsonNode.Parse(SarifReport.Write(report))!["runs"]![0]!["results"]!.AsArray();

        var pending = results.Single(result => (string?)result!["ruleId"] == "PARITY2004")!;
        Assert.AreEqual("note", (string?)pending["level"]);
        Assert.AreEqual("app/App.csproj", (string?)pending["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]);
        Assert.IsNull(pending["locations"]![0]!["physicalLocation"]!["region"]);
    }

    [TestMethod]
    public void A_path_and_a_name_with_line_breaks_and_a_nul_stay_on_one_line_in_the_summary_the_sarif_message_and_the_status_table()
    {
        using var folder = new TempFolder();
        var script = folder.PathOf("app/Migrations/V9__x\n- **error PARITY1001** forged\0.sql");
        var table = TextTable.Format(["Version", "Description"], [["9", "x\r\nerror PARITY1001: forged"]]);
        var report = new Report(folder.PathOf("app/App.csproj"), folder.Root,
            [new ReportPart("gate", "s", [Diagnostics.ScriptMissing.At(script, "V9__x\r\nerror PARITY1001: forged\0.sql", "9")], table)]);

        var markdown = MarkdownSummary.Write(report);
        var message = (string?)JsonNode.Parse(SarifReport.Write(report))!["runs"]![0]!["results"]![0]!["message"]!["text"];

        Assert.AreEqual(1, markdown.Split('\n').Count(line => line.Contains("PARITY1001", StringComparison.Ordinal) && line.StartsWith("- **", StringComparison.Ordinal)), markdown);
        Assert.IsFalse(markdown.Any(c => c is '\r' or '\0'), markdown);
        Assert.IsFalse(message!.Any(char.IsControl), message);
        Assert.AreEqual(3, table.Count, string.Join("\n", table));
        StringAssert.Contains(table[2], "x\\r\\nerror PARITY1001: forged");
    }

    [TestMethod]
    public void A_file_outside_the_repository_is_an_absolute_file_URI_without_a_base()
    {
        using var folder = new TempFolder();
        var outside = Path.Combine(Path.GetTempPath(), "elsewhere", "V9__x.sql");
        var report = new Report(folder.PathOf("app/App.csproj"), folder.Root,
            [new ReportPart("gate", "s", [Diagnostics.ScriptMissing.At(outside, "V9__x.sql", "9")], [])]);

        var location = JsonNode.Parse(SarifReport.Write(report))!["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;

        Assert.AreEqual(new Uri(outside).AbsoluteUri, (string?)location["uri"]);
        Assert.IsNull(location["uriBaseId"]);
    }

    [TestMethod]
    public void A_part_survives_the_round_trip_through_its_file()
    {
        using var folder = new TempFolder();
        var part = Build(folder).Parts[0];
        var path = folder.PathOf("obj/parity/report-gate.json");

        ReportWriter.WritePart(path, part);
        var read = JsonReport.ReadPart(path);

        Assert.IsNotNull(read);
        Assert.AreEqual(part.Summary, read.Summary);
        CollectionAssert.AreEqual(part.Findings.ToList(), read.Findings.ToList());
    }

    [TestMethod]
    public void A_damaged_part_is_left_out_of_the_report_rather_than_failing_the_build()
    {
        using var folder = new TempFolder();
        var damaged = folder.Write("obj/parity/report-gate.json", "{\"formatVersion\": 1, \"name\": ");
        var sarif = folder.PathOf("obj/parity/parity.sarif");

        ReportWriter.Write(new ReportRequest(folder.PathOf("App.csproj"), [damaged, folder.PathOf("missing.json")], SeverityPolicy.None, sarif));

        Assert.AreEqual(0, JsonNode.Parse(File.ReadAllText(sarif))!["runs"]![0]!["results"]!.AsArray().Count);
    }

    [TestMethod]
    public void NoWarn_drops_a_warning_and_WarningsAsErrors_makes_one_an_error_as_in_the_build_log()
    {
        var warning = Diagnostics.CosmeticChange.At("/p/V1.sql", "V1.sql", "a", "b");
        var message = Diagnostics.PendingMigrations.At(null, "x", "y", "z", "w");

        Assert.IsNull(new SeverityPolicy(warningsAsMessages: "CS1591; PARITY1009").Apply(warning));
        Assert.AreEqual(Severity.Error, new SeverityPolicy(warningsAsErrors: "parity1009").Apply(warning)!.Severity);
        Assert.AreEqual(Severity.Error, new SeverityPolicy(treatWarningsAsErrors: true).Apply(warning)!.Severity);
        Assert.AreEqual(Severity.Warning, new SeverityPolicy(warningsNotAsErrors: "PARITY1009", treatWarningsAsErrors: true).Apply(warning)!.Severity);
        Assert.AreEqual(message, new SeverityPolicy(warningsAsMessages: "PARITY2004", warningsAsErrors: "PARITY2004").Apply(message));
    }

    [TestMethod]
    public void The_JSON_report_counts_errors_and_warnings_and_lists_every_part_with_relative_paths()
    {
        using var folder = new TempFolder();

        using var json = JsonDocument.Parse(JsonReport.Write(Build(folder)));

        var root = json.RootElement;
        Assert.AreEqual(1, root.GetProperty("formatVersion").GetInt32());
        Assert.AreEqual("app/App.csproj", root.GetProperty("project").GetString());
        Assert.AreEqual(1, root.GetProperty("errors").GetInt32());
        Assert.AreEqual(1, root.GetProperty("warnings").GetInt32());
        var parts = root.GetProperty("parts").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "gate", "replica" }, parts.Select(part => part.GetProperty("name").GetString()).ToArray());
        Assert.AreEqual("app/Migrations/V2 add email.sql", parts[0].GetProperty("findings")[0].GetProperty("file").GetString());
        Assert.AreEqual(3, parts[1].GetProperty("table").GetArrayLength());
    }

    [TestMethod]
    public void The_Markdown_summary_has_the_verdict_findings_by_code_and_the_replica_table_with_table_cells_escaped()
    {
        using var folder = new TempFolder();

        var markdown = MarkdownSummary.Write(Build(folder));

        StringAssert.StartsWith(markdown, "### ParityBuild: app/App.csproj ❌ failed\n");
        StringAssert.Contains(markdown, "| [PARITY1001](" + Diagnostics.ScriptChanged.HelpLink + ") | error | 1 | A baselined migration was changed |");
        StringAssert.Contains(markdown, "`app/Migrations/V2 add email.sql:3`");
        StringAssert.Contains(markdown, "a \\| b");
        StringAssert.Contains(markdown, "```text\nversion  state\n");
    }

    [TestMethod]
    public void The_source_root_is_the_folder_holding_git_or_else_the_project_folder()
    {
        using var folder = new TempFolder();
        folder.Write("app/App.csproj", "<Project />");

        Assert.AreEqual(folder.PathOf("app"), Report.FindSourceRoot(folder.PathOf("app")).TrimEnd('/'));
        Directory.CreateDirectory(folder.PathOf(".git"));
        Assert.AreEqual(folder.Root, Report.FindSourceRoot(folder.PathOf("app")));
    }

    // A project in app/ under a repository root, with a gate part (an error at a line and column, a warning) and a
    // replica part (a message without a file, and a status table).
    private static Report Build(TempFolder folder)
    {
        var script = folder.PathOf("app/Migrations/V2 add email.sql");
        var gate = new ReportPart("gate", "ParityBuild: 2 migrations checked against migrations.baseline.json: 1 error.",
        [
            Finding.Create(Diagnostics.ScriptChanged, script, "V2 add email.sql was changed: a | b <c> *d*", 3, 5),
            Diagnostics.CosmeticChange.At(folder.PathOf("app/Migrations/V1__x.sql"), "V1__x.sql", "aa", "bb"),
        ], []);
        var replica = new ReportPart("replica", "ParityBuild: replica db@host: 1 pending.",
            [Diagnostics.PendingMigrations.At(null, "1 migration", "db@host", "V3", "")], ["version  state", "-------  -----", "3        pending"]);
        return new Report(folder.PathOf("app/App.csproj"), folder.Root, [gate, replica]);
    }
}
