using ParityBuild.Core.Manifests;

namespace ParityBuild.Core.Reports;

/// <param name="PartFiles">The parts the checks of this build wrote (a missing one is skipped).</param>
/// <param name="SarifFile">Where to write the SARIF log, or null.</param>
/// <param name="JsonFile">Where to write the JSON report, or null.</param>
/// <param name="StepSummaryFile">GitHub's $GITHUB_STEP_SUMMARY to append the Markdown summary to, or null.</param>
public sealed record ReportRequest(
    string ProjectFile,
    IReadOnlyList<string> PartFiles,
    SeverityPolicy Policy,
    string? SarifFile = null,
    string? JsonFile = null,
    string? StepSummaryFile = null);

/// <summary>Makes the reports of one build from the parts its checks wrote.</summary>
public static class ReportWriter
{
    /// <returns>The files written (the step summary included).</returns>
    public static IReadOnlyList<string> Write(ReportRequest request) =>
        Write(request, [.. request.PartFiles.Where(File.Exists).Select(JsonReport.ReadPart).OfType<ReportPart>()]);

    /// <summary>Writes the reports of the parts given (the <c>parity</c> tool has its part at hand); the request's part files are not read.</summary>
    public static IReadOnlyList<string> Write(ReportRequest request, IReadOnlyList<ReportPart> partsAtHand)
    {
        var parts = partsAtHand
            .Select(part => part with { Findings = [.. part.Findings.Select(request.Policy.Apply).OfType<Findings.Finding>()] })
            .ToList();
        var report = new Report(request.ProjectFile, Report.FindSourceRoot(Path.GetDirectoryName(request.ProjectFile)!), parts);
        var written = new List<string>();
        if (request.SarifFile is { } sarif)
        {
            Write(sarif, SarifReport.Write(report));
            written.Add(sarif);
        }

        if (request.JsonFile is { } json)
        {
            Write(json, JsonReport.Write(report));
            written.Add(json);
        }

        if (request.StepSummaryFile is { } summary)
        {
            // GitHub gives each step its own file and shows them all: append, as every step that writes one does.
            File.AppendAllText(summary, MarkdownSummary.Write(report));
            written.Add(summary);
        }

        return written;
    }

    /// <summary>Writes one check's part, for the reports made at the end of the build.</summary>
    public static void WritePart(string path, ReportPart part) => Write(path, JsonReport.WritePart(part));

    internal static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteIfChanged(path, bytes, durable: false);
    }
}
