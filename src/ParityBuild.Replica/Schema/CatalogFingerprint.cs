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
/// A fingerprint of the rows a schema capture reads, computed on the server: for each of the capture's queries (and the
/// count of the schemas it would find) the number of rows and a hash of them all in a fixed order, so that a few hundred
/// bytes come back instead of the catalog. The capture's rows name a schema by its position in the list read, never by
/// name, and hold no OID: two databases (or schemas) with the same fingerprint on the same server version give the same
/// capture up to the schemas' names, which the comparison pairs by position — so the same comparison with a snapshot.
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
    public static string Query(ReplicaProvider provider, string serverVersion, IReadOnlyList<string> schemas)
    {
        if (provider == ReplicaProvider.Postgres)
        {
            var parts = PostgresCatalog.Queries(schemas).Select((sql, part) =>
                $"SELECT {part}, count(*), md5(string_agg(q::text, E'\\n' ORDER BY (q::text) COLLATE \"C\")) FROM (\n{sql}\n) q");
            return string.Join("\nUNION ALL\n", parts.Prepend($"SELECT -1, ({PostgresCatalog.CountSchemas(schemas)}), NULL::text"));
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
