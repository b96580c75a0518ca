using System.Globalization;
using System.Text;
using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Schema;

/// <summary>
/// The SQL that would bring a replica's schema back to the snapshot, written for a person to review, never run by
/// ParityBuild: the DDL that creates what is missing (in an order that works: types and sequences, tables, columns,
/// constraints, indexes, foreign keys, functions and procedures, views, triggers), the statements that restore what differs, and — commented
/// out — the DROP statements for what is unexpected, because dropping is a decision only the reader can take.
/// </summary>
public static class RepairScript
{
    /// <summary>The comment every repair file starts with: where it is for, when it was written, and what to do with it.</summary>
    /// <remarks>
    /// On PostgreSQL it also turns standard_conforming_strings on for the session: the server printed the defaults and
    /// definitions this file holds for that setting, and with it off a backslash in one of their literals would end the
    /// string early.
    /// </remarks>
    public static string Header(string what, string replica, string server, DateTime now, SqlEngine engine) =>
        $"""
        {SqlText.Comment($"ParityBuild: {what} for {replica} ({server}).")}
        -- Written {now.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC. ParityBuild never runs it.
        -- WARNING: review every statement, and run the file on a staging clone of this database first.
        {(engine == SqlEngine.PostgreSql ? "SET standard_conforming_strings = on;\n" : "")}
        """;

    /// <summary>The repair for <paramref name="result"/>'s drift, or null when there is none.</summary>
    public static string? Generate(SchemaComparison.Result result, string engine, string replica, string server, DateTime now)
    {
        if (result.IsClean)
        {
            return null;
        }

        var dialect = SchemaDialect.For(engine);
        string Schema(SchemaItem item) => result.ReplicaSchemas.GetValueOrDefault(item.Schema, item.Schema);
        var text = new StringBuilder(Header("schema repair", replica, server, now, dialect.Engine));
        var missing = result.Drifts.Where(drift => drift.Kind == DriftKind.Missing).Select(drift => drift.Item).ToList();
        if (missing.Count > 0)
        {
            text.Append("\n-- Missing on the replica: created as the schema snapshot describes them.\n");
            foreach (var item in CreationOrder(missing))
            {
                var statement = Create(dialect, item, Schema(item), inNewTable: result.Drifts.Any(drift => drift.Item == item && drift.InNewTable));
                if (statement is not null)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\n{SqlText.Comment(item.Display)}\n{OneStatement(dialect, statement, item)}\n");
                }
            }
        }

        var differing = result.Drifts.Where(drift => drift.Kind == DriftKind.Differs).GroupBy(drift => drift.Item.Key).ToList();
        if (differing.Count > 0)
        {
            text.Append("\n-- Different on the replica: given the schema snapshot's definition again.\n");
            foreach (var group in differing)
            {
                var item = group.First().Item;
                var changes = string.Join("; ", group.Select(drift => $"{drift.Attribute}: {drift.Actual ?? "(none)"} -> {drift.Expected ?? "(none)"}"));
                text.Append(CultureInfo.InvariantCulture, $"\n{SqlText.Comment($"{item.Display} ({changes})")}\n");
                foreach (var statement in Restore(dialect, item, group.First().Found!, Schema(item), [.. group.Select(drift => drift.Attribute!)]))
                {
                    text.Append(OneStatement(dialect, statement, item)).Append('\n');
                }
            }
        }

        var unexpected = result.Drifts.Where(drift => drift.Kind == DriftKind.Unexpected && !drift.InNewTable).Select(drift => drift.Item).ToList();
        if (unexpected.Count > 0)
        {
            text.Append("\n-- Unexpected on the replica: not in the schema snapshot. Uncomment a DROP only if the object must go;\n");
            text.Append("-- otherwise put it in a migration and capture the snapshot again.\n");
            foreach (var item in CreationOrder(unexpected).Reverse())
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{SqlText.Comment(item.Display)}\n{SqlText.CommentOut(Drop(dialect, item, Schema(item)), item.Display)}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The statement, when the engine's client reads it as the one statement it is meant to be. Definitions, defaults and
    /// bodies are SQL the repair cannot quote: the server's printers make each one statement, but a snapshot edited by
    /// hand may not, nor a MySQL trigger or routine body, which information_schema prints with its literals' escapes
    /// already undone (<c>'x\''; DROP TABLE t; --'</c>). Such a statement is left out, and the comment says so. What a
    /// MySQL DELIMITER encloses is read again as the server reads it: with semicolons, which end nothing inside BEGIN … END.
    /// </summary>
    private static string OneStatement(SchemaDialect dialect, string statement, SchemaItem item)
    {
        var statements = SqlStatementSplitter.Split(statement, dialect.Engine).Statements;
        var one = statement.StartsWith("--", StringComparison.Ordinal)
            || (statements.Count == 1 && SqlStatementSplitter.Split(statements[0].Text, dialect.Engine).Statements.Count == 1);
        return one ? statement : SqlText.Comment($"The statement for {item.Display} is left out: its definition reads as more than one statement. Write it by hand.");
    }

    // Foreign keys after every table and index they may need (MySQL creates an index for a foreign key that has none).
    private static IEnumerable<SchemaItem> CreationOrder(IEnumerable<SchemaItem> items) =>
        items.OrderBy(item => item.Kind switch
        {
            SchemaObjectKind.Constraint when item.Source is ConstraintSchema { Kind: ConstraintSchema.ForeignKey } => (int)SchemaObjectKind.Index + 0.5,
            _ => (int)item.Kind,
        });

    private static string? Create(SchemaDialect dialect, SchemaItem item, string schema, bool inNewTable)
    {
        return item.Source switch
        {
            EnumSchema type => dialect.CreateEnum(schema, type),
            SequenceSchema sequence => dialect.CreateSequence(schema, sequence),
            TableSchema table => dialect.CreateTable(schema, table),

            // CREATE TABLE has the columns and the constraints other than foreign keys already.
            ColumnSchema when inNewTable => null,
            ConstraintSchema constraint when inNewTable && SchemaDialect.IsInline(constraint) => null,
            ColumnSchema column => dialect.AddColumn(schema, item.Table!, column),
            ConstraintSchema constraint => dialect.AddConstraint(schema, item.Table!, constraint),
            IndexSchema index => dialect.CreateIndex(schema, item.Table!, index),
            ViewSchema view => dialect.CreateView(schema, view),
            TriggerSchema trigger => dialect.CreateTrigger(trigger),
            RoutineSchema { Definition: null } => "-- Its body could not be read when the snapshot was captured: create it from its migration.",
            RoutineSchema routine => dialect.CreateRoutine(schema, routine),
            _ => null,
        };
    }

    private static IReadOnlyList<string> Restore(SchemaDialect dialect, SchemaItem item, SchemaItem found, string schema, IReadOnlyCollection<string> attributes)
    {
        if (item.Source is ColumnSchema column)
        {
            return dialect.AlterColumn(schema, item.Table!, column, attributes);
        }

        if (item.Source is EnumSchema)
        {
            return ["-- An enum type's labels cannot be removed or reordered in place: compare them, and add the missing ones with ALTER TYPE … ADD VALUE."];
        }

        // PostgreSQL's CREATE OR REPLACE keeps what depends on a routine (triggers, views), which a DROP would refuse or take along.
        if (item.Source is RoutineSchema routine)
        {
            return dialect.ReplaceRoutine(schema, routine, (RoutineSchema)found.Source);
        }

        // Anything else is dropped and created again from the snapshot; the drop goes first so the name is free.
        return [Drop(dialect, found, schema), Create(dialect, item, schema, inNewTable: false)!];
    }

    private static string Drop(SchemaDialect dialect, SchemaItem item, string schema) => item.Source switch
    {
        EnumSchema => dialect.DropEnum(schema, item.Name),
        SequenceSchema => dialect.DropSequence(schema, item.Name),
        TableSchema => dialect.DropTable(schema, item.Name),
        ColumnSchema => dialect.DropColumn(schema, item.Table!, item.Name),
        ConstraintSchema constraint => dialect.DropConstraint(schema, item.Table!, constraint),
        IndexSchema => dialect.DropIndex(schema, item.Table!, item.Name),
        ViewSchema => dialect.DropView(schema, item.Name),
        TriggerSchema => dialect.DropTrigger(schema, item.Table!, item.Name),
        RoutineSchema routine => dialect.DropRoutine(schema, routine),
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.Kind, "not a schema object"),
    };
}
