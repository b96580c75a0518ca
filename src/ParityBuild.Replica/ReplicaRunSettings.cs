using System.Globalization;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Connection;

namespace ParityBuild.Replica;

/// <summary>
/// A replica check, status or schema capture as the MSBuild properties (and the tool's options of the same meaning) give
/// it: every value the text the user wrote, parsed by <see cref="ReplicaRun"/> so that a wrong one is a coded PARITY2008.
/// <see cref="ConnectionString"/> is the value of the environment variable <see cref="VariableName"/>, read by the caller
/// and never logged. Relative paths are against <see cref="ProjectDirectory"/>.
/// </summary>
public sealed record ReplicaRunSettings(string ProjectDirectory, string VariableName, string? ConnectionString)
{
    /// <summary>The ParityMigration items (already verified against the manifest by ParityVerify).</summary>
    public IReadOnlyList<ScriptFile> Scripts { get; init; } = [];

    /// <summary>EF Core's migration files (<c>Migrations/*.cs</c>); only read when the history is EF Core's.</summary>
    public IReadOnlyList<ScriptFile> EfMigrations { get; init; } = [];

    /// <summary>ParityBaselineFile: its stored checksums and digest are read when it exists.</summary>
    public string ManifestFile { get; init; } = "migrations.baseline.json";

    public string Provider { get; init; } = "auto";

    public string History { get; init; } = "auto";

    public string HistoryTable { get; init; } = "";

    public string HistorySchema { get; init; } = "";

    /// <summary>The migration set whose history table this is; empty for the default set (or the only one).</summary>
    public string Set { get; init; } = "";

    /// <summary>ParityPending: message | warn | error.</summary>
    public string Pending { get; init; } = "message";

    /// <summary>ParityReplicaFailure: error | warn, for an unreachable or locked replica.</summary>
    public string Failure { get; init; } = "error";

    public string ConnectTimeout { get; init; } = "10";

    public string StatementTimeout { get; init; } = "30";

    public string LockTimeout { get; init; } = "3";

    /// <summary>ParitySchemaFile: the committed snapshot, compared with when it is set (and written by a capture).</summary>
    public string SchemaFile { get; init; } = "";

    /// <summary>ParitySchemas: ';'-separated; empty for the snapshot's (or public, or the connection's database on MySQL).</summary>
    public string Schemas { get; init; } = "";

    /// <summary>ParitySchemaCompare: false leaves the physical schema alone even when a snapshot is set.</summary>
    public bool SchemaCompare { get; init; } = true;

    /// <summary>ParitySchemaDrift: error | warn | message.</summary>
    public string SchemaDrift { get; init; } = "error";

    /// <summary>Where the repair SQL goes; empty for obj/parity/. It is written there, never run.</summary>
    public string RepairDirectory { get; init; } = "";

    /// <summary>Where to write the check's findings and status table for the reports; empty for nowhere.</summary>
    public string ReportPartFile { get; init; } = "";

    /// <summary>
    /// Whether a setting that must name an environment variable does: a value with '=' or ';' is the connection string
    /// itself, put where its name belongs (and then it must not be repeated in any message).
    /// </summary>
    public static bool IsVariableName(string variable) =>
        variable.Length > 0 && !variable.Contains('=', StringComparison.Ordinal) && !variable.Contains(';', StringComparison.Ordinal);

    /// <summary>The three timeouts, or null when one is not a whole number of seconds from 1 to 3600.</summary>
    public static ReplicaTimeouts? ParseTimeouts(string connect, string statement, string lockWait) =>
        TrySeconds(connect, out var connectSeconds) && TrySeconds(statement, out var statementSeconds) && TrySeconds(lockWait, out var lockSeconds)
            ? new ReplicaTimeouts(connectSeconds, statementSeconds, lockSeconds)
            : null;

    private static bool TrySeconds(string text, out int seconds) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds > 0 && seconds <= 3600;
}
