using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ParityBuild.Core.Findings;

namespace ParityBuild.Tasks;

/// <summary>Turns findings into MSBuild errors, warnings and messages with their code, file, line and help link.</summary>
internal static class FindingLogger
{
    public static void Log(TaskLoggingHelper log, Finding finding)
    {
        // The message is one line already (Finding); a path from a manifest or a file name may hold a line break or a NUL too.
        var file = OneLine.Escape(finding.File ?? "");
        switch (finding.Severity)
        {
            case Severity.Error:
                log.LogError(null, finding.Code, null, finding.Diagnostic.HelpLink, file, finding.Line, finding.Column, 0, 0, finding.Message);
                break;
            case Severity.Warning:
                log.LogWarning(null, finding.Code, null, finding.Diagnostic.HelpLink, file, finding.Line, finding.Column, 0, 0, finding.Message);
                break;
            default:
                // Messages are things the user must act on (commit the manifest), so they show at minimal verbosity.
                log.LogMessage(null, finding.Code, null, file, finding.Line, finding.Column, 0, 0, MessageImportance.High, finding.Message);
                break;
        }
    }

    public static void LogAll(TaskLoggingHelper log, IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            Log(log, finding);
        }
    }
}
