namespace ParityBuild.Core.Schema;

/// <summary>The kinds of objects a snapshot holds, in the order a repair script creates them.</summary>
public enum SchemaObjectKind
{
    Enum,
    Sequence,
    Table,
    Column,
    Constraint,
    Index,

    // Before views and triggers, which call them; after the tables a SQL function's body is checked against.
    Function,
    Procedure,
    View,
    Trigger,
}

/// <summary>
/// One object of a snapshot as the comparison sees it: its identity (kind, schema, table, name) and its attributes,
/// normalized, in a fixed order. <see cref="Source"/> is the model record the repair script is written from.
/// </summary>
public sealed record SchemaItem(SchemaObjectKind Kind, string Schema, string? Table, string Name, IReadOnlyList<(string Name, string? Value)> Attributes, object Source)
{
    public string Key => KeyOf(Kind, Schema, Table, Name);

    /// <summary>How messages name the object: "column public.users.email", "index users_email on public.users".</summary>
    public string Display => Table is null ? $"{KindName(Kind)} {Schema}.{Name}"
        : Kind == SchemaObjectKind.Column ? $"column {Schema}.{Table}.{Name}"
        : $"{KindName(Kind)} {Name} on {Schema}.{Table}";

    public static string KeyOf(SchemaObjectKind kind, string schema, string? table, string name) => $"{kind}\t{schema}\t{table}\t{name}";

    public static string KindName(SchemaObjectKind kind) => kind switch
    {
        SchemaObjectKind.Enum => "enum type",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Every object of a snapshot, normalized for its engine, with schema names as <paramref name="schemaName"/> maps them
    /// (a MySQL snapshot names the database it was captured from; the replica's has another name).
    /// </summary>
    public static IReadOnlyList<SchemaItem> Flatten(SchemaSnapshot snapshot, Func<string, string> schemaName)
    {
        var engine = snapshot.Engine;
        var items = new List<SchemaItem>();
        foreach (var type in snapshot.Enums)
        {
            items.Add(new(SchemaObjectKind.Enum, schemaName(type.Schema), null, type.Name, [("labels", string.Join(", ", type.Labels))], type));
        }

        foreach (var sequence in snapshot.Sequences)
        {
            items.Add(new(SchemaObjectKind.Sequence, schemaName(sequence.Schema), null, sequence.Name, [("definition", SchemaNormalizer.Definition(sequence.Definition))], sequence));
        }

        foreach (var table in snapshot.Tables)
        {
            var schema = schemaName(table.Schema);
            items.Add(new(SchemaObjectKind.Table, schema, null, table.Name, [], table));
            foreach (var column in table.Columns)
            {
                items.Add(new(SchemaObjectKind.Column, schema, table.Name, column.Name,
                [
                    ("type", SchemaNormalizer.Type(engine, column.Type)),
                    ("nullable", column.Nullable ? "true" : "false"),
                    ("default", SchemaNormalizer.Default(engine, column.Default)),
                    ("identity", column.Identity),
                    ("collation", column.Collation),
                    ("generated", column.Generated is null ? null : SchemaNormalizer.Definition(column.Generated)),
                ], column));
            }

            foreach (var constraint in table.Constraints)
            {
                items.Add(new(SchemaObjectKind.Constraint, schema, table.Name, constraint.Name, [("kind", constraint.Kind), ("definition", SchemaNormalizer.Definition(constraint.Definition))], constraint));
            }

            foreach (var index in table.Indexes)
            {
                items.Add(new(SchemaObjectKind.Index, schema, table.Name, index.Name,
                [
                    ("unique", index.Unique ? "true" : "false"),
                    ("method", index.Method.ToLowerInvariant()),
                    ("columns", SchemaNormalizer.Definition(index.Columns)),
                    ("where", index.Where is null ? null : SchemaNormalizer.Definition(index.Where)),
                ], index));
            }

            foreach (var trigger in table.Triggers)
            {
                items.Add(new(SchemaObjectKind.Trigger, schema, table.Name, trigger.Name, [("definition", SchemaNormalizer.Definition(trigger.Definition))], trigger));
            }
        }

        foreach (var routine in snapshot.Routines ?? [])
        {
            items.Add(new(routine.ObjectKind, schemaName(routine.Schema), null, routine.Signature, [("definition", routine.Definition is null ? null : SchemaNormalizer.Definition(routine.Definition))], routine));
        }

        foreach (var view in snapshot.Views)
        {
            items.Add(new(SchemaObjectKind.View, schemaName(view.Schema), null, view.Name, [("definition", SchemaNormalizer.Definition(view.Definition))], view));
        }

        return items;
    }
}
