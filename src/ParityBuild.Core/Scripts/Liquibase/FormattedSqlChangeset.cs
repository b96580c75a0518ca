namespace ParityBuild.Core.Scripts.Liquibase;

/// <summary>One <c>--changeset author:id</c> of a Liquibase formatted SQL changelog, as Liquibase's parser builds it.</summary>
/// <remarks>
/// <see cref="Sql"/> is what Liquibase hands to the changeset's single RawSQLChange: the body lines (directives such as
/// <c>--rollback</c>, <c>--comment</c>, <c>--validCheckSum</c> and preconditions removed, ordinary comments kept) joined
/// with LF, <c>${property}</c> references expanded, and trimmed as Java's <c>String.trim</c> does; null when nothing is
/// left. Liquibase joins with the platform line separator, which no checksum version can see.
/// </remarks>
public sealed class FormattedSqlChangeset
{
    internal FormattedSqlChangeset(string author, string id, int startLine, IReadOnlyDictionary<string, string> attributes)
    {
        Author = author;
        Id = id;
        StartLine = startLine;
        Attributes = attributes;
    }

    public string Author { get; }

    public string Id { get; }

    /// <summary>1-based line of the <c>--changeset</c> line.</summary>
    public int StartLine { get; }

    /// <summary>The attributes Liquibase recognised on the changeset line, by name, with their raw values.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    public string? Sql { get; internal set; }

    /// <summary>The <c>--rollback</c> lines (or <c>/* liquibase rollback */</c> block), trimmed; null when there are none.</summary>
    public string? Rollback { get; internal set; }

    public string? Comment { get; internal set; }

    public IReadOnlyList<string> ValidCheckSums => ValidCheckSumList;

    /// <summary>The raw <c>--preconditions</c> and <c>--precondition-…</c> lines, in order.</summary>
    public IReadOnlyList<string> Preconditions => PreconditionList;

    /// <summary>Liquibase's default is true; only an explicit <c>splitStatements:</c> changes it.</summary>
    public bool SplitStatements { get; internal set; } = true;

    /// <summary>Formatted SQL defaults to true (unlike XML changelogs), so V8 checksums start with <c>null:true:true:</c>.</summary>
    public bool StripComments { get; internal set; } = true;

    /// <summary>The <c>endDelimiter:</c> value; also <c>\n/$</c> when Liquibase infers an Oracle-style <c>/</c> terminator.</summary>
    public string? EndDelimiter { get; internal set; }

    public bool RunOnChange => Flag("runOnChange", false);

    public bool RunAlways => Flag("runAlways", false);

    public bool RunInTransaction => Flag("runInTransaction", true);

    public bool FailOnError => Flag("failOnError", true);

    public string? Context => Attributes.GetValueOrDefault("contextFilter") is { Length: > 0 } filter ? filter : Attributes.GetValueOrDefault("context");

    public string? Labels => Attributes.GetValueOrDefault("labels");

    public string? Dbms => Attributes.GetValueOrDefault("dbms");

    /// <summary>Set when the changeset names a native executor (e.g. sqlplus), which Liquibase Pro can make change V8 checksums.</summary>
    public string? RunWith => Attributes.GetValueOrDefault("runWith");

    internal List<string> ValidCheckSumList { get; } = [];

    internal List<string> PreconditionList { get; } = [];

    private bool Flag(string name, bool fallback) =>
        Attributes.TryGetValue(name, out var value) ? string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) : fallback;
}
