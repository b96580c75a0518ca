using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;

namespace ParityBuild.Tool;

/// <summary>The tool's exit codes: what a CI step or the package's targets act on.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing fails: the scripts match (warnings and messages may have been printed).</summary>
    public const int Clean = 0;

    /// <summary>A finding that fails: an error, as it would fail the build.</summary>
    public const int Failed = 1;

    /// <summary>A usage or configuration error: a bad option, a bad parity.json, a bad setting value. Nothing was checked.</summary>
    public const int Usage = 2;
}

/// <summary>
/// Writes findings in MSBuild's canonical format, one per line (<c>path(line,col): error PARITY1001: message</c>), which
/// editors, CI systems and MSBuild's own Exec task turn into annotations at the file and line; other messages plain.
/// </summary>
internal sealed class ToolOutput(TextWriter writer)
{
    public TextWriter Writer => writer;

    public void Report(Finding finding) => writer.WriteLine(Canonical(finding));

    public void Report(IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            Report(finding);
        }
    }

    public void Message(string text) => writer.WriteLine(OneLine.Escape(text));

    /// <summary>The messages at least as important as <paramref name="verbosity"/> (null: none).</summary>
    public void Messages(IEnumerable<GateMessage> messages, Importance? verbosity)
    {
        foreach (var message in messages.Where(message => message.Importance <= verbosity))
        {
            Message(message.Text);
        }
    }

    /// <summary>
    /// The finding as MSBuild prints it. A message-level finding reads <c>info CODE</c>: MSBuild's format knows only
    /// error and warning, so such a line stays a plain message wherever it is parsed.
    /// </summary>
    public static string Canonical(Finding finding)
    {
        var origin = finding.File is null ? "parity"
            : OneLine.Escape(finding.File) + (finding.Line <= 0 ? "" : finding.Column > 0 ? $"({finding.Line},{finding.Column})" : $"({finding.Line})");
        var category = finding.Severity switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            _ => "info",
        };
        return $"{origin}: {category} {finding.Code}: {finding.Message}";
    }
}
