using ParityBuild.Core.Manifests;

namespace ParityBuild.Core.Findings;

/// <summary>ParityStatus's table, like <c>flyway info</c>: one row per migration, aligned columns, plain text.</summary>
public static class StatusTable
{
    public static IReadOnlyList<string> Format(IReadOnlyList<MigrationStatus> statuses)
    {
        var showSets = statuses.Any(status => status.Set.Length > 0);
        string[] header = showSets
            ? ["Set", "Version", "Description", "Kind", "Checksum", "State", "Path"]
            : ["Version", "Description", "Kind", "Checksum", "State", "Path"];
        var rows = statuses.Select(status =>
        {
            string[] row =
            [
                status.Version ?? "",
                TextTable.Truncate(status.Description, 40),
                status.Kind.ToString().ToLowerInvariant(),
                status.Sha256 is null ? "" : BaselineComparison.Short(status.Sha256),
                StateName(status.State),
                status.Path,
            ];
            return (IReadOnlyList<string>)(showSets ? [status.Set.Length == 0 ? "(default)" : status.Set, .. row] : row);
        });
        return TextTable.Format(header, rows);
    }

    public static string StateName(MigrationState state) => state switch
    {
        MigrationState.Baselined => "baselined",
        MigrationState.New => "new",
        MigrationState.Changed => "CHANGED",
        MigrationState.Reformatted => "reformatted",
        MigrationState.Renamed => "RENAMED",
        _ => "MISSING",
    };
}
