using ParityBuild.Core.Findings;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Schema;
using ParityBuild.Core.Schema;

namespace ParityBuild.Replica;

/// <summary>
/// What one replica check found. <see cref="Summary"/> is the one line a build log shows (host and database, never
/// credentials); <see cref="Statuses"/> is empty when the history could not be read.
/// </summary>
public sealed record ReplicaCheckResult(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<ReplicaMigrationStatus> Statuses,
    string Summary,
    HistoryTable? Table = null)
{
    /// <summary>Repair SQL to write under obj/parity/ (never to run) for the drift found.</summary>
    public IReadOnlyList<RepairFile> Repairs { get; init; } = [];

    /// <summary>Whether the schema part ran: only then does the absence of a repair say there is nothing to repair.</summary>
    public bool SchemaChecked { get; init; }

    /// <summary>The schema a ParitySchemaCapture read; null otherwise, or when it failed.</summary>
    public SchemaSnapshot? Snapshot { get; init; }

    public bool HasErrors => Findings.Any(finding => finding.Severity == Severity.Error);
}
