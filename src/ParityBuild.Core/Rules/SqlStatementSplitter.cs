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
        private readonly bool _postgres = engine == SqlEngine.PostgreSql;
        private readonly bool _mysql = engine == SqlEngine.MySql;
        private readonly bool _sqlServer = engine == SqlEngine.SqlServer;
        private int _nextEnd;
        private readonly List<SqlStatement> _statements = [];
        private readonly List<RuleSuppression> _fileSuppressions = [];
        private readonly List<RuleSuppression> _allSuppressions = [];
        // The statement's tokens so far, in an array grown by hand: List<SqlToken> (a struct of ours) has no precompiled
        // code, so each build process that checks a new script would compile it first.
        private SqlToken[] _tokens = new SqlToken[64];
        private int _tokenCount;
        private List<RuleSuppression>? _pending;
        private List<RuleSuppression>? _current;
        private string _delimiter = ";";
        private int _i;
        private int _line = 1;
        private int _lineStart;
        private int _lastEndLine = -1;
        private readonly List<(int Start, int Length)> _clientSyntax = [];

        // Compound bodies: BEGIN ATOMIC … END (PostgreSQL) or BEGIN … END (MySQL stored programs) hold semicolons.
        private bool _compound;
        private int _depth;

        // Inside a MySQL /*! … */ executable comment, whose contents are code; where the first one opened before the
        // statement's first token starts (-1: none), so that the statement's text keeps its opener.
        private bool _executable;
        private int _executableOpener = -1;

        public SqlScript Read()
        {
            while (_i < text.Length)
            {
                // Checked before the newline after the statement, so that a comment later on its last line speaks of it.
                while (_nextEnd < ends.Count && ends[_nextEnd] <= _i)
                {
                    _nextEnd++;
                    EndStatement();
                }

                var c = text[_i];
                if (c == '\n')
                {
                    NewLine(_i + 1);
                    _i++;
                    continue;
                }

                if (char.IsWhiteSpace(c))
                {
                    _i++;
                    continue;
                }

                if (_mysql && Current == 0 && AtDelimiterLine())
                {
                    continue;
                }

                if (_sqlServer && AtClientLine())
                {
                    continue;
                }

                if (AtCustomDelimiter())
                {
                    _clientSyntax.Add((_i, _delimiter.Length));
                    _i += _delimiter.Length;
                    EndStatement();
                    continue;
                }

                switch (c)
                {
                    case '-' when Next(1) == '-' && (!_mysql || _i + 2 >= text.Length || text[_i + 2] <= ' '):
                    case '#' when _mysql:
                        LineComment(c == '#' ? 1 : 2);
                        continue;
                    case '/' when Next(1) == '*':
                        BlockComment();
                        continue;
                    case '*' when _executable && Next(1) == '/':
                        _executable = false;
                        _i += 2;
                        continue;
                    case '\'':
                        Quoted(SqlTokenKind.String, '\'', Backslashes());
                        continue;
                    case '"':
                        Quoted(_mysql ? SqlTokenKind.String : SqlTokenKind.QuotedIdentifier, '"', _mysql);
                        continue;
                    case '`' when _mysql:
                        Quoted(SqlTokenKind.QuotedIdentifier, '`', false);
                        continue;
                    case '[' when _sqlServer:
                        Quoted(SqlTokenKind.QuotedIdentifier, ']', false);
                        continue;
                    case '$' when _postgres && DollarTagLength() is > 0 and var tag:
                        DollarQuoted(tag);
                        continue;
                    case ';' when _delimiter == ";" && _depth == 0:
                        _i++;
                        EndStatement();
                        continue;
                }

                if (IsWordStart(c) || (_sqlServer && c is '#' or '@'))
                {
                    Word();
                }
                else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Next(1))))
                {
                    Number();
                }
                else
                {
                    Add(SqlTokenKind.Symbol, _i, 1);
                    _i++;
                }
            }

            EndStatement();
            return new SqlScript(_statements, _fileSuppressions, _allSuppressions, _pending ?? []) { ClientSyntax = _clientSyntax };
        }

        // The mysql client looks for a custom delimiter anywhere outside quotes and comments, even glued to a word (END$$).
        private bool AtCustomDelimiter() => _delimiter != ";" && text.AsSpan(_i).StartsWith(_delimiter, StringComparison.Ordinal);

        // Moves to the next of the characters that matter (strings and comments can be long); false at the end.
        private bool SkipToAny(ReadOnlySpan<char> stops)
        {
            var skip = text.AsSpan(_i).IndexOfAny(stops);
            _i = skip < 0 ? text.Length : _i + skip;
            return skip >= 0;
        }

        // How many tokens the statement being read has so far.
        private int Current => _tokenCount;

        private char Next(int offset) => _i + offset < text.Length ? text[_i + offset] : '\0';

        private void NewLine(int start)
        {
            _line++;
            _lineStart = start;
        }

        private void Add(SqlTokenKind kind, int start, int length, int tokenLine, int tokenLineStart)
        {
            if (Current == 0 && _pending is not null)
            {
                _current = _pending;
                _pending = null;
            }

            if (_tokenCount == _tokens.Length)
            {
                var grown = new SqlToken[_tokens.Length * 2];
                Array.Copy(_tokens, grown, _tokenCount);
                _tokens = grown;
            }

            _tokens[_tokenCount++] = new SqlToken(kind, start, length, tokenLine, start - tokenLineStart + 1);
        }

        private void Add(SqlTokenKind kind, int start, int length) => Add(kind, start, length, _line, _lineStart);

        private void EndStatement()
        {
            if (Current > 0)
            {
                var statementTokens = new SqlToken[_tokenCount];
                Array.Copy(_tokens, statementTokens, _tokenCount);
                _statements.Add(new SqlStatement(text, statementTokens, Math.Min(_i, text.Length), _current, _executableOpener));
                _lastEndLine = _line;
            }

            _tokenCount = 0;
            _executableOpener = -1;
            _current = null;
            _compound = false;
            _depth = 0;
        }

        // "DELIMITER //" on a line of its own, before a statement (mysql client syntax, which Flyway and DbUp read too).
        private bool AtDelimiterLine()
        {
            if (!text.AsSpan(_i).StartsWith("delimiter", StringComparison.OrdinalIgnoreCase) || _i + 9 >= text.Length || text[_i + 9] is not (' ' or '\t'))
            {
                return false;
            }

            var end = text.IndexOf('\n', _i);
            end = end < 0 ? text.Length : end;
            var value = text[(_i + 9)..end].Trim();
            var space = value.IndexOfAny([' ', '\t']);
            value = space < 0 ? value : value[..space];
            if (value.Length == 0)
            {
                return false;
            }

            _delimiter = value;
            _clientSyntax.Add((_i, end - _i));
            _i = end;
            return true;
        }

        // Lines the client reads, not the server, at the start of a line: GO (with an optional count) ends a batch, and
        // sqlcmd's commands (:r, :setvar, :on error …) are skipped.
        private bool AtClientLine()
        {
            if (_i != _lineStart + LeadingSpace())
            {
                return false;
            }

            var end = text.IndexOf('\n', _i);
            end = end < 0 ? text.Length : end;
            var lineText = text.AsSpan(_i, end - _i);
            if (lineText[0] == ':')
            {
                _i = end;
                return true;
            }

            if (!SqlDialect.BatchSeparatorLine().IsMatch(lineText))
            {
                return false;
            }

            _i = end;
            EndStatement();
            return true;
        }

        private int LeadingSpace()
        {
            var j = _lineStart;
            while (j < text.Length && text[j] is ' ' or '\t')
            {
                j++;
            }

            return j - _lineStart;
        }

        private void LineComment(int opener)
        {
            var start = _i + opener;
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            Comment(start, end, _line, _i - _lineStart + 1);
            _i = end;
        }

        private void BlockComment()
        {
            if (_mysql && (Next(2) == '!' || (Next(2) == 'M' && Next(3) == '!')))
            {
                // MySQL runs what is inside /*!50100 … */: read it as code, after its optional version number.
                if (Current == 0 && _executableOpener < 0)
                {
                    _executableOpener = _i;
                }

                _i += Next(2) == '!' ? 3 : 4;
                while (_i < text.Length && char.IsAsciiDigit(text[_i]))
                {
                    _i++;
                }

                _executable = true;
                return;
            }

            var startLine = _line;
            var startColumn = _i - _lineStart + 1;
            var start = _i + 2;
            var nesting = 0;
            _i += 2;
            while (_i < text.Length)
            {
                if (!SkipToAny(['\n', '*', '/']))
                {
                    break;
                }

                var c = text[_i];
                if (c == '\n')
                {
                    NewLine(_i + 1);
                }
                else if (c == '*' && Next(1) == '/')
                {
                    if (nesting == 0)
                    {
                        Comment(start, _i, startLine, startColumn);
                        _i += 2;
                        return;
                    }

                    nesting--;
                    _i += 2;
                    continue;
                }
                else if (!_mysql && c == '/' && Next(1) == '*')
                {
                    // PostgreSQL and SQL Server nest block comments; MySQL ends them at the first "*/".
                    nesting++;
                    _i += 2;
                    continue;
                }

                _i++;
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
            _allSuppressions.Add(suppression);
            if (suppression.WholeFile)
            {
                _fileSuppressions.Add(suppression);
            }
            else if (Current > 0)
            {
                (_current ??= []).Add(suppression);
            }
            else if (commentLine == _lastEndLine && _statements.Count > 0 && _pending is null)
            {
                // "CREATE INDEX …; -- parity:ignore PARITY4001 small table" speaks of the statement it follows on its line.
                _statements[^1].AddSuppression(suppression);
            }
            else
            {
                (_pending ??= []).Add(suppression);
            }
        }

        // PostgreSQL reads backslash escapes only in E'…' strings; MySQL always (unless NO_BACKSLASH_ESCAPES); SQL Server never.
        private bool Backslashes()
        {
            if (!_postgres)
            {
                return _mysql;
            }

            return Current > 0 && _tokens[_tokenCount - 1] is { Kind: SqlTokenKind.Word, Length: 1 } prefix
                && prefix.Start + 1 == _i && text[prefix.Start] is 'E' or 'e';
        }

        private void Quoted(SqlTokenKind kind, char quote, bool backslashes)
        {
            var start = _i;
            var startLine = _line;
            var startLineStart = _lineStart;
            _i++;
            while (_i < text.Length)
            {
                if (!(backslashes ? SkipToAny([quote, '\n', '\\']) : SkipToAny([quote, '\n'])))
                {
                    break;
                }

                var c = text[_i];
                if (c == '\n')
                {
                    NewLine(_i + 1);
                }
                else if (backslashes && c == '\\')
                {
                    if (Next(1) == '\n')
                    {
                        NewLine(_i + 2);
                    }

                    _i += 2;
                    continue;
                }
                else if (c == quote)
                {
                    if (Next(1) == quote)
                    {
                        _i += 2;
                        continue;
                    }

                    _i++;
                    break;
                }

                _i++;
            }

            _i = Math.Min(_i, text.Length);
            Add(kind, start, _i - start, startLine, startLineStart);
        }

        // $$ or $tag$ where the tag is an identifier; $1 is a parameter, and a '$' inside a word belongs to the word.
        private int DollarTagLength()
        {
            var j = _i + 1;
            if (j < text.Length && IsWordStart(text[j]))
            {
                while (j < text.Length && (IsWordStart(text[j]) || char.IsAsciiDigit(text[j])))
                {
                    j++;
                }
            }

            return j < text.Length && text[j] == '$' ? j - _i + 1 : 0;
        }

        private void DollarQuoted(int tagLength)
        {
            var start = _i;
            var startLine = _line;
            var startLineStart = _lineStart;
            var tag = text.AsSpan(_i, tagLength);
            var close = text.AsSpan(_i + tagLength).IndexOf(tag, StringComparison.Ordinal);
            var end = close < 0 ? text.Length : _i + tagLength + close + tagLength;
            var body = text.AsSpan(_i, end - _i);
            var newlines = body.Count('\n');
            if (newlines > 0)
            {
                _line += newlines;
                _lineStart = _i + body.LastIndexOf('\n') + 1;
            }

            _i = end;
            Add(SqlTokenKind.String, start, end - start, startLine, startLineStart);
        }

        private void Word()
        {
            var start = _i;

            // T-SQL's #temp and ##global tables, @variables and @@functions.
            while (_sqlServer && _i < text.Length && text[_i] is '#' or '@')
            {
                _i++;
            }
            if (_delimiter == ";")
            {
                // The common case, vectorized: ASCII word characters in bulk, a non-ASCII letter at a time.
                while (true)
                {
                    var run = text.AsSpan(_i).IndexOfAnyExcept(AsciiWordCharacters);
                    _i = run < 0 ? text.Length : _i + run;
                    if (_i >= text.Length || text[_i] <= 127 || !char.IsLetter(text[_i]))
                    {
                        break;
                    }

                    _i++;
                }
            }
            else
            {
                while (_i < text.Length && (IsWordStart(text[_i]) || char.IsAsciiDigit(text[_i]) || text[_i] == '$') && !AtCustomDelimiter())
                {
                    _i++;
                }
            }

            Add(SqlTokenKind.Word, start, _i - start);
            TrackCompound();
        }

        private void Number()
        {
            var start = _i;
            while (_i < text.Length && (char.IsAsciiLetterOrDigit(text[_i]) || text[_i] is '.' or '_'
                || (text[_i] is '+' or '-' && text[_i - 1] is 'e' or 'E' && char.IsAsciiDigit(Next(1)))))
            {
                _i++;
            }

            Add(SqlTokenKind.Number, start, _i - start);
        }

        private void TrackCompound()
        {
            var count = Current;
            var word = text.AsSpan(_tokens[_tokenCount - 1].Start, _tokens[_tokenCount - 1].Length);
            // CREATE [OR REPLACE] [DEFINER = user@host] FUNCTION|PROCEDURE|TRIGGER|EVENT; a custom delimiter needs no help.
            if (count <= 10 && !_compound && !_sqlServer && _delimiter == ";" && IsRoutineKeyword(word) && Is(0, "CREATE"))
            {
                _compound = true;
                return;
            }

            if (!_compound)
            {
                return;
            }

            if (word.Equals("BEGIN", StringComparison.OrdinalIgnoreCase) || (_depth > 0 && word.Equals("CASE", StringComparison.OrdinalIgnoreCase)))
            {
                _depth++;
            }
            else if (word.Equals("END", StringComparison.OrdinalIgnoreCase) && _depth > 0)
            {
                _depth--;
            }
            else if (_mysql && count >= 2 && Is(count - 2, "END") && IsMySqlBlockEnd(word))
            {
                // MySQL's END IF / END LOOP / END WHILE / END REPEAT close a block that BEGIN did not open.
                _depth++;
            }
        }

        private bool IsRoutineKeyword(ReadOnlySpan<char> word) =>
            word.Equals("FUNCTION", StringComparison.OrdinalIgnoreCase) || word.Equals("PROCEDURE", StringComparison.OrdinalIgnoreCase)
            || (_mysql && (word.Equals("TRIGGER", StringComparison.OrdinalIgnoreCase) || word.Equals("EVENT", StringComparison.OrdinalIgnoreCase)));

        private static bool IsMySqlBlockEnd(ReadOnlySpan<char> word) =>
            word.Equals("IF", StringComparison.OrdinalIgnoreCase) || word.Equals("LOOP", StringComparison.OrdinalIgnoreCase)
            || word.Equals("WHILE", StringComparison.OrdinalIgnoreCase) || word.Equals("REPEAT", StringComparison.OrdinalIgnoreCase);

        private bool Is(int index, string word) =>
            _tokens[index] is { Kind: SqlTokenKind.Word } token && text.AsSpan(token.Start, token.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

        private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 127 && char.IsLetter(c));
    }
}
