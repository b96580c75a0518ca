using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Reports;
using ParityBuild.Tool.Settings;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// What verify, accept and status do with the gate: read the scripts, call <see cref="MigrationGate"/>, print what it
/// returns as the build would log it (NoWarn and WarningsAsErrors applied), write the reports, and pick the exit code.
/// </summary>
internal static class GateRun
{
    public static int Verify(GateOptions options, CommandSettings settings, string projectDirectory, ToolOutput output, bool accept, CancellationToken cancellation)
    {
        try
        {
            return Gate(options, settings, projectDirectory, output, accept, cancellation);
        }
        finally
        {
            // --build-report FILE: the build's reports, as `parity report @FILE` makes them, from this process rather than
            // a second one (the package's targets on CI when no replica check follows the gate). Whatever the gate found,
            // as the build's _ParityReport runs also when ParityVerify fails.
            if (settings.Get(options.BuildReport) is { Length: > 0 } reportArguments)
            {
                Program.Run(["report", "@" + Path.GetFullPath(reportArguments, projectDirectory), $"--verbosity={settings.Get(options.Verbosity)}"], output.Writer);
            }
        }
    }

    private static int Gate(GateOptions options, CommandSettings settings, string projectDirectory, ToolOutput output, bool accept, CancellationToken cancellation)
    {
        var verbosity = Level(settings.Get(options.Verbosity), settings);
        var reports = options.Reports.Files(settings, projectDirectory);
        if (!Scripts(options, settings, projectDirectory, output, verbosity, out var scripts))
        {
            return ExitCodes.Failed;
        }

        var gateSettings = options.Settings(settings, projectDirectory, accept);
        GateOutcome outcome;
        using (ProgressLine.Start(output.Writer, $"parity {(accept ? "accept" : "verify")}: {scripts.Count} scripts against {gateSettings.ManifestFile}"))
        {
            outcome = MigrationGate.Verify(scripts, gateSettings, cancellation);
        }

        if (settings.Get(options.StampTimeFile) is { Length: > 0 } stampTimeFile)
        {
            File.WriteAllText(Path.GetFullPath(stampTimeFile, projectDirectory), outcome.StampTime);
        }

        var policy = options.Policy(settings);
        var findings = outcome.Findings.Select(policy.Apply).OfType<Finding>().ToList();
        output.Report(findings);
        output.Messages(outcome.Messages, verbosity);
        if (outcome.Result is null)
        {
            // A setting the gate refused (PARITY4014): nothing was checked.
            return ExitCodes.Usage;
        }

        if (reports.Sarif is not null || reports.Json is not null || (settings.Get(options.StepSummary) && BuildEnvironment.StepSummaryFile() is not null))
        {
            var request = new ReportRequest(gateSettings.ManifestPath, [], policy, reports.Sarif, reports.Json, settings.Get(options.StepSummary) ? BuildEnvironment.StepSummaryFile() : null);
            ReportOption.Write(request, [MigrationGate.ReportPart(outcome.Result, outcome.Findings, gateSettings)], output, verbosity);
        }

        return findings.Any(finding => finding.Severity == Severity.Error) ? ExitCodes.Failed : ExitCodes.Clean;
    }

    public static int Status(GateOptions options, CommandSettings settings, string projectDirectory, ToolOutput output, CancellationToken cancellation)
    {
        var verbosity = Level(settings.Get(options.Verbosity), settings);
        if (!Scripts(options, settings, projectDirectory, output, verbosity, out var scripts))
        {
            return ExitCodes.Failed;
        }

        var outcome = MigrationGate.Status(scripts, options.StatusSettings(settings, projectDirectory), cancellation);
        output.Report(outcome.Findings);
        output.Messages(outcome.Messages, verbosity);
        return outcome.HasErrors ? ExitCodes.Failed : ExitCodes.Clean;
    }

    private static bool Scripts(GateOptions options, CommandSettings settings, string projectDirectory, ToolOutput output, Importance? verbosity, out IReadOnlyList<Core.Scripts.ScriptFile> scripts)
    {
        var findings = new List<Finding>();
        var naming = settings.Get(options.Scripts.Naming);
        scripts = ScriptItem.ToScripts(options.Scripts.ScriptItems(settings, projectDirectory), projectDirectory, naming, findings);
        output.Report(findings);
        output.Messages([new(Importance.Low, $"ParityBuild: {scripts.Count} scripts in {projectDirectory}, manifest {settings.Get(options.Scripts.Manifest)}, locked mode {settings.Get(options.Locked)}, allow out of order {settings.Get(options.AllowOutOfOrder)}, naming {naming}{(settings.Json is { } json ? ", settings from " + json.Path : "")}.")], verbosity);
        return findings.Count == 0;
    }

    /// <summary>The least important message to print at a --verbosity: quiet prints findings only.</summary>
    public static Importance? Level(string? verbosity, CommandSettings settings) => verbosity?.ToLowerInvariant() switch
    {
        "quiet" or "q" => null,
        "minimal" or "m" => Importance.High,
        "normal" or "n" or null => Importance.Normal,
        "detailed" or "d" or "diagnostic" or "diag" => Importance.Low,
        var other => throw new SettingsException(Diagnostics.ToolUsage.At(null, $"--verbosity is '{other}'; expected quiet, minimal, normal or detailed.", settings.CommandName)),
    };
}
