namespace ParityBuild.Core.Schema;

/// <summary>
/// A database's physical schema as its catalog describes it, for the schemas the user named: what a database migrated
/// by the repository's scripts must look like. <see cref="MigrationsDigest"/> is the baseline manifest's digest when it
/// was captured, so that a snapshot left behind by a new migration is noticed. Values are already normalized
/// (<see cref="SchemaNormalizer"/>), so two databases migrated by the same scripts give equal snapshots.
/// <see cref="Routines"/> is null when they were not captured (a snapshot of an older ParityBuild, or a MySQL account
/// that cannot list them): the comparison then leaves functions and procedures alone.
/// </summary>
public sealed record SchemaSnapshot(
    string Engine,
    string ServerVersion,
    string? MigrationsDigest,
    IReadOnlyList<string> Schemas,
    IReadOnlyList<TableSchema> Tables,
    IReadOnlyList<ViewSchema> Views,
    IReadOnlyList<SequenceSchema> Sequences,
    IReadOnlyList<EnumSchema> Enums,
    IReadOnlyList<RoutineSchema>? Routines = null)
{
    public const int CurrentFormatVersion = 1;

    public const string Postgres = "postgres";

    public const string MySql = "mysql";

    /// <summary>The same snapshot in the writer's order: everything by schema and name, columns in table order.</summary>
    public SchemaSnapshot Sorted() => this with
    {
        Tables = [.. Tables.OrderBy(table => table.Schema, StringComparer.Ordinal).ThenBy(table => table.Name, StringComparer.Ordinal).Select(table => table.Sorted())],
        Views = [.. Views.OrderBy(view => view.Schema, StringComparer.Ordinal).ThenBy(view => view.Name, StringComparer.Ordinal)],
        Sequences = [.. Sequences.OrderBy(sequence => sequence.Schema, StringComparer.Ordinal).ThenBy(sequence => sequence.Name, StringComparer.Ordinal)],
        Enums = [.. Enums.OrderBy(type => type.Schema, StringComparer.Ordinal).ThenBy(type => type.Name, StringComparer.Ordinal)],
        Routines = Routines is null ? null
            : [.. Routines.OrderBy(routine => routine.Schema, StringComparer.Ordinal).ThenBy(routine => routine.Name, StringComparer.Ordinal).ThenBy(routine => routine.Arguments, StringComparer.Ordinal)],
    };
}

/// <summary>A table, its columns in their order, and what belongs to it.</summary>
public sealed record TableSchema(
    string Schema,
    string Name,
    IReadOnlyList<ColumnSchema> Columns,
    IReadOnlyList<ConstraintSchema> Constraints,
    IReadOnlyList<IndexSchema> Indexes,
    IReadOnlyList<TriggerSchema> Triggers)
{
    // Column order is the table's own and matters to INSERT without a column list; the rest has no order of its own.
    public TableSchema Sorted() => this with
    {
        Constraints = [.. Constraints.OrderBy(constraint => constraint.Name, StringComparer.Ordinal)],
        Indexes = [.. Indexes.OrderBy(index => index.Name, StringComparer.Ordinal)],
        Triggers = [.. Triggers.OrderBy(trigger => trigger.Name, StringComparer.Ordinal)],
    };
}

/// <summary>
/// A column. <see cref="Type"/> carries its length or precision; <see cref="Identity"/> is "always", "by default"
/// (PostgreSQL identity columns) or "auto_increment"; <see cref="Collation"/> is set only where it differs from the
/// default of its type (PostgreSQL) or table (MySQL); <see cref="Generated"/> is a stored generated column's expression.
/// </summary>
public sealed record ColumnSchema(
    string Name,
    string Type,
    bool Nullable,
    string? Default = null,
    string? Identity = null,
    string? Collation = null,
    string? Generated = null);

/// <summary>A primary key, unique, foreign key or check constraint, with its definition as the engine prints it.</summary>
public sealed record ConstraintSchema(string Name, string Kind, string Definition)
{
    public const string PrimaryKey = "primary key";
    public const string Unique = "unique";
    public const string ForeignKey = "foreign key";
    public const string Check = "check";
    public const string Exclusion = "exclude";
}

/// <summary>
/// An index that backs no constraint: its method (btree, gin, …), the key columns or expressions as the engine prints
/// them (with the parentheses), and the predicate of a partial index.
/// </summary>
public sealed record IndexSchema(string Name, bool Unique, string Method, string Columns, string? Where = null);

/// <summary>A trigger: everything after <c>CREATE TRIGGER name</c> (timing, events, table, action).</summary>
public sealed record TriggerSchema(string Name, string Definition);

/// <summary>A view and its query, as the engine prints it.</summary>
public sealed record ViewSchema(string Schema, string Name, string Definition);

/// <summary>A sequence (PostgreSQL; identity columns' own are part of their column): everything after <c>CREATE SEQUENCE name</c>.</summary>
public sealed record SequenceSchema(string Schema, string Name, string Definition);

/// <summary>A PostgreSQL enum type and its labels in their order.</summary>
public sealed record EnumSchema(string Schema, string Name, IReadOnlyList<string> Labels);

/// <summary>
/// A function or procedure: <see cref="Kind"/> is "function" or "procedure", <see cref="Arguments"/> its arguments as
/// the engine prints them (PostgreSQL's overloads share a name), <see cref="Definition"/> the whole statement that
/// creates it (PostgreSQL's <c>CREATE OR REPLACE</c> as the server prints it; MySQL's written back from information_schema). Aggregates, window functions and what an extension
/// installs are not the migrations' own, and are left out. <see cref="Definition"/> is null where the account could not
/// read the body (MySQL shows it to the routine's definer, or with SHOW_ROUTINE or global SELECT): the routine's
/// existence is still compared, its definition not.
/// </summary>
public sealed record RoutineSchema(string Schema, string Name, string Kind, string Arguments, string? Definition)
{
    public const string Function = "function";
    public const string Procedure = "procedure";

    /// <summary>How the routine is named among its overloads: <c>touch(integer, text)</c>.</summary>
    public string Signature => $"{Name}({Arguments})";

    public SchemaObjectKind ObjectKind => Kind == Procedure ? SchemaObjectKind.Procedure : SchemaObjectKind.Function;
}
