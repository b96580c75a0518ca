namespace ParityBuild.Replica.History;

/// <summary>
/// Recognizes history tables by name and columns, from one catalog query. A table is a tool's only when every
/// column the tool writes is there, so a user table that happens to be called <c>schema_migrations</c> with other
/// columns is not mistaken for one.
/// </summary>
public static class FlavorDetection
{
    private sealed record Signature(HistoryFlavor Flavor, string[] Tables, string[] Columns, string? Schema = null);

    // Table names each tool uses by default, and the columns its own DDL creates (lowercase; MySQL and SQL Server keep case).
    private static readonly Signature[] Signatures =
    [
        new(HistoryFlavor.Flyway, ["flyway_schema_history", "schema_version"], ["installed_rank", "version", "description", "type", "script", "checksum", "success"]),
        new(HistoryFlavor.Liquibase, ["databasechangelog"], ["id", "author", "filename", "dateexecuted", "orderexecuted", "exectype", "md5sum"]),
        new(HistoryFlavor.DbUp, ["schemaversions"], ["scriptname", "applied"]),
        new(HistoryFlavor.EfCore, ["__efmigrationshistory"], ["migrationid", "productversion"]),
        new(HistoryFlavor.SchemaMigrations, ["schema_migrations"], ["version"]),
        new(HistoryFlavor.Sqitch, ["changes"], ["change_id", "script_hash", "change", "project", "committed_at"], Schema: "sqitch"),
        new(HistoryFlavor.Postgrator, ["schemaversion"], ["version", "name", "md5", "run_at"]),
        new(HistoryFlavor.Parity, ["parity_journal"], ["script_name", "sha256", "applied_at"]),
    ];

    /// <summary>The table names worth asking the catalog about (lowercase).</summary>
    public static IReadOnlyList<string> CandidateTableNames { get; } = [.. Signatures.SelectMany(signature => signature.Tables).Distinct()];

    public static HistoryFlavor? ParseSetting(string? setting) => (setting ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "auto" => null,
        "flyway" => HistoryFlavor.Flyway,
        "liquibase" => HistoryFlavor.Liquibase,
        "dbup" => HistoryFlavor.DbUp,
        "efcore" or "ef" or "entityframework" => HistoryFlavor.EfCore,
        "schema_migrations" or "rails" or "dbmate" or "golang-migrate" or "migrate" => HistoryFlavor.SchemaMigrations,
        "sqitch" => HistoryFlavor.Sqitch,
        "postgrator" => HistoryFlavor.Postgrator,
        "parity" or "paritybuild" => HistoryFlavor.Parity,
        _ => throw new ArgumentException($"ParityHistory is '{setting}'; expected auto, flyway, liquibase, dbup, efcore, schema_migrations, sqitch, postgrator or parity."),
    };

    /// <summary>The default table name of a flavor (for a named ParityHistory with no ParityHistoryTable).</summary>
    public static string DefaultTable(HistoryFlavor flavor) => Signatures.First(signature => signature.Flavor == flavor).Tables[0];

    /// <param name="columns">Every (schema, table, column) the catalog lists for the candidate names.</param>
    /// <param name="flavor">The flavor the user chose, or null to accept any.</param>
    /// <param name="table">The table name the user chose, or null for the tools' defaults.</param>
    public static IReadOnlyList<HistoryTable> Detect(IEnumerable<(string Schema, string Table, string Column)> columns, HistoryFlavor? flavor = null, string? table = null)
    {
        var tables = columns
            .GroupBy(column => (column.Schema, column.Table))
            .Select(group => (group.Key.Schema, group.Key.Table, Columns: group.GroupBy(column => column.Column.ToLowerInvariant()).ToDictionary(byName => byName.Key, byName => byName.First().Column)));
        var found = new List<HistoryTable>();
        foreach (var (schema, name, tableColumns) in tables)
        {
            foreach (var signature in Signatures)
            {
                if (flavor is { } chosen && chosen != signature.Flavor)
                {
                    continue;
                }

                var nameMatches = table is null
                    ? signature.Tables.Contains(name.ToLowerInvariant()) && (signature.Schema is null || string.Equals(signature.Schema, schema, StringComparison.OrdinalIgnoreCase))
                    : string.Equals(table, name, StringComparison.OrdinalIgnoreCase);
                if (nameMatches && signature.Columns.All(tableColumns.ContainsKey))
                {
                    found.Add(new HistoryTable(schema, name, signature.Flavor, tableColumns));
                    break;
                }
            }
        }

        return [.. found.OrderBy(found => found.Schema, StringComparer.Ordinal).ThenBy(found => found.Name, StringComparer.Ordinal)];
    }
}
