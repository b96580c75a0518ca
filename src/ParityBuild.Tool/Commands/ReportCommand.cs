using System.CommandLine;
using ParityBuild.Core.Reports;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// <c>parity report</c> (hidden): the package's WriteReports task on the tool's path (Visual Studio 2022). Makes the
/// build's SARIF log, JSON report and job summary from the parts its checks wrote (verify's and replica's --report-part),
/// with the project's warning policy, as the task does; its options are the task's parameters.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var projectDir = new Option<string?>("--project-dir") { Description = "The project's folder; relative paths are against it." };
        var projectFile = new Option<string>("--project-file") { Description = "The project file (findings without a file are reported at it).", Required = true };
        var parts = new Option<string[]>("--part") { Description = "A report part a check wrote (repeatable; a missing one is skipped)." };
        var sarif = new Option<string>("--sarif") { Description = "The SARIF log to write (ParityReportFile).", DefaultValueFactory = _ => "" };
        var json = new Option<string>("--json") { Description = "The JSON report to write (ParityJsonReportFile).", DefaultValueFactory = _ => "" };
        var stepSummary = new Option<bool>("--step-summary") { Description = "Append to $GITHUB_STEP_SUMMARY when it is set (ParityStepSummary).", DefaultValueFactory = _ => true };
        var asMessages = new Option<string>("--warnings-as-messages") { DefaultValueFactory = _ => "" };
        var asErrors = new Option<string>("--warnings-as-errors") { DefaultValueFactory = _ => "" };
        var notAsErrors = new Option<string>("--warnings-not-as-errors") { DefaultValueFactory = _ => "" };
        var treatAsErrors = new Option<bool>("--treat-warnings-as-errors");
        var verbosity = new Option<string?>("--verbosity") { Description = "minimal or quiet: not the list of the files written.", DefaultValueFactory = _ => "normal" };
        var command = new Command("report", "Writes the build's reports from the parts its checks wrote (the package's targets run it).") { Hidden = true };
        foreach (var option in new Option[] { projectDir, projectFile, parts, sarif, json, stepSummary, asMessages, asErrors, notAsErrors, treatAsErrors, verbosity })
        {
            command.Options.Add(option);
        }

        CommandRunner.SetAction(command, projectDir, (settings, projectDirectory, output, _) =>
        {
            string? FullPath(string file) => file.Length > 0 ? Path.GetFullPath(file, projectDirectory) : null;
            var stepSummaryFile = settings.Get(stepSummary) ? BuildEnvironment.StepSummaryFile() : null;
            var request = new ReportRequest(
                Path.GetFullPath(settings.Get(projectFile), projectDirectory),
                [.. (settings.Get(parts) ?? []).Select(part => Path.GetFullPath(part, projectDirectory))],
                new SeverityPolicy(settings.Get(asMessages), settings.Get(asErrors), settings.Get(notAsErrors), settings.Get(treatAsErrors)),
                FullPath(settings.Get(sarif)),
                FullPath(settings.Get(json)),
                stepSummaryFile);
            ReportOption.Write(request, null, output, GateRun.Level(settings.Get(verbosity), settings));
            return ExitCodes.Clean;
        });
        return command;
    }
}
