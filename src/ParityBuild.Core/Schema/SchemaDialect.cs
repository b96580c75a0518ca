using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Schema;

/// <summary>
/// The DDL one engine speaks, written from the snapshot's model: enough to create each kind of object the snapshot
/// holds, drop it, and bring a column's definition back. Schema names are the replica's (see <see cref="SchemaComparison.Result.ReplicaSchemas"/>).
/// </summary>
public abstract class SchemaDialect
{
    public static SchemaDialect For(string engine) => engine == SchemaSnapshot.MySql ? new MySqlDialect() : new PostgresDialect();

    /// <summary>The engine whose quoting (<see cref="SqlText"/>) every name and value is written with.</summary>
    public abstract SqlEngine Engine { get; }

    public string Quote(string identifier) => SqlText.Quote(Engine, identifier);

    public string Name(string schema, string name) => $"{Quote(schema)}.{Quote(name)}";

    public string Literal(string value) => SqlText.Literal(Engine, value);

    public abstract string ColumnDefinition(ColumnSchema column);

    /// <summary>Whether the constraint goes into CREATE TABLE (foreign keys wait until every table exists).</summary>
    public static bool IsInline(ConstraintSchema constraint) => constraint.Kind != ConstraintSchema.ForeignKey;

    public string CreateTable(string schema, TableSchema table)
    {
        var lines = table.Columns.Select(column => "    " + ColumnDefinition(column))
            .Concat(table.Constraints.Where(IsInline).Select(constraint => "    " + ConstraintClause(constraint)));
        return $"CREATE TABLE {Name(schema, table.Name)} (\n{string.Join(",\n", lines)}\n);";
    }

    public string DropTable(string schema, string table) => $"DROP TABLE {Name(schema, table)};";

    public string AddColumn(string schema, string table, ColumnSchema column) => $"ALTER TABLE {Name(schema, table)} ADD COLUMN {ColumnDefinition(column)};";

    public string DropColumn(string schema, string table, string column) => $"ALTER TABLE {Name(schema, table)} DROP COLUMN {Quote(column)};";

    /// <summary>The statements that give an existing column the snapshot's definition of it.</summary>
    public abstract IReadOnlyList<string> AlterColumn(string schema, string table, ColumnSchema column, IReadOnlyCollection<string> attributes);

    public string AddConstraint(string schema, string table, ConstraintSchema constraint) => $"ALTER TABLE {Name(schema, table)} ADD {ConstraintClause(constraint)};";

    public abstract string DropConstraint(string schema, string table, ConstraintSchema constraint);

    public abstract string CreateIndex(string schema, string table, IndexSchema index);

    public abstract string DropIndex(string schema, string table, string index);

    public string CreateView(string schema, ViewSchema view) => $"CREATE VIEW {Name(schema, view.Name)} AS {view.Definition.TrimEnd().TrimEnd(';')};";

    public string DropView(string schema, string view) => $"DROP VIEW {Name(schema, view)};";

    public virtual string CreateTrigger(TriggerSchema trigger) => $"CREATE TRIGGER {Quote(trigger.Name)} {trigger.Definition.TrimEnd().TrimEnd(';')};";

    public abstract string DropTrigger(string schema, string table, string trigger);

    /// <summary>The routine's own statement (PostgreSQL prints CREATE OR REPLACE, with its schema).</summary>
    public virtual string CreateRoutine(string schema, RoutineSchema routine) => Body(routine).TrimEnd().TrimEnd(';') + ";";

    /// <summary>The routine's statement; the repair writes none for a routine whose body was not read.</summary>
    protected static string Body(RoutineSchema routine) => routine.Definition ?? throw new ArgumentException("The routine's body was not read.", nameof(routine));

    /// <summary>The statements that give an existing routine the snapshot's definition.</summary>
    public virtual IReadOnlyList<string> ReplaceRoutine(string schema, RoutineSchema routine, RoutineSchema found) => [CreateRoutine(schema, routine)];

    public virtual string DropRoutine(string schema, RoutineSchema routine) =>
        $"DROP {routine.Kind.ToUpperInvariant()} {Name(schema, routine.Name)}({routine.Arguments});";

    public string CreateSequence(string schema, SequenceSchema sequence) => $"CREATE SEQUENCE {Name(schema, sequence.Name)} {sequence.Definition};";

    // IF EXISTS: a serial column's sequence goes with its table, whose DROP comes first.
    public string DropSequence(string schema, string sequence) => $"DROP SEQUENCE IF EXISTS {Name(schema, sequence)};";

    public string CreateEnum(string schema, EnumSchema type) => $"CREATE TYPE {Name(schema, type.Name)} AS ENUM ({string.Join(", ", type.Labels.Select(Literal))});";

    public string DropEnum(string schema, string type) => $"DROP TYPE {Name(schema, type)};";

    protected virtual string ConstraintClause(ConstraintSchema constraint) => $"CONSTRAINT {Quote(constraint.Name)} {constraint.Definition}";

    private sealed class PostgresDialect : SchemaDialect
    {
        public override SqlEngine Engine => SqlEngine.PostgreSql;

        public override string ColumnDefinition(ColumnSchema column)
        {
            var text = $"{Quote(column.Name)} {column.Type}";
            text += column.Collation is null ? "" : $" COLLATE {Quote(column.Collation)}";
            text += column.Generated is not null ? $" GENERATED ALWAYS AS ({column.Generated}) STORED"
                : column.Identity is not null ? $" GENERATED {column.Identity.ToUpperInvariant()} AS IDENTITY"
                : column.Default is not null ? $" DEFAULT {column.Default}"
                : "";
            return text + (column.Nullable ? "" : " NOT NULL");
        }

        public override IReadOnlyList<string> AlterColumn(string schema, string table, ColumnSchema column, IReadOnlyCollection<string> attributes)
        {
            var alter = $"ALTER TABLE {Name(schema, table)} ALTER COLUMN {Quote(column.Name)}";
            var statements = new List<string>();
            if (attributes.Contains("type") || attributes.Contains("collation"))
            {
                var collate = column.Collation is null ? "" : $" COLLATE {Quote(column.Collation)}";
                statements.Add($"{alter} TYPE {column.Type}{collate} USING {Quote(column.Name)}::{column.Type};");
            }

            if (attributes.Contains("default") && column.Identity is null && column.Generated is null)
            {
                statements.Add(column.Default is null ? $"{alter} DROP DEFAULT;" : $"{alter} SET DEFAULT {column.Default};");
            }

            if (attributes.Contains("identity"))
            {
                statements.Add(column.Identity is null ? $"{alter} DROP IDENTITY IF EXISTS;" : $"{alter} ADD GENERATED {column.Identity.ToUpperInvariant()} AS IDENTITY;");
            }

            if (attributes.Contains("nullable"))
            {
                statements.Add(column.Nullable ? $"{alter} DROP NOT NULL;" : $"{alter} SET NOT NULL;");
            }

            if (attributes.Contains("generated"))
            {
                statements.Add(SqlText.Comment($"The generation expression differs: PostgreSQL cannot change it in place; drop the column and add it again as: {ColumnDefinition(column)}"));
            }

            return statements;
        }

        public override string DropConstraint(string schema, string table, ConstraintSchema constraint) =>
            $"ALTER TABLE {Name(schema, table)} DROP CONSTRAINT {Quote(constraint.Name)};";

        public override string CreateIndex(string schema, string table, IndexSchema index) =>
            $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Name(schema, table)} USING {index.Method} {index.Columns}{(index.Where is null ? "" : $" WHERE {index.Where}")};";

        public override string DropIndex(string schema, string table, string index) => $"DROP INDEX {Name(schema, index)};";

        public override string DropTrigger(string schema, string table, string trigger) => $"DROP TRIGGER {Quote(trigger)} ON {Name(schema, table)};";
    }

    private sealed class MySqlDialect : SchemaDialect
    {
        public override SqlEngine Engine => SqlEngine.MySql;

        public override string ColumnDefinition(ColumnSchema column)
        {
            var text = $"{Quote(column.Name)} {column.Type}";
            text += column.Collation is null ? "" : $" COLLATE {Collation(column.Collation)}";
            text += column.Generated is not null ? $" GENERATED ALWAYS AS ({column.Generated}) STORED" : "";
            text += column.Nullable ? " NULL" : " NOT NULL";
            text += column.Default is not null && column.Generated is null ? $" DEFAULT {column.Default}" : "";
            return text + (column.Identity is null ? "" : " AUTO_INCREMENT");
        }

        // MySQL's collations are plain words; a snapshot may say anything, which is then quoted.
        private string Collation(string name) => name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? name : Quote(name);

        // MODIFY restates the whole column, whatever attribute differs.
        public override IReadOnlyList<string> AlterColumn(string schema, string table, ColumnSchema column, IReadOnlyCollection<string> attributes) =>
            [$"ALTER TABLE {Name(schema, table)} MODIFY COLUMN {ColumnDefinition(column)};"];

        public override string DropConstraint(string schema, string table, ConstraintSchema constraint) => constraint.Kind switch
        {
            ConstraintSchema.PrimaryKey => $"ALTER TABLE {Name(schema, table)} DROP PRIMARY KEY;",
            ConstraintSchema.ForeignKey => $"ALTER TABLE {Name(schema, table)} DROP FOREIGN KEY {Quote(constraint.Name)};",
            ConstraintSchema.Unique => $"ALTER TABLE {Name(schema, table)} DROP INDEX {Quote(constraint.Name)};",
            _ => $"ALTER TABLE {Name(schema, table)} DROP CONSTRAINT {Quote(constraint.Name)};",
        };

        public override string CreateIndex(string schema, string table, IndexSchema index) => index.Method.ToUpperInvariant() switch
        {
            "FULLTEXT" or "SPATIAL" => $"CREATE {index.Method.ToUpperInvariant()} INDEX {Quote(index.Name)} ON {Name(schema, table)} {index.Columns};",
            _ => $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Name(schema, table)} {index.Columns} USING {index.Method.ToUpperInvariant()};",
        };

        public override string DropIndex(string schema, string table, string index) => $"DROP INDEX {Quote(index)} ON {Name(schema, table)};";

        public override string DropTrigger(string schema, string table, string trigger) => $"DROP TRIGGER {Name(schema, trigger)};";

        // The snapshot's statement names no database (one captured from app_staging must create in app): this names the replica's.
        public override string CreateRoutine(string schema, RoutineSchema routine)
        {
            var unqualified = $"CREATE {routine.Kind.ToUpperInvariant()} {Quote(routine.Name)}";
            var definition = Body(routine);
            return Delimited(definition.StartsWith(unqualified, StringComparison.Ordinal)
                ? $"CREATE {routine.Kind.ToUpperInvariant()} {Name(schema, routine.Name)}{definition[unqualified.Length..]}"
                : definition);
        }

        // MySQL has no CREATE OR REPLACE for routines; what calls one looks it up by name when it runs.
        public override IReadOnlyList<string> ReplaceRoutine(string schema, RoutineSchema routine, RoutineSchema found) =>
            [DropRoutine(schema, found), CreateRoutine(schema, routine)];

        // No overloads: the name is enough.
        public override string DropRoutine(string schema, RoutineSchema routine) => $"DROP {routine.Kind.ToUpperInvariant()} {Name(schema, routine.Name)};";

        public override string CreateTrigger(TriggerSchema trigger) => Delimited($"CREATE TRIGGER {Quote(trigger.Name)} {trigger.Definition}");

        // A BEGIN … END body holds semicolons: the mysql client, which a repair file is run with, needs another delimiter,
        // one the body does not hold ($ is a letter of MySQL's names: a body may well say a$$b).
        private static string Delimited(string statement)
        {
            statement = statement.TrimEnd().TrimEnd(';');
            if (!statement.Contains(';', StringComparison.Ordinal))
            {
                return statement + ";";
            }

            var delimiter = "$$";
            while ((statement + delimiter).IndexOf(delimiter, StringComparison.Ordinal) < statement.Length)
            {
                delimiter += "$";
            }

            return $"DELIMITER {delimiter}\n{statement}{delimiter}\nDELIMITER ;";
        }

        // MySQL names every primary key PRIMARY and accepts no other name for it.
        protected override string ConstraintClause(ConstraintSchema constraint) =>
            constraint.Kind == ConstraintSchema.PrimaryKey ? constraint.Definition : base.ConstraintClause(constraint);
    }
}
