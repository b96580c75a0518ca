using System.Text;
using System.Text.Json;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Reports;

namespace ParityBuild.Core.Fleet;

/// <summary>
/// The fleet check's reports: its JSON report (every tenant with its state and findings, every problem with all its
/// tenants), which is also what a shard hands to the merge; the SARIF log (one result per problem, its tenants in the
/// result's properties); and the Markdown step summary.
/// </summary>
public static class FleetReport
{
    public const int FormatVersion = 1;

    private const string Kind = "fleet";

    public static byte[] WriteJson(FleetResult result) => JsonOutput.Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteString("kind", Kind);
        json.WriteString("tool", Report.ToolName);
        json.WriteString("toolVersion", Report.ToolVersion);
        if (result.Shard is { } shard)
        {
            json.WriteStartObject("shard");
            json.WriteNumber("index", shard.Index);
            json.WriteNumber("count", shard.Count);
            json.WriteEndObject();
        }

        json.WriteString("summary", result.Summary);
        json.WriteBoolean("failed", result.HasErrors);
        json.WriteNumber("tenantCount", result.Tenants.Count);
        json.WriteStartObject("states");
        foreach (var state in Enum.GetValues<TenantState>())
        {
            json.WriteNumber(StateName(state), result.Count(state));
        }

        json.WriteEndObject();
        json.WriteStartArray("problems");
        foreach (var problem in result.Problems)
        {
            json.WriteStartObject();
            JsonReport.WriteFinding(json, problem.Finding, path => path);
            WriteStrings(json, "tenants", problem.Tenants);
            json.WriteEndObject();
        }

        foreach (var finding in result.FleetFindings)
        {
            json.WriteStartObject();
            JsonReport.WriteFinding(json, finding, path => path);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("tenants");
        foreach (var tenant in result.Tenants)
        {
            json.WriteStartObject();
            json.WriteString("name", tenant.Tenant);
            json.WriteString("state", StateName(tenant.State));
            WriteStrings(json, "pending", tenant.Pending);
            json.WriteStartArray("findings");
            foreach (var finding in tenant.Findings)
            {
                json.WriteStartObject();
                JsonReport.WriteFinding(json, finding, path => path);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>
    /// ParityFleetReport: the shard reports as one fleet — every shard of one k/n split present once, no tenant twice —
    /// grouped and judged as a run over all of them would be; null, with a PARITY6006, when they do not make one fleet.
    /// </summary>
    public static FleetResult? Merge(IReadOnlyList<string> files, UnreachableLimit limit, List<Finding> findings)
    {
        if (files.Count == 0)
        {
            findings.Add(Diagnostics.ShardReportInvalid.At(null, "ParityFleetReports names no existing file."));
            return null;
        }

        var shards = new List<(string File, FleetShard? Shard, IReadOnlyList<TenantOutcome> Tenants)>();
        foreach (var file in files)
        {
            if (Read(file) is { } read)
            {
                shards.Add((file, read.Shard, read.Tenants));
            }
            else
            {
                findings.Add(Diagnostics.ShardReportInvalid.At(file, $"{file} is not a fleet report of this version of ParityBuild (ParityFleetReportFile writes one)."));
            }
        }

        if (shards.Count < files.Count)
        {
            return null;
        }

        var counts = shards.Select(shard => shard.Shard?.Count ?? 0).Distinct().ToList();
        var problem = counts.Count > 1 ? $"the reports come from different splits ({string.Join(", ", shards.Select(shard => $"{Path.GetFileName(shard.File)}: {shard.Shard?.ToString() ?? "unsharded"}"))})"
            : counts[0] == 0 && shards.Count > 1 ? "more than one report of an unsharded run"
            : counts[0] > 0 && Missing(shards.Select(shard => shard.Shard!.Index).ToList(), counts[0]) is { Length: > 0 } missing ? $"shards {missing} of {counts[0]} are missing or given twice"
            : null;
        var tenants = shards.SelectMany(shard => shard.Tenants).ToList();
        if (problem is null && tenants.GroupBy(tenant => tenant.Tenant, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            problem = $"tenant {twice.Key} is in more than one report";
        }

        if (problem is not null)
        {
            findings.Add(Diagnostics.ShardReportInvalid.At(null, problem + "."));
            return null;
        }

        return new FleetResult(tenants, limit);
    }

    private static string Missing(List<int> indexes, int count) =>
        string.Join(", ", Enumerable.Range(1, count).Where(index => indexes.Count(found => found == index) != 1));

    private static (FleetShard? Shard, IReadOnlyList<TenantOutcome> Tenants)? Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("formatVersion").GetInt32() != FormatVersion || root.GetProperty("kind").GetString() != Kind)
            {
                return null;
            }

            FleetShard? shard = root.TryGetProperty("shard", out var split) ? new FleetShard(split.GetProperty("index").GetInt32(), split.GetProperty("count").GetInt32()) : null;
            var tenants = root.GetProperty("tenants").EnumerateArray().Select(tenant => new TenantOutcome(
                tenant.GetProperty("name").GetString() ?? "",
                [.. tenant.GetProperty("findings").EnumerateArray().Select(JsonReport.ReadFinding)],
                [.. tenant.GetProperty("pending").EnumerateArray().Select(name => name.GetString() ?? "")])).ToList();
            return tenants.All(tenant => TenantList.IsValidName(tenant.Tenant)) ? (shard, tenants) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The SARIF log: one result per distinct problem, at the project file or the script, its tenants in its properties.</summary>
    public static byte[] WriteSarif(FleetResult result, string projectFile)
    {
        var findings = result.Problems.Select(problem => (Finding: problem.Finding, Tenants: (IReadOnlyList<string>?)problem.Tenants))
            .Concat(result.FleetFindings.Select(finding => (Finding: finding, Tenants: (IReadOnlyList<string>?)null)))
            .ToList();
        var tenants = findings.Where(pair => pair.Tenants is not null).ToDictionary(pair => pair.Finding, pair => pair.Tenants);
        var report = new Report(projectFile, Report.FindSourceRoot(Path.GetDirectoryName(projectFile)!), [new ReportPart(Kind, result.Summary, [.. findings.Select(pair => pair.Finding)], [])]);
        return SarifReport.Write(report, finding => tenants.GetValueOrDefault(finding));
    }

    /// <summary>GitHub's step summary: the verdict and summary line, tenants by state, and each problem with its tenants.</summary>
    public static string WriteMarkdown(FleetResult result)
    {
        var text = new StringBuilder();
        text.Append("### ParityBuild fleet check ").Append(result.HasErrors ? "❌ failed" : "✅ passed").Append("\n\n")
            .Append(MarkdownSummary.Escape(result.Summary)).Append("\n\n| state | tenants |\n|---|---|\n");
        foreach (var state in Enum.GetValues<TenantState>().Where(state => result.Count(state) > 0))
        {
            text.Append("| ").Append(StateName(state)).Append(" | ").Append(result.Count(state)).Append(" |\n");
        }

        if (result.Problems.Count + result.FleetFindings.Count > 0)
        {
            text.Append("\n| code | severity | tenants | finding |\n|---|---|---|---|\n");
            foreach (var (finding, tenants) in result.Problems.Select(problem => (problem.Finding, FleetResult.Describe(problem.Tenants))).Concat(result.FleetFindings.Select(finding => (finding, "the fleet"))))
            {
                text.Append("| [").Append(finding.Code).Append("](").Append(finding.Diagnostic.HelpLink).Append(") | ")
                    .Append(JsonReport.SeverityName(finding.Severity)).Append(" | ").Append(MarkdownSummary.Escape(tenants)).Append(" | ")
                    .Append(MarkdownSummary.Escape(finding.Message)).Append(" |\n");
            }
        }

        return text.Append('\n').ToString();
    }

    /// <summary>Writes the reports asked for (null: not that one; the step summary is appended to, as GitHub wants); returns the files written.</summary>
    public static IReadOnlyList<string> WriteFiles(FleetResult result, string projectFile, string? jsonFile, string? sarifFile, string? stepSummaryFile)
    {
        var written = new List<string>();
        if (jsonFile is not null)
        {
            ReportWriter.Write(jsonFile, WriteJson(result));
            written.Add(jsonFile);
        }

        if (sarifFile is not null)
        {
            ReportWriter.Write(sarifFile, WriteSarif(result, projectFile));
            written.Add(sarifFile);
        }

        if (stepSummaryFile is not null)
        {
            File.AppendAllText(stepSummaryFile, WriteMarkdown(result));
            written.Add(stepSummaryFile);
        }

        return written;
    }

    public static string StateName(TenantState state) => state switch
    {
        TenantState.NotChecked => "not-checked",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
