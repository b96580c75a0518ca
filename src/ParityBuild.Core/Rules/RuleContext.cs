namespace ParityBuild.Core.Rules;

/// <summary>
/// The tables and columns that scripts not yet in the baseline created, so far in migration order: the rules that
/// protect live tables ("an existing table") leave these alone, since no running release reads them yet. One context
/// per migration set; a baselined script checked with <c>ParityRules=all</c> gets a fresh one of its own.
/// </summary>
public sealed class RuleContext
{
    private readonly HashSet<string> tables = new(StringComparer.Ordinal);
    private readonly HashSet<string> columns = new(StringComparer.Ordinal);

    public bool IsNewTable(string? table) => table is not null && tables.Contains(table);

    public bool IsNewColumn(string? table, string? column) => IsNewTable(table) || (table is not null && column is not null && columns.Contains(table + "." + column));

    internal void AddTable(string? table)
    {
        if (table is not null)
        {
            tables.Add(table);
        }
    }

    internal void AddColumn(string? table, string? column)
    {
        if (table is not null && column is not null)
        {
            columns.Add(table + "." + column);
        }
    }
}
