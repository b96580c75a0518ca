using ParityBuild.Core.Findings;
using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Tests.Rules;

[TestClass]
public sealed class SuppressionTests
{
    private const string Index = "CREATE INDEX IF NOT EXISTS users_email ON users (email);";

    private static IReadOnlyList<Finding> Check(string sql, SqlEngine engine = SqlEngine.PostgreSql) =>
        MigrationRules.Check("/p/V1__x.sql", sql, engine, new RuleContext());

    [TestMethod]
    public void An_ignore_comment_silences_its_code_on_the_next_statement_only()
    {
        var findings = Check($"-- parity:ignore PARITY4001 users is tiny\n{Index}\n{Index}\n");

        var finding = Assert.ContainsSingle(findings);
        Assert.AreEqual(3, finding.Line);
    }

    [TestMethod]
    public void An_ignore_comment_silences_only_the_codes_it_names()
    {
        var findings = Check("-- parity:ignore PARITY4001 users is tiny\nCREATE INDEX users_email ON users (email);");

        Assert.AreEqual("PARITY4010", Assert.ContainsSingle(findings).Code);
    }

    [TestMethod]
    public void An_ignore_comment_may_name_several_codes()
    {
        Assert.IsEmpty(Check("-- parity:ignore PARITY4001, PARITY4010 users is tiny and this runs once\nCREATE INDEX users_email ON users (email);"));
    }

    [TestMethod]
    public void A_trailing_comment_on_the_statements_line_silences_that_statement()
    {
        var findings = Check($"{Index} -- parity:ignore PARITY4001 users is tiny\n{Index}\n");

        Assert.AreEqual(2, Assert.ContainsSingle(findings).Line);
    }

    [TestMethod]
    public void A_comment_inside_a_statement_silences_that_statement()
    {
        Assert.IsEmpty(Check("CREATE INDEX IF NOT EXISTS users_email /* parity:ignore PARITY4001 users is tiny */ ON users (email);"));
    }

    [TestMethod]
    public void The_file_form_silences_a_code_in_the_whole_script()
    {
        Assert.IsEmpty(Check($"{Index}\n-- parity:ignore-file PARITY4001 every table here is tiny\n{Index}\n"));
    }

    [TestMethod]
    public void A_suppression_without_a_reason_silences_nothing_and_is_reported()
    {
        var findings = Check($"\n  -- parity:ignore PARITY4001\n{Index}");

        CollectionAssert.AreEquivalent(new[] { "PARITY4000", "PARITY4001" }, findings.Select(finding => finding.Code).ToArray());
        var malformed = findings.Single(finding => finding.Code == "PARITY4000");
        Assert.AreEqual((2, 3), (malformed.Line, malformed.Column));
        StringAssert.Contains(malformed.Message, "gives no reason");
    }

    [TestMethod]
    public void A_suppression_of_a_code_that_is_no_rule_is_reported()
    {
        var findings = Check($"-- parity:ignore PARITY1001 it is fine\n{Index}");

        StringAssert.Contains(findings.Single(finding => finding.Code == "PARITY4000").Message, "PARITY1001, which is not a safety rule");
        Assert.IsTrue(findings.Any(finding => finding.Code == "PARITY4001"));
    }

    [TestMethod]
    public void A_suppression_without_a_code_is_reported()
    {
        StringAssert.Contains(Assert.ContainsSingle(Check("-- parity:ignore because\nSELECT 1;")).Message, "names no PARITY4xxx code");
    }

    [TestMethod]
    public void An_ignore_comment_inside_a_string_is_no_suppression()
    {
        var findings = Check($"SELECT '-- parity:ignore PARITY4001 no';\n{Index}");

        Assert.AreEqual("PARITY4001", Assert.ContainsSingle(findings).Code);
    }

    [TestMethod]
    public void Mysql_hash_comments_suppress_too()
    {
        Assert.IsEmpty(Check("# parity:ignore PARITY4013 the table is tiny\nCREATE INDEX IF NOT EXISTS users_email ON users (email);", SqlEngine.MySql));
    }

    [TestMethod]
    public void A_suppression_after_the_last_statement_is_reported()
    {
        var finding = Assert.ContainsSingle(Check("SELECT 1;\n\n-- parity:ignore PARITY4001 nothing follows\n"));

        Assert.AreEqual(("PARITY4000", 3), (finding.Code, finding.Line));
        StringAssert.Contains(finding.Message, "is followed by no statement");
    }
}
