using System.Globalization;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Schema;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;

namespace ParityBuild.Replica.Schema;

/// <summary>
/// Reads a PostgreSQL schema from pg_catalog: one query per kind of object for all the named schemas at once (eight in
/// all, whatever the number of tables; <see cref="CatalogFingerprint"/> hashes the same queries' rows on the server). Definitions come from the server's own printers (format_type, pg_get_expr,
/// pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef, pg_get_triggerdef, pg_get_functiondef), so they are
/// canonical for the version.
/// </summary>
internal static class PostgresCatalog
{
    public static async Task<CatalogContent> ReadAsync(ReplicaSession session, IReadOnlyList<string> schemas, CancellationToken cancellation)
    {
        var queries = Queries(schemas);
        var content = new CatalogContent();
        string Schema(object? position) => schemas[Convert.ToInt32(position, CultureInfo.InvariantCulture) - 1];

        foreach (var row in await session.QueryAsync(queries[0], cancellation).ConfigureAwait(false))
        {
            content.Table(Schema(row[0]), Text(row[1])).Columns.Add(new ColumnSchema(
                Text(row[2]), Text(row[3]), !RowValues.Bool(row[4]), RowValues.Text(row[5]), RowValues.Text(row[6]), RowValues.Text(row[7]), RowValues.Text(row[8])));
        }

        foreach (var row in await session.QueryAsync(queries[1], cancellation).ConfigureAwait(false))
        {
            var kind = Text(row[3]) switch
            {
                "p" => ConstraintSchema.PrimaryKey,
                "u" => ConstraintSchema.Unique,
                "f" => ConstraintSchema.ForeignKey,
                "c" => ConstraintSchema.Check,
                _ => ConstraintSchema.Exclusion,
            };
            content.Table(Schema(row[0]), Text(row[1])).Constraints.Add(new ConstraintSchema(Text(row[2]), kind, Text(row[4])));
        }

        foreach (var row in await session.QueryAsync(queries[2], cancellation).ConfigureAwait(false))
        {
            var columns = Text(row[5]);
            var where = RowValues.Text(row[6]);
            if (where is not null && columns.LastIndexOf(" WHERE ", StringComparison.Ordinal) is var at and >= 0)
            {
                columns = columns[..at];
            }

            content.Table(Schema(row[0]), Text(row[1])).Indexes.Add(new IndexSchema(Text(row[2]), RowValues.Bool(row[3]), Text(row[4]), columns, where));
        }

        foreach (var row in await session.QueryAsync(queries[3], cancellation).ConfigureAwait(false))
        {
            content.Views.Add(new ViewSchema(Schema(row[0]), Text(row[1]), Text(row[2]).Trim().TrimEnd(';')));
        }

        foreach (var row in await session.QueryAsync(queries[4], cancellation).ConfigureAwait(false))
        {
            content.Sequences.Add((new SequenceSchema(Schema(row[0]), Text(row[1]), Text(row[2])), RowValues.Text(row[3])));
        }

        foreach (var row in await session.QueryAsync(queries[5], cancellation).ConfigureAwait(false))
        {
            content.EnumLabel(Schema(row[0]), Text(row[1]), Text(row[2]));
        }

        foreach (var row in await session.QueryAsync(queries[6], cancellation).ConfigureAwait(false))
        {
            content.Table(Schema(row[0]), Text(row[1])).Triggers.Add(new TriggerSchema(Text(row[2]), Text(row[3])));
        }

        content.Routines = [];
        foreach (var row in await session.QueryAsync(queries[7], cancellation).ConfigureAwait(false))
        {
            content.Routines.Add(new RoutineSchema(Schema(row[0]), Text(row[1]), Text(row[2]), Text(row[3]), Text(row[4]).Trim()));
        }

        return content;
    }

    /// <summary>
    /// The capture's queries, in the order <see cref="ReadAsync"/> reads them. Each selects a schema's position in
    /// <paramref name="schemas"/> (from 1) rather than its name, so that the rows of one tenant's schema are those of
    /// every tenant migrated alike: <see cref="CatalogFingerprint"/> hashes exactly these rows.
    /// </summary>
    /// <param name="listedRelations">Whether the statement starts with <see cref="ListRelations"/>, for the parts to read pg_class through.</param>
    public static IReadOnlyList<string> Queries(IReadOnlyList<string> schemas, bool listedRelations = false)
    {
        var (position, inSchemas) = SchemaFilter(schemas);
        var listed = listedRelations ? InListedRelations("c") : "";
        return
        [
            // Identity columns print no default; a collation is named only where it is not the type's own.
            $"""
            SELECT {position}, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
                   CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END
            {ColumnsFrom(inSchemas)}
            ORDER BY 1, c.relname, a.attnum
            """,

            // NOT NULL is a column attribute above; PostgreSQL 18 also lists it here as contype 'n'.
            $"""
            SELECT {position}, c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid, true)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND {inSchemas}
            """,

            // Indexes that back a primary key, unique or exclusion constraint are that constraint. The definition is kept
            // from the key on: before it, pg_get_indexdef names the table with its schema.
            $"""
            SELECT {position}, t.relname, i.relname, ix.indisunique, am.amname,
                   substr(def.indexdef, strpos(def.indexdef, ' USING ' || am.amname || ' ') + length(am.amname) + 8), pg_get_expr(ix.indpred, ix.indrelid)
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_am am ON am.oid = i.relam
            CROSS JOIN LATERAL (SELECT pg_get_indexdef(ix.indexrelid) AS indexdef) def
            WHERE t.relkind IN ('r', 'p') AND {inSchemas}
              AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))
            """,

            $"""
            SELECT {position}, c.relname, pg_get_viewdef(c.oid, true)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'v' AND {inSchemas}{listed}
            """,

            // An identity column's sequence is the column's; a serial column's is a sequence of its own, named in its default.
            $"""
            SELECT {position}, c.relname,
                   'AS ' || format_type(s.seqtypid, NULL) || ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax
                   || ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END,
                   (SELECT t.relname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' LIMIT 1)
            FROM pg_sequence s
            JOIN pg_class c ON c.oid = s.seqrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {inSchemas}
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
            """,

            // The labels in their order, which the fingerprint sees through enumsortorder.
            $"""
            SELECT {position}, t.typname, e.enumlabel, e.enumsortorder
            FROM pg_type t
            JOIN pg_namespace n ON n.oid = t.typnamespace
            JOIN pg_enum e ON e.enumtypid = t.oid
            WHERE {inSchemas}
            ORDER BY 1, t.typname, e.enumsortorder
            """,

            // Internal triggers are foreign keys' own. The definition is kept from the timing on: the name is the key.
            $"""
            SELECT {position}, c.relname, tg.tgname,
                   substr(pg_get_triggerdef(tg.oid, true), length('CREATE TRIGGER ' || quote_ident(tg.tgname) || ' ') + 1)
            FROM pg_trigger tg
            JOIN pg_class c ON c.oid = tg.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT tg.tgisinternal AND tg.tgconstraint = 0 AND {inSchemas}
            """,

            // Functions and procedures, each as the server prints its CREATE OR REPLACE; not aggregates or window functions,
            // and not what an extension installed (pg_depend 'e'): those are the extension's, not the migrations'.
            $"""
            SELECT {position}, p.proname, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                   pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid)
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prokind IN ('f', 'p') AND {inSchemas}
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            """,
        ];
    }

    /// <summary>The FROM and WHERE of the columns' query (c the table, a the column, t its type, d its default, co its collation).</summary>
    public static string ColumnsFrom(string inSchemas, string listed = "") => $"""
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND {inSchemas}{listed}
        """;

    /// <summary>
    /// The start of a statement whose parts read pg_class through <see cref="InListedRelations"/>: the relations of the
    /// named schemas, listed once (<see cref="RelationsOf"/>). PostgreSQL has no index on a relation's schema, so a part
    /// that keeps a schema's rows of pg_class reads all of it; in a database of many schemas (a schema per tenant) that is
    /// most of a fingerprint's time, and the list turns each part's reading into lookups by OID. The same rows either
    /// way; in a database of a few schemas the list costs more than it saves.
    /// </summary>
    public static string ListRelations(IReadOnlyList<string> schemas) =>
        $"WITH parity_relations AS MATERIALIZED ({RelationsOf(SchemaFilter(schemas).InSchemas)})\n";

    /// <summary>
    /// The OIDs of the tables, views, sequences and foreign tables in the schemas (alias n) that
    /// <paramref name="schemaCondition"/> keeps, read through pg_depend's index: CREATE records each one's schema there
    /// (DEPENDENCY_NORMAL; indexes, TOAST tables and composite types record none, and neither does a pinned schema such
    /// as pg_catalog, while public is not pinned), and ALTER … SET SCHEMA moves the record.
    /// </summary>
    public static string RelationsOf(string schemaCondition) =>
        $"SELECT d.objid AS oid FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_namespace'::regclass AND d.deptype = 'n' AND d.refobjid IN (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE {schemaCondition})";

    /// <summary>The condition that keeps the relation <paramref name="alias"/> to those <see cref="ListRelations"/> listed.</summary>
    public static string InListedRelations(string alias) => $" AND {alias}.oid IN (SELECT oid FROM parity_relations)";

    /// <summary>
    /// The select-list item that gives a row's schema (alias n) by its position in <paramref name="schemas"/>, from 1,
    /// and the condition that keeps the rows of those schemas.
    /// </summary>
    public static (string Position, string InSchemas) SchemaFilter(IReadOnlyList<string> schemas)
    {
        var list = $"ARRAY[{string.Join(", ", schemas.Select(Literal))}]::text[]";
        return ($"array_position({list}, n.nspname::text)", $"n.nspname = ANY({list})");
    }

    /// <summary>How many of the named schemas exist: the fingerprint's own count, as <see cref="ExistingSchemasAsync"/> decides a capture.</summary>
    public static string CountSchemas(IReadOnlyList<string> schemas) =>
        $"SELECT count(*) FROM pg_namespace n WHERE n.nspname = ANY(ARRAY[{string.Join(", ", schemas.Select(Literal))}]::text[])";

    /// <summary>The named schemas that exist, for a capture to refuse a misspelt one.</summary>
    public static async Task<IReadOnlyList<string>> ExistingSchemasAsync(ReplicaSession session, IReadOnlyList<string> schemas, CancellationToken cancellation)
    {
        var rows = await session.QueryAsync(
            $"SELECT n.nspname FROM pg_namespace n WHERE n.nspname = ANY(ARRAY[{string.Join(", ", schemas.Select(Literal))}]::text[])", cancellation).ConfigureAwait(false);
        return [.. rows.Select(row => Text(row[0]))];
    }

    private static string Literal(string value) => SqlText.Literal(SqlEngine.PostgreSql, value);

    private static string Text(object? value) => RowValues.Text(value) ?? "";
}
