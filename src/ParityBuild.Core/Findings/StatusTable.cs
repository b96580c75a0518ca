using System.Text;
using ParityBuild.Core.Baseline;

namespace ParityBuild.Core.Findings;

/// <summary>ParityStatus's table, like <c>flyway info</c>: one row per migration, aligned columns, plain text.</summary>
public static class StatusTable
{
    public static IReadOnlyList<string> Format(IReadOnlyList<MigrationStatus> statuses)
    {
        var showSets = statuses.Any(status => status.Set.Length > 0);
        var header = new List<string>();
        if (showSets)
        {
            header.Add("Set");
        }

        header.AddRange(["Version", "Description", "Kind", "Checksum", "State", "Path"]);
        var rows = new List<string[]> { header.ToArray() };
        foreach (var status in statuses)
        {
            var row = new List<string>();
            if (showSets)
            {
                row.Add(status.Set.Length == 0 ? "(default)" : status.Set);
            }

            row.AddRange([
                status.Version ?? "",
                Truncate(status.Description, 40),
                status.Kind.ToString().ToLowerInvariant(),
                status.Sha256 is null ? "" : BaselineComparison.Short(status.Sha256),
                StateName(status.State),
                status.Path,
            ]);
            rows.Add([.. row]);
        }

        var widths = Enumerable.Range(0, header.Count).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var lines = new List<string>(rows.Count + 1);
        for (var r = 0; r < rows.Count; r++)
        {
            var line = new StringBuilder();
            for (var column = 0; column < widths.Length; column++)
            {
                line.Append(column == widths.Length - 1 ? rows[r][column] : rows[r][column].PadRight(widths[column] + 2));
            }

            lines.Add(line.ToString().TrimEnd());
            if (r == 0)
            {
                lines.Add(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
            }
        }

        return lines;
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

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
