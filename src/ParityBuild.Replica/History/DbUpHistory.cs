namespace ParityBuild.Replica.History;

/// <summary>
/// DbUp's <c>schemaversions</c> (<c>scriptname</c>, <c>applied</c>): names only, no checksum. Scripts embedded in an
/// assembly are recorded under their resource name (<c>MyApp.Scripts.0001_init.sql</c>), scripts read from a folder
/// under their file name, so a row matches the script whose file name ends its name after a <c>.</c>, <c>/</c> or <c>\</c>.
/// </summary>
public sealed class DbUpHistory : HistoryReader
{
    public override MigrationTool Tool => MigrationTool.DbUp;

    public override string ToolName => "DbUp";

    public override string RepairHint => "remove or correct the row by hand";

    public override string Query(HistoryTable table, Func<string, string> quote) =>
        $"SELECT {Columns(table, quote, "scriptname", "applied")} FROM {quote(table.Schema)}.{quote(table.Name)} " +
        $"ORDER BY {quote(table.Column("applied"))}, {quote(table.Column("scriptname"))}";

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows) =>
        [.. rows.Select(row => new AppliedMigration(RowValues.Text(row[0]) ?? "", null, RowValues.Text(row[0]) ?? "", null, AppliedState.Applied, RowValues.Time(row[1])))];

    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources) =>
        [.. sources.Migrations
            .Where(migration => migration.Kind == Core.Scripts.MigrationKind.Versioned)
            .Select(migration => new LocalMigration(FileName(migration.RelativePath), migration.Version, migration.Description, null, migration.File.FullPath, migration.RelativePath))];

    /// <summary>A row as DbUp's journal writes it: the script's name as DbUp gives it (resource prefix from the rows there), and the time.</summary>
    public override string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql) =>
        Insert(table, quote, ["scriptname", "applied"], $"{Literal(NamePrefix(locals, applied) + local.Key, mySql)}, CURRENT_TIMESTAMP");

    public override IEnumerable<string> Candidates(AppliedMigration applied)
    {
        var name = applied.Key;
        yield return name;
        for (var i = 0; i < name.Length - 1; i++)
        {
            if (name[i] is '.' or '/' or '\\')
            {
                yield return name[(i + 1)..];
            }
        }
    }

    private static string FileName(string relativePath) => relativePath[(relativePath.LastIndexOf('/') + 1)..];
}
