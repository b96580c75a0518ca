using ParityBuild.Core.Schema;

namespace ParityBuild.Core.Tests.Schema;

[TestClass]
public sealed class RepairScriptTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private const string Victim = "\nDROP TABLE victim; --";

    // Line breaks of every kind a reader or an editor knows, a NUL, a bidirectional override, quotes and backslashes.
    public static IEnumerable<object[]> HostileNames =>
    [
        ["evil" + Victim],
        ["evil\rDROP TABLE victim; --"],
        ["evil\r\nDROP TABLE victim; --"],
        ["evil\u2028DROP TABLE victim; --"],
        ["evil\u2029DROP TABLE victim; --"],
        ["evil\u0085DROP TABLE victim; --"],
        ["evil\u000BDROP TABLE victim; --"],
        ["evil\u000CDROP TABLE victim; --"],
        ["evil\0DROP TABLE victim; --"],
        ["evil\u202E--; mitciv ELBAT PORD"],
        ["evil\"`'\\" + Victim],
    ];

    [TestMethod]
    [DynamicData(nameof(HostileNames))]
    public void A_repair_for_objects_whose_names_hold_line_breaks_keeps_each_name_inside_its_comment_or_its_quotes(string name)
    {
        foreach (var (engine, server) in new[] { (SchemaSnapshot.Postgres, "PostgreSQL 15.8"), (SchemaSnapshot.MySql, "10.11.19-MariaDB" + Victim) })
        {
            var users = Snapshots.Users();
            var document = Snapshots.Document(Snapshots.Postgres(users) with { Engine = engine });

            // Unexpected on the replica: a table (with a trigger), a column, an index and a view; different: a default.
            var actual = document.Snapshot with
            {
                Tables =
                [
                    users with
                    {
                        Columns = [users.Columns[0], users.Columns[1] with { Default = "'x" + name + "'" }, users.Columns[2], new ColumnSchema("col" + name, "text", true)],
                        Indexes = [.. users.Indexes, new IndexSchema("idx" + name, false, "btree", "(email)")],
                    },
                    new TableSchema("public", name, [new ColumnSchema("id", "integer", true)], [], [], [new TriggerSchema("trg" + name, "BEFORE INSERT ON x FOR EACH ROW SET NEW.id = 1")]),
                ],
                Views = [.. document.Snapshot.Views, new ViewSchema("public", "view" + name, "SELECT 1")],
            };

            var text = RepairScript.Generate(SchemaComparison.Compare(document, "s.json", actual, "replica/app" + Victim), engine, "replica/app" + Victim, server, Now)!;

            var lines = text.Split('\n');
            Assert.IsFalse(lines.Any(line => line.StartsWith("DROP TABLE victim", StringComparison.Ordinal)), text);
            var comments = lines.Where(line => line.StartsWith("--", StringComparison.Ordinal)).ToList();
            Assert.IsTrue(comments.All(line => !line.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202E')), $"A comment line holds a line break or control character:\n{text}");
            Assert.IsFalse(text.Any(c => c is '\r' or '\0' or '\u2028' or '\u2029' or '\u0085'), $"Nor anywhere else: here every name is in a comment or a PostgreSQL identifier.\n{text}");
        }
    }

    [TestMethod]
    public void A_definition_that_reads_as_more_than_one_statement_is_left_out_and_a_body_gets_a_delimiter_it_does_not_hold()
    {
        var empty = Snapshots.Postgres() with { Engine = SchemaSnapshot.MySql, Views = [], Sequences = [], Enums = [] };
        var table = new TableSchema("app", "base", [new ColumnSchema("id", "int", false)], [], [],
        [
            // As MariaDB's information_schema prints SET NEW.note = 'x\\''; DROP TABLE victim; --': the escape undone.
            new TriggerSchema("undone", "BEFORE UPDATE ON `base` FOR EACH ROW SET NEW.note = 'x\\''; DROP TABLE victim; --'"),
            new TriggerSchema("dollars", "BEFORE INSERT ON `base` FOR EACH ROW BEGIN DECLARE a$$ INT DEFAULT 1; SET NEW.id = a$$; END"),
        ]);
        var document = Snapshots.Document(empty with { Schemas = ["app"], Tables = [table], Views = [new ViewSchema("app", "v", "SELECT 1; DROP TABLE victim")] });

        var text = RepairScript.Generate(SchemaComparison.Compare(document, "s.json", empty with { Schemas = ["app"] }, "db/app"), SchemaSnapshot.MySql, "db/app", "MariaDB", Now)!;

        StringAssert.Contains(text, "-- The statement for trigger undone on app.base is left out: its definition reads as more than one statement. Write it by hand.");
        StringAssert.Contains(text, "-- The statement for view app.v is left out: its definition reads as more than one statement. Write it by hand.");
        StringAssert.Contains(text, "DELIMITER $$$\nCREATE TRIGGER `dollars` BEFORE INSERT ON `base` FOR EACH ROW BEGIN DECLARE a$$ INT DEFAULT 1; SET NEW.id = a$$; END$$$\nDELIMITER ;");
        Assert.IsFalse(text.Split('\n').Any(line => line.Contains("DROP TABLE victim", StringComparison.Ordinal) && !line.StartsWith("--", StringComparison.Ordinal)), text);
    }

    [TestMethod]
    public void A_clean_comparison_has_no_repair()
    {
        var snapshot = Snapshots.Postgres(Snapshots.Users());
        var result = SchemaComparison.Compare(Snapshots.Document(snapshot), "s.json", snapshot, "replica/app");

        Assert.IsNull(RepairScript.Generate(result, SchemaSnapshot.Postgres, "replica/app", "PostgreSQL 15.8", Now));
    }

    [TestMethod]
    public void The_repair_starts_with_the_replica_the_time_and_the_warning_and_creates_tables_before_their_foreign_keys()
    {
        var document = Snapshots.Document(Snapshots.Postgres(Snapshots.Users(), Snapshots.Orders()));
        var actual = document.Snapshot with { Tables = [], Views = [], Sequences = [], Enums = [] };

        var text = RepairScript.Generate(SchemaComparison.Compare(document, "s.json", actual, "replica/app"), SchemaSnapshot.Postgres, "replica/app", "PostgreSQL 15.8", Now)!;

        StringAssert.StartsWith(text, "-- ParityBuild: schema repair for replica/app (PostgreSQL 15.8).\n-- Written 2026-11-25 12:00:00 UTC. ParityBuild never runs it.\n-- WARNING: review every statement, and run the file on a staging clone of this database first.\n");
        var order = new[]
        {
            "CREATE TYPE \"public\".\"mood\" AS ENUM ('happy', 'sad');",
            "CREATE SEQUENCE \"public\".\"invoice_numbers\" AS bigint START WITH 1000;",
            "CREATE TABLE \"public\".\"orders\" (\n    \"id\" bigint NOT NULL,\n    \"user_id\" integer NOT NULL,\n    CONSTRAINT \"orders_pkey\" PRIMARY KEY (id)\n);",
            "CREATE TABLE \"public\".\"users\" (\n    \"id\" integer GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n    \"email\" character varying(200) DEFAULT 'none' NOT NULL,\n    \"name\" text COLLATE \"C\",\n    CONSTRAINT \"users_pkey\" PRIMARY KEY (id)\n);",
            "CREATE INDEX \"users_lower_name\" ON \"public\".\"users\" USING btree (lower(name)) WHERE (name IS NOT NULL);",
            "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_user_fk\" FOREIGN KEY (user_id) REFERENCES users(id);",
            "CREATE VIEW \"public\".\"named_users\" AS SELECT id FROM users WHERE name IS NOT NULL;",
            "CREATE TRIGGER \"orders_audit\" AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION audit();",
        };
        var positions = order.Select(statement => text.IndexOf(statement, StringComparison.Ordinal)).ToList();
        Assert.IsTrue(positions.All(position => position >= 0), text);
        CollectionAssert.AreEqual(positions.Order().ToList(), positions, text);
    }

    [TestMethod]
    public void Unexpected_objects_get_commented_out_drops_and_a_changed_column_an_alter()
    {
        var document = Snapshots.Document(Snapshots.Postgres(Snapshots.Users()));
        var users = Snapshots.Users();
        var actual = document.Snapshot with
        {
            Tables = [users with { Columns = [users.Columns[0], users.Columns[1] with { Default = null }, users.Columns[2], new ColumnSchema("nickname", "text", true)] }, Snapshots.Orders()],
        };

        var text = RepairScript.Generate(SchemaComparison.Compare(document, "s.json", actual, "replica/app"), SchemaSnapshot.Postgres, "replica/app", "PostgreSQL 15.8", Now)!;

        StringAssert.Contains(text, "\nALTER TABLE \"public\".\"users\" ALTER COLUMN \"email\" SET DEFAULT 'none';\n");
        StringAssert.Contains(text, "\n-- ALTER TABLE \"public\".\"users\" DROP COLUMN \"nickname\";\n");
        StringAssert.Contains(text, "\n-- DROP TABLE \"public\".\"orders\";\n");
        Assert.IsFalse(text.Contains("orders_user_fk", StringComparison.Ordinal), "The unexpected table's own objects go with it.");
    }

    [TestMethod]
    public void On_mysql_the_primary_key_is_inline_and_a_changed_column_is_restated_whole()
    {
        var table = new TableSchema("app", "users",
            [new ColumnSchema("id", "int", false, Identity: "auto_increment"), new ColumnSchema("email", "varchar(200)", false, "'none'", Collation: "utf8mb4_bin")],
            [new ConstraintSchema("PRIMARY", ConstraintSchema.PrimaryKey, "PRIMARY KEY (`id`)")], [], []);
        var expected = new SchemaSnapshot(SchemaSnapshot.MySql, "10.11.6-MariaDB", null, ["app"], [table], [], [], []);
        var other = expected with { Tables = [], Schemas = ["prod"] };
        var changed = expected with { Tables = [table with { Columns = [table.Columns[0], table.Columns[1] with { Type = "varchar(100)" }] }], Schemas = ["prod"] };

        var create = RepairScript.Generate(SchemaComparison.Compare(Snapshots.Document(expected), "s.json", other, "db/prod"), SchemaSnapshot.MySql, "db/prod", "10.11.6-MariaDB", Now)!;
        var alter = RepairScript.Generate(SchemaComparison.Compare(Snapshots.Document(expected), "s.json", changed, "db/prod"), SchemaSnapshot.MySql, "db/prod", "10.11.6-MariaDB", Now)!;

        StringAssert.Contains(create, "CREATE TABLE `prod`.`users` (\n    `id` int NOT NULL AUTO_INCREMENT,\n    `email` varchar(200) COLLATE utf8mb4_bin NOT NULL DEFAULT 'none',\n    PRIMARY KEY (`id`)\n);");
        StringAssert.Contains(alter, "ALTER TABLE `prod`.`users` MODIFY COLUMN `email` varchar(200) COLLATE utf8mb4_bin NOT NULL DEFAULT 'none';");
    }

    [TestMethod]
    public void A_mysql_trigger_with_a_compound_body_is_written_between_delimiter_lines()
    {
        var body = new TriggerSchema("orders_audit", "AFTER INSERT ON `orders` FOR EACH ROW BEGIN INSERT INTO audit VALUES (NEW.id); INSERT INTO audit VALUES (0); END");
        var simple = new TriggerSchema("orders_round", "BEFORE INSERT ON `orders` FOR EACH ROW SET NEW.total = 1");
        var dialect = SchemaDialect.For(SchemaSnapshot.MySql);

        Assert.AreEqual($"DELIMITER $$\nCREATE TRIGGER `orders_audit` {body.Definition}$$\nDELIMITER ;", dialect.CreateTrigger(body));
        Assert.AreEqual($"CREATE TRIGGER `orders_round` {simple.Definition};", dialect.CreateTrigger(simple));
    }
}
