using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica;

/// <summary>
/// A dry run as the ParityDryRun* properties (and the tool's options of the same meaning) give it: every value the text
/// the user wrote, parsed by <see cref="DryRunCheck"/> so that a wrong one is a coded PARITY5005.
/// <see cref="ConnectionString"/> is the value of the environment variable <see cref="VariableName"/>, read by the caller
/// and never logged.
/// </summary>
public sealed record DryRunSettings(string VariableName, string? ConnectionString)
{
    /// <summary>The ParityMigration items (already verified against the manifest by ParityVerify).</summary>
    public IReadOnlyList<ScriptFile> Scripts { get; init; } = [];

    public string Provider { get; init; } = "auto";

    /// <summary>The journal table; empty for ParityBuild.DbUp's.</summary>
    public string HistoryTable { get; init; } = "";

    public string HistorySchema { get; init; } = "";

    /// <summary>The migration set to dry-run; empty for the default set (or the only one).</summary>
    public string Set { get; init; } = "";

    public string ConnectTimeout { get; init; } = "10";

    public string StatementTimeout { get; init; } = "30";

    public string LockTimeout { get; init; } = "3";
}
