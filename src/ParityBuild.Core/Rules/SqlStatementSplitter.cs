using System.Buffers;
using System.Text.RegularExpressions;

namespace ParityBuild.Core.Rules;

/// <summary>What <see cref="SqlStatementSplitter.Split"/> read from a script.</summary>
/// <param name="FileSuppressions">The <c>parity:ignore-file</c> comments.</param>
/// <param name="Suppressions">Every suppression comment, in script order (for reporting malformed ones).</param>
/// <param name="Unattached">The <c>parity:ignore</c> comments after the last statement, which apply to nothing.</param>
public sealed record SqlScript(
    IReadOnlyList<SqlStatement> Statements,
    IReadOnlyList<RuleSuppression> FileSuppressions,
    IReadOnlyList<RuleSuppression> Suppressions,
    IReadOnlyList<RuleSuppression> Unattached)
{
    /// <summary>
    /// The text the mysql client reads itself and never sends, in order: each <c>DELIMITER</c> line and each use of a
    /// custom delimiter (<c>END //</c>'s <c>//</c>). What lies between them is what the client sends, comments and
    /// <c>/*! … */</c> executable comments included.
    /// </summary>
    public IReadOnlyList<(int Start, int Length)> ClientSyntax { get; init; } = [];
}

/// <summary>
/// Splits a migration script into statements, the way the engine's own client would: a semicolon (or the delimiter a
/// MySQL <c>DELIMITER</c> line sets, or a T-SQL <c>GO</c> line) ends a statement, except inside strings, quoted identifiers, comments, PostgreSQL
/// dollar-quoted bodies and nested <c>/* */</c> comments, PostgreSQL's <c>BEGIN ATOMIC … END</c> function bodies and
/// MySQL's <c>BEGIN … END</c> blocks of stored programs. Never throws on odd input: whatever is unterminated runs to
/// the end of the script.
/// </summary>
/// <remarks>
/// This is a reader for rules, not a checksum: <see cref="Checksums.SemanticSha256"/> stays separate because it must
/// be dialect-neutral (it gives up where dialects disagree) and streams bytes, while the rules know their engine and
/// need the whole text of the few scripts they check. Columns count UTF-16 characters, as MSBuild's do.
/// </remarks>
public static partial class SqlStatementSplitter
{
    private static readonly SearchValues<char> AsciiWordCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$");

    public static SqlScript Split(string text, SqlEngine engine) => Split(text, engine, []);

    /// <param name="ends">
    /// Offsets where a statement ends even without a delimiter after it, in order: T-SQL needs no semicolons, so the
    /// statements of a batch come from Microsoft's parser.
    /// </param>
    public static SqlScript Split(string text, SqlEngine engine, IReadOnlyList<int> ends)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Reader(text, engine, ends).Read();
    }

    [GeneratedRegex(@"^\s*parity:(?<form>ignore-file|ignore)\b(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"^[\s,]*(?<code>[A-Za-z]+\d{4})(?<tail>.*)$", RegexOptions.Singleline)]
    private static partial Regex NextCode();

    // One pass over the text; a mutable reader per call keeps the splitter itself free of state.
    private sealed class Reader(string text, SqlEngine engine, IReadOnlyList<int> ends)
    {
        private readonly bool postgres = engine == SqlEngine.PostgreSql;
        private readonly bool mysql = engine == SqlEngine.MySql;
        private readonly bool sqlServer = engine == SqlEngine.SqlServer;
        private int nextEnd;
        private readonly List<SqlStatement> statements = [];
        private readonly List<RuleSuppression> fileSuppressions = [];
        private readonly List<RuleSuppression> allSuppressions = [];
        // The statement's tokens so far, in an array grown by hand: List<SqlToken> (a struct of ours) has no precompiled
        // code, so each build process that checks a new script would compile it first.
        private SqlToken[] tokens = new SqlToken[64];
        private int tokenCount;
        private List<RuleSuppression>? pending;
        private List<RuleSuppression>? current;
        private string delimiter = ";";
        private int i;
        private int line = 1;
        private int lineStart;
        private int lastEndLine = -1;
        private readonly List<(int Start, int Length)> clientSyntax = [];

        // Compound bodies: BEGIN ATOMIC … END (PostgreSQL) or BEGIN … END (MySQL stored programs) hold semicolons.
        private bool compound;
        private int depth;

        // Inside a MySQL /*! … */ executable comment, whose contents are code.
        private bool executable;

        public SqlScript Read()
        {
            while (i < text.Length)
            {
                // Checked before the newline after the statement, so that a comment later on its last line speaks of it.
                while (nextEnd < ends.Count && ends[nextEnd] <= i)
                {
                    nextEnd++;
                    EndStatement();
                }

                var c = text[i];
                if (c == '\n')
                {
                    NewLine(i + 1);
                    i++;
                    continue;
                }

                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                if (mysql && Current == 0 && AtDelimiterLine())
                {
                    continue;
                }

                if (sqlServer && AtClientLine())
                {
                    continue;
                }

                if (AtCustomDelimiter())
                {
                    clientSyntax.Add((i, delimiter.Length));
                    i += delimiter.Length;
                    EndStatement();
                    continue;
                }

                switch (c)
                {
                    case '-' when Next(1) == '-' && (!mysql || i + 2 >= text.Length || text[i + 2] <= ' '):
                    case '#' when mysql:
                        LineComment(c == '#' ? 1 : 2);
                        continue;
                    case '/' when Next(1) == '*':
                        BlockComment();
                        continue;
                    case '*' when executable && Next(1) == '/':
                        executable = false;
                        i += 2;
                        continue;
                    case '\'':
                        Quoted(SqlTokenKind.String, '\'', Backslashes());
                        continue;
                    case '"':
                        Quoted(mysql ? SqlTokenKind.String : SqlTokenKind.QuotedIdentifier, '"', mysql);
                        continue;
                    case '`' when mysql:
                        Quoted(SqlTokenKind.QuotedIdentifier, '`', false);
                        continue;
                    case '[' when sqlServer:
                        Quoted(SqlTokenKind.QuotedIdentifier, ']', false);
                        continue;
                    case '$' when postgres && DollarTagLength() is > 0 and var tag:
                        DollarQuoted(tag);
                        continue;
                    case ';' when delimiter == ";" && depth == 0:
                        i++;
                        EndStatement();
                        continue;
                }

                if (IsWordStart(c) || (sqlServer && c is '#' or '@'))
                {
                    Word();
                }
                else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Next(1))))
                {
                    Number();
                }
                else
                {
                    Add(SqlTokenKind.Symbol, i, 1);
                    i++;
                }
            }

            EndStatement();
            return new SqlScript(statements, fileSuppressions, allSuppressions, pending ?? []) { ClientSyntax = clientSyntax };
        }

        // The mysql client looks for a custom delimiter anywhere outside quotes and comments, even glued to a word (END$$).
        private bool AtCustomDelimiter() => delimiter != ";" && text.AsSpan(i).StartsWith(delimiter, StringComparison.Ordinal);

        // Moves to the next of the characters that matter (strings and comments can be long); false at the end.
        private bool SkipToAny(ReadOnlySpan<char> stops)
        {
            var skip = text.AsSpan(i).IndexOfAny(stops);
            i = skip < 0 ? text.Length : i + skip;
            return skip >= 0;
        }

        // How many tokens the statement being read has so far.
        private int Current => tokenCount;

        private char Next(int offset) => i + offset < text.Length ? text[i + offset] : '\0';

        private void NewLine(int start)
        {
            line++;
            lineStart = start;
        }

        private void Add(SqlTokenKind kind, int start, int length, int tokenLine, int tokenLineStart)
        {
            if (Current == 0 && pending is not null)
            {
                current = pending;
                pending = null;
            }

            if (tokenCount == tokens.Length)
            {
                var grown = new SqlToken[tokens.Length * 2];
                Array.Copy(tokens, grown, tokenCount);
                tokens = grown;
            }

            tokens[tokenCount++] = new SqlToken(kind, start, length, tokenLine, start - tokenLineStart + 1);
        }

        private void Add(SqlTokenKind kind, int start, int length) => Add(kind, start, length, line, lineStart);

        private void EndStatement()
        {
            if (Current > 0)
            {
                var statementTokens = new SqlToken[tokenCount];
                Array.Copy(tokens, statementTokens, tokenCount);
                statements.Add(new SqlStatement(text, statementTokens, Math.Min(i, text.Length), current));
                lastEndLine = line;
            }

            tokenCount = 0;
            current = null;
            compound = false;
            depth = 0;
        }

        // "DELIMITER //" on a line of its own, before a statement (mysql client syntax, which Flyway and DbUp read too).
        private bool AtDelimiterLine()
        {
            if (!text.AsSpan(i).StartsWith("delimiter", StringComparison.OrdinalIgnoreCase) || i + 9 >= text.Length || text[i + 9] is not (' ' or '\t'))
            {
                return false;
            }

            var end = text.IndexOf('\n', i);
            end = end < 0 ? text.Length : end;
            var value = text[(i + 9)..end].Trim();
            var space = value.IndexOfAny([' ', '\t']);
            value = space < 0 ? value : value[..space];
            if (value.Length == 0)
            {
                return false;
            }

            delimiter = value;
            clientSyntax.Add((i, end - i));
            i = end;
            return true;
        }

        // Lines the client reads, not the server, at the start of a line: GO (with an optional count) ends a batch, and
        // sqlcmd's commands (:r, :setvar, :on error …) are skipped.
        private bool AtClientLine()
        {
            if (i != lineStart + LeadingSpace())
            {
                return false;
            }

            var end = text.IndexOf('\n', i);
            end = end < 0 ? text.Length : end;
            var lineText = text.AsSpan(i, end - i);
            if (lineText[0] == ':')
            {
                i = end;
                return true;
            }

            if (!SqlDialect.BatchSeparatorLine().IsMatch(lineText))
            {
                return false;
            }

            i = end;
            EndStatement();
            return true;
        }

        private int LeadingSpace()
        {
            var j = lineStart;
            while (j < text.Length && text[j] is ' ' or '\t')
            {
                j++;
            }

            return j - lineStart;
        }

        private void LineComment(int opener)
        {
            var start = i + opener;
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            Comment(start, end, line, i - lineStart + 1);
            i = end;
        }

        private void BlockComment()
        {
            if (mysql && (Next(2) == '!' || (Next(2) == 'M' && Next(3) == '!')))
            {
                // MySQL runs what is inside /*!50100 … */: read it as code, after its optional version number.
                i += Next(2) == '!' ? 3 : 4;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                executable = true;
                return;
            }

            var startLine = line;
            var startColumn = i - lineStart + 1;
            var start = i + 2;
            var nesting = 0;
            i += 2;
            while (i < text.Length)
            {
                if (!SkipToAny(['\n', '*', '/']))
                {
                    break;
                }

                var c = text[i];
                if (c == '\n')
                {
                    NewLine(i + 1);
                }
                else if (c == '*' && Next(1) == '/')
                {
                    if (nesting == 0)
                    {
                        Comment(start, i, startLine, startColumn);
                        i += 2;
                        return;
                    }

                    nesting--;
                    i += 2;
                    continue;
                }
                else if (!mysql && c == '/' && Next(1) == '*')
                {
                    // PostgreSQL and SQL Server nest block comments; MySQL ends them at the first "*/".
                    nesting++;
                    i += 2;
                    continue;
                }

                i++;
            }
        }

        private void Comment(int start, int end, int commentLine, int column)
        {
            var body = text.AsSpan(start, end - start);
            if (body.IndexOf("parity:", StringComparison.OrdinalIgnoreCase) < 0)
            {
                return;
            }

            var match = Directive().Match(body.ToString());
            if (!match.Success)
            {
                return;
            }

            var codes = new List<string>();
            var rest = match.Groups["rest"].Value;
            while (NextCode().Match(rest) is { Success: true } code)
            {
                codes.Add(code.Groups["code"].Value.ToUpperInvariant());
                rest = code.Groups["tail"].Value;
            }

            var suppression = new RuleSuppression(commentLine, column, match.Groups["form"].Value.Length > "ignore".Length, codes, rest.Trim().TrimEnd('*').Trim());
            allSuppressions.Add(suppression);
            if (suppression.WholeFile)
            {
                fileSuppressions.Add(suppression);
            }
            else if (Current > 0)
            {
                (current ??= []).Add(suppression);
            }
            else if (commentLine == lastEndLine && statements.Count > 0 && pending is null)
            {
                // "CREATE INDEX …; -- parity:ignore PARITY4001 small table" speaks of the statement it follows on its line.
                statements[^1].AddSuppression(suppression);
            }
            else
            {
                (pending ??= []).Add(suppression);
            }
        }

        // PostgreSQL reads backslash escapes only in E'…' strings; MySQL always (unless NO_BACKSLASH_ESCAPES); SQL Server never.
        private bool Backslashes()
        {
            if (!postgres)
            {
                return mysql;
            }

            return Current > 0 && tokens[tokenCount - 1] is { Kind: SqlTokenKind.Word, Length: 1 } prefix
                && prefix.Start + 1 == i && text[prefix.Start] is 'E' or 'e';
        }

        private void Quoted(SqlTokenKind kind, char quote, bool backslashes)
        {
            var start = i;
            var startLine = line;
            var startLineStart = lineStart;
            i++;
            while (i < text.Length)
            {
                if (!(backslashes ? SkipToAny([quote, '\n', '\\']) : SkipToAny([quote, '\n'])))
                {
                    break;
                }

                var c = text[i];
                if (c == '\n')
                {
                    NewLine(i + 1);
                }
                else if (backslashes && c == '\\')
                {
                    if (Next(1) == '\n')
                    {
                        NewLine(i + 2);
                    }

                    i += 2;
                    continue;
                }
                else if (c == quote)
                {
                    if (Next(1) == quote)
                    {
                        i += 2;
                        continue;
                    }

                    i++;
                    break;
                }

                i++;
            }

            i = Math.Min(i, text.Length);
            Add(kind, start, i - start, startLine, startLineStart);
        }

        // $$ or $tag$ where the tag is an identifier; $1 is a parameter, and a '$' inside a word belongs to the word.
        private int DollarTagLength()
        {
            var j = i + 1;
            if (j < text.Length && IsWordStart(text[j]))
            {
                while (j < text.Length && (IsWordStart(text[j]) || char.IsAsciiDigit(text[j])))
                {
                    j++;
                }
            }

            return j < text.Length && text[j] == '$' ? j - i + 1 : 0;
        }

        private void DollarQuoted(int tagLength)
        {
            var start = i;
            var startLine = line;
            var startLineStart = lineStart;
            var tag = text.AsSpan(i, tagLength);
            var close = text.AsSpan(i + tagLength).IndexOf(tag, StringComparison.Ordinal);
            var end = close < 0 ? text.Length : i + tagLength + close + tagLength;
            var body = text.AsSpan(i, end - i);
            var newlines = body.Count('\n');
            if (newlines > 0)
            {
                line += newlines;
                lineStart = i + body.LastIndexOf('\n') + 1;
            }

            i = end;
            Add(SqlTokenKind.String, start, end - start, startLine, startLineStart);
        }

        private void Word()
        {
            var start = i;

            // T-SQL's #temp and ##global tables, @variables and @@functions.
            while (sqlServer && i < text.Length && text[i] is '#' or '@')
            {
                i++;
            }
            if (delimiter == ";")
            {
                // The common case, vectorized: ASCII word characters in bulk, a non-ASCII letter at a time.
                while (true)
                {
                    var run = text.AsSpan(i).IndexOfAnyExcept(AsciiWordCharacters);
                    i = run < 0 ? text.Length : i + run;
                    if (i >= text.Length || text[i] <= 127 || !char.IsLetter(text[i]))
                    {
                        break;
                    }

                    i++;
                }
            }
            else
            {
                while (i < text.Length && (IsWordStart(text[i]) || char.IsAsciiDigit(text[i]) || text[i] == '$') && !AtCustomDelimiter())
                {
                    i++;
                }
            }

            Add(SqlTokenKind.Word, start, i - start);
            TrackCompound();
        }

        private void Number()
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_'
                || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E' && char.IsAsciiDigit(Next(1)))))
            {
                i++;
            }

            Add(SqlTokenKind.Number, start, i - start);
        }

        private void TrackCompound()
        {
            var count = Current;
            var word = text.AsSpan(tokens[tokenCount - 1].Start, tokens[tokenCount - 1].Length);
            // CREATE [OR REPLACE] [DEFINER = user@host] FUNCTION|PROCEDURE|TRIGGER|EVENT; a custom delimiter needs no help.
            if (count <= 10 && !compound && !sqlServer && delimiter == ";" && IsRoutineKeyword(word) && Is(0, "CREATE"))
            {
                compound = true;
                return;
            }

            if (!compound)
            {
                return;
            }

            if (word.Equals("BEGIN", StringComparison.OrdinalIgnoreCase) || (depth > 0 && word.Equals("CASE", StringComparison.OrdinalIgnoreCase)))
            {
                depth++;
            }
            else if (word.Equals("END", StringComparison.OrdinalIgnoreCase) && depth > 0)
            {
                depth--;
            }
            else if (mysql && count >= 2 && Is(count - 2, "END") && IsMySqlBlockEnd(word))
            {
                // MySQL's END IF / END LOOP / END WHILE / END REPEAT close a block that BEGIN did not open.
                depth++;
            }
        }

        private bool IsRoutineKeyword(ReadOnlySpan<char> word) =>
            word.Equals("FUNCTION", StringComparison.OrdinalIgnoreCase) || word.Equals("PROCEDURE", StringComparison.OrdinalIgnoreCase)
            || (mysql && (word.Equals("TRIGGER", StringComparison.OrdinalIgnoreCase) || word.Equals("EVENT", StringComparison.OrdinalIgnoreCase)));

        private static bool IsMySqlBlockEnd(ReadOnlySpan<char> word) =>
            word.Equals("IF", StringComparison.OrdinalIgnoreCase) || word.Equals("LOOP", StringComparison.OrdinalIgnoreCase)
            || word.Equals("WHILE", StringComparison.OrdinalIgnoreCase) || word.Equals("REPEAT", StringComparison.OrdinalIgnoreCase);

        private bool Is(int index, string word) =>
            tokens[index] is { Kind: SqlTokenKind.Word } token && text.AsSpan(token.Start, token.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

        private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 127 && char.IsLetter(c));
    }
}
