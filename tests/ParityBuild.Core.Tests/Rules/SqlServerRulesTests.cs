using ParityBuild.Core.Findings;
using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Tests.Rules;

/// <summary>The safety rules over T-SQL as SSMS, sqlcmd and DbUp projects write it.</summary>
[TestClass]
public sealed class SqlServerRulesTests
{
    private const string File = "/project/Migrations/Script0002 - change.sql";

    private static IReadOnlyList<Finding> Check(string sql, RuleContext? context = null) =>
        MigrationRules.Check(File, sql, SqlEngine.SqlServer, context ?? new RuleContext());

    // Every one of these reads as harmless T-SQL; a lexer that took any marker at face value would report something.
    [TestMethod]
    [DataRow("SET LOCK_TIMEOUT 5000;\nSELECT [a--b], [c*/d], [e]]f] FROM [dbo].[Orders];\nGO", DisplayName = "-- and */ inside brackets")]
    [DataRow("SET LOCK_TIMEOUT 5000;\nSELECT N'\nGO\nCREATE INDEX IX ON dbo.Orders (A)\n' AS [GO];\nGO 5", DisplayName = "GO inside a string and as an identifier, GO 5")]
    [DataRow("/* outer /* CREATE INDEX IX ON dbo.Orders (A) */ still a comment\nGO\n*/\nSELECT 1;", DisplayName = "nested comments holding GO and DDL")]
    [DataRow("EXEC (N'CREATE INDEX IX_A ON dbo.Orders (A)');\nEXEC sp_executesql N'ALTER TABLE dbo.Orders ALTER COLUMN A bigint';", DisplayName = "dynamic SQL")]
    [DataRow("SELECT 'C:\\temp\\' AS [Path];\nSELECT 1;", DisplayName = "a backslash before a quote is an ordinary character")]
    [DataRow("CREATE TABLE #work ([Id] int NOT NULL);\nCREATE INDEX IX_work ON #work ([Id]);\nINSERT INTO #work VALUES (1);\nDROP TABLE #work;", DisplayName = "temporary tables")]
    [DataRow("IF OBJECT_ID(N'dbo.T', N'U') IS NULL\nBEGIN\n    CREATE TABLE [dbo].[T] ([Id] int NOT NULL);\nEND\nGO\nCREATE OR ALTER VIEW [dbo].[V] AS SELECT [Id] FROM [dbo].[T];\nGO", DisplayName = "IF guards and CREATE OR ALTER")]
    public void Tricky_TSQL_gets_no_false_finding(string sql) =>
        Assert.IsEmpty(Check(sql), string.Join("; ", Check(sql)));

    [TestMethod]
    public void A_finding_points_at_its_statement_and_names_the_table_as_written()
    {
        var findings = Check("SET LOCK_TIMEOUT 5000\nGO\n  ALTER TABLE [dbo].[Orders]\n    ALTER COLUMN [Total] decimal(19, 4) NOT NULL\n");

        var finding = Assert.ContainsSingle(findings);
        Assert.AreEqual("PARITY4018", finding.Code);
        Assert.AreEqual(3, finding.Line);
        Assert.AreEqual(3, finding.Column);
        StringAssert.Contains(finding.Message, "ALTER COLUMN [Total] on the existing table [dbo].[Orders]");
    }

    [TestMethod]
    public void Statements_without_semicolons_are_told_apart_and_a_suppression_covers_only_the_next()
    {
        var findings = Check("""
            SET LOCK_TIMEOUT 5000
            IF COL_LENGTH(N'dbo.Orders', N'Note') IS NULL ALTER TABLE dbo.Orders ADD Note nvarchar(20) NOT NULL
            -- parity:ignore PARITY4016 Orders holds 40 rows: a short lock is fine
            IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_A') CREATE INDEX IX_A ON dbo.Orders (A)
            IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX_B') CREATE INDEX IX_B ON dbo.Orders (B)
            """);

        Assert.AreEqual("PARITY4017 line 2; PARITY4016 line 5", string.Join("; ", findings.Select(finding => $"{finding.Code} line {finding.Line}")));
    }

    [TestMethod]
    public void A_table_the_script_created_is_not_live_whatever_its_brackets_and_case()
    {
        var context = new RuleContext();
        Assert.AreEqual("PARITY4010", Assert.ContainsSingle(Check("CREATE TABLE [dbo].[Orders] ([Id] int NOT NULL);", context)).Code);

        AssertClean(Check("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'IX') CREATE INDEX IX ON orders (Id);\nALTER TABLE DBO.ORDERS ADD CONSTRAINT FK FOREIGN KEY (Id) REFERENCES dbo.Customers (Id);", context));
    }

    [TestMethod]
    public void Sqlcmd_lines_and_variables_do_not_stop_the_rules()
    {
        var findings = Check(":setvar Schema dbo\n:on error exit\nSET LOCK_TIMEOUT 5000;\nALTER TABLE [$(Schema)].[Orders] ALTER COLUMN [Total] bigint NOT NULL;\nGO\n");

        var finding = Assert.ContainsSingle(findings);
        Assert.AreEqual("PARITY4018", finding.Code);
        StringAssert.Contains(finding.Message, "[$(Schema)].[Orders]");
    }

    [TestMethod]
    public void A_script_the_parser_cannot_read_gets_no_finding_rather_than_guesses() =>
        AssertClean(Check("ALTER TABLE dbo.Orders ALTER COLUMN (\nGO"));

    private static void AssertClean(IReadOnlyList<Finding> findings) => Assert.IsEmpty(findings, string.Join("; ", findings));
}
