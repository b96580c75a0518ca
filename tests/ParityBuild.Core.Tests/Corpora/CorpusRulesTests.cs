using System.Text.RegularExpressions;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Tests.Corpora;

/// <summary>
/// The safety rules over every script of each real project, as with ParityRules=all: the splitter never throws, and
/// every finding points at the start of a statement, never into a dollar-quoted body, a string or a comment.
/// Real projects do break the rules, so findings are expected; the test prints them by code for a reader to judge.
/// </summary>
[TestClass]
public sealed partial class CorpusRulesTests
{
    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Corpora => CorpusLayout.All.Select(corpus => new object[] { corpus });

    [TestMethod]
    [DynamicData(nameof(Corpora))]
    public void The_rules_read_a_real_project_and_point_only_at_statements(string corpus)
    {
        var layout = CorpusLayout.For(corpus);
        var findings = new List<Finding>();
        var statements = 0;
        foreach (var script in layout.Scripts(includeEverything: true))
        {
            var text = File.ReadAllText(script.FullPath);
            var engine = EngineOf(corpus, script.RelativePath);
            statements += SqlStatementSplitter.Split(text, engine).Statements.Count;
            var found = MigrationRules.Check(script.FullPath, text, engine, new RuleContext());
            foreach (var finding in found)
            {
                AssertPointsAtAStatement(text, finding);
            }

            findings.AddRange(found);
        }

        Assert.IsGreaterThan(0, statements);
        TestContext.WriteLine($"{corpus}: {statements} statements, {findings.Count} findings: " +
            string.Join(", ", findings.GroupBy(finding => finding.Code).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Key} x {group.Count()}")));
    }

    [TestMethod]
    public void The_splitter_reads_every_corpus_file_in_both_dialects_without_throwing()
    {
        foreach (var corpus in CorpusLayout.All)
        {
            foreach (var script in CorpusLayout.For(corpus).Scripts(includeEverything: true))
            {
                var text = File.ReadAllText(script.FullPath);
                foreach (var engine in new[] { SqlEngine.PostgreSql, SqlEngine.MySql, SqlEngine.SqlServer })
                {
                    foreach (var statement in SqlStatementSplitter.Split(text, engine).Statements)
                    {
                        Assert.IsTrue(statement.Start < statement.End && statement.End <= text.Length, script.RelativePath);
                    }
                }
            }
        }
    }

    private static SqlEngine EngineOf(string corpus, string relativePath) =>
        corpus == CorpusLayout.Stroom || (corpus == CorpusLayout.Uaa && relativePath.StartsWith("mysql/", StringComparison.Ordinal))
            ? SqlEngine.MySql
            : corpus == CorpusLayout.OpengehEdi || (corpus == CorpusLayout.EdFi && relativePath.Contains("/MsSql/", StringComparison.Ordinal))
                ? SqlEngine.SqlServer
                : SqlEngine.PostgreSql;

    // Checked without the splitter: the finding's line and column hold a statement keyword (or, for PARITY4000, a
    // comment), outside every $tag$ … $tag$ body of the file.
    private static void AssertPointsAtAStatement(string text, Finding finding)
    {
        var lines = text.Split('\n');
        Assert.IsTrue(finding.Line >= 1 && finding.Line <= lines.Length, finding.ToString());
        var lineStart = lines.Take(finding.Line - 1).Sum(line => line.Length + 1);
        var offset = lineStart + finding.Column - 1;
        var at = text[offset..];
        var expected = finding.Code == Diagnostics.RuleSuppressionMalformed.Code ? CommentStart() : StatementStart();
        Assert.IsTrue(expected.IsMatch(at), $"{finding} points at '{at[..Math.Min(40, at.Length)]}'");
        foreach (Match body in DollarQuoted().Matches(text))
        {
            Assert.IsFalse(offset > body.Index && offset < body.Index + body.Length, $"{finding} points into a dollar-quoted body");
        }
    }

    [GeneratedRegex(@"^(?i:create|alter|drop|rename|truncate|insert|update|delete|merge|replace|copy|with|lock|vacuum|cluster|refresh|reindex|exec|execute)\b")]
    private static partial Regex StatementStart();

    [GeneratedRegex(@"^(--|#|/\*)")]
    private static partial Regex CommentStart();

    [GeneratedRegex(@"\$([A-Za-z_][A-Za-z0-9_]*)?\$.*?\$\1\$", RegexOptions.Singleline)]
    private static partial Regex DollarQuoted();
}
