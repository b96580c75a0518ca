using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Reports;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace ParityBuild.Tasks;

/// <summary>
/// Makes the build's reports from the parts its checks wrote: a SARIF log, a JSON report, and on GitHub Actions a
/// Markdown job summary. Severities follow the project's NoWarn / WarningsAsErrors, as the build log's do. A report
/// never fails the build: a problem writing one is a warning.
/// </summary>
public sealed class WriteReports : MSBuildTask
{
    [Required]
    public string ProjectFile { get; set; } = "";

    public ITaskItem[]? Parts { get; set; }

    public string SarifFile { get; set; } = "";

    public string JsonFile { get; set; } = "";

    /// <summary>Append the Markdown summary to the file $GITHUB_STEP_SUMMARY names, when it is set.</summary>
    public bool StepSummary { get; set; } = true;

    public string WarningsAsMessages { get; set; } = "";

    public string WarningsAsErrors { get; set; } = "";

    public string WarningsNotAsErrors { get; set; } = "";

    public bool TreatWarningsAsErrors { get; set; }

    public override bool Execute()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        var stepSummary = StepSummary ? Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") : null;
        var request = new ReportRequest(
            Path.GetFullPath(ProjectFile),
            [.. (Parts ?? []).Select(part => Path.GetFullPath(part.ItemSpec, directory))],
            new SeverityPolicy(WarningsAsMessages, WarningsAsErrors, WarningsNotAsErrors, TreatWarningsAsErrors),
            SarifFile.Length > 0 ? Path.GetFullPath(SarifFile, directory) : null,
            JsonFile.Length > 0 ? Path.GetFullPath(JsonFile, directory) : null,
            string.IsNullOrWhiteSpace(stepSummary) ? null : stepSummary);
        try
        {
            foreach (var file in ReportWriter.Write(request))
            {
                Log.LogMessage(MessageImportance.Normal, $"ParityBuild: wrote the report {file}");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            FindingLogger.Log(Log, Diagnostics.ReportUnwritable.At(null, request.SarifFile ?? request.JsonFile ?? request.StepSummaryFile, exception.Message));
        }

        return !Log.HasLoggedErrors;
    }
}
