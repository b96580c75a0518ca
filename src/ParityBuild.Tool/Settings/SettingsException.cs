using ParityBuild.Core.Findings;

namespace ParityBuild.Tool.Settings;

/// <summary>A setting the tool cannot use (parity.json, a value, the --items file): reported as its finding, exit code 2.</summary>
internal sealed class SettingsException(Finding finding) : Exception(finding.Message)
{
    public Finding Finding => finding;
}
