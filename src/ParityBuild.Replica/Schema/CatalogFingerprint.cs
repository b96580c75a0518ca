using System.Globalization;
using System.Text;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Schema;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;

namespace ParityBuild.Replica.Schema;

/// <summary>One query of a MySQL capture: its select list and the rest (FROM … WHERE … ORDER BY), apart so that a fingerprint can read each column.</summary>
internal sealed record CatalogQuery(IReadOnlyList<string> Columns, string From)
{
    public string Sql => $"SELECT {string.Join(", ", Columns)}\n{From}";
}

/// <summary>
/// A fingerprint of a schema, computed on the server: for each of the capture's queries (and the count of the schemas it
/// would find) a number of rows and a hash of them all in a fixed order, so that a few hundred bytes come back instead of
/// the catalog. The rows are the capture's own on MySQL; on PostgreSQL some are the catalog's raw columns that determine
/// the capture's (<see cref="PostgresQueries"/>). The rows name a schema by its position in the list read, never by name, and
/// hold no OID of the user's objects: two databases (or schemas) with the same fingerprint on the same server version
/// give the same capture up to the schemas' names, which the comparison pairs by position — so the same comparison with
/// a snapshot.
/// </summary>
internal static class CatalogFingerprint
{
    /// <summary>
    /// Set on every MySQL session: GROUP_CONCAT, which the fingerprint hashes, stops at 1,024 bytes by default. A catalog
    /// longer than the limit (or than max_allowed_packet) has no fingerprint, and is captured.
    /// </summary>
    public const string MySqlSessionSetting = "SET SESSION group_concat_max_len = 4294967295";

    /// <summary>
    /// One statement whose rows are the fingerprint's parts, for the schemas a comparison reads (on MySQL, none: the
    /// connection's database).
    /// </summary>
    /// <param name="manySchemas">
    /// On PostgreSQL, a database that holds many schemas besides these (a schema per tenant): the statement lists their
    /// relations first (<see cref="PostgresCatalog.ListRelations"/>). The same fingerprint either way.
    /// </param>
    public static string Query(ReplicaProvider provider, string serverVersion, IReadOnlyList<string> schemas, bool manySchemas = false)
    {
        if (provider == ReplicaProvider.Postgres)
        {
            return (manySchemas ? PostgresCatalog.ListRelations(schemas) : "") + Hashed(PostgresQueries(schemas, manySchemas), schemas);
        }

        var list = schemas.Count == 0 ? "DATABASE()" : string.Join(", ", schemas.Select(schema => SqlText.Literal(SqlEngine.MySql, schema)));

        // Each value as hex (NULL as N), so that no value can pass for two, and no collation orders or joins them.
        var mySqlParts = MySqlCatalog.Queries(list, MySqlCatalog.IsMariaDb(serverVersion)).Select((query, part) => $"""
            SELECT {part}, COUNT(*),
                   CASE WHEN COALESCE(SUM(LENGTH(t)), 0) + COUNT(*) > LEAST(@@group_concat_max_len, @@max_allowed_packet) THEN NULL
                        ELSE SHA2(GROUP_CONCAT(t ORDER BY t SEPARATOR ';'), 256) END
            FROM (SELECT CONCAT_WS(',', {string.Join(", ", query.Columns.Select(column => $"IFNULL(HEX({column}), 'N')"))}) AS t
            {query.From}) q
            """);
        return string.Join("\nUNION ALL\n", mySqlParts.Prepend($"SELECT -1, ({MySqlCatalog.CountSchemas(list)}), ''"));
    }

    /// <summary>One PostgreSQL statement whose rows are, per query, its number, its count of rows and the md5 of them all in a fixed order.</summary>
    internal static string Hashed(IReadOnlyList<string> queries, IReadOnlyList<string> schemas)
    {
        var parts = queries.Select((sql, part) =>
            $"SELECT {part}, count(*), md5(string_agg(q::text, E'\\n' ORDER BY (q::text) COLLATE \"C\")) FROM (\n{sql}\n) q");
        return string.Join("\nUNION ALL\n", parts.Prepend($"SELECT -1, ({PostgresCatalog.CountSchemas(schemas)}), NULL::text"));
    }

    /// <summary>
    /// The rows a PostgreSQL fingerprint hashes, one query per part of the capture (<see cref="PostgresCatalog.Queries"/>).
    /// Views, sequences, enums, triggers and routines are the capture's own rows. Columns, constraints and indexes are
    /// read from the catalog's raw columns where the server's printers would cost most on the fresh backend each tenant
    /// is — <c>pg_get_indexdef</c> looks up every column's default operator class by scanning pg_opclass — and each row
    /// still determines what the capture prints: column numbers come with the names (an index's or a key's columns are
    /// numbers), and an OID is only hashed below 10000, where it names the same built-in object in every database of a
    /// server version (the fingerprint holds the version). Any row that refers to an object of the user's (a type, an
    /// operator class, a collation) or holds an expression is printed by the server, as the capture does.
    /// </summary>
    internal static IReadOnlyList<string> PostgresQueries(IReadOnlyList<string> schemas, bool listedRelations = false)
    {
        var (position, inSchemas) = PostgresCatalog.SchemaFilter(schemas);
        string Listed(string alias) => listedRelations ? PostgresCatalog.InListedRelations(alias) : "";
        return
        [
            // A default holds no column (the server refuses one), so it prints without its table's context; a generated
            // column's expression does. A collation of the user's is marked: it may share a built-in one's name.
            $"""
            SELECT {position}, c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated,
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname || CASE WHEN a.attcollation >= 10000 THEN ' (user)' ELSE '' END END,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, 0) ELSE pg_get_expr(d.adbin, d.adrelid) END
            {PostgresCatalog.ColumnsFrom(inSchemas, Listed("c"))}
            """,

            // pg_get_constraintdef prints a primary key or unique constraint from its columns, its index's (named here,
            // and hashed below: INCLUDE, NULLS NOT DISTINCT) and DEFERRABLE / INITIALLY DEFERRED / NOT VALID.
            $"""
            SELECT {position}, c.relname, con.conname, con.contype::text,
                   CASE WHEN con.contype IN ('p', 'u') THEN con.conkey::text || ' ' || con.condeferrable || con.condeferred || con.convalidated || ' ' || coalesce(ci.relname, '')
                        ELSE pg_get_constraintdef(con.oid, true) END
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class ci ON ci.oid = con.conindid
            WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND {inSchemas}{Listed("c")}
            """,

            // Every index, marked when it is a constraint's (the capture leaves those to the constraints). The raw row is
            // pg_index's own without its two OIDs (keys, INCLUDE, operator classes, collations, DESC / NULLS FIRST, NULLS
            // NOT DISTINCT) and the index's options: what pg_get_indexdef prints for a btree or hash index (403, 405) as
            // long as no key is an expression, no operator class has options of its own, and no column's type is the
            // user's (the printer names an operator class unless it is the column type's default). An index's own
            // columns have their table columns' types under btree and hash, but for name_ops (cstring), which only a
            // name or a domain over it can use, whose default operator class is name_ops either way.
            $"""
            SELECT {position}, t.relname, i.relname, ix.indisunique, am.amname,
                   CASE WHEN ix.indexprs IS NULL AND ix.indpred IS NULL AND i.relam IN (403, 405)
                         AND 10000 > ALL (ix.indclass::oid[]) AND 10000 > ALL (ix.indcollation::oid[])
                         AND NOT EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = ix.indexrelid AND (x.attoptions IS NOT NULL OR x.atttypid >= 10000))
                        THEN substr(ix::text, length(ix.indexrelid::text) + length(ix.indrelid::text) + 4) || ' ' || coalesce(i.reloptions::text, '')
                        ELSE substr(pg_get_indexdef(ix.indexrelid), strpos(pg_get_indexdef(ix.indexrelid), ' USING ' || am.amname || ' ') + length(am.amname) + 8) END,
                   pg_get_expr(ix.indpred, ix.indrelid),
                   EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_am am ON am.oid = i.relam
            WHERE t.relkind IN ('r', 'p') AND {inSchemas}{Listed("t")}
            """,
            .. PostgresCatalog.Queries(schemas, listedRelations).Skip(3),
        ];
    }

    /// <summary>The fingerprint from the query's rows and the server's version; null when a part could not be hashed.</summary>
    public static string? Read(IReadOnlyList<object?[]> rows, string serverVersion)
    {
        var text = new StringBuilder(serverVersion);
        foreach (var row in rows.OrderBy(row => RowValues.Integer(row[0])))
        {
            var count = RowValues.Integer(row[1]) ?? 0;
            var hash = RowValues.Text(row[2]);
            if (hash is null && count > 0 && RowValues.Integer(row[0]) >= 0)
            {
                return null;
            }

            text.Append('|').Append(RowValues.Integer(row[0])?.ToString(CultureInfo.InvariantCulture)).Append(':')
                .Append(count.ToString(CultureInfo.InvariantCulture)).Append(':').Append(hash);
        }

        return text.ToString();
    }
}
