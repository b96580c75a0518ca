namespace ParityBuild.Core.Rules;

/// <summary>
/// The tables and columns that scripts not yet in the baseline created, so far in migration order: the rules that
/// protect live tables ("an existing table") leave these alone, since no running release reads them yet. One context
/// per migration set; a baselined script checked with <c>ParityRules=all</c> gets a fresh one of its own.
/// </summary>
public sealed class RuleContext
{
    private readonly HashSet<string> _tables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _columns = new(StringComparer.Ordinal);

    // CHECK (column IS NOT NULL) constraints added NOT VALID, by name, and the columns such a check was validated for.
    private readonly Dictionary<string, string> _notNullChecks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _provenNotNull = new(StringComparer.Ordinal);

    /// <summary>Whether any table was created so far (most checks of a script with none can skip the lookup).</summary>
    public bool HasTables => _tables.Count > 0;

    public bool IsNewTable(string? table) => table is not null && _tables.Contains(table);

    public bool IsNewColumn(string? table, string? column) => IsNewTable(table) || (table is not null && column is not null && _columns.Contains(table + "." + column));

    /// <summary>Whether a validated CHECK (column IS NOT NULL) lets SET NOT NULL skip its scan (PostgreSQL 12 and later).</summary>
    public bool IsProvenNotNull(string? table, string? column) => table is not null && column is not null && _provenNotNull.Contains(table + "." + column);

    internal void AddNotNullCheck(string? table, string? constraint, string? column)
    {
        if (table is not null && constraint is not null && column is not null)
        {
            _notNullChecks[table + "." + constraint] = table + "." + column;
        }
    }

    internal void Validated(string? table, string? constraint)
    {
        if (table is not null && constraint is not null && _notNullChecks.TryGetValue(table + "." + constraint, out var column))
        {
            _provenNotNull.Add(column);
        }
    }

    internal void AddTable(string? table)
    {
        if (table is not null)
        {
            _tables.Add(table);
        }
    }

    internal void AddColumn(string? table, string? column)
    {
        if (table is not null && column is not null)
        {
            _columns.Add(table + "." + column);
        }
    }
}
