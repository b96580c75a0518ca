namespace ParityBuild.Replica.History;

/// <summary>
/// Recognizes history tables by name and columns, from one catalog query. A table is a tool's only when every
/// column the tool writes is there, so a user table that happens to be called <c>schema_migrations</c> with other
/// columns is not mistaken for one.
/// </summary>
public static class ToolDetection
{
    private sealed record Signature(MigrationTool Tool, string[] Tables, string[] Columns, string? Schema = null, Companion? Companion = null);

    /// <summary>A table a tool keeps beside its history: named as the history table with <see cref="Suffix"/>, with these columns.</summary>
    private sealed record Companion(string Suffix, string[] Columns);

    // Table names each tool uses by default, and the columns its own DDL creates (lowercase; MySQL and SQL Server keep case).
    private static readonly Signature[] Signatures =
    [
        new(MigrationTool.Flyway, ["flyway_schema_history", "schema_version"], ["installed_rank", "version", "description", "type", "script", "checksum", "success"]),
        new(MigrationTool.Liquibase, ["databasechangelog"], ["id", "author", "filename", "dateexecuted", "orderexecuted", "exectype", "md5sum"]),
        new(MigrationTool.DbUp, ["schemaversions"], ["scriptname", "applied"]),
        new(MigrationTool.EfCore, ["__efmigrationshistory"], ["migrationid", "productversion"]),
        new(MigrationTool.SchemaMigrations, ["schema_migrations"], ["version"]),
        new(MigrationTool.Sqitch, ["changes"], ["change_id", "script_hash", "change", "project", "committed_at"], Schema: "sqitch"),
        new(MigrationTool.Postgrator, ["schemaversion"], ["version", "name", "md5", "run_at"]),
        new(MigrationTool.Parity, ["parity_journal"], ["script_name", "sha256", "applied_at"]),

        // grate's schema is a PostgreSQL schema ("grate"."ScriptsRun") or, on MariaDB, a prefix (grate_ScriptsRun); its
        // failures go to ScriptsRunErrors beside it. Its own GrateScriptsRun (grate's bootstrap) is not the project's.
        new(MigrationTool.Grate, ["scriptsrun", "grate_scriptsrun"], ["id", "script_name", "text_hash", "one_time_script", "entry_date"],
            Companion: new("errors", ["script_name", "error_message", "entry_date"])),
        new(MigrationTool.Evolve, ["changelog"], ["type", "version", "description", "name", "checksum", "installed_on", "success"]),
    ];

    /// <summary>The table names worth asking the catalog about (lowercase).</summary>
    public static IReadOnlyList<string> CandidateTableNames { get; } =
        [.. Signatures.SelectMany(signature => signature.Tables.Concat(signature.Companion is { } companion ? signature.Tables.Select(table => table + companion.Suffix) : [])).Distinct()];

    /// <summary>The names to ask the catalog about for a table the user named: it, and the companions a tool may keep beside it.</summary>
    public static IReadOnlyList<string> NamesFor(string table) =>
        [table, .. Signatures.Where(signature => signature.Companion is not null).Select(signature => table + signature.Companion!.Suffix).Distinct(StringComparer.OrdinalIgnoreCase)];

    public static MigrationTool? ParseSetting(string? setting) => (setting ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "auto" => null,
        "flyway" => MigrationTool.Flyway,
        "liquibase" => MigrationTool.Liquibase,
        "dbup" => MigrationTool.DbUp,
        "efcore" or "ef" or "entityframework" => MigrationTool.EfCore,
        "schema_migrations" or "rails" or "dbmate" or "golang-migrate" or "migrate" => MigrationTool.SchemaMigrations,
        "sqitch" => MigrationTool.Sqitch,
        "postgrator" => MigrationTool.Postgrator,
        "parity" or "paritybuild" => MigrationTool.Parity,
        "grate" => MigrationTool.Grate,
        "evolve" => MigrationTool.Evolve,
        _ => throw new ArgumentException($"ParityHistory is '{setting}'; expected auto, flyway, liquibase, dbup, efcore, schema_migrations, sqitch, postgrator, parity, grate or evolve."),
    };

    /// <summary>The default table name of a tool (for a named ParityHistory with no ParityHistoryTable).</summary>
    public static string DefaultTable(MigrationTool tool) => Signatures.First(signature => signature.Tool == tool).Tables[0];

    /// <param name="columns">Every (schema, table, column) the catalog lists for the candidate names.</param>
    /// <param name="tool">The tool the user chose, or null to accept any.</param>
    /// <param name="table">The table name the user chose, or null for the tools' defaults.</param>
    public static IReadOnlyList<HistoryTable> Detect(IEnumerable<(string Schema, string Table, string Column)> columns, MigrationTool? tool = null, string? table = null)
    {
        var all = columns
            .GroupBy(column => (column.Schema, column.Table))
            .Select(group => (group.Key.Schema, group.Key.Table, Columns: group.GroupBy(column => column.Column.ToLowerInvariant()).ToDictionary(byName => byName.Key, byName => byName.First().Column)))
            .ToList();
        var found = new List<HistoryTable>();
        foreach (var (schema, name, tableColumns) in all)
        {
            foreach (var signature in Signatures)
            {
                if (tool is { } chosen && chosen != signature.Tool)
                {
                    continue;
                }

                var nameMatches = table is null
                    ? signature.Tables.Contains(name.ToLowerInvariant()) && (signature.Schema is null || string.Equals(signature.Schema, schema, StringComparison.OrdinalIgnoreCase))
                    : string.Equals(table, name, StringComparison.OrdinalIgnoreCase);
                if (nameMatches && signature.Columns.All(tableColumns.ContainsKey))
                {
                    found.Add(new HistoryTable(schema, name, signature.Tool, tableColumns) { Companion = CompanionOf(signature, schema, name, all) });
                    break;
                }
            }
        }

        return [.. found.OrderBy(found => found.Schema, StringComparer.Ordinal).ThenBy(found => found.Name, StringComparer.Ordinal)];
    }

    // The companion's name as the catalog spells it, when a table of that name and those columns is in the same schema.
    private static string? CompanionOf(Signature signature, string schema, string name, List<(string Schema, string Table, Dictionary<string, string> Columns)> all) =>
        signature.Companion is not { } companion
            ? null
            : all.FirstOrDefault(other => other.Schema == schema
                && string.Equals(other.Table, name + companion.Suffix, StringComparison.OrdinalIgnoreCase)
                && companion.Columns.All(other.Columns.ContainsKey)).Table;
}
