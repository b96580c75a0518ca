using static ParityBuild.Core.Tests.Checksums.ChecksumTestData;

namespace ParityBuild.Core.Tests.Checksums;

[TestClass]
public sealed class SemanticSha256Tests
{
    /// <summary>Scripts the tokenizer must handle (none of them gives up); the tests below edit them.</summary>
    internal static readonly string[] TrickyScripts =
    [
        """
        CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger AS $body$
        BEGIN
            -- inside the body this is not a comment; neither is /* this */
            INSERT INTO audit_log VALUES ('x;y', $1, TG_OP);   -- trailing ; inside
            RETURN NEW;
        END;
        $body$ LANGUAGE plpgsql;
        """,
        """
        CREATE FUNCTION add_one(integer) RETURNS integer AS $$
            SELECT $1 + 1;  -- $1 is a parameter, not a dollar quote
        $$ LANGUAGE sql IMMUTABLE;
        PREPARE find_user (int, text) AS SELECT * FROM users WHERE id = $1 AND name = $2;
        """,
        """
        INSERT INTO settings (k, v) VALUES ('comment', '-- not a comment'), ('block', '/* nor this */'), ('semi', ';');
        UPDATE "Weird ""Quoted"" Table" SET "Col" = 'it''s' WHERE "Col" <> '';
        """,
        """
        /* outer /* nested, as PostgreSQL nests them */ still a comment */
        SELECT 1;
        """,
        """
        /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
        /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
        SELECT /*+ INDEX(t idx_t_a) */ `a`, `b``c` FROM t;
        """,
        """
        CREATE TABLE [dbo].[Outgoing Messages] (
            [Id] [uniqueidentifier] NOT NULL,
            [Odd]]Name] nvarchar(255) NULL
        ) ON [PRIMARY]
        GO
        """,
        """
        SELECT ARRAY['a', 'b']::text[], x[1], E'tab', N'unicode', X'0A', 1.5e-10, .5, 0x1F FROM t; -- end
        """,
        """
        SELECT 'first line'
               'continued on the next';
        """,
    ];

    [TestMethod]
    public void Every_tricky_script_gets_a_semantic_checksum()
    {
        foreach (var script in TrickyScripts)
        {
            Assert.IsNull(SemanticReason(script), script);
            Assert.IsNotNull(Semantic(script));
        }
    }

    [TestMethod]
    [DataRow("CREATE TABLE t (\n  id int,\n  name text\n);\n", "CREATE TABLE t (\n\t\tid int,\n\t\tname text\n);\n")]
    [DataRow("CREATE TABLE t (\n  id int,\n  name text\n);\n", "CREATE TABLE t ( id int, name text );")]
    [DataRow("SELECT 1; -- one\nSELECT 2; /* two */\n", "SELECT 1; -- the first\nSELECT 2; /* the second, longer */\n")]
    [DataRow("SELECT 1; -- one\nSELECT 2; /* two */\n", "SELECT 1;\nSELECT 2;\n")]
    [DataRow("SELECT a/*x*/FROM t", "SELECT a FROM t")]
    [DataRow("SELECT 1;", "SELECT 1;\n")]
    [DataRow("SELECT 1;", "\uFEFFSELECT 1;\r\n")]
    [DataRow("SELECT $1, $2 FROM t", "SELECT  $1 ,\n $2\nFROM t")]
    [DataRow("SELECT a<=b, c::int FROM t", "SELECT a <= b , c::int\nFROM t")]
    [DataRow("CREATE FUNCTION f() AS $$ body $$;", "CREATE FUNCTION f()\n    AS $$ body $$ ;")]
    [DataRow("SELECT 1 --comment\n", "SELECT 1  --comment\n")]
    [DataRow("SELECT a<-- c\nFROM t", "SELECT a<\nFROM t")]
    [DataRow("SELECT a*/* c */b", "SELECT a* b")]
    [DataRow("SELECT a</**/=b", "SELECT a< =b")]
    public void Whitespace_and_comment_edits_keep_the_semantic_checksum(string before, string after)
    {
        Assert.IsNotNull(Semantic(before), SemanticReason(before));
        Assert.AreEqual(Semantic(before), Semantic(after));
    }

    [TestMethod]
    [DataRow("SELECT 1\nGO\nSELECT 2", "SELECT 1\n\n    GO   -- end of batch\n\nSELECT 2")]
    [DataRow("SELECT 1\nGO 5\n", "SELECT 1\r\n  GO 5 /* five times */\r\n")]
    [DataRow("SELECT 1\nGO", "SELECT 1\nGO\n\n")]
    [DataRow("SELECT total\n     / count FROM t", "SELECT total / count FROM t")]
    [DataRow("SELECT 1 GO SELECT 2", "SELECT 1\n  GO SELECT 2")]
    [DataRow("BEGIN NULL; END;\n/\n", "BEGIN NULL; END;\n  /   -- run it\n")]
    [DataRow("--liquibase formatted sql\n-- changeset alice:1\nSELECT 1;", "--liquibase formatted sql\n--    changeset alice:1\n  SELECT 1; -- the first")]
    [DataRow("-- changeset alice:1\nSELECT 1;", "-- changeset bob:2\nSELECT 1;")]
    [DataRow("BEGIN TRAN;\nSELECT 1;\n-- ROLLBACK TRANSACTION\nCOMMIT;", "BEGIN TRAN;\nSELECT 1;\nCOMMIT;")]
    [DataRow("-- migrate:up\nSELECT 1;", "-- migrate:up\r\n\r\n-- the table\r\nSELECT  1;")]
    [DataRow("-- rolled back by hand\nSELECT 1;", "-- rolled back by someone else\nSELECT 1;")]
    [DataRow("CREATE INDEX i ON t (a) INCLUDE (b) -- include b\n", "CREATE INDEX i ON t (a) INCLUDE (b) -- the query reads b\n")]
    public void Batch_separators_and_tool_directives_keep_the_checksum_when_only_spacing_around_them_changes(string before, string after)
    {
        Assert.IsNotNull(Semantic(before), SemanticReason(before));
        Assert.AreEqual(Semantic(before), Semantic(after));
    }

    [TestMethod]
    public void Reindenting_outside_bodies_and_editing_comments_keeps_the_tricky_scripts_equal()
    {
        var edited = ("\n    " + TrickyScripts[0])
            .Replace("() RETURNS", "()\n    RETURNS", StringComparison.Ordinal)
            .Replace("$body$ LANGUAGE", "$body$\n   LANGUAGE", StringComparison.Ordinal);
        Assert.AreEqual(Semantic(TrickyScripts[0]), Semantic(edited));

        var commented = "-- audit trigger\n" + TrickyScripts[1].Replace("LANGUAGE sql", "LANGUAGE /* why */ sql", StringComparison.Ordinal);
        Assert.AreEqual(Semantic(TrickyScripts[1]), Semantic(commented));

        // Inside the body the same reindentation is a real edit.
        var body = TrickyScripts[0].Replace("\nBEGIN", "\n  BEGIN", StringComparison.Ordinal);
        Assert.AreNotEqual(Semantic(TrickyScripts[0]), Semantic(body));
    }

    [TestMethod]
    [DataRow("CREATE TABLE users (id int);", "CREATE TABLE user (id int);")]
    [DataRow("CREATE TABLE Users (id int);", "CREATE TABLE users (id int);")]
    [DataRow("SELECT 'a b';", "SELECT 'a  b';")]
    [DataRow("SELECT 'a\nb';", "SELECT 'a\n  b';")]
    [DataRow("SELECT \"My Col\" FROM t;", "SELECT \"My  Col\" FROM t;")]
    [DataRow("SELECT [My Col] FROM t;", "SELECT [My  Col] FROM t;")]
    [DataRow("SELECT `My Col` FROM t;", "SELECT `My  Col` FROM t;")]
    [DataRow("AS $$ SELECT 1; $$", "AS $$ SELECT  1; $$")]
    [DataRow("AS $$ SELECT 1; -- a\n$$", "AS $$ SELECT 1; -- b\n$$")]
    [DataRow("AS $f$ SELECT 1; /* a */ $f$", "AS $f$ SELECT 1; /* b */ $f$")]
    [DataRow("SELECT a b FROM t", "SELECT ab FROM t")]
    [DataRow("SELECT a FROM t WHERE a <= 1", "SELECT a FROM t WHERE a < = 1")]
    [DataRow("/*!40101 SET NAMES utf8 */;", "/*!40101 SET NAMES utf8mb4 */;")]
    [DataRow("/*!40101 SET NAMES utf8 */;", "/*!40101 SET  NAMES utf8 */;")]
    [DataRow("SELECT /*+ INDEX(t a) */ 1", "SELECT /*+ INDEX(t b) */ 1")]
    [DataRow("SELECT 'x -- y';", "SELECT 'x -- z';")]
    [DataRow("SELECT $1;", "SELECT $2;")]
    [DataRow("SELECT 1.5;", "SELECT 1. 5;")]
    [DataRow("SELECT 1e-5;", "SELECT 1e - 5;")]
    [DataRow("SELECT E'x';", "SELECT E 'x';")]
    [DataRow("SELECT N'x';", "SELECT N 'x';")]
    [DataRow("SELECT U&'x';", "SELECT U & 'x';")]
    [DataRow("SELECT count(*) FROM t;", "SELECT count (*) FROM t;")]
    [DataRow("SELECT t.5 FROM t;", "SELECT t .5 FROM t;")]
    [DataRow("SELECT 'a'\n'b';", "SELECT 'a' 'b';")]
    [DataRow("SELECT 'a''b';", "SELECT 'a' 'b';")]
    [DataRow("SELECT 1 --x\n", "SELECT 1 --y\n")]
    [DataRow("SELECT 1; /* a /* b */ c */", "SELECT 1; /* a /* b */ d */")]
    [DataRow("SELECT 1", "SELECT 1;")]
    [DataRow("SELECT 1\nGO\n", "SELECT 1 GO\n")]
    [DataRow("SELECT 1\nGO\nSELECT 2\n", "SELECT 1 GO SELECT 2\n")]
    [DataRow("SELECT 1\ngo\nSELECT 2\n", "SELECT 1\ngo SELECT 2\n")]
    [DataRow("SELECT 1\nGO 5\n", "SELECT 1 GO 5\n")]
    [DataRow("SELECT 1\nGO 5\nSELECT 2", "SELECT 1\nGO 5 SELECT 2")]
    [DataRow("SELECT 1\n/* a */ GO\n", "SELECT 1 /* a */ GO\n")]
    [DataRow("SELECT 1\nGO", "SELECT 1 GO")]
    [DataRow("BEGIN NULL; END;\n/\nSELECT 1 FROM dual;", "BEGIN NULL; END; / SELECT 1 FROM dual;")]
    [DataRow("SELECT a\n/\n", "SELECT a /\n")]
    [DataRow("--liquibase formatted sql\n-- changeset alice:1\nCREATE TABLE t (id int);", "--liquibase formatted sql\n-- changeset alice:2\nCREATE TABLE t (id int);")]
    [DataRow("-- liquibase formatted sql\n-- changeset alice:1\nSELECT 1;", "-- changeset alice:1\nSELECT 1;")]
    [DataRow("--liquibase formatted sql\n-- changeset a:1\nSELECT 1;\n-- rollback DROP TABLE t;", "--liquibase formatted sql\n-- changeset a:1\nSELECT 1;\n-- rollback DROP TABLE u;")]
    [DataRow("--liquibase formatted sql\n-- changeset a:1\nSELECT 1;", "--liquibase formatted sql\n-- changeset a:1 runOnChange:true\nSELECT 1;")]
    [DataRow("-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;", "-- migrate:up\nCREATE TABLE t (id int);\nDROP TABLE t;")]
    [DataRow("-- migrate:up transaction:false\nSELECT 1;", "-- migrate:up\nSELECT 1;")]
    [DataRow("-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;", "-- +goose Up\nSELECT 1;\nSELECT 2;")]
    [DataRow("--liquibase formatted sql\n-- comment: it's the first\nSELECT 1;", "--liquibase formatted sql\n-- comment: it's the second\nSELECT 1;")]
    public void Real_edits_change_the_semantic_checksum(string before, string after)
    {
        Assert.IsNotNull(Semantic(before), SemanticReason(before));
        Assert.IsNotNull(Semantic(after), SemanticReason(after));
        Assert.AreNotEqual(Semantic(before), Semantic(after));
    }

    [TestMethod]
    [DataRow("SELECT 'it\\'s';", "backslash inside a quoted string")]
    [DataRow("SELECT \"a\\\"b\";", "backslash inside a quoted string")]
    [DataRow("SELECT E'\\n';", "backslash inside a quoted string")]
    [DataRow("SELECT * FROM #t WHERE a = 'x\ny';", "'#'")]
    [DataRow("SELECT data #>> '{a}' /* x\n*/ FROM t;", "'#'")]
    [DataRow("INSERT INTO #t VALUES ([a\n]);", "'#'")]
    [DataRow("SELECT 'abc", "unterminated")]
    [DataRow("SELECT \"abc", "unterminated")]
    [DataRow("SELECT 1; /* never closed", "unterminated")]
    [DataRow("SELECT 1; /* a /* b */", "unterminated")]
    [DataRow("CREATE FUNCTION f() AS $$ SELECT 1;", "unterminated")]
    [DataRow("CREATE FUNCTION f() AS $body$ SELECT 1; $bod$", "unterminated")]
    [DataRow("/*!40101 SET NAMES utf8", "unterminated")]
    [DataRow("COPY t FROM stdin WITH\nDELIMITER ',' CSV;", "DELIMITER")]
    [DataRow("SELECT 1;\nDELIMITER $$ AND MORE\n", "DELIMITER")]
    [DataRow("DELIMITER $$\nSELECT 'a\\", "unterminated")]
    [DataRow("\\i other.sql\n", "backslash outside strings")]
    [DataRow("SELECT q'[it's]' FROM dual;", "Oracle")]
    [DataRow("SELECT ARRAY[']'] FROM t;", "']' inside a string")]
    [DataRow("SELECT x[y[1]] FROM t;", "inside [ ]")]
    [DataRow("SELECT 'a' /* joined? */ 'b';", "comment between two string literals")]
    [DataRow("SELECT 1 --it's\n", "MySQL reads that line as code")]
    [DataRow("/* a /* b */ 'c */ SELECT 1;", "nested comment")]
    [DataRow("/*!40101 SET x = '*/' */", "\"*/\" inside a string")]
    [DataRow("/*!40101 SET x = 1 -- c */\n*/", "comment marker")]
    [DataRow("SELECT 1\u0001", "control character")]
    public void Dialect_dependent_scripts_have_no_semantic_checksum(string sql, string reason)
    {
        Assert.IsNull(Semantic(sql));
        var actual = SemanticReason(sql);
        Assert.IsNotNull(actual);
        Assert.Contains(reason, actual);
    }

    [TestMethod]
    public void Invalid_utf8_has_no_semantic_checksum()
    {
        byte[] sjis = [.. Bytes("SELECT '"), 0x95, 0x5C, .. Bytes("';")];
        Assert.IsNull(Semantic([sjis]));
    }

    // A licence header above a stored procedure between DELIMITER lines is cosmetic; so is a '#' comment after them.
    [TestMethod]
    [DataRow("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\n", "-- Licensed under the Apache License 2.0\n/* (c) Acme */\nDELIMITER $$\n\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND$$\n\nDELIMITER ;\n")]
    [DataRow("DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 'it\\'s'; END;;\nDELIMITER ;\n# end\n", "DELIMITER ;;\r\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 'it\\'s'; END;;\r\nDELIMITER ;\r\n# the end\r\n")]
    public void A_mysql_client_script_with_DELIMITER_lines_has_a_semantic_checksum_that_ignores_formatting(string before, string after)
    {
        Assert.IsNotNull(Semantic(before), SemanticReason(before));
        Assert.AreEqual(Semantic(before), Semantic(after));
    }

    [TestMethod]
    [DataRow("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\n", "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\nDELIMITER ;\n")]
    [DataRow("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\n", "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 2; END$$\nDELIMITER ;\n")]
    [DataRow("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT '$$ a'; END$$\n", "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT '$$  a'; END$$\n")]
    [DataRow("DELIMITER $$\nSELECT 'a\\' b'$$\n", "DELIMITER $$\nSELECT 'a\\'  b'$$\n")]
    [DataRow("DELIMITER $$\nSELECT 1 # x\nFROM t$$\n", "DELIMITER $$\nSELECT 1\nFROM u$$\n")]
    public void Real_edits_of_a_mysql_client_script_change_its_semantic_checksum(string before, string after)
    {
        Assert.IsNotNull(Semantic(before), SemanticReason(before));
        Assert.IsNotNull(Semantic(after), SemanticReason(after));
        Assert.AreNotEqual(Semantic(before), Semantic(after));
    }

    [TestMethod]
    public void Spacing_and_comments_on_a_temp_table_s_line_are_cosmetic_and_what_the_hash_touches_or_a_moved_line_break_is_real()
    {
        const string Script = "CREATE TABLE #Claims (Id int, Name nvarchar(50));\nINSERT INTO ##Global SELECT Id FROM #Claims WHERE Name = N'it''s';\nSELECT data #>> '{a}' FROM t;\nDROP TABLE #Claims;\n";
        Assert.IsNotNull(Semantic(Script), SemanticReason(Script));

        string[] cosmetic =
        [
            "-- Copyright 2026 Example Ltd.\n" + Script.Replace("\n", "\r\n", StringComparison.Ordinal),
            Script.Replace("CREATE TABLE #", "CREATE\n  TABLE #", StringComparison.Ordinal),
            Script.Replace("WHERE Name", "WHERE  Name", StringComparison.Ordinal),
            Script.Replace("#Claims (Id int, Name", "#Claims  ( Id int,Name", StringComparison.Ordinal),
            Script.Replace("DROP TABLE #Claims;", "DROP TABLE #Claims; -- done", StringComparison.Ordinal),
            Script.Replace("DROP TABLE #Claims;", "DROP TABLE #Claims /* done */ ;", StringComparison.Ordinal),
        ];
        foreach (var edited in cosmetic)
        {
            Assert.AreEqual(Semantic(Script), Semantic(edited), edited);
        }

        string[] real =
        [
            Script.Replace("#Claims (", "#Claim (", StringComparison.Ordinal),
            Script.Replace("SELECT Id FROM #Claims", "SELECT Id FROM # Claims", StringComparison.Ordinal),
            Script.Replace("INTO ##Global", "INTO # #Global", StringComparison.Ordinal),
            Script.Replace("data #>>", "data # >>", StringComparison.Ordinal),
            Script.Replace("data #>>", "data#>>", StringComparison.Ordinal),
            Script.Replace("#Claims;\n", "#Claims;\nSELECT 1;\n", StringComparison.Ordinal),

            // MySQL reads a comment from the '#' to the end of the line: a line break moved into or out of it moves code.
            Script.Replace("#Claims WHERE Name", "#Claims\nWHERE Name", StringComparison.Ordinal),
            Script.Replace("';\nSELECT data", "'; SELECT data", StringComparison.Ordinal),
            Script.Replace("FROM t;\nDROP", "FROM t; DROP", StringComparison.Ordinal),
        ];
        foreach (var edited in real)
        {
            Assert.IsNotNull(Semantic(edited), SemanticReason(edited));
            Assert.AreNotEqual(Semantic(Script), Semantic(edited), edited);
        }
    }

    [TestMethod]
    public void Copy_delimiter_options_are_not_mistaken_for_the_mysql_command()
    {
        Assert.IsNotNull(Semantic("COPY t FROM stdin WITH DELIMITER ',' CSV;"));
        Assert.IsNotNull(Semantic("SELECT delimiter FROM settings;"));
    }

    [TestMethod]
    public void The_reason_names_the_line()
    {
        Assert.AreEqual("line 3: a '#' (a comment in MySQL, code elsewhere) on a line whose code reading leaves a string, name or comment open", SemanticReason("SELECT 1;\r\n\r\n# it's\r\n"));
    }
}
