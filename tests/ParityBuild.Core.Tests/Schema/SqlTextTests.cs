using ParityBuild.Core.Findings;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Schema;

namespace ParityBuild.Core.Tests.Schema;

/// <summary>
/// Names and values from a database or a snapshot in generated SQL: data wherever they are written, never a statement.
/// Whole repair files are checked in RepairScriptTests, and run with the real clients in the replica tests.
/// </summary>
[TestClass]
public sealed class SqlTextTests
{
    private const string Victim = "\nDROP TABLE victim; --";

    [TestMethod]
    public void A_postgres_name_with_a_line_break_is_a_unicode_escaped_identifier_and_a_mysql_one_is_left_out_of_its_comment()
    {
        Assert.AreEqual("\"users\"", SqlText.Quote(SqlEngine.PostgreSql, "users"));
        Assert.AreEqual("\"a\"\"b\\c\"", SqlText.Quote(SqlEngine.PostgreSql, "a\"b\\c"));
        Assert.AreEqual("U&\"evil\\000ADROP TABLE victim; --\"", SqlText.Quote(SqlEngine.PostgreSql, "evil" + Victim));
        Assert.AreEqual("U&\"a\\000D\"\"\\\\\\2028\"", SqlText.Quote(SqlEngine.PostgreSql, "a\r\"\\\u2028"));
        Assert.AreEqual("`a``b\\c`", SqlText.Quote(SqlEngine.MySql, "a`b\\c"));

        Assert.AreEqual("-- DROP TABLE U&\"evil\\000ADROP TABLE victim; --\";", SqlText.CommentOut($"DROP TABLE {SqlText.Quote(SqlEngine.PostgreSql, "evil" + Victim)};", "table evil"));
        var mySql = SqlText.CommentOut($"DROP TABLE {SqlText.Quote(SqlEngine.MySql, "evil" + Victim)};", "table evil" + Victim);
        Assert.AreEqual("-- The statement for table evil\\nDROP TABLE victim; -- is left out: a name or value in it holds a line break or control character. Write it by hand.", mySql);
        Assert.AreEqual("-- INSERT INTO t\n-- VALUES ('a');", SqlText.CommentOut("INSERT INTO t\nVALUES ('a');", "V1"));
    }

    [TestMethod]
    public void A_literal_reads_the_same_whatever_standard_conforming_strings_or_no_backslash_escapes_say()
    {
        Assert.AreEqual("NULL", SqlText.Literal(SqlEngine.PostgreSql, null));
        Assert.AreEqual("'it''s'", SqlText.Literal(SqlEngine.PostgreSql, "it's"));
        Assert.AreEqual("'it''s'", SqlText.Literal(SqlEngine.MySql, "it's"));

        // A backslash before the closing quote would end the string later with standard_conforming_strings off (PostgreSQL),
        // and always on MySQL: E'' and an escaped backslash end it where it ends.
        Assert.AreEqual("E'x\\\\'''", SqlText.Literal(SqlEngine.PostgreSql, "x\\'"));
        Assert.AreEqual("'x\\\\'''", SqlText.Literal(SqlEngine.MySql, "x\\'"));
        Assert.AreEqual("E'a\\nb\\rc\\u0000d\\u2028'", SqlText.Literal(SqlEngine.PostgreSql, "a\nb\rc\0d\u2028"));
        Assert.AreEqual("'a\\nb\\rc\\0d\\Z'", SqlText.Literal(SqlEngine.MySql, "a\nb\rc\0d\u001A"));
    }

    [TestMethod]
    public void One_line_shows_each_line_break_and_control_character_as_an_escape_and_leaves_the_rest_alone()
    {
        Assert.AreEqual("a\\nb\\r\\0c\\t\\u0085\\u2028\\u202E C:\\dir\\new é", OneLine.Escape("a\nb\r\0c\t\u0085\u2028\u202E C:\\dir\\new é"));
        Assert.AreSame("plain C:\\x", OneLine.Escape("plain C:\\x"));
    }
}
