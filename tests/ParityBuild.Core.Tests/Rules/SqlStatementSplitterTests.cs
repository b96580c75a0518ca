using System.Text.RegularExpressions;
using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Tests.Rules;

[TestClass]
public sealed partial class SqlStatementSplitterTests
{
    private static readonly string TrickyFolder = Path.Combine(AppContext.BaseDirectory, "Rules", "TrickyScripts");

    public static IEnumerable<object[]> TrickyScripts =>
        Directory.EnumerateFiles(TrickyFolder, "*.sql", SearchOption.AllDirectories)
            .Select(path => new object[] { Path.GetRelativePath(TrickyFolder, path).Replace('\\', '/') })
            .Order(Comparer<object[]>.Create((a, b) => string.CompareOrdinal((string)a[0], (string)b[0])));

    private static SqlEngine EngineOf(string relativePath) => relativePath.StartsWith("mysql/", StringComparison.Ordinal) ? SqlEngine.MySql : SqlEngine.PostgreSql;

    private static IReadOnlyList<string> Texts(string sql, SqlEngine engine = SqlEngine.PostgreSql) =>
        [.. SqlStatementSplitter.Split(sql, engine).Statements.Select(statement => statement.Text)];

    [TestMethod]
    [DynamicData(nameof(TrickyScripts))]
    public void A_tricky_script_splits_into_the_statements_its_header_announces(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(TrickyFolder, relativePath));
        var expected = int.Parse(StatementsHeader().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var script = SqlStatementSplitter.Split(text, EngineOf(relativePath));

        Assert.AreEqual(expected, script.Statements.Count, string.Join("\n----\n", script.Statements.Select(statement => statement.Text)));
    }

    [TestMethod]
    [DynamicData(nameof(TrickyScripts))]
    public void A_tricky_script_has_no_findings_although_its_strings_bodies_and_comments_break_every_rule(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(TrickyFolder, relativePath));

        var findings = MigrationRules.Check(relativePath, text, EngineOf(relativePath), new RuleContext());

        Assert.IsEmpty(findings, string.Join("\n", findings));
    }

    [TestMethod]
    public void Statements_know_their_line_and_column()
    {
        var statements = SqlStatementSplitter.Split("SELECT 1;  SELECT 2;\n\n\t  CREATE TABLE t (\n  id int);", SqlEngine.PostgreSql).Statements;

        CollectionAssert.AreEqual(new[] { (1, 1), (1, 12), (3, 4) }, statements.Select(statement => (statement.Line, statement.Column)).ToArray());
    }

    [TestMethod]
    public void A_statement_after_a_multi_line_string_or_comment_has_the_right_line()
    {
        var statements = SqlStatementSplitter.Split("SELECT 'a\nb\nc';\n/* x\ny */ SELECT $$\n$$;\nSELECT 3;", SqlEngine.PostgreSql).Statements;

        CollectionAssert.AreEqual(new[] { 1, 5, 7 }, statements.Select(statement => statement.Line).ToArray());
        Assert.AreEqual(6, statements[1].Column);
    }

    [TestMethod]
    public void The_last_statement_needs_no_semicolon_and_empty_statements_vanish()
    {
        CollectionAssert.AreEqual(new[] { "SELECT 1;", "SELECT 2" }, Texts(";;SELECT 1;;\n;SELECT 2").ToArray());
    }

    [TestMethod]
    public void Unterminated_strings_comments_and_bodies_run_to_the_end_without_throwing()
    {
        foreach (var sql in new[] { "SELECT 'abc", "SELECT \"abc", "SELECT $$abc", "SELECT 1 /* /* */", "SELECT E'\\", "$", "'", "/*", "--", "DELIMITER", "DELIMITER  \n" })
        {
            foreach (var engine in new[] { SqlEngine.PostgreSql, SqlEngine.MySql })
            {
                var script = SqlStatementSplitter.Split(sql, engine);
                Assert.IsLessThanOrEqualTo(1, script.Statements.Count, sql);
            }
        }
    }

    [TestMethod]
    public void A_nested_comment_is_one_comment_in_PostgreSQL_and_ends_at_the_first_close_in_MySQL()
    {
        const string Sql = "/* a /* b */ SELECT 1; */ SELECT 2;";

        Assert.AreEqual(1, Texts(Sql).Count);
        Assert.AreEqual(2, Texts(Sql, SqlEngine.MySql).Count);
    }

    [TestMethod]
    public void Backslashes_escape_in_MySQL_strings_and_in_PostgreSQL_E_strings_only()
    {
        Assert.AreEqual(1, Texts(@"SELECT 'a\'; SELECT 1;", SqlEngine.MySql).Count, "MySQL: the string runs on past the escaped quote");
        Assert.AreEqual(2, Texts(@"SELECT 'a\'; SELECT 1;").Count, "PostgreSQL: the backslash is a plain character");
        Assert.AreEqual(1, Texts(@"SELECT E'a\'; SELECT 1;").Count, "PostgreSQL E'': the backslash escapes");
    }

    [TestMethod]
    public void A_dollar_sign_inside_a_word_or_before_a_digit_is_no_dollar_quote()
    {
        CollectionAssert.AreEqual(new[] { "SELECT a$b$ FROM t WHERE x = $1;", "SELECT 2;" }, Texts("SELECT a$b$ FROM t WHERE x = $1;SELECT 2;").ToArray());
    }

    [TestMethod]
    public void A_DELIMITER_line_changes_what_ends_a_statement_until_the_next_one()
    {
        var texts = Texts("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$\ndelimiter ;\nSELECT 3;", SqlEngine.MySql);

        CollectionAssert.AreEqual(new[] { "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$", "SELECT 3;" }, texts.ToArray());
    }

    [TestMethod]
    public void DELIMITER_means_nothing_to_PostgreSQL()
    {
        CollectionAssert.AreEqual(new[] { "DELIMITER //\nSELECT 1;", "SELECT 2;" }, Texts("DELIMITER //\nSELECT 1;\nSELECT 2;").ToArray());
    }

    [TestMethod]
    public void MySQL_reads_a_double_minus_before_a_non_space_as_two_minus_signs()
    {
        Assert.AreEqual(1, Texts("SELECT 1 --1\n;", SqlEngine.MySql).Count);
        CollectionAssert.AreEqual(new[] { "SELECT 1 -- x\n;" }, Texts("SELECT 1 -- x\n;", SqlEngine.MySql).ToArray());
        Assert.AreEqual(1, Texts("SELECT 1 # ; SELECT 2\n;", SqlEngine.MySql).Count);
    }

    [TestMethod]
    public void An_executable_comment_is_code_in_MySQL()
    {
        var statement = SqlStatementSplitter.Split("/*!40101 SET NAMES utf8 */;", SqlEngine.MySql).Statements.Single();

        Assert.IsTrue(statement.IsWord(0, "SET"));
        Assert.AreEqual(10, statement.Column);
    }

    [TestMethod]
    public void A_statement_that_starts_in_an_executable_comment_keeps_its_opener_in_its_text()
    {
        var script = "/*!40101 SET NAMES utf8 */;\n-- c\n/*!50003 CREATE*/ /*!50017 DEFINER=`u`@`%`*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1 */;\nSELECT /*!40001 SQL_NO_CACHE */ 1;";

        CollectionAssert.AreEqual(
            new[] { "/*!40101 SET NAMES utf8 */;", "/*!50003 CREATE*/ /*!50017 DEFINER=`u`@`%`*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1 */;", "SELECT /*!40001 SQL_NO_CACHE */ 1;" },
            Texts(script, SqlEngine.MySql).ToArray(),
            string.Join(" | ", Texts(script, SqlEngine.MySql)));
        Assert.AreEqual(3, SqlStatementSplitter.Split(script, SqlEngine.MySql).Statements[1].Line);
    }

    [TestMethod]
    public void Keywords_are_words_and_quoted_names_are_not()
    {
        var statement = SqlStatementSplitter.Split("create index \"ON\" on public.\"Users\" (x);", SqlEngine.PostgreSql).Statements.Single();

        Assert.IsTrue(statement.AreWords(0, "CREATE", "INDEX"));
        Assert.AreEqual(SqlTokenKind.QuotedIdentifier, statement.Token(2).Kind);
        Assert.AreEqual(3, statement.FindWord(0, statement.Count, "ON"));
        Assert.AreEqual("Users", statement.NameAt(4).Name);
        Assert.AreEqual("users", SqlStatementSplitter.Split("SELECT Users", SqlEngine.PostgreSql).Statements[0].NameAt(1).Name);
    }

    [TestMethod]
    public void Words_may_hold_non_ASCII_letters()
    {
        var statement = SqlStatementSplitter.Split("SELECT * FROM café_naïve WHERE x = 1;", SqlEngine.PostgreSql).Statements.Single();

        Assert.AreEqual("café_naïve", statement.NameAt(3).Name);
    }

    [GeneratedRegex(@"^-- statements: (\d+)", RegexOptions.Multiline)]
    private static partial Regex StatementsHeader();
}
