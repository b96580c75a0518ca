using ParityBuild.Core.Schema;
using ParityBuild.Replica.History;

namespace ParityBuild.Replica.Schema;

/// <summary>
/// What the catalog queries of one engine return, gathered table by table before it becomes a snapshot: the migration
/// history tables are left out (they record migrations, they are not made by them), and types and defaults are
/// normalized so the file holds one spelling.
/// </summary>
internal sealed class CatalogContent
{
    private readonly Dictionary<(string Schema, string Name), TableDraft> _tables = [];
    private readonly Dictionary<(string Schema, string Name), List<string>> _enums = [];

    public List<ViewSchema> Views { get; } = [];

    /// <summary>Functions and procedures; null when they were not read (a MySQL account that cannot list them).</summary>
    public List<RoutineSchema>? Routines { get; set; }

    /// <summary>Sequences with the table that owns them (a serial column's), or null.</summary>
    public List<(SequenceSchema Sequence, string? OwnerTable)> Sequences { get; } = [];

    public TableDraft Table(string schema, string name)
    {
        if (!_tables.TryGetValue((schema, name), out var table))
        {
            table = new TableDraft();
            _tables.Add((schema, name), table);
        }

        return table;
    }

    public void EnumLabel(string schema, string name, string label)
    {
        if (!_enums.TryGetValue((schema, name), out var labels))
        {
            labels = [];
            _enums.Add((schema, name), labels);
        }

        labels.Add(label);
    }

    /// <param name="historyTable">ParityHistoryTable, when the history table has a name of its own; null for the tools' defaults.</param>
    public SchemaSnapshot ToSnapshot(string engine, string serverVersion, IReadOnlyList<string> schemas, string? digest, string? historyTable)
    {
        var columns = _tables.SelectMany(table => table.Value.Columns.Select(column => (table.Key.Schema, table.Key.Name, column.Name))).ToList();
        var history = ToolDetection.Detect(columns)
            .Concat(historyTable is null ? [] : ToolDetection.Detect(columns, table: historyTable))
            .Select(table => (table.Schema, table.Name))
            .ToHashSet();

        var kept = _tables.Where(table => !history.Contains(table.Key) && table.Value.Columns.Count > 0).Select(table => new TableSchema(
            table.Key.Schema,
            table.Key.Name,
            [.. table.Value.Columns.Select(column => column with
            {
                Type = SchemaNormalizer.Type(engine, column.Type),
                Default = SchemaNormalizer.Default(engine, column.Default),
            })],
            table.Value.Constraints,
            table.Value.Indexes,
            table.Value.Triggers));
        var sequences = Sequences.Where(owned => owned.OwnerTable is null || !history.Contains((owned.Sequence.Schema, owned.OwnerTable))).Select(owned => owned.Sequence);
        var types = _enums.Select(type => new EnumSchema(type.Key.Schema, type.Key.Name, type.Value));
        return new SchemaSnapshot(engine, serverVersion, digest, schemas, [.. kept], Views, [.. sequences], [.. types], Routines).Sorted();
    }

    public sealed class TableDraft
    {
        public List<ColumnSchema> Columns { get; } = [];

        public List<ConstraintSchema> Constraints { get; } = [];

        public List<IndexSchema> Indexes { get; } = [];

        public List<TriggerSchema> Triggers { get; } = [];
    }
}
