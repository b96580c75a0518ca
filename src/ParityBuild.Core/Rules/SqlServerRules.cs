using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Rules;

/// <summary>
/// The migration safety rules for SQL Server: the script is read by Microsoft's own T-SQL parser (ScriptDom), which
/// knows statements without semicolons, <c>GO</c> batches, brackets and <c>IF NOT EXISTS (…)</c> guards; the statement
/// splitter only places the <c>parity:ignore</c> comments. Only this class touches ScriptDom, so a build whose scripts
/// are not T-SQL never loads it.
/// </summary>
internal static partial class SqlServerRules
{
    // SET QUOTED_IDENTIFIER ON, SQL Server's default: "…" names an object, as in the other engines.
    private const bool QuotedIdentifiers = true;

    public static IReadOnlyList<Finding> Check(string file, string text, RuleContext context, bool versioned)
    {
        // The parser of the newest syntax: a newer keyword in an older database's script is still read.
        var parsed = new TSql170Parser(QuotedIdentifiers).Parse(new StringReader(ForParser(text)), out var errors);

        // A script the parser cannot read fails at deploy anyway; guessing at its statements would only add noise.
        if (errors.Count > 0 || parsed is not TSqlScript tsql)
        {
            return [];
        }

        var statements = tsql.Batches.SelectMany(batch => batch.Statements).ToList();
        var script = SqlStatementSplitter.Split(text, SqlEngine.SqlServer, [.. statements.Select(statement => statement.StartOffset + statement.FragmentLength)]);
        var byStart = script.Statements.GroupBy(statement => statement.Start).ToDictionary(group => group.Key, group => group.First());
        var check = new ScriptCheck(file, text, context, script);
        foreach (var statement in statements)
        {
            if (byStart.TryGetValue(statement.StartOffset, out var placed))
            {
                check.Statement(statement, placed, guarded: false);
            }
        }

        return check.Finish(versioned);
    }

    // sqlcmd's own lines (:setvar, :r) are blanked and its $(variables) become bracketed names of the same length, so
    // the parser reads the rest and every offset stays the script's.
    private static string ForParser(string text)
    {
        var blanked = ClientCommand().Replace(text, match => new string(' ', match.Length));
        return SqlcmdVariable().Replace(blanked, match => "[" + match.Groups["name"].Value + "_]");
    }

    [GeneratedRegex(@"^[ \t]*:[^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex ClientCommand();

    [GeneratedRegex(@"\$\((?<name>\w+)\)")]
    private static partial Regex SqlcmdVariable();

    private sealed class ScriptCheck(string file, string text, RuleContext context, SqlScript script)
    {
        private readonly List<Finding> _findings = [];
        private bool _lockTimeout;
        private bool _lockReported;
        private (SqlStatement Placed, TSqlStatement Statement, string What)? _firstDml;
        private (SqlStatement Placed, TSqlStatement Statement, string What)? _firstDdl;

        /// <param name="placed">The splitter's statement that holds it, whose suppressions apply.</param>
        /// <param name="guarded">Whether it runs under an IF, which is how T-SQL makes a script re-runnable.</param>
        public void Statement(TSqlStatement statement, SqlStatement placed, bool guarded)
        {
            switch (statement)
            {
                case IfStatement branch:
                    Statement(branch.ThenStatement, placed, guarded: true);
                    if (branch.ElseStatement is { } otherwise)
                    {
                        Statement(otherwise, placed, guarded: true);
                    }

                    return;
                case BeginEndBlockStatement block:
                    block.StatementList.Statements.ToList().ForEach(inner => Statement(inner, placed, guarded));
                    return;
                case TryCatchStatement tryCatch:
                    tryCatch.TryStatements.Statements.ToList().ForEach(inner => Statement(inner, placed, guarded));
                    return;
                case SetCommandStatement set when set.Commands.OfType<GeneralSetCommand>().Any(command => command.CommandType == GeneralSetCommandType.LockTimeout):
                    _lockTimeout = true;
                    return;
                case CreateTableStatement create:
                    CreateTable(create, placed, guarded);
                    return;
                case CreateIndexStatement index:
                    CreateIndex(index, placed, guarded);
                    return;
                case AlterTableAddTableElementStatement add:
                    AlterTableAdd(add, placed, guarded);
                    return;
                case AlterTableAlterColumnStatement alter:
                    AlterColumn(alter, placed);
                    return;
                case AlterTableDropTableElementStatement drop:
                    AlterTableDrop(drop, placed, guarded);
                    return;
                case DropTableStatement drop:
                    DropTable(drop, placed, guarded);
                    return;
                case DropIndexStatement drop:
                    Ddl(placed, drop, "DROP INDEX");
                    if (!drop.IsIfExists && !guarded)
                    {
                        Report(Diagnostics.DropWithoutIfExists, placed, drop, "DROP INDEX", "DROP INDEX IF EXISTS … ON … (SQL Server 2016 and later)");
                    }

                    return;
                case ExecuteStatement execute when ProcedureName(execute) is { } procedure && procedure.Equals("sp_rename", StringComparison.OrdinalIgnoreCase):
                    Ddl(placed, execute, "sp_rename");
                    Report(Diagnostics.BreakingChange, placed, execute, $"EXEC sp_rename {Arguments(execute)}", "rename it");
                    return;
                case InsertStatement insert:
                    Dml(placed, insert, "INSERT", insert.InsertSpecification.Target);
                    return;
                case UpdateStatement update:
                    Dml(placed, update, "UPDATE", update.UpdateSpecification.Target);
                    return;
                case DeleteStatement delete:
                    Dml(placed, delete, "DELETE", delete.DeleteSpecification.Target);
                    return;
                case MergeStatement merge:
                    Dml(placed, merge, "MERGE", merge.MergeSpecification.Target);
                    return;
            }
        }

        public IReadOnlyList<Finding> Finish(bool versioned)
        {
            if (versioned && _firstDml is { } dml && _firstDdl is { } ddl)
            {
                Report(Diagnostics.DataAndSchemaMixed, dml.Placed, dml.Statement, dml.What, ddl.What, ddl.Statement.StartLine,
                    "a failure between them leaves the script half applied unless the tool runs it in one transaction, and in one transaction the schema changes' locks are held for as long as the data change runs.");
            }

            _findings.AddRange(MigrationRules.MalformedSuppressions(file, script));
            return _findings;
        }

        private void CreateTable(CreateTableStatement create, SqlStatement placed, bool guarded)
        {
            var name = Written(create.SchemaObjectName);
            if (IsTemporary(create.SchemaObjectName))
            {
                return;
            }

            Ddl(placed, create, $"CREATE TABLE {name}");
            if (!guarded)
            {
                Report(Diagnostics.CreateWithoutIfNotExists, placed, create, $"CREATE TABLE {name}",
                    $"IF OBJECT_ID(N'{Unquoted(create.SchemaObjectName)}', N'U') IS NULL CREATE TABLE {name} …");
            }

            context.AddTable(Key(create.SchemaObjectName));
        }

        private void CreateIndex(CreateIndexStatement index, SqlStatement placed, bool guarded)
        {
            if (IsTemporary(index.OnName))
            {
                return;
            }

            var table = Written(index.OnName);
            Ddl(placed, index, $"CREATE INDEX on {table}");
            if (!guarded && !index.IndexOptions.Any(option => option.OptionKind == IndexOptionKind.DropExisting))
            {
                Report(Diagnostics.CreateWithoutIfNotExists, placed, index, "CREATE INDEX",
                    $"IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{index.Name.Value}' AND object_id = OBJECT_ID(N'{Unquoted(index.OnName)}')) CREATE INDEX …");
            }

            if (Existing(index.OnName))
            {
                if (!IsOnline(index.IndexOptions))
                {
                    Report(Diagnostics.IndexNotOnline, placed, index, "CREATE INDEX", table);
                }

                NeedsLockTimeout(placed, index, "CREATE INDEX", table);
            }
        }

        private void AlterTableAdd(AlterTableAddTableElementStatement add, SqlStatement placed, bool guarded)
        {
            var table = Written(add.SchemaObjectName);
            var existing = Existing(add.SchemaObjectName);
            Ddl(placed, add, $"ALTER TABLE {table} ADD");
            foreach (var column in add.Definition.ColumnDefinitions)
            {
                var name = column.ColumnIdentifier.Value;
                if (!guarded)
                {
                    Report(Diagnostics.CreateWithoutIfNotExists, placed, add, $"ADD {Written(column.ColumnIdentifier)}",
                        $"IF COL_LENGTH(N'{Unquoted(add.SchemaObjectName)}', N'{name}') IS NULL ALTER TABLE {table} ADD …");
                }

                var notNull = column.Constraints.OfType<NullableConstraintDefinition>().Any(constraint => !constraint.Nullable);
                if (existing && notNull && column.DefaultConstraint is null && column.ComputedColumnExpression is null && column.IdentityOptions is null)
                {
                    Report(Diagnostics.NotNullColumnWithoutDefault, placed, add, Written(column.ColumnIdentifier), table);
                }

                context.AddColumn(Key(add.SchemaObjectName), name.ToLowerInvariant());
            }

            if (!existing)
            {
                return;
            }

            foreach (var constraint in add.Definition.TableConstraints)
            {
                var name = constraint.ConstraintIdentifier is { } identifier ? Written(identifier) : "(unnamed)";
                switch (constraint)
                {
                    case ForeignKeyConstraintDefinition or CheckConstraintDefinition when add.ExistingRowsCheckEnforcement != ConstraintEnforcement.NoCheck:
                        Report(Diagnostics.ConstraintWithCheck, placed, add, constraint is ForeignKeyConstraintDefinition ? "FOREIGN KEY" : "CHECK", table, name);
                        break;
                    case UniqueConstraintDefinition unique when !IsOnline(unique.IndexOptions):
                        Report(Diagnostics.IndexNotOnline, placed, add, unique.IsPrimaryKey ? "ADD PRIMARY KEY" : "ADD UNIQUE", table);
                        break;
                }
            }

            NeedsLockTimeout(placed, add, "ALTER TABLE … ADD", table);
        }

        private void AlterColumn(AlterTableAlterColumnStatement alter, SqlStatement placed)
        {
            var table = Written(alter.SchemaObjectName);
            Ddl(placed, alter, $"ALTER TABLE {table} ALTER COLUMN");
            if (!Existing(alter.SchemaObjectName) || context.IsNewColumn(Key(alter.SchemaObjectName), alter.ColumnIdentifier.Value.ToLowerInvariant()))
            {
                return;
            }

            if (alter.DataType is not null)
            {
                Report(Diagnostics.AlterColumn, placed, alter, Written(alter.ColumnIdentifier), table);
            }

            NeedsLockTimeout(placed, alter, "ALTER TABLE … ALTER COLUMN", table);
        }

        private void AlterTableDrop(AlterTableDropTableElementStatement drop, SqlStatement placed, bool guarded)
        {
            var table = Written(drop.SchemaObjectName);
            Ddl(placed, drop, $"ALTER TABLE {table} DROP");
            foreach (var element in drop.AlterTableDropTableElements)
            {
                var kind = element.TableElementType == TableElementType.Column ? "COLUMN" : element.TableElementType == TableElementType.Constraint ? "CONSTRAINT" : "INDEX";
                if (!element.IsIfExists && !guarded)
                {
                    Report(Diagnostics.DropWithoutIfExists, placed, drop, $"DROP {kind} {Written(element.Name)}", $"ALTER TABLE {table} DROP {kind} IF EXISTS {Written(element.Name)} (SQL Server 2016 and later)");
                }

                if (element.TableElementType == TableElementType.Column && Existing(drop.SchemaObjectName))
                {
                    Report(Diagnostics.BreakingChange, placed, drop, $"DROP COLUMN {Written(element.Name)} of {table}", "drop it");
                }
            }

            if (Existing(drop.SchemaObjectName))
            {
                NeedsLockTimeout(placed, drop, "ALTER TABLE … DROP", table);
            }
        }

        private void DropTable(DropTableStatement drop, SqlStatement placed, bool guarded)
        {
            foreach (var table in drop.Objects.Where(table => !IsTemporary(table)))
            {
                Ddl(placed, drop, $"DROP TABLE {Written(table)}");
                if (!drop.IsIfExists && !guarded)
                {
                    Report(Diagnostics.DropWithoutIfExists, placed, drop, $"DROP TABLE {Written(table)}", $"DROP TABLE IF EXISTS {Written(table)} (SQL Server 2016 and later)");
                }

                if (Existing(table))
                {
                    Report(Diagnostics.BreakingChange, placed, drop, $"DROP TABLE {Written(table)}", "drop it");
                }
            }
        }

        private void NeedsLockTimeout(SqlStatement placed, TSqlStatement statement, string what, string table)
        {
            if (!_lockTimeout && !_lockReported)
            {
                _lockReported = Report(Diagnostics.NoSqlServerLockTimeout, placed, statement, what, table);
            }
        }

        private void Ddl(SqlStatement placed, TSqlStatement statement, string what) => _firstDdl ??= (placed, statement, what);

        // A seed of a table the script itself created is part of creating it, not a data change of a live table.
        private void Dml(SqlStatement placed, TSqlStatement statement, string verb, TableReference? into)
        {
            var target = (into as NamedTableReference)?.SchemaObject;
            if (target is not null && (IsTemporary(target) || context.IsNewTable(Key(target))))
            {
                return;
            }

            _firstDml ??= (placed, statement, target is null ? verb : $"{verb} {Written(target)}");
        }

        private bool Report(Diagnostic diagnostic, SqlStatement placed, TSqlStatement statement, params object?[] args) =>
            MigrationRules.Report(_findings, file, script, diagnostic, placed, statement.StartLine, statement.StartColumn, args);

        private bool Existing(SchemaObjectName table) => !IsTemporary(table) && !context.IsNewTable(Key(table));

        // The name as the script writes it ([dbo].[Orders]), for messages.
        private string Written(TSqlFragment fragment) => text.Substring(fragment.StartOffset, fragment.FragmentLength);

        private string Arguments(ExecuteStatement execute) =>
            string.Join(", ", execute.ExecuteSpecification.ExecutableEntity.Parameters.Select(parameter => Written(parameter)));
    }

    private static string? ProcedureName(ExecuteStatement execute) =>
        (execute.ExecuteSpecification.ExecutableEntity as ExecutableProcedureReference)?.ProcedureReference?.ProcedureReference?.Name?.BaseIdentifier?.Value;

    private static bool IsOnline(IEnumerable<IndexOption> options) =>
        options.OfType<OnlineIndexOption>().Any(option => option.OptionState == OptionState.On);

    private static bool IsTemporary(SchemaObjectName name) => name.BaseIdentifier.Value.StartsWith('#');

    // The context's key: schema and name without quotes, in lower case (SQL Server's default collation ignores case),
    // dbo when no schema is written.
    private static string Key(SchemaObjectName name) => $"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}".ToLowerInvariant();

    // schema.name without brackets, as OBJECT_ID and COL_LENGTH take it inside N'…' (a quote doubled).
    private static string Unquoted(SchemaObjectName name) =>
        (name.SchemaIdentifier is { } schema ? schema.Value + "." : "") + name.BaseIdentifier.Value.Replace("'", "''", StringComparison.Ordinal);
}
