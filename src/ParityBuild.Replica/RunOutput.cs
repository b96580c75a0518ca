using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Reports;

namespace ParityBuild.Replica;

/// <summary>One line of what an entry point has to say, in order: a finding, or a message of some importance.</summary>
public sealed record RunLine(Finding? Finding, string Text, Importance Importance)
{
    public static RunLine Of(Finding finding) => new(finding, finding.Message, Importance.High);
}

/// <summary>
/// What a database entry point (replica check, status, schema capture, dry run) hands back to the MSBuild task or the
/// tool that called it: the lines to print, in order. <see cref="SettingsInvalid"/>: a setting had a wrong value and
/// nothing was checked (the tool's exit code 2).
/// </summary>
public sealed class RunOutput
{
    private readonly List<RunLine> _lines = [];
    private Lazy<ReportPart>? _part;

    public IReadOnlyList<RunLine> Lines => _lines;

    public IEnumerable<Finding> Findings => _lines.Where(line => line.Finding is not null).Select(line => line.Finding!);

    public bool SettingsInvalid { get; private set; }

    /// <summary>What the reports show of this run, when the entry point makes its own part (the replica check's has its table).</summary>
    public ReportPart? Part => _part?.Value;

    /// <summary>
    /// The report part, made only when a report asks for it: the replica check's table has a row per migration, and
    /// formatting ten thousand rows nobody reads cost a check more than reading the history did.
    /// </summary>
    public void SetPart(Func<ReportPart> make) => _part = new Lazy<ReportPart>(make);

    public bool HasErrors => Findings.Any(finding => finding.Severity == Severity.Error);

    public void Add(Finding finding) => _lines.Add(RunLine.Of(finding));

    public void AddRange(IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            Add(finding);
        }
    }

    public void Say(string text, Importance importance) => _lines.Add(new RunLine(null, text, importance));

    /// <summary>A setting's wrong value: its coded finding, and nothing was checked.</summary>
    public RunOutput Invalid(Finding finding)
    {
        Add(finding);
        MarkInvalid();
        return this;
    }

    /// <summary>Says that a finding already added is about a setting's value.</summary>
    public void MarkInvalid() => SettingsInvalid = true;
}
