using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Rules;

/// <summary>
/// The migration safety rules (PARITY4xxx) over one script: what it would do to a live database that the previous
/// release is still using. One pass over the statements that <see cref="SqlStatementSplitter"/> produced (so nothing
/// inside a string, a comment or a function body counts), with one method per statement form (CREATE INDEX, ALTER TABLE
/// and each of its actions, DROP, …) reporting the rules that form can break; what a rule needs from earlier statements
/// (a lock_timeout, an open transaction, the first data and schema change) is kept on the way.
/// </summary>
public static class MigrationRules
{
    /// <summary>Every rule's diagnostic, for reporting a <c>parity:ignore</c> of an unknown code.</summary>
    public static IReadOnlySet<string> Codes { get; } = Diagnostics.All.Select(d => d.Code)
        .Where(code => code.StartsWith("PARITY4", StringComparison.Ordinal) && code != Diagnostics.RuleSettingInvalid.Code && code != Diagnostics.RulesBaseUnreadable.Code)
        .ToHashSet();

    /// <param name="file">The script's full path, for the findings.</param>
    /// <param name="context">What earlier new scripts of the set created; this script's creations are added to it.</param>
    /// <param name="versioned">Whether the script is a versioned migration (PARITY4012 applies to those only).</param>
    public static IReadOnlyList<Finding> Check(string file, string text, SqlEngine engine, RuleContext context, bool versioned = true)
    {
        if (engine == SqlEngine.SqlServer)
        {
            return SqlServerRules.Check(file, text, context, versioned);
        }

        var script = SqlStatementSplitter.Split(text, engine);
        var check = new ScriptCheck(file, engine, context, script, versioned);
        foreach (var statement in script.Statements)
        {
            check.Statement(statement);
        }

        return check.Finish();
    }

    private sealed class ScriptCheck(string file, SqlEngine engine, RuleContext context, SqlScript script, bool versioned)
    {
        private static readonly HashSet<string> VolatileFunctions = new(StringComparer.OrdinalIgnoreCase)
        {
            "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp",
            "timeofday", "nextval", "statement_timestamp", "txid_current", "setseed",
        };

        private static readonly string[] LeadingKeywords =
        [
            "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "SET", "SELECT", "BEGIN", "START", "COMMIT", "ABORT", "END",
            "ROLLBACK", "RENAME", "TRUNCATE", "REPLACE", "MERGE", "COPY", "WITH", "LOCK", "VACUUM", "CLUSTER", "REFRESH", "REINDEX",
        ];

        private static readonly HashSet<string> SerialTypes = new(StringComparer.OrdinalIgnoreCase)
        {
            "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8",
        };

        private readonly bool _postgres = engine == SqlEngine.PostgreSql;
        private readonly List<Finding> _findings = [];
        private bool _lockTimeout;
        private bool _lockReported;
        private int _transactionLine;
        private (SqlStatement Statement, string What)? _firstDml;
        private (SqlStatement Statement, string What)? _firstDdl;

        public void Statement(SqlStatement s)
        {
            if (Leading(s) is not { } first)
            {
                return;
            }

            if (_postgres && _transactionLine > 0 && NonTransactionalStatements.Classify(s) is { } refused)
            {
                Report(Diagnostics.ConcurrentlyInTransaction, s, refused, _transactionLine);
            }

            switch (first)
            {
                case "SET" or "SELECT":
                    NotesLockTimeout(s);
                    return;
                case "BEGIN" when s.Count == 1 || s.IsWord(1, "WORK") || s.IsWord(1, "TRANSACTION") || s.IsWord(1, "ISOLATION") || s.IsWord(1, "READ"):
                case "START" when s.IsWord(1, "TRANSACTION"):
                    _transactionLine = s.Line;
                    return;
                case "COMMIT" or "ABORT" or "END":
                case "ROLLBACK" when !s.IsWord(1, "TO"):
                    _transactionLine = 0;
                    return;
                case "CREATE":
                    Create(s);
                    return;
                case "ALTER" when s.IsWord(1, "TABLE"):
                    AlterTable(s, 1);
                    return;
                case "ALTER" when !_postgres && s.IsWord(2, "TABLE"):
                    AlterTable(s, 2);
                    return;
                case "ALTER":
                    Ddl(s, "ALTER", Upper(s, 1));
                    return;
                case "DROP":
                    Drop(s);
                    return;
                case "RENAME" when !_postgres && s.IsWord(1, "TABLE"):
                    RenameTables(s);
                    return;
                case "TRUNCATE":
                    Truncate(s);
                    return;
                case "INSERT" or "REPLACE" or "MERGE" or "UPDATE" or "DELETE":
                case "COPY" when s.FindWord(1, s.Count, "FROM") > 0:
                    // The table matters for the first data change (the message) and, on PostgreSQL, for seeds of new tables.
                    if (_firstDml is null || (_postgres && context.HasTables))
                    {
                        Dml(s, first, DmlTable(s));
                    }

                    return;
                case "WITH" when WritingVerb(s) is { } verb:
                    Dml(s, "WITH … " + verb, null);
                    return;
                case "LOCK" when _postgres:
                    LockTable(s);
                    return;
                case "VACUUM" when _postgres && s.IsWord(1, "FULL"):
                case "CLUSTER" when _postgres:
                    TakesAccessExclusive(s, $"{first}{(first == "VACUUM" ? " FULL" : "")}", s.NameAt(first == "VACUUM" ? 2 : 1).Name);
                    return;
                case "REFRESH" when _postgres && s.AreWords(1, "MATERIALIZED", "VIEW") && !s.IsWord(3, "CONCURRENTLY"):
                    TakesAccessExclusive(s, "REFRESH MATERIALIZED VIEW", s.NameAt(3).Name);
                    return;
            }
        }

        public IReadOnlyList<Finding> Finish()
        {
            if (versioned && _firstDml is { } dml && _firstDdl is { } ddl)
            {
                var why = _postgres
                    ? "they run in one transaction, so the locks the schema changes take are held for as long as the data change runs."
                    : "MySQL commits every schema change at once, so when a later statement fails the script is left half applied and cannot simply be run again.";
                Report(Diagnostics.DataAndSchemaMixed, dml.Statement, dml.What, ddl.What, ddl.Statement.Line, why);
            }

            _findings.AddRange(MalformedSuppressions(file, script));
            return _findings;
        }

        // SET lock_timeout = '5s', SET LOCAL lock_timeout …, SELECT set_config('lock_timeout', …).
        private void NotesLockTimeout(SqlStatement s)
        {
            for (var i = 1; i < s.Count && i < 8; i++)
            {
                var token = s.TokenText(i);
                if (token.Equals("lock_timeout", StringComparison.OrdinalIgnoreCase) || token.Equals("'lock_timeout'", StringComparison.OrdinalIgnoreCase))
                {
                    _lockTimeout = true;
                    return;
                }
            }
        }

        private void Create(SqlStatement s)
        {
            var i = 1;
            if (s.AreWords(i, "OR", "REPLACE"))
            {
                i += 2;
            }

            var temporary = false;
            while (s.IsWord(i, "GLOBAL") || s.IsWord(i, "LOCAL") || s.IsWord(i, "TEMP") || s.IsWord(i, "TEMPORARY") || s.IsWord(i, "UNLOGGED"))
            {
                temporary |= !s.IsWord(i, "UNLOGGED");
                i++;
            }

            var unique = s.IsWord(i, "UNIQUE");
            var special = s.IsWord(i, "FULLTEXT") || s.IsWord(i, "SPATIAL");
            i += unique || special ? 1 : 0;
            if (s.IsWord(i, "INDEX"))
            {
                CreateIndex(s, i + 1, special);
            }
            else if (s.IsWord(i, "TABLE"))
            {
                CreateTable(s, i + 1, temporary);
            }
            else
            {
                Ddl(s, "CREATE", Upper(s, i));
            }
        }

        private void CreateTable(SqlStatement s, int i, bool temporary)
        {
            var ifNotExists = s.AreWords(i, "IF", "NOT", "EXISTS");
            var table = Key(s.NameAt(ifNotExists ? i + 3 : i).Name);
            Ddl(s, "CREATE TABLE", table);
            if (!ifNotExists && !temporary)
            {
                Report(Diagnostics.CreateWithoutIfNotExists, s, $"CREATE TABLE {table}", "CREATE TABLE IF NOT EXISTS");
            }

            context.AddTable(table);
        }

        private void CreateIndex(SqlStatement s, int i, bool special)
        {
            var concurrently = s.IsWord(i, "CONCURRENTLY");
            i += concurrently ? 1 : 0;
            var ifNotExists = s.AreWords(i, "IF", "NOT", "EXISTS");
            var on = s.FindWord(i, s.Count, "ON");
            var table = on < 0 ? null : Key(s.NameAt(s.IsWord(on + 1, "ONLY") ? on + 2 : on + 1).Name);
            var existing = table is not null && !context.IsNewTable(table);
            Ddl(s, "CREATE INDEX on", table);
            if (!ifNotExists)
            {
                Report(Diagnostics.CreateWithoutIfNotExists, s, "CREATE INDEX", concurrently ? "CREATE INDEX CONCURRENTLY IF NOT EXISTS" : _postgres ? "CREATE INDEX IF NOT EXISTS" : "CREATE INDEX IF NOT EXISTS (MariaDB)");
            }

            if (_postgres && !concurrently && existing)
            {
                Report(Diagnostics.IndexWithoutConcurrently, s, table);
            }
            else if (!_postgres && existing && !special && s.FindWord(i, s.Count, "ALGORITHM") < 0 && s.FindWord(i, s.Count, "LOCK") < 0)
            {
                Report(Diagnostics.AlterWithoutAlgorithm, s, "CREATE INDEX", table, "in place without blocking writes", "ALGORITHM=INPLACE LOCK=NONE");
            }
        }

        // One ALTER TABLE: each comma-separated action is checked, and the statement's lock is the strongest one's.
        private void AlterTable(SqlStatement s, int tableKeyword)
        {
            var i = tableKeyword + 1;
            i += s.AreWords(i, "IF", "EXISTS") ? 2 : 0;
            i += s.IsWord(i, "ONLY") ? 1 : 0;
            var (name, next) = s.NameAt(i);
            var table = Key(name);
            next += s.IsSymbol(next, '*') ? 1 : 0;
            var existing = table is not null && !context.IsNewTable(table);
            Ddl(s, "ALTER TABLE", table);
            var alter = new AlterSummary();
            foreach (var (from, to) in s.CommaParts(next))
            {
                if (from < to)
                {
                    Action(s, table, existing, from, to, alter);
                }
            }

            if (_postgres && existing && alter.AccessExclusive)
            {
                TakesAccessExclusive(s, "ALTER TABLE", table);
            }

            if (!_postgres && existing && !alter.Explicit && alter.Any && alter.Online != Online.No)
            {
                var instant = alter.Online == Online.Instant;
                Report(Diagnostics.AlterWithoutAlgorithm, s, "ALTER TABLE", table, instant ? "instantly (metadata only)" : "in place without blocking writes", instant ? "', ALGORITHM=INSTANT'" : "', ALGORITHM=INPLACE, LOCK=NONE'");
            }
        }

        private void Action(SqlStatement s, string? table, bool existing, int from, int to, AlterSummary alter)
        {
            var verb = s.TokenText(from).ToString().ToUpperInvariant();
            switch (verb)
            {
                case "ADD":
                    Add(s, table, existing, from + 1, to, alter);
                    return;
                case "ALTER":
                    AlterColumn(s, table, existing, from + 1, to, alter);
                    return;
                case "DROP":
                    DropPart(s, table, existing, from + 1, alter);
                    return;
                case "RENAME":
                    RenamePart(s, table, existing, from + 1, alter);
                    return;
                case "CHANGE" when !_postgres:
                    var j = from + 1 + (s.IsWord(from + 1, "COLUMN") ? 1 : 0);
                    var (old, after) = s.NameAt(j);
                    var renamed = s.NameAt(after).Name;
                    if (existing && old is not null && renamed is not null && !string.Equals(old, renamed, StringComparison.OrdinalIgnoreCase) && !context.IsNewColumn(table, Key(old)))
                    {
                        Report(Diagnostics.BreakingChange, s, $"Renaming column {table}.{old} to {renamed}", "rename it");
                    }

                    alter.Needs(Online.No);
                    return;
                case "ALGORITHM" or "LOCK" when !_postgres:
                    alter.Explicit = true;
                    return;
                case "VALIDATE" when _postgres:
                    context.Validated(table, s.NameAt(from + 2).Name);
                    return;
                case "CLUSTER" or "ATTACH" or "ENABLE" or "DISABLE" when _postgres:
                    // SHARE UPDATE EXCLUSIVE or SHARE ROW EXCLUSIVE: writes may wait, reads go on.
                    return;
                case "SET" when _postgres && s.AreWords(from + 1, "WITHOUT", "CLUSTER"):
                    return;
                case "DETACH" when _postgres && s.FindWord(from, to, "CONCURRENTLY") > 0:
                    // SHARE UPDATE EXCLUSIVE; refused inside a transaction block (PARITY4002, for every statement).
                    return;
                default:
                    alter.AccessExclusive = true;
                    alter.Needs(Online.No);
                    return;
            }
        }

        private void Add(SqlStatement s, string? table, bool existing, int i, int to, AlterSummary alter)
        {
            string? constraint = null;
            if (s.IsWord(i, "CONSTRAINT"))
            {
                constraint = Key(s.NameAt(i + 1).Name);
                i += 2;
            }

            var kind = s.IsWord(i, "PRIMARY") ? "PRIMARY KEY"
                : s.IsWord(i, "UNIQUE") ? "UNIQUE"
                : s.IsWord(i, "FOREIGN") ? "FOREIGN KEY"
                : s.IsWord(i, "CHECK") ? "CHECK"
                : s.IsWord(i, "EXCLUDE") ? "EXCLUDE"
                : !_postgres && (s.IsWord(i, "INDEX") || s.IsWord(i, "KEY")) ? "INDEX"
                : !_postgres && (s.IsWord(i, "FULLTEXT") || s.IsWord(i, "SPATIAL")) ? "FULLTEXT"
                : null;
            if (kind is null)
            {
                AddColumn(s, table, existing, i, to, alter);
                return;
            }

            if (!_postgres)
            {
                // Indexes and keys build in place with concurrent writes; the others copy, or need foreign_key_checks off.
                if (kind is "PRIMARY KEY" or "UNIQUE" or "INDEX")
                {
                    alter.Needs(Online.InPlace);
                }
                else
                {
                    alter.Needs(Online.No);
                }

                return;
            }

            alter.AccessExclusive |= kind != "FOREIGN KEY";
            if (kind == "CHECK" && s.IsSymbol(i + 1, '(') && s.AreWords(s.NameAt(i + 2).Next, "IS", "NOT", "NULL") && s.IsSymbol(s.NameAt(i + 2).Next + 3, ')'))
            {
                context.AddNotNullCheck(table, constraint, Key(s.NameAt(i + 2).Name));
            }

            if (!existing)
            {
                return;
            }

            if (kind is "FOREIGN KEY" or "CHECK" && !HasWords(s, i, to, "NOT", "VALID"))
            {
                Report(Diagnostics.ConstraintWithoutNotValid, s, kind, table);
            }
            else if (kind is "PRIMARY KEY" or "UNIQUE" && !UsesExistingIndex(s, i, to))
            {
                Report(Diagnostics.ConstraintWithoutIndex, s, kind, table);
            }
        }

        private void AddColumn(SqlStatement s, string? table, bool existing, int i, int to, AlterSummary alter)
        {
            i += s.IsWord(i, "COLUMN") ? 1 : 0;
            var ifNotExists = s.AreWords(i, "IF", "NOT", "EXISTS");
            i += ifNotExists ? 3 : 0;
            var (name, definition) = s.NameAt(i);
            var column = Key(name);
            if (!ifNotExists)
            {
                Report(Diagnostics.CreateWithoutIfNotExists, s, $"ADD COLUMN {column}", _postgres ? "ADD COLUMN IF NOT EXISTS" : "ADD COLUMN IF NOT EXISTS (MariaDB)");
            }

            context.AddColumn(table, column);
            if (!_postgres)
            {
                if (s.FindWord(definition, to, "AUTO_INCREMENT") >= 0)
                {
                    alter.Needs(Online.No);
                }
                else
                {
                    alter.Needs(Online.Instant);
                }

                return;
            }

            alter.AccessExclusive = true;
            if (existing && VolatileValue(s, definition, to) is { } value)
            {
                Report(Diagnostics.VolatileDefault, s, table, column, value);
            }
        }

        // What makes PostgreSQL compute a value per row when a column is added, or null for a constant (or no) default.
        private static string? VolatileValue(SqlStatement s, int from, int to)
        {
            if (from < to && SerialTypes.Contains(s.TokenText(from).ToString()))
            {
                return $"the type {s.TokenText(from)} (a nextval() default)";
            }

            var generated = s.FindWord(from, to, "GENERATED");
            if (generated >= 0 && s.FindWord(generated, to, "STORED") > 0)
            {
                return "a stored generated value";
            }

            if (generated >= 0 && s.FindWord(generated, to, "IDENTITY") > 0)
            {
                return "an identity (a value from a sequence per row)";
            }

            var start = s.FindWord(from, to, "DEFAULT");
            for (var i = start < 0 ? to : start + 1; i < to - 1; i++)
            {
                if (s.Token(i).Kind == SqlTokenKind.Word && s.IsSymbol(i + 1, '(') && VolatileFunctions.Contains(s.TokenText(i).ToString()))
                {
                    return $"DEFAULT {s.TokenText(i).ToString().ToLowerInvariant()}()";
                }
            }

            return null;
        }

        private void AlterColumn(SqlStatement s, string? table, bool existing, int i, int to, AlterSummary alter)
        {
            i += s.IsWord(i, "COLUMN") ? 1 : 0;
            var (name, action) = s.NameAt(i);
            var column = Key(name);
            var old = existing && !context.IsNewColumn(table, column);
            if (!_postgres)
            {
                if (s.AreWords(action, "SET", "DEFAULT") || s.AreWords(action, "DROP", "DEFAULT") || s.AreWords(action, "SET", "VISIBLE") || s.AreWords(action, "SET", "INVISIBLE"))
                {
                    alter.Needs(Online.Instant);
                }
                else
                {
                    alter.Needs(Online.No);
                }

                return;
            }

            if (s.AreWords(action, "SET", "STATISTICS") || (s.IsWord(action, "SET") && s.IsSymbol(action + 1, '(')) || (s.IsWord(action, "RESET") && s.IsSymbol(action + 1, '(')))
            {
                return;
            }

            alter.AccessExclusive = true;
            if (old && s.AreWords(action, "SET", "NOT", "NULL") && !context.IsProvenNotNull(table, column))
            {
                Report(Diagnostics.SetNotNull, s, table, column);
            }
            else if (old && (s.IsWord(action, "TYPE") || s.AreWords(action, "SET", "DATA", "TYPE")))
            {
                Report(Diagnostics.ColumnTypeChange, s, table, column);
            }
        }

        private void DropPart(SqlStatement s, string? table, bool existing, int i, AlterSummary alter)
        {
            alter.AccessExclusive = true;
            if (s.IsWord(i, "CONSTRAINT") || s.IsWord(i, "CHECK") || s.IsWord(i, "INDEX") || s.IsWord(i, "KEY") || s.IsWord(i, "FOREIGN") || s.IsWord(i, "PRIMARY"))
            {
                var constraint = s.IsWord(i, "CONSTRAINT");
                if (_postgres && constraint && !s.AreWords(i + 1, "IF", "EXISTS"))
                {
                    Report(Diagnostics.DropWithoutIfExists, s, $"DROP CONSTRAINT {s.NameAt(i + 1).Name}", "DROP CONSTRAINT IF EXISTS");
                }

                if (s.IsWord(i, "INDEX") || s.IsWord(i, "KEY") || s.IsWord(i, "FOREIGN"))
                {
                    alter.Needs(Online.InPlace);
                }
                else
                {
                    alter.Needs(Online.No);
                }

                return;
            }

            i += s.IsWord(i, "COLUMN") ? 1 : 0;
            var ifExists = s.AreWords(i, "IF", "EXISTS");
            var column = Key(s.NameAt(ifExists ? i + 2 : i).Name);
            if (!ifExists)
            {
                Report(Diagnostics.DropWithoutIfExists, s, $"DROP COLUMN {column}", _postgres ? "DROP COLUMN IF EXISTS" : "DROP COLUMN IF EXISTS (MariaDB)");
            }

            if (existing && !context.IsNewColumn(table, column))
            {
                Report(Diagnostics.BreakingChange, s, $"Dropping column {table}.{column}", "drop it");
            }

            alter.Needs(Online.Instant);
        }

        private void RenamePart(SqlStatement s, string? table, bool existing, int i, AlterSummary alter)
        {
            alter.AccessExclusive = true;
            if (s.IsWord(i, "TO") || s.IsWord(i, "AS") || (!_postgres && !s.IsWord(i, "COLUMN") && !s.IsWord(i, "INDEX") && !s.IsWord(i, "KEY")))
            {
                var to = s.NameAt(s.IsWord(i, "TO") || s.IsWord(i, "AS") ? i + 1 : i).Name;
                if (existing)
                {
                    Report(Diagnostics.BreakingChange, s, $"Renaming table {table} to {to}", "rename it");
                }

                alter.Needs(Online.Instant);
                return;
            }

            if (s.IsWord(i, "CONSTRAINT") || s.IsWord(i, "INDEX") || s.IsWord(i, "KEY"))
            {
                alter.Needs(Online.InPlace);
                return;
            }

            i += s.IsWord(i, "COLUMN") ? 1 : 0;
            var (name, next) = s.NameAt(i);
            var column = Key(name);
            var renamed = s.IsWord(next, "TO") ? s.NameAt(next + 1).Name : null;
            if (existing && !context.IsNewColumn(table, column))
            {
                Report(Diagnostics.BreakingChange, s, $"Renaming column {table}.{column} to {renamed}", "rename it");
            }

            alter.Needs(Online.Instant);
        }

        private void Drop(SqlStatement s)
        {
            var i = 1;
            i += s.IsWord(i, "MATERIALIZED") || s.IsWord(i, "TEMPORARY") ? 1 : 0;
            if (s.Count <= i || s.IsWord(i, "OWNED"))
            {
                return;
            }

            var kind = s.TokenText(i).ToString().ToUpperInvariant();
            var what = s.IsWord(1, "MATERIALIZED") ? "MATERIALIZED " + kind : kind;
            var j = i + 1;
            var concurrently = s.IsWord(j, "CONCURRENTLY");
            j += concurrently ? 1 : 0;
            var ifExists = s.AreWords(j, "IF", "EXISTS");
            j += ifExists ? 2 : 0;
            Ddl(s, "DROP", what);
            if (!ifExists)
            {
                Report(Diagnostics.DropWithoutIfExists, s, $"DROP {what} {s.NameAt(j).Name}", concurrently ? $"DROP {what} CONCURRENTLY IF EXISTS" : $"DROP {what} IF EXISTS");
            }

            if (kind != "TABLE")
            {
                return;
            }

            foreach (var (from, to) in s.CommaParts(j))
            {
                var table = from < to ? Key(s.NameAt(from).Name) : null;
                if (table is not null && !context.IsNewTable(table))
                {
                    Report(Diagnostics.BreakingChange, s, $"Dropping table {table}", "drop it");
                    TakesAccessExclusive(s, "DROP TABLE", table);
                }
            }
        }

        // MySQL: RENAME TABLE a TO b, c TO d.
        private void RenameTables(SqlStatement s)
        {
            Ddl(s, "RENAME TABLE");
            foreach (var (from, to) in s.CommaParts(2))
            {
                var (name, next) = s.NameAt(from);
                var table = Key(name);
                if (table is not null && next < to && !context.IsNewTable(table))
                {
                    Report(Diagnostics.BreakingChange, s, $"Renaming table {table} to {s.NameAt(next + 1).Name}", "rename it");
                }
            }
        }

        private void Truncate(SqlStatement s)
        {
            var i = 1 + (s.IsWord(1, "TABLE") ? 1 : 0);
            i += s.IsWord(i, "ONLY") ? 1 : 0;
            var table = Key(s.NameAt(i).Name);
            if (!_postgres)
            {
                // MySQL's TRUNCATE is DDL: it commits implicitly, like CREATE and ALTER.
                Ddl(s, "TRUNCATE", table);
                return;
            }

            Dml(s, "TRUNCATE", table);
            if (table is not null && !context.IsNewTable(table))
            {
                TakesAccessExclusive(s, "TRUNCATE", table);
            }
        }

        private void LockTable(SqlStatement s)
        {
            var i = 1 + (s.IsWord(1, "TABLE") ? 1 : 0);
            i += s.IsWord(i, "ONLY") ? 1 : 0;
            var mode = s.FindWord(i, s.Count, "IN");
            var exclusive = mode < 0 || s.AreWords(mode + 1, "ACCESS", "EXCLUSIVE");
            if (exclusive && s.FindWord(i, s.Count, "NOWAIT") < 0)
            {
                TakesAccessExclusive(s, "LOCK TABLE", s.NameAt(i).Name);
            }
        }

        private void TakesAccessExclusive(SqlStatement s, string what, string? table)
        {
            table = Key(table);
            if (!_lockTimeout && !_lockReported && table is not null && !context.IsNewTable(table))
            {
                _lockReported = Report(Diagnostics.NoLockTimeout, s, what, table);
            }
        }

        private string? DmlTable(SqlStatement s)
        {
            var i = 1;
            while (s.IsWord(i, "INTO") || s.IsWord(i, "FROM") || s.IsWord(i, "ONLY") || s.IsWord(i, "IGNORE") || s.IsWord(i, "LOW_PRIORITY")
                   || s.IsWord(i, "DELAYED") || s.IsWord(i, "HIGH_PRIORITY") || s.IsWord(i, "QUICK"))
            {
                i++;
            }

            return Key(s.NameAt(i).Name);
        }

        private void Dml(SqlStatement s, string what, string? table)
        {
            // Filling a table that a new script created (a seed) touches nothing a running release uses.
            if (_postgres && context.IsNewTable(table))
            {
                return;
            }

            _firstDml ??= (s, table is null ? what : $"{what} {table}");
        }

        private void Ddl(SqlStatement s, string what, string? name = null) => _firstDdl ??= (s, name is null ? what : $"{what} {name}");

        // The statement's first keyword, if it is one a rule looks at: compared in place, as this runs for every statement.
        private static string? Leading(SqlStatement s)
        {
            foreach (var keyword in LeadingKeywords)
            {
                if (s.IsWord(0, keyword))
                {
                    return keyword;
                }
            }

            return null;
        }

        private static string? WritingVerb(SqlStatement s)
        {
            for (var i = 1; i < s.Count - 1; i++)
            {
                if (s.AreWords(i, "INSERT", "INTO") || s.AreWords(i, "DELETE", "FROM") || (s.IsWord(i, "UPDATE") && s.IsWord(s.NameAt(i + 1).Next, "SET")))
                {
                    return s.TokenText(i).ToString().ToUpperInvariant();
                }
            }

            return null;
        }

        private static bool HasWords(SqlStatement s, int from, int to, string first, string second)
        {
            for (var i = from; i < to - 1; i++)
            {
                if (s.IsWord(i, first) && s.IsWord(i + 1, second))
                {
                    return true;
                }
            }

            return false;
        }

        // ADD CONSTRAINT … UNIQUE USING INDEX idx (USING INDEX TABLESPACE only says where a new index goes).
        private static bool UsesExistingIndex(SqlStatement s, int from, int to)
        {
            for (var i = from; i < to - 1; i++)
            {
                if (s.AreWords(i, "USING", "INDEX") && !s.IsWord(i + 2, "TABLESPACE"))
                {
                    return true;
                }
            }

            return false;
        }

        // MySQL's names are compared without case (lower_case_table_names differs by platform: assume the lenient one).
        private string? Key(string? name) => name is null || _postgres ? name : name.ToLowerInvariant();

        private static string Upper(SqlStatement s, int index) => index < s.Count ? s.TokenText(index).ToString().ToUpperInvariant() : "";

        private bool Report(Diagnostic diagnostic, SqlStatement s, params object?[] args) =>
            MigrationRules.Report(_findings, file, script, diagnostic, s, s.Line, s.Column, args);
    }

    /// <summary>Adds the finding at a statement unless a well-formed suppression of its code covers the statement or the file.</summary>
    internal static bool Report(List<Finding> findings, string file, SqlScript script, Diagnostic diagnostic, SqlStatement s, int line, int column, params object?[] args)
    {
        bool Silences(RuleSuppression suppression) => suppression.Covers(diagnostic.Code) && Problem(suppression) is null;
        if (s.Suppressions.Any(Silences) || script.FileSuppressions.Any(Silences))
        {
            return false;
        }

        findings.Add(Finding.Create(diagnostic, file, diagnostic.Format(args), line, column));
        return true;
    }

    /// <summary>PARITY4000 for each suppression that silences nothing: no code, an unknown code, no reason, no statement.</summary>
    internal static IEnumerable<Finding> MalformedSuppressions(string file, SqlScript script)
    {
        foreach (var suppression in script.Suppressions)
        {
            var problem = Problem(suppression) ?? (script.Unattached.Contains(suppression) ? "is followed by no statement" : null);
            if (problem is not null)
            {
                yield return Finding.Create(Diagnostics.RuleSuppressionMalformed, file, Diagnostics.RuleSuppressionMalformed.Format(problem), suppression.Line, suppression.Column);
            }
        }
    }

    // A suppression must name rules and say why; one that does not silences nothing (and is PARITY4000 itself).
    private static string? Problem(RuleSuppression suppression)
    {
        var unknown = suppression.Codes.FirstOrDefault(code => !Codes.Contains(code));
        return suppression.Codes.Count == 0 ? "names no PARITY4xxx code"
            : unknown is not null ? $"names {unknown}, which is not a safety rule"
            : suppression.Reason.Length == 0 ? "gives no reason"
            : null;
    }

    private enum Online
    {
        Instant,
        InPlace,
        No,
    }

    // What one ALTER TABLE's actions add up to: PostgreSQL's lock, and the best online algorithm MySQL could use.
    private sealed class AlterSummary
    {
        public bool AccessExclusive { get; set; }

        public bool Explicit { get; set; }

        /// <summary>Whether any action was read: an ALTER TABLE of nothing but its name needs no advice.</summary>
        public bool Any { get; private set; }

        /// <summary>The weakest algorithm every action so far allows: the statement can do no better than its worst action.</summary>
        public Online Online { get; private set; } = Online.Instant;

        public void Needs(Online level)
        {
            Any = true;
            Online = (Online)Math.Max((int)Online, (int)level);
        }
    }
}
