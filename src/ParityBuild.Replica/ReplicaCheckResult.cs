using ParityBuild.Core.Findings;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;

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
    public bool HasErrors => Findings.Any(finding => finding.Severity == Severity.Error);
}
