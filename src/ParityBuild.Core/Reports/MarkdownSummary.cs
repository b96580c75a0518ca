using System.Text;
using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Reports;

/// <summary>
/// The report as Markdown for GitHub Actions' job summary ($GITHUB_STEP_SUMMARY): the checks' summaries, findings by
/// code, each finding at its file, and the replica's status table.
/// </summary>
public static class MarkdownSummary
{
    public static string Write(Report report)
    {
        var findings = report.Findings.ToList();
        var errors = findings.Count(finding => finding.Severity == Severity.Error);
        var warnings = findings.Count(finding => finding.Severity == Severity.Warning);
        var text = new StringBuilder();
        var verdict = errors > 0 ? "❌ failed" : warnings > 0 ? "⚠️ passed with warnings" : "✅ passed";
        text.Append("### ParityBuild: ").Append(Escape(report.RelativePath(report.ProjectFile))).Append(' ').Append(verdict).Append("\n\n");
        foreach (var part in report.Parts)
        {
            text.Append("- ").Append(Escape(part.Summary)).Append('\n');
        }

        if (findings.Count > 0)
        {
            text.Append("\n| code | severity | count | finding |\n|---|---|---|---|\n");
            foreach (var group in findings.GroupBy(finding => (finding.Code, finding.Severity)).OrderByDescending(group => group.Key.Severity).ThenBy(group => group.Key.Code, StringComparer.Ordinal))
            {
                text.Append("| [").Append(group.Key.Code).Append("](").Append(group.First().Diagnostic.HelpLink).Append(") | ")
                    .Append(JsonReport.SeverityName(group.Key.Severity)).Append(" | ").Append(group.Count()).Append(" | ")
                    .Append(Escape(group.First().Diagnostic.Title)).Append(" |\n");
            }

            text.Append("\n<details><summary>").Append(findings.Count).Append(findings.Count == 1 ? " finding" : " findings").Append("</summary>\n\n");
            foreach (var finding in findings)
            {
                var where = finding.File is null ? "" : $"`{OneLine.Escape(report.RelativePath(finding.File)).Replace("`", "'", StringComparison.Ordinal)}{(finding.Line > 0 ? $":{finding.Line}" : "")}` ";
                text.Append("- **").Append(JsonReport.SeverityName(finding.Severity)).Append(' ').Append(finding.Code).Append("** ")
                    .Append(where).Append(Escape(finding.Message)).Append('\n');
            }

            text.Append("\n</details>\n");
        }

        foreach (var part in report.Parts.Where(part => part.Table.Count > 0))
        {
            text.Append("\n<details><summary>").Append(Escape(part.Name)).Append(" status</summary>\n\n```text\n");
            foreach (var line in part.Table)
            {
                text.Append(line.Replace("```", "'''", StringComparison.Ordinal)).Append('\n');
            }

            text.Append("```\n\n</details>\n");
        }

        return text.Append('\n').ToString();
    }

    // Findings quote file names and SQL: keep them from being read as table cells, HTML or emphasis, and on one line.
    internal static string Escape(string text) => OneLine.Escape(
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal));
}
