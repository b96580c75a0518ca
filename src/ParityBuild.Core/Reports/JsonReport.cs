using System.Text.Json;
using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Reports;

/// <summary>
/// ParityBuild's own JSON report, for CI systems that read neither SARIF nor GitHub's step summary. The same format
/// holds one check's part between the check and the report (<see cref="WritePart"/>, <see cref="ReadPart"/>).
/// </summary>
public static class JsonReport
{
    public const int FormatVersion = 1;

    public static byte[] Write(Report report) => JsonOutput.Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteString("tool", Report.ToolName);
        json.WriteString("toolVersion", Report.ToolVersion);
        json.WriteString("project", report.RelativePath(report.ProjectFile));
        var findings = report.Findings.ToList();
        json.WriteNumber("errors", findings.Count(finding => finding.Severity == Severity.Error));
        json.WriteNumber("warnings", findings.Count(finding => finding.Severity == Severity.Warning));
        json.WriteStartArray("parts");
        foreach (var part in report.Parts)
        {
            json.WriteStartObject();
            WritePartBody(json, part, report.RelativePath);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>One check's part, with full paths (the report makes them relative).</summary>
    public static byte[] WritePart(ReportPart part) => JsonOutput.Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        WritePartBody(json, part, path => path);
        json.WriteEndObject();
    });

    /// <summary>Reads a part; null when it is missing or not one this version wrote (a report never fails a build).</summary>
    public static ReportPart? ReadPart(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("formatVersion").GetInt32() != FormatVersion)
            {
                return null;
            }

            var findings = root.GetProperty("findings").EnumerateArray().Select(ReadFinding).ToList();
            var table = root.GetProperty("table").EnumerateArray().Select(line => line.GetString() ?? "").ToList();
            return new ReportPart(root.GetProperty("name").GetString() ?? "", root.GetProperty("summary").GetString() ?? "", findings, table);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void WritePartBody(Utf8JsonWriter json, ReportPart part, Func<string, string> path)
    {
        json.WriteString("name", part.Name);
        json.WriteString("summary", part.Summary);
        json.WriteStartArray("findings");
        foreach (var finding in part.Findings)
        {
            json.WriteStartObject();
            WriteFinding(json, finding, path);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("table");
        foreach (var line in part.Table)
        {
            json.WriteStringValue(line);
        }

        json.WriteEndArray();
    }

    /// <summary>A finding's properties, in the object the caller has opened.</summary>
    internal static void WriteFinding(Utf8JsonWriter json, Finding finding, Func<string, string> path)
    {
        json.WriteString("code", finding.Code);
        json.WriteString("severity", SeverityName(finding.Severity));
        json.WriteString("title", finding.Diagnostic.Title);
        json.WriteString("message", finding.Message);
        if (finding.File is not null)
        {
            json.WriteString("file", path(finding.File));
        }

        if (finding.Line > 0)
        {
            json.WriteNumber("line", finding.Line);
        }

        if (finding.Column > 0)
        {
            json.WriteNumber("column", finding.Column);
        }

        json.WriteString("helpUri", finding.Diagnostic.HelpLink);
    }

    internal static Finding ReadFinding(JsonElement element)
    {
        var code = element.GetProperty("code").GetString() ?? "";
        var severity = element.GetProperty("severity").GetString() switch
        {
            "error" => Severity.Error,
            "warning" => Severity.Warning,
            _ => Severity.Message,
        };
        var diagnostic = Diagnostics.All.FirstOrDefault(known => known.Code == code)
            ?? new Diagnostic(code, severity, element.TryGetProperty("title", out var title) ? title.GetString() ?? code : code, "{0}");
        return new Finding(
            diagnostic,
            severity,
            element.GetProperty("message").GetString() ?? "",
            element.TryGetProperty("file", out var file) ? file.GetString() : null,
            element.TryGetProperty("line", out var line) ? line.GetInt32() : 0,
            element.TryGetProperty("column", out var column) ? column.GetInt32() : 0);
    }

    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "message",
    };
}
