namespace ParityBuild.Replica.History;

/// <summary>
/// <c>schema_migrations</c>. Rails and dbmate keep one row per applied version. golang-migrate keeps a single row: the
/// current version and a <c>dirty</c> flag (set while a migration runs, left set when it failed); every lower version
/// counts as applied, so that row <see cref="AppliedMigration.CoversEarlier"/>. Versions compare numerically (golang-migrate
/// stores <c>000001_init.up.sql</c> as 1). No checksums.
/// </summary>
public sealed class SchemaMigrationsHistory : HistoryReader
{
    public override MigrationTool Tool => MigrationTool.SchemaMigrations;

    public override string ToolName => "schema_migrations";

    public override string RepairHint => "record the version that is really in place (golang-migrate: 'migrate force <version>')";

    public override string Query(HistoryTable table, Func<string, string> quote) =>
        $"SELECT {Columns(table, quote, "version", "dirty")} FROM {quote(table.Schema)}.{quote(table.Name)}";

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows)
    {
        var singleRow = table.Has("dirty");
        return [.. rows
            .Where(row => !string.IsNullOrWhiteSpace(RowValues.Text(row[0])))
            .Select(row => (Version: ParseVersion(RowValues.Text(row[0])!), Dirty: singleRow && RowValues.Bool(row[1])))
            .OrderBy(row => row.Version)
            .Select(row => new AppliedMigration(VersionKey(row.Version), row.Version.Text, "", null, row.Dirty ? AppliedState.Dirty : AppliedState.Applied, null, CoversEarlier: singleRow))];
    }

    /// <summary>
    /// Rails and dbmate: the row they write, the version as the file name spells it. golang-migrate: its one row, as
    /// 'migrate force' sets it (its drivers' SetVersion empties the table and inserts the version, not dirty), written
    /// for the repository's newest migration only, since that row stands for every earlier one.
    /// </summary>
    public override string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql)
    {
        if (local.Version is null)
        {
            return null;
        }

        if (!table.Has("dirty"))
        {
            return Insert(table, quote, ["version"], Literal(local.Version.Text, mySql));
        }

        var newest = locals.Where(other => other.Version is not null).MaxBy(other => other.Version);
        return newest != local || !ulong.TryParse(local.Version.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? null
            : $"DELETE FROM {quote(table.Schema)}.{quote(table.Name)};\n"
              + Insert(table, quote, ["version", "dirty"], $"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}, FALSE");
    }

    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources) =>
        [.. sources.Migrations
            .Where(migration => migration.Kind == Core.Scripts.MigrationKind.Versioned && migration.Version is not null)
            .Select(migration => new LocalMigration(VersionKey(migration.Version!), migration.Version, migration.Description, null, migration.File.FullPath, migration.RelativePath))];
}
