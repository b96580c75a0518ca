namespace ParityBuild.Replica.History;

/// <summary>
/// A history table found on a replica, with its columns as the catalog spells them (EF Core's are quoted mixed case
/// on PostgreSQL), keyed by their lowercase names.
/// </summary>
public sealed record HistoryTable(string Schema, string Name, MigrationTool Tool, IReadOnlyDictionary<string, string> Columns)
{
    public string Display => $"{Schema}.{Name}";

    /// <summary>A table the tool keeps beside this one in the same schema, when the catalog lists it (grate's <c>ScriptsRunErrors</c>).</summary>
    public string? Companion { get; init; }

    public bool Has(string column) => Columns.ContainsKey(column);

    public string Column(string column) => Columns[column];
}
