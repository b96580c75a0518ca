using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Tests.Rules;

/// <summary>The one list of statements PostgreSQL refuses in a transaction block, read as the server reads the script.</summary>
[TestClass]
public sealed class NonTransactionalStatementsTests
{
    [TestMethod]
    [DataRow("CREATE INDEX CONCURRENTLY i ON t (a);", "CREATE INDEX CONCURRENTLY")]
    [DataRow("create unique index concurrently i on t (a);", "CREATE INDEX CONCURRENTLY")]
    [DataRow("DROP INDEX CONCURRENTLY IF EXISTS i;", "DROP INDEX CONCURRENTLY")]
    [DataRow("REINDEX (VERBOSE) TABLE CONCURRENTLY t;", "REINDEX … CONCURRENTLY")]
    [DataRow("ALTER TABLE m DETACH PARTITION m_2020 CONCURRENTLY;", "DETACH PARTITION … CONCURRENTLY")]
    [DataRow("VACUUM (ANALYZE) t;", "VACUUM")]
    [DataRow("CREATE DATABASE reports;", "CREATE DATABASE")]
    [DataRow("drop database reports;", "DROP DATABASE")]
    [DataRow("ALTER SYSTEM SET work_mem = '64MB';", "ALTER SYSTEM")]
    public void A_statement_PostgreSQL_refuses_in_a_transaction_is_named_with_its_line(string sql, string expected)
    {
        var found = Assert.ContainsSingle(NonTransactionalStatements.Find("-- a comment\n\n" + sql, 16));

        Assert.AreEqual(new NonTransactionalStatement(3, expected), found);
    }

    [TestMethod]
    [DataRow("CREATE INDEX i ON t (concurrently);")]
    [DataRow("SELECT 'VACUUM; CREATE DATABASE x';")]
    [DataRow("-- VACUUM;\n/* CREATE INDEX CONCURRENTLY i ON t (a); */ SELECT 1;")]
    [DataRow("CREATE FUNCTION f() RETURNS void AS $$ VACUUM; $$ LANGUAGE sql;")]
    [DataRow("ALTER TYPE mood ADD VALUE 'meh';")]
    public void Keywords_in_strings_comments_bodies_and_names_are_no_statements(string sql) =>
        Assert.IsEmpty(NonTransactionalStatements.Find(sql, 16));

    [TestMethod]
    public void ALTER_TYPE_ADD_VALUE_is_refused_only_before_PostgreSQL_12()
    {
        Assert.AreEqual("ALTER TYPE … ADD VALUE", Assert.ContainsSingle(NonTransactionalStatements.Find("ALTER TYPE mood ADD VALUE 'meh';", 11)).Statement);
        Assert.IsEmpty(NonTransactionalStatements.Find("ALTER TYPE mood ADD VALUE 'meh';", 12));
    }
}
