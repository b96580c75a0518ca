using System.Globalization;
using ParityBuild.Core.Findings;

namespace ParityBuild.Replica.Comparison;

/// <summary>ParityStatus against a replica, like <c>flyway info</c>: one row per migration and where it stands there.</summary>
public static class ReplicaStatusTable
{
    public static IReadOnlyList<string> Format(IReadOnlyList<ReplicaMigrationStatus> statuses) =>
        TextTable.Format(
            ["Version", "Description", "Repository checksum", "Replica checksum", "State", "Applied on"],
            statuses.Select(status => (IReadOnlyList<string>)
            [
                status.Version ?? "",
                TextTable.Truncate(status.Description, 40),
                Short(status.RepositoryChecksum),
                Short(status.ReplicaChecksum),
                StateName(status.State),
                status.AppliedOn?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
            ]));

    public static string StateName(ReplicaState state) => state switch
    {
        ReplicaState.Applied => "applied",
        ReplicaState.Pending => "pending",
        ReplicaState.Missing => "MISSING",
        ReplicaState.Changed => "CHANGED",
        _ => "FAILED",
    };

    private static string Short(string? checksum) => checksum is null ? "" : checksum.Length > 12 ? checksum[..12] : checksum;
}
