using System.Text;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Tests.Corpora;

/// <summary>
/// The semantic checksum keeps its own byte loop, the statement splitter reads the dialect: over every corpus script
/// they must see the same tokens in the same order. Compared as runs of tokens with nothing between them (the checksum
/// hashes whether two tokens touch, so where inside such a run one of them cuts does not matter), with the statement
/// delimiters, client commands (GO, DELIMITER) and what the checksum keeps whole (directive and executable comments) aside.
/// A run that differs means one of them reads a string, identifier or comment where the other does not.
/// </summary>
[TestClass]
public sealed class CorpusTokenBoundaryTests
{
    [TestMethod]
    [DataRow(CorpusLayout.Uaa)]
    [DataRow(CorpusLayout.Stroom)]
    [DataRow(CorpusLayout.Dataverse)]
    [DataRow(CorpusLayout.OpengehEdi)]
    [DataRow(CorpusLayout.CratesIo)]
    [DataRow(CorpusLayout.Openmeter)]
    [DataRow(CorpusLayout.EdFi)]
    public void The_semantic_checksum_and_the_statement_splitter_see_the_same_tokens_in_every_script(string corpus)
    {
        var layout = CorpusLayout.For(corpus);
        var compared = 0;
        var disagreements = new List<string>();
        foreach (var path in layout.AllFiles().Where(path => path.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)))
        {
            var bytes = File.ReadAllBytes(Path.Combine(layout.Location, path));
            var text = Text(bytes);
            var engine = SqlDialect.Detect(text, path)?.Engine ?? EngineOf(path);
            using var semantic = new SemanticSha256();
            semantic.Record();
            semantic.Append(Encoding.UTF8.GetBytes(text));
            if (semantic.FinishHex() is null)
            {
                continue;
            }

            compared++;
            var fromChecksum = Runs(semantic.Recorded, engine);
            var fromSplitter = Runs(SqlStatementSplitter.Split(text, engine), text);
            if (FirstDifference(fromChecksum, fromSplitter) is { } difference)
            {
                disagreements.Add($"{path} ({SqlDialect.Name(engine)}): {difference}");
            }
        }

        Assert.IsGreaterThan(0, compared);
        Assert.IsEmpty(disagreements, $"{disagreements.Count} of {compared} scripts:\n" + string.Join("\n", disagreements.Take(15)));
    }

    // The normalized text the checksum reads: UTF-16 decoded, no BOM, LF line endings.
    private static string Text(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    // Where the script does not show its dialect, its folder does (uaa's mysql/, Ed-Fi's MsSql/).
    private static SqlEngine EngineOf(string path) =>
        path.Contains("mysql", StringComparison.OrdinalIgnoreCase) ? SqlEngine.MySql
        : path.Contains("mssql", StringComparison.OrdinalIgnoreCase) || path.Contains("sqlserver", StringComparison.OrdinalIgnoreCase) ? SqlEngine.SqlServer
        : SqlEngine.PostgreSql;

    private static List<string> Runs(IReadOnlyList<SemanticSha256.RecordedToken> tokens, SqlEngine engine)
    {
        var runs = new List<string>();
        var run = new StringBuilder();
        var delimiter = ";";
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            // A digest the checksum adds (a nested comment's; the rest of a line from a '#'): nothing the splitter reads.
            if (token.BatchSeparator || token.Text == ";" || (token.Kept && token.Text[0] < ' '))
            {
                Close(runs, run, delimiter);
                continue;
            }

            if (token.Kept && i > 0 && tokens[i - 1].Text.Equals("DELIMITER", StringComparison.OrdinalIgnoreCase))
            {
                // The client's DELIMITER command, which the splitter obeys and drops: its new delimiter is the kept rest of the line.
                delimiter = token.Text.Trim();
                run.Length -= Math.Min(run.Length, "DELIMITER".Length);
                Close(runs, run, delimiter);
                continue;
            }

            if (!token.Glued)
            {
                Close(runs, run, delimiter);
            }

            // What the checksum keeps byte for byte where the dialect reads code ("--x" in MySQL, a line whose reading
            // differs by dialect, PostgreSQL's ARRAY[1, 2] read as a [bracketed] name): the splitter's tokens, spaced as written.
            if (token.Kept && token.Text.StartsWith("--", StringComparison.Ordinal) && engine != SqlEngine.MySql)
            {
                // "--x": code to MySQL only, so the checksum keeps it; a comment to the others.
                Close(runs, run, delimiter);
                continue;
            }

            if (token.Kept || (token.Text.StartsWith('[') && engine != SqlEngine.SqlServer))
            {
                var pieces = token.Text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
                for (var piece = 0; piece < pieces.Length; piece++)
                {
                    if (piece > 0)
                    {
                        Close(runs, run, delimiter);
                    }

                    run.Append(pieces[piece]);
                }

                continue;
            }

            run.Append(token.Text);
        }

        Close(runs, run, delimiter);
        return runs;
    }

    private static List<string> Runs(SqlScript script, string text)
    {
        var runs = new List<string>();
        var run = new StringBuilder();
        var end = -1;
        foreach (var statement in script.Statements)
        {
            for (var i = 0; i < statement.Count; i++)
            {
                var token = statement.Token(i);
                var tokenText = text.Substring(token.Start, token.Length);
                if (tokenText == ";")
                {
                    Close(runs, run);
                    end = -1;
                    continue;
                }

                if (token.Start != end)
                {
                    Close(runs, run);
                }

                run.Append(tokenText);
                end = token.Start + token.Length;
            }

            Close(runs, run);
            end = -1;
        }

        Close(runs, run);
        return runs;
    }

    // A run ends where the client's delimiter stands in it: the checksum reads "name$$" as one word, the client (and the
    // splitter) as the name and the delimiter $$.
    private static void Close(List<string> runs, StringBuilder run, string delimiter = ";")
    {
        if (run.Length > 0)
        {
            runs.AddRange(delimiter == ";" ? [run.ToString()] : run.ToString().Split(delimiter, StringSplitOptions.RemoveEmptyEntries));
            run.Clear();
        }
    }

    private static string? FirstDifference(List<string> checksum, List<string> splitter)
    {
        for (var i = 0; i < Math.Max(checksum.Count, splitter.Count); i++)
        {
            var a = i < checksum.Count ? checksum[i] : "(end)";
            var b = i < splitter.Count ? splitter[i] : "(end)";
            if (a != b)
            {
                return $"run {i}: checksum «{Short(a)}», splitter «{Short(b)}» after «{(i > 0 ? Short(checksum[i - 1]) : "")}»";
            }
        }

        return null;
    }

    private static string Short(string run) => run.Length > 60 ? run[..60] + "…" : run;
}
