using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// Flyway's <c>flyway_schema_history</c> (or the older <c>schema_version</c>): one row per run of a migration, in
/// <c>installed_rank</c> order. Versioned rows are keyed by version, repeatable ones (no version) by description, and
/// the latest row of a key wins: a repeatable re-applied after an edit, a version undone (<c>UNDO_SQL</c>) or marked
/// deleted by <c>flyway repair</c> (<c>DELETE</c>). <c>BASELINE</c> rows stand for every version up to theirs; the
/// <c>SCHEMA</c> row only says Flyway created the schema. Checksums are Flyway's CRC32, as the signed integer it stores.
/// </summary>
public sealed class FlywayHistory : HistoryReader
{
    public override MigrationTool Tool => MigrationTool.Flyway;

    public override string ToolName => "Flyway";

    public override string RepairHint => "run 'flyway repair' to remove the failed row";

    public override bool ComparesDescriptions => true;

    public override string Query(HistoryTable table, Func<string, string> quote) =>
        // installed_rank only orders the rows; 'SQL', the type of nearly every row, comes back as NULL: ten thousand rows
        // then need no rank box and no type string each.
        $"SELECT {Columns(table, quote, "version", "description")}, {SqlTypeAsNull(table, quote)}, {Columns(table, quote, "checksum", "installed_on", "success")} " +
        $"FROM {quote(table.Schema)}.{quote(table.Name)} ORDER BY {quote(table.Column("installed_rank"))}";

    private static string SqlTypeAsNull(HistoryTable table, Func<string, string> quote) =>
        table.Has("type") ? $"CASE WHEN {quote(table.Column("type"))} = 'SQL' THEN NULL ELSE {quote(table.Column("type"))} END" : "NULL";

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows)
    {
        // Rows in installed_rank order; a later row of the same key replaces (or removes) an earlier one.
        var effective = new List<AppliedMigration?>(rows.Count);
        var byKey = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var versionText = RowValues.Text(row[0]);
            var description = RowValues.Text(row[1]) ?? "";
            var type = Upper((RowValues.Text(row[2]) ?? "SQL").Trim());
            var checksum = RowValues.Integer(row[3]);
            var appliedOn = RowValues.Time(row[4]);
            var success = RowValues.Bool(row[5]);
            var version = string.IsNullOrWhiteSpace(versionText) ? ((string Key, string Text)?)null : StoredVersion(versionText);
            var key = version is not { } known ? "R:" + description : known.Key;

            switch (type)
            {
                case "SCHEMA":
                    continue;
                case "DELETE":
                case "UNDO_SQL" or "UNDO_JDBC" or "UNDO_SCRIPT" when success:
                    // The migration no longer counts as applied: deleted by repair, or undone (pending again).
                    if (byKey.Remove(key, out var removed))
                    {
                        effective[removed] = null;
                    }

                    continue;
                case "UNDO_SQL" or "UNDO_JDBC" or "UNDO_SCRIPT":
                    // A failed undo leaves the migration half-reverted: report it on the migration's own key.
                    break;
            }

            var baseline = type is "BASELINE" or "SQL_BASELINE" or "JDBC_BASELINE";
            var applied = new AppliedMigration(
                key,
                version?.Text,
                description,
                checksum is { } value ? Invariant(value) : null,
                !success ? AppliedState.Failed : baseline ? AppliedState.Baseline : AppliedState.Applied,
                appliedOn,
                Repeatable: version is null,
                CoversEarlier: baseline && success);
            if (byKey.TryGetValue(key, out var earlier))
            {
                effective[earlier] = null;
            }

            byKey[key] = effective.Count;
            effective.Add(applied);
        }

        // The rows still in effect are the ones byKey points at.
        var result = new List<AppliedMigration>(byKey.Count);
        foreach (var applied in effective)
        {
            if (applied is not null)
            {
                result.Add(applied);
            }
        }

        return result;
    }

    // Flyway writes its types in capitals: no new string per row for them.
    private static string Upper(string type) => type.AsSpan().ContainsAnyInRange('a', 'z') ? type.ToUpperInvariant() : type;

    /// <summary>
    /// A row as Flyway's migrate writes it: the next installed_rank, version (none for a repeatable), description,
    /// type SQL, the script's name within its location, Flyway's CRC32, success. installed_on takes its default.
    /// </summary>
    public override string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql)
    {
        var name = $"{quote(table.Schema)}.{quote(table.Name)}";
        string[] columns = ["installed_rank", "version", "description", "type", "script", "checksum", "installed_by", "execution_time", "success"];
        var script = local.Path[(local.Path.LastIndexOf('/') + 1)..];
        var rank = quote(table.Column("installed_rank"));
        return InsertInto(table, quote, columns)
            + $"SELECT COALESCE(MAX({rank}), 0) + 1, {Literal(local.Repeatable ? null : local.Version?.Text, mySql)}, {Literal(local.Description, mySql)}, 'SQL', {Literal(script, mySql)}, "
            + $"{local.Checksum ?? "NULL"}, 'paritybuild-repair', 0, TRUE FROM {name};";
    }

    public override string? ChecksumOf(PreviousText earlier) => earlier.Flyway is { } crc ? Invariant(crc) : null;

    /// <summary>What <c>flyway repair</c> does to this one row, and to no other: its checksum set to the script's CRC32.</summary>
    public override string? RealignStatement(HistoryTable table, LocalMigration local, AppliedMigration row, Func<string, string> quote, bool mySql) =>
        local.Checksum is null || row.Checksum is null || row.Version is null
            ? null
            : Realign(table, quote, "checksum", local.Checksum, "version", Literal(row.Version, mySql), row.Checksum);

    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources)
    {
        var locals = new List<LocalMigration>(sources.Migrations.Count);
        foreach (var migration in sources.Migrations)
        {
            if (migration.Kind is not (MigrationKind.Versioned or MigrationKind.Repeatable))
            {
                // Undo scripts and callbacks are never recorded as applied migrations of their own.
                continue;
            }

            var repeatable = migration.Kind == MigrationKind.Repeatable;
            locals.Add(new LocalMigration(
                repeatable ? "R:" + migration.Description : VersionKey(migration.Version!),
                migration.Version,
                migration.Description,
                Checksum(migration, sources),
                migration.File.FullPath,
                migration.RelativePath,
                repeatable));
        }

        return locals;
    }

    // ParityVerify already checked the scripts against the manifest, so its stored CRC32 is the script's; only a script
    // the manifest lacks is read again.
    private static string? Checksum(Migration migration, LocalSources sources)
    {
        if (sources.ManifestByPath.TryGetValue(migration.RelativePath, out var entry) && entry.Flyway is { } stored)
        {
            return Invariant(stored);
        }

        try
        {
            return ScriptHasher.Hash(migration.File.FullPath, ChecksumKinds.Flyway).Flyway is { } computed ? Invariant(computed) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // ParityVerify reports an unreadable script; here it only means there is nothing to compare.
            return null;
        }
    }
}
