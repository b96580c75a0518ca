using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Tests.Rules;

[TestClass]
public sealed class TransactionControlTests
{
    [TestMethod]
    [DataRow("BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;", "1:BEGIN|3:COMMIT")]
    [DataRow("begin transaction isolation level serializable;", "1:BEGIN")]
    [DataRow("START TRANSACTION;", "1:START TRANSACTION")]
    [DataRow("CREATE TABLE t (id int);\nEND;", "2:END")]
    [DataRow("ABORT;", "1:ABORT")]
    [DataRow("ROLLBACK;", "1:ROLLBACK")]
    [DataRow("ROLLBACK AND CHAIN;", "1:ROLLBACK")]
    [DataRow("COMMIT AND CHAIN;", "1:COMMIT")]
    [DataRow("PREPARE TRANSACTION 'x';", "1:PREPARE TRANSACTION")]
    [DataRow("COMMIT PREPARED 'x';", "1:COMMIT PREPARED")]
    [DataRow("ROLLBACK PREPARED 'x';", "1:ROLLBACK PREPARED")]
    [DataRow("/* a */ COMMIT /* b */;", "1:COMMIT")]
    [DataRow("SELECT 1;\n\n  commit", "3:COMMIT")]
    [DataRow("DO $$\nBEGIN\n  INSERT INTO t VALUES (1);\n  COMMIT;\nEND $$;", "4:a DO block that runs COMMIT or ROLLBACK")]
    [DataRow("DO LANGUAGE plpgsql 'BEGIN IF true THEN ROLLBACK; END IF; END';", "1:a DO block that runs COMMIT or ROLLBACK")]
    [DataRow("DO $x$ BEGIN FOR i IN 1..3 LOOP COMMIT; END LOOP; END $x$;", "1:a DO block that runs COMMIT or ROLLBACK")]
    [DataRow("CREATE OR REPLACE PROCEDURE batch() LANGUAGE plpgsql AS $$\nBEGIN\n  COMMIT;\nEND $$;\nCALL public.batch();", "5:CALL batch, a procedure that runs COMMIT or ROLLBACK")]
    public void Statements_that_start_or_end_a_transaction_are_found_with_their_line(string sql, string expected)
    {
        var found = new TransactionControl().Find(sql);

        Assert.AreEqual(expected, string.Join("|", found.Select(statement => $"{statement.Line}:{statement.Statement}")));
    }

    [TestMethod]
    [DataRow("-- BEGIN; COMMIT;\nSELECT 1;")]
    [DataRow("/* COMMIT; /* nested; */ ROLLBACK; */ SELECT 1;")]
    [DataRow("SELECT 'COMMIT;'; SELECT E'\\';COMMIT;';")]
    [DataRow("SELECT \"commit\" FROM \"begin\";")]
    [DataRow("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;")]
    [DataRow("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;")]
    [DataRow("DO $$ BEGIN PERFORM 1; END $$;")]
    [DataRow("DO $$ DECLARE c text := 'COMMIT'; BEGIN RAISE NOTICE '%', c; END $$;")]
    [DataRow("SAVEPOINT a; RELEASE SAVEPOINT a; SAVEPOINT b; ROLLBACK TO SAVEPOINT b; ROLLBACK WORK TO b; ROLLBACK TO b;")]
    [DataRow("CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (1); END $$; CALL p();")]
    [DataRow("CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN COMMIT; END $$;")]
    [DataRow("CREATE TABLE commits (commit int, rollback int); SELECT commit FROM commits;")]
    public void Text_that_only_looks_like_transaction_control_is_not_found(string sql)
    {
        Assert.IsEmpty(new TransactionControl().Find(sql));
    }

    [TestMethod]
    public void A_procedure_created_by_an_earlier_script_and_called_by_a_later_one_is_found()
    {
        var control = new TransactionControl();

        Assert.IsEmpty(control.Find("CREATE PROCEDURE archive() LANGUAGE plpgsql AS $$ BEGIN DELETE FROM t; COMMIT; END $$;"));
        var found = control.Find("SELECT 1;\nCALL Archive();");

        Assert.AreEqual("2:CALL archive, a procedure that runs COMMIT or ROLLBACK", string.Join("|", found.Select(statement => $"{statement.Line}:{statement.Statement}")));
    }
}
