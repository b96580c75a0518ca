namespace ParityBuild.Core.Findings;

/// <summary>How a finding is reported: an error fails the build, a warning respects NoWarn and WarningsAsErrors.</summary>
public enum Severity
{
    Message,
    Warning,
    Error,
}
