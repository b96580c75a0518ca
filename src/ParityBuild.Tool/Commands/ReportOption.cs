using System.CommandLine;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Reports;
using ParityBuild.Tool.Settings;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// --report sarif|json FILE, as every command that writes a report takes it (verify and the database commands:
/// ParityReportFile, ParityJsonReportFile; fleet: ParityFleetSarifFile, ParityFleetReportFile), and the writing of the
/// reports, which never fails a command: a report that cannot be written is a warning.
/// </summary>
internal sealed class ReportOption(string description = "Also write a report: sarif FILE (SARIF 2.1.0, for code scanning) or json FILE (ParityBuild's JSON report). Repeatable.")
{
    public Option<string[]> Report { get; } = new("--report")
    {
        Description = description,
        HelpName = "sarif|json> <file",
        Arity = new ArgumentArity(2, 2),
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>The SARIF and JSON files asked for, each at most once; a wrong format is exit code 2 before anything runs.</summary>
    public (string? Sarif, string? Json) Files(CommandSettings settings, string projectDirectory)
    {
        var values = settings.Get(Report) ?? [];
        if (values.Length % 2 != 0)
        {
            throw new SettingsException(Diagnostics.ToolUsage.At(null, "--report takes a format (sarif or json) and a file.", settings.CommandName));
        }

        string? sarif = null, json = null;
        for (var i = 0; i + 1 < values.Length; i += 2)
        {
            var file = Path.GetFullPath(values[i + 1], projectDirectory);
            switch (values[i].ToLowerInvariant())
            {
                case "sarif":
                    sarif = file;
                    break;
                case "json":
                    json = file;
                    break;
                default:
                    throw new SettingsException(Diagnostics.ToolUsage.At(null, $"--report takes sarif or json and a file, not '{values[i]}'.", settings.CommandName));
            }
        }

        return (sarif, json);
    }

    /// <summary>Writes the reports of the parts given (or of the request's part files when none are given).</summary>
    public static void Write(ReportRequest request, IReadOnlyList<ReportPart>? parts, ToolOutput output, Importance? verbosity)
    {
        try
        {
            var written = parts is null ? ReportWriter.Write(request) : ReportWriter.Write(request, parts);
            output.Messages(written.Select(file => new GateMessage(Importance.Normal, $"ParityBuild: wrote the report {file}")), verbosity);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            output.Report(Diagnostics.ReportUnwritable.At(null, request.SarifFile ?? request.JsonFile ?? request.StepSummaryFile, exception.Message));
        }
    }
}
