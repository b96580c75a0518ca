using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Reports;

/// <summary>
/// MSBuild's own handling of warning codes (NoWarn → MSBuildWarningsAsMessages, WarningsAsErrors, WarningsNotAsErrors,
/// MSBuildTreatWarningsAsErrors), applied to findings so that a report says what the build log said.
/// </summary>
public sealed class SeverityPolicy
{
    private readonly HashSet<string> _asMessages;
    private readonly HashSet<string> _asErrors;
    private readonly HashSet<string> _notAsErrors;
    private readonly bool _allAsErrors;

    public SeverityPolicy(string? warningsAsMessages = null, string? warningsAsErrors = null, string? warningsNotAsErrors = null, bool treatWarningsAsErrors = false)
    {
        _asMessages = Codes(warningsAsMessages);
        _asErrors = Codes(warningsAsErrors);
        _notAsErrors = Codes(warningsNotAsErrors);
        _allAsErrors = treatWarningsAsErrors;
    }

    public static SeverityPolicy None { get; } = new();

    /// <summary>The finding as the build reported it, or null when NoWarn silenced it.</summary>
    public Finding? Apply(Finding finding)
    {
        if (finding.Severity != Severity.Warning)
        {
            return finding;
        }

        if (_asMessages.Contains(finding.Code))
        {
            return null;
        }

        return (_allAsErrors && !_notAsErrors.Contains(finding.Code)) || _asErrors.Contains(finding.Code) ? finding.WithSeverity(Severity.Error) : finding;
    }

    /// <summary>Whether a warning of this code is an error, as MSBuild would log it (a silenced one is not).</summary>
    public bool IsError(string code) => !_asMessages.Contains(code) && ((_allAsErrors && !_notAsErrors.Contains(code)) || _asErrors.Contains(code));

    // MSBuild splits these lists on ';' and ','; NoWarn often holds compiler codes and whitespace too.
    private static HashSet<string> Codes(string? list) =>
        new((list ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
}
