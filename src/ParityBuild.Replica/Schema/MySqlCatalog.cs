using System.Globalization;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Schema;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;

namespace ParityBuild.Replica.Schema;

/// <summary>
/// Reads a MySQL or MariaDB schema (a database) from information_schema: one query per kind of object for all the
/// named databases at once (eight in all; <see cref="CatalogFingerprint"/> hashes the same queries' rows on the server). The engines print some things differently, and each is brought to one
/// spelling here: MariaDB quotes string defaults and says 'NULL' for none, MySQL does neither; views name their
/// database in every column, which would make two databases migrated by the same scripts differ.
/// </summary>
internal static class MySqlCatalog
{
    // Types whose default information_schema prints as a bare literal on MySQL but quoted on MariaDB.
    private static readonly HashSet<string> QuotedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "binary", "varbinary", "enum", "set",
        "date", "datetime", "timestamp", "time", "year", "json",
    };

    public static async Task<CatalogContent> ReadAsync(ReplicaSession session, IReadOnlyList<string> schemas, CancellationToken cancellation)
    {
        var mariaDb = IsMariaDb(session.ServerVersion);
        var queries = Queries(string.Join(", ", schemas.Select(Literal)), mariaDb);
        var content = new CatalogContent();
        string Schema(object? position) => schemas[Convert.ToInt32(position, CultureInfo.InvariantCulture) - 1];

        foreach (var row in await session.QueryAsync(queries[0].Sql, cancellation).ConfigureAwait(false))
        {
            var extra = Text(row[6]);
            var generated = extra.Contains("GENERATED", StringComparison.OrdinalIgnoreCase) && !extra.Contains("DEFAULT_GENERATED", StringComparison.OrdinalIgnoreCase)
                ? RowValues.Text(row[10]) : null;
            var collation = RowValues.Text(row[7]);
            content.Table(Schema(row[0]), Text(row[1])).Columns.Add(new ColumnSchema(
                Text(row[2]),
                Text(row[3]),
                Text(row[4]) == "YES",
                generated is null ? Default(RowValues.Text(row[5]), extra, Text(row[9]), mariaDb) : null,
                extra.Contains("auto_increment", StringComparison.OrdinalIgnoreCase) ? "auto_increment" : null,
                collation is not null && collation != RowValues.Text(row[8]) ? collation : null,
                string.IsNullOrEmpty(generated) ? null : generated));
        }

        var constraints = new Dictionary<(string Schema, string Table, string Name), (string Kind, List<string> Columns, string? RefSchema, string? RefTable, List<string> RefColumns, string? Rules, string? Check)>();
        foreach (var row in await session.QueryAsync(queries[1].Sql, cancellation).ConfigureAwait(false))
        {
            var key = (Schema(row[0]), Text(row[1]), Text(row[2]));
            if (!constraints.TryGetValue(key, out var constraint))
            {
                var rules = RowValues.Text(row[8]) is { } update ? $"ON UPDATE {update} ON DELETE {RowValues.Text(row[9])}" : null;
                constraint = (Text(row[3]), [], RowValues.Text(row[5]), RowValues.Text(row[6]), [], rules, RowValues.Text(row[10]));
                constraints.Add(key, constraint);
            }

            if (RowValues.Text(row[4]) is { } column)
            {
                constraint.Columns.Add(column);
            }

            if (RowValues.Text(row[7]) is { } referenced)
            {
                constraint.RefColumns.Add(referenced);
            }
        }

        foreach (var ((schema, table, name), constraint) in constraints)
        {
            var columns = string.Join(", ", constraint.Columns.Select(Quote));
            var (kind, definition) = constraint.Kind switch
            {
                "PRIMARY KEY" => (ConstraintSchema.PrimaryKey, $"PRIMARY KEY ({columns})"),
                "UNIQUE" => (ConstraintSchema.Unique, $"UNIQUE ({columns})"),
                "FOREIGN KEY" => (ConstraintSchema.ForeignKey,
                    $"FOREIGN KEY ({columns}) REFERENCES {(constraint.RefSchema is null ? "" : Quote(constraint.RefSchema) + ".")}{Quote(constraint.RefTable ?? "")} ({string.Join(", ", constraint.RefColumns.Select(Quote))}) {constraint.Rules}".TrimEnd()),
                _ => (ConstraintSchema.Check, $"CHECK ({constraint.Check})"),
            };
            content.Table(schema, table).Constraints.Add(new ConstraintSchema(name, kind, definition));
        }

        // A unique index is a UNIQUE constraint in TABLE_CONSTRAINTS, and PRIMARY the primary key: both are kept there.
        var indexes = new Dictionary<(string Schema, string Table, string Name), (bool Unique, string Method, List<string> Parts)>();
        foreach (var row in await session.QueryAsync(queries[2].Sql, cancellation).ConfigureAwait(false))
        {
            var key = (Schema(row[0]), Text(row[1]), Text(row[2]));
            if (constraints.TryGetValue(key, out var constraint) && constraint.Kind is "PRIMARY KEY" or "UNIQUE")
            {
                continue;
            }

            if (!indexes.TryGetValue(key, out var index))
            {
                index = (RowValues.Integer(row[3]) == 0, Text(row[4]).ToLowerInvariant(), []);
                indexes.Add(key, index);
            }

            var part = RowValues.Text(row[5]) is { } column ? Quote(column) : $"({RowValues.Text(row[8])})";
            part += RowValues.Integer(row[6]) is { } length ? $"({length})" : "";
            part += Text(row[7]) == "D" ? " DESC" : "";
            index.Parts.Add(part);
        }

        foreach (var ((schema, table, name), index) in indexes)
        {
            content.Table(schema, table).Indexes.Add(new IndexSchema(name, index.Unique, index.Method, $"({string.Join(", ", index.Parts)})"));
        }

        var unreadable = new List<string>();
        foreach (var row in await session.QueryAsync(queries[3].Sql, cancellation).ConfigureAwait(false))
        {
            var schema = Schema(row[0]);
            if (string.IsNullOrEmpty(RowValues.Text(row[2])))
            {
                unreadable.Add($"{schema}.{Text(row[1])}");
            }

            content.Views.Add(new ViewSchema(schema, Text(row[1]), Text(row[2])));
        }

        // information_schema answers an account without SHOW VIEW with empty view definitions, and (MariaDB) one without
        // TRIGGER with no triggers and some constraints missing: a comparison would report drift that is not there.
        if (unreadable.Count > 0)
        {
            throw new ReplicaException(ReplicaFailureKind.Configuration,
                $"the account cannot read the definition of the view {unreadable[0]}{(unreadable.Count > 1 ? $" (and {unreadable.Count - 1} more)" : "")}, so the schema "
                + $"cannot be compared: grant it SELECT, SHOW VIEW and TRIGGER on {string.Join(", ", schemas.Select(Quote))} (read-only as the check's session is), or set ParitySchemaCompare=false.");
        }

        foreach (var row in await session.QueryAsync(queries[4].Sql, cancellation).ConfigureAwait(false))
        {
            content.Table(Schema(row[0]), Text(row[1])).Triggers.Add(new TriggerSchema(
                Text(row[2]), $"{Text(row[3])} {Text(row[4])} ON {Quote(Text(row[1]))} FOR EACH {Text(row[5])} {Text(row[6])}"));
        }

        await ReadRoutinesAsync(session, queries, Schema, content, cancellation).ConfigureAwait(false);
        return content;
    }

    /// <summary>
    /// The capture's queries over the databases in <paramref name="list"/> (literals, or <c>DATABASE()</c>), in the order
    /// <see cref="ReadAsync"/> reads them. Each selects a database's position in the list (from 1) rather than its name,
    /// and drops the name where a definition holds it (a view's columns, a foreign key to its own database), so that the
    /// rows of one tenant's database are those of every tenant migrated alike: <see cref="CatalogFingerprint"/> hashes
    /// exactly these rows. Columns after those read fix the order of rows the capture reads in order.
    /// </summary>
    public static IReadOnlyList<CatalogQuery> Queries(string list, bool mariaDb)
    {
        var inSchemas = $"IN ({list})";

        // Check clauses from CHECK_CONSTRAINTS (MariaDB 10.2, MySQL 8.0.16), whose names are unique per table on MariaDB and per database on MySQL.
        var checkJoin = mariaDb ? " AND cc.TABLE_NAME = tc.TABLE_NAME" : "";
        var routinePrivileges = "'EXECUTE', 'ALTER ROUTINE', 'CREATE ROUTINE'";
        return
        [
            new([$"FIELD(c.TABLE_SCHEMA, {list})", "c.TABLE_NAME", "c.COLUMN_NAME", "c.COLUMN_TYPE", "c.IS_NULLABLE", "c.COLUMN_DEFAULT", "c.EXTRA",
                 "c.COLLATION_NAME", "t.TABLE_COLLATION", "c.DATA_TYPE", "c.GENERATION_EXPRESSION"], $"""
                FROM information_schema.COLUMNS c
                JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
                WHERE t.TABLE_TYPE = 'BASE TABLE' AND c.TABLE_SCHEMA {inSchemas}
                ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION
                """),

            // One row per constraint column, in order.
            new([$"FIELD(tc.TABLE_SCHEMA, {list})", "tc.TABLE_NAME", "tc.CONSTRAINT_NAME", "tc.CONSTRAINT_TYPE", "k.COLUMN_NAME",
                 "CASE WHEN CAST(k.REFERENCED_TABLE_SCHEMA AS BINARY) = CAST(tc.TABLE_SCHEMA AS BINARY) THEN NULL ELSE k.REFERENCED_TABLE_SCHEMA END",
                 "k.REFERENCED_TABLE_NAME", "k.REFERENCED_COLUMN_NAME", "r.UPDATE_RULE", "r.DELETE_RULE", "cc.CHECK_CLAUSE", "k.ORDINAL_POSITION"], $"""
                FROM information_schema.TABLE_CONSTRAINTS tc
                LEFT JOIN information_schema.KEY_COLUMN_USAGE k
                  ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r
                  ON r.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND r.TABLE_NAME = tc.TABLE_NAME AND r.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                LEFT JOIN information_schema.CHECK_CONSTRAINTS cc
                  ON tc.CONSTRAINT_TYPE = 'CHECK' AND cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME{checkJoin}
                WHERE tc.TABLE_SCHEMA {inSchemas}
                ORDER BY tc.TABLE_SCHEMA, tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION
                """),

            new([$"FIELD(s.TABLE_SCHEMA, {list})", "s.TABLE_NAME", "s.INDEX_NAME", "s.NON_UNIQUE", "s.INDEX_TYPE", "s.COLUMN_NAME", "s.SUB_PART", "s.COLLATION",
                 mariaDb ? "NULL" : "s.EXPRESSION", "s.SEQ_IN_INDEX"], $"""
                FROM information_schema.STATISTICS s
                WHERE s.TABLE_SCHEMA {inSchemas}
                ORDER BY s.TABLE_SCHEMA, s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX
                """),

            // Views name their database in every column, which would make two databases migrated by the same scripts differ.
            new([$"FIELD(TABLE_SCHEMA, {list})", "TABLE_NAME",
                 "REPLACE(CONVERT(VIEW_DEFINITION USING utf8mb4), CONVERT(CONCAT('`', REPLACE(TABLE_SCHEMA, '`', '``'), '`.') USING utf8mb4), '')"],
                $"FROM information_schema.VIEWS WHERE TABLE_SCHEMA {inSchemas}"),

            new([$"FIELD(TRIGGER_SCHEMA, {list})", "EVENT_OBJECT_TABLE", "TRIGGER_NAME", "ACTION_TIMING", "EVENT_MANIPULATION", "ACTION_ORIENTATION", "ACTION_STATEMENT"],
                $"FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA {inSchemas}"),

            // information_schema lists a routine only to an account with a privilege on it: whether it has one.
            new([
                "(SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE IN ('SELECT', 'EXECUTE', 'ALTER ROUTINE', 'CREATE ROUTINE', 'SHOW_ROUTINE'))",
                $"(SELECT COUNT(*) FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA {inSchemas} AND PRIVILEGE_TYPE IN ({routinePrivileges}))"], ""),

            new([$"FIELD(SPECIFIC_SCHEMA, {list})", "SPECIFIC_NAME", "ROUTINE_TYPE", "PARAMETER_MODE", "PARAMETER_NAME", "DTD_IDENTIFIER", "ORDINAL_POSITION"], $"""
                FROM information_schema.PARAMETERS
                WHERE SPECIFIC_SCHEMA {inSchemas} AND ORDINAL_POSITION > 0 AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')
                ORDER BY SPECIFIC_SCHEMA, SPECIFIC_NAME, ORDINAL_POSITION
                """),

            new([$"FIELD(ROUTINE_SCHEMA, {list})", "ROUTINE_NAME", "ROUTINE_TYPE", "DTD_IDENTIFIER", "IS_DETERMINISTIC", "SQL_DATA_ACCESS", "SECURITY_TYPE", "ROUTINE_DEFINITION"],
                $"FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA {inSchemas} AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')"),
        ];
    }

    /// <summary>How many of the listed databases exist: the fingerprint's own count, as <see cref="ExistingSchemasAsync"/> decides a capture.</summary>
    public static string CountSchemas(string list) => $"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ({list})";

    public static bool IsMariaDb(string serverVersion) => serverVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Functions and procedures, each written back as the CREATE statement that makes it (information_schema has its
    /// parts, not the statement): without the database name, so that a snapshot of app_staging compares with app, and
    /// with only the characteristics that are not the defaults. A body the account may not read (information_schema
    /// shows it to its definer, or to an account with SHOW_ROUTINE or global SELECT) is null: not compared.
    /// </summary>
    private static async Task ReadRoutinesAsync(ReplicaSession session, IReadOnlyList<CatalogQuery> queries, Func<object?, string> schemaAt, CatalogContent content, CancellationToken cancellation)
    {
        // A read-only account with SELECT on the database sees no routine: without a privilege, routines are not
        // captured, and so not compared, rather than all missing.
        var privileges = await session.QueryAsync(queries[5].Sql, cancellation).ConfigureAwait(false);
        if (privileges.SelectMany(row => row).All(count => RowValues.Integer(count) is null or 0))
        {
            return;
        }

        var parameters = new Dictionary<(string Schema, string Name, string Type), List<(string Mode, string Name, string Type)>>();
        foreach (var row in await session.QueryAsync(queries[6].Sql, cancellation).ConfigureAwait(false))
        {
            var key = (schemaAt(row[0]), Text(row[1]), Text(row[2]));
            if (!parameters.TryGetValue(key, out var list))
            {
                parameters[key] = list = [];
            }

            list.Add((Text(row[3]), Text(row[4]), SchemaNormalizer.Type(SchemaSnapshot.MySql, Text(row[5]))));
        }

        content.Routines = [];
        foreach (var row in await session.QueryAsync(queries[7].Sql, cancellation).ConfigureAwait(false))
        {
            var (schema, name, type) = (schemaAt(row[0]), Text(row[1]), Text(row[2]));
            var procedure = type == "PROCEDURE";
            var list = parameters.GetValueOrDefault((schema, name, type)) ?? [];
            string Parameter((string Mode, string Name, string Type) p, Func<string, string> name) => $"{(procedure ? p.Mode + " " : "")}{name(p.Name)} {p.Type}";
            var definition = $"CREATE {type} {Quote(name)}({string.Join(", ", list.Select(p => Parameter(p, Quote)))})"
                + (procedure ? "" : $" RETURNS {SchemaNormalizer.Type(SchemaSnapshot.MySql, Text(row[3]))}")
                + (Text(row[4]) == "YES" ? " DETERMINISTIC" : "")
                + (Text(row[5]) is { Length: > 0 } access && access != "CONTAINS SQL" ? $" {access}" : "")
                + (Text(row[6]) == "INVOKER" ? " SQL SECURITY INVOKER" : "")
                + $"\n{Text(row[7]).Trim()}";
            content.Routines.Add(new RoutineSchema(
                schema, name, procedure ? RoutineSchema.Procedure : RoutineSchema.Function, string.Join(", ", list.Select(p => Parameter(p, n => n))), RowValues.Text(row[7]) is null ? null : definition));
        }
    }

    /// <summary>The named databases that exist, for a capture to refuse a misspelt one.</summary>
    public static async Task<IReadOnlyList<string>> ExistingSchemasAsync(ReplicaSession session, IReadOnlyList<string> schemas, CancellationToken cancellation)
    {
        var rows = await session.QueryAsync(
            $"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ({string.Join(", ", schemas.Select(Literal))})", cancellation).ConfigureAwait(false);
        return [.. rows.Select(row => Text(row[0]))];
    }

    /// <summary>The connection's own database: the default schema on MySQL.</summary>
    public static async Task<string?> CurrentDatabaseAsync(ReplicaSession session, CancellationToken cancellation) =>
        RowValues.Text((await session.QueryAsync("SELECT DATABASE()", cancellation).ConfigureAwait(false))[0][0]);

    // One spelling for both engines: a string literal quoted, no default as null, expressions as printed.
    private static string? Default(string? value, string extra, string dataType, bool mariaDb)
    {
        if (value is null)
        {
            return null;
        }

        if (mariaDb)
        {
            // MariaDB 10.2.7 and later quote literals, so an unquoted NULL is no default (a string 'NULL' stays quoted).
            return value == "NULL" ? null : value;
        }

        // MySQL 5.7 marks no expression default; CURRENT_TIMESTAMP is its only one.
        var expression = extra.Contains("DEFAULT_GENERATED", StringComparison.OrdinalIgnoreCase) || value.StartsWith("CURRENT_TIMESTAMP", StringComparison.OrdinalIgnoreCase);
        return !expression && QuotedTypes.Contains(dataType) ? Literal(value) : value;
    }

    private static string Quote(string identifier) => SqlText.Quote(SqlEngine.MySql, identifier);

    private static string Literal(string value) => SqlText.Literal(SqlEngine.MySql, value);

    private static string Text(object? value) => RowValues.Text(value) ?? "";
}
