using System.Text.Json;
using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Reports;

/// <summary>
/// A SARIF 2.1.0 log of a report, for code-scanning tools (GitHub's upload-sarif shows the findings on the pull
/// request). Paths are relative to the repository root (%SRCROOT%), as those tools resolve them; a finding without a
/// file (a replica finding) is placed at the project file. Every diagnostic of the catalog is a rule of the run.
/// </summary>
public static class SarifReport
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    private const string SourceRootId = "%SRCROOT%";

    public static byte[] Write(Report report) => Write(report, _ => null);

    /// <summary>The log with, for each result <paramref name="tenants"/> names any for, the tenants in its properties (the fleet check).</summary>
    internal static byte[] Write(Report report, Func<Finding, IReadOnlyList<string>?> tenants)
    {
        var rules = Diagnostics.All;
        var ruleIndex = rules.Select((rule, index) => (rule.Code, index)).ToDictionary(pair => pair.Code, pair => pair.index, StringComparer.Ordinal);
        return JsonOutput.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", Report.ToolName);
            json.WriteString("semanticVersion", Report.ToolVersion);
            json.WriteString("informationUri", Report.InformationUri);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Code);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title);
                json.WriteEndObject();
                json.WriteString("helpUri", rule.HelpLink);
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(rule.DefaultSeverity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRootId);
            json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(report.SourceRoot) + Path.DirectorySeparatorChar).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var finding in report.Findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.Code);
                if (ruleIndex.TryGetValue(finding.Code, out var index))
                {
                    json.WriteNumber("ruleIndex", index);
                }

                json.WriteString("level", Level(finding.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", finding.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                WriteArtifactLocation(json, report.RelativePath(finding.File ?? report.ProjectFile));
                if (finding.File is not null && finding.Line > 0)
                {
                    json.WriteStartObject("region");
                    json.WriteNumber("startLine", finding.Line);
                    if (finding.Column > 0)
                    {
                        json.WriteNumber("startColumn", finding.Column);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                if (tenants(finding) is { } names)
                {
                    json.WriteStartObject("properties");
                    json.WriteNumber("tenantCount", names.Count);
                    json.WriteStartArray("tenants");
                    foreach (var name in names)
                    {
                        json.WriteStringValue(name);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    // A relative path is a relative URI reference against %SRCROOT%; SARIF allows a base id only on relative URIs, so a
    // path outside the repository is an absolute file URI without one.
    private static void WriteArtifactLocation(Utf8JsonWriter json, string path)
    {
        json.WriteStartObject("artifactLocation");
        if (Path.IsPathRooted(path))
        {
            json.WriteString("uri", new Uri(path).AbsoluteUri);
        }
        else
        {
            json.WriteString("uri", string.Join('/', path.Split('/').Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", SourceRootId);
        }

        json.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
