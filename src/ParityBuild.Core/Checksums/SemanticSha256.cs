namespace ParityBuild.Core.Checksums;

/// <summary>
/// Incremental form of <see cref="ScriptChecksums.Semantic"/>: SHA-256 over the script's SQL tokens, so an edit that
/// only touches whitespace or comments keeps the value and any other edit changes it. The result is null when the
/// script cannot be tokenized without knowing its dialect; <see cref="UnsupportedReason"/> then says why.
/// </summary>
/// <remarks>
/// <para>
/// A streaming byte-level state machine over the normalized text (the bytes behind <see cref="ScriptChecksums.Text"/>,
/// so equal text checksums always mean equal semantic ones). Tokens: words (letters, digits, <c>_</c>, <c>$</c>,
/// non-ASCII bytes; a word that starts with a digit also takes <c>.</c> and an exponent sign), runs of operator
/// characters (<c>&lt;=</c> is one token, <c>&lt; =</c> two), single punctuation characters, and verbatim tokens kept
/// byte for byte: quoted strings and identifiers (<c>'…'</c>, <c>"…"</c>, <c>`…`</c>, <c>[…]</c>), dollar-quoted bodies
/// (<c>$$…$$</c>, <c>$tag$…$tag$</c>), MySQL executable comments and optimizer hints (<c>/*! */</c>, <c>/*M! */</c>,
/// <c>/*+ */</c>). Each token is hashed followed by a separator byte, so <c>ab</c> differs from <c>a b</c>.
/// </para>
/// <para>
/// Whenever two dialects could read the same bytes differently the choice is the one under which no real edit can
/// look cosmetic: keep more bytes, or give up (null, and every edit counts as real). Each such choice has a comment
/// where it is made.
/// </para>
/// </remarks>
public sealed class SemanticSha256 : IDisposable
{
    /// <summary>The name written to the manifest for this algorithm. Bump it whenever the token rules change.</summary>
    public const string AlgorithmName = "sha256-sql-tokens-v4";

    private const int MaxDollarTagLength = 256;

    // Separators written after each token. Which one depends on how the token meets the next (see Separator).
    private const byte Separated = 0x00;
    private const byte Glued = 0x01;
    private const byte StringsAcrossNewline = 0x02;
    private const byte StringsOnOneLine = 0x03;

    // First byte of the token that stands for a nested block comment (its SHA-256 follows).
    private const byte NestedCommentMarker = 0x04;

    // Written after a client's batch separator: GO (with an optional count; sqlcmd, SSMS, DbUp) or a lone / (SQL*Plus)
    // alone on its line. Moved onto another line, the same word is an alias or an operator, so the line is part of it.
    private const byte BatchSeparatorMarker = 0x05;

    // Written where a line that holds a '#' outside strings and comments ends: see EndHashLine.
    private const byte HashLineEnd = 0x06;

    // Comments that a migration tool reads are part of the script's meaning: dbmate's "-- migrate:up" / "-- migrate:down",
    // goose's "-- +goose Up", Liquibase's "-- liquibase formatted sql" header and, in a script that starts with it, its
    // "-- changeset author:id", "-- rollback …" and the like (elsewhere "-- rollback" is a commented-out statement).
    // Without the space, "--changeset" is kept already, as MySQL reads "--x" as code. Matched case-insensitively.
    private static readonly byte[][] Directives = ["liquibase"u8.ToArray(), "migrate:"u8.ToArray(), "+goose"u8.ToArray()];

    private static readonly byte[][] LiquibaseDirectives =
    [
        "changeset"u8.ToArray(), "rollback"u8.ToArray(), "precondition"u8.ToArray(), "comment:"u8.ToArray(),
        "validchecksum"u8.ToArray(), "ignorelines"u8.ToArray(), "property"u8.ToArray(),
    ];

    private const int DirectiveHeadLength = 16;

    // For the tests only (null otherwise): every token as hashed, whether it is glued to the one before it, and whether
    // it is kept whole (a directive comment, an executable comment, a nested comment's hash, a client command) or a
    // batch separator; a test compares the token boundaries with the statement splitter's.
    private List<RecordedToken>? _recorded;
    private List<byte>? _recording;
    private bool _recordingGlued;
    private bool _recordingKept;

    internal readonly record struct RecordedToken(string Text, bool Glued, bool Kept, bool BatchSeparator);

    /// <summary>Starts recording the tokens (tests: <see cref="Recorded"/>).</summary>
    internal void Record() => (_recorded, _recording) = ([], []);

    internal IReadOnlyList<RecordedToken> Recorded => _recorded ?? [];

    private void RecordEnd(bool batchSeparator = false)
    {
        if (_recording is { Count: > 0 } bytes)
        {
            _recorded!.Add(new(System.Text.Encoding.UTF8.GetString([.. bytes]), _recordingGlued, _recordingKept, batchSeparator));
            bytes.Clear();
        }
    }

    private readonly TextNormalizer _normalizer = new();
    private readonly Utf8Validator _utf8 = new();
    private readonly HashSink _tokens = new();
    private HashSink? _comment;

    // Whether the current line holds a '#' outside strings and comments: see EndHashLine.
    private bool _inHashLine;
    private long _hashLineNumber;
    private bool _finished;
    private long _line = 1;

    private State _state;

    // The token being read.
    private TokenKind _kind;
    private byte _first;
    private byte _last;
    private readonly byte[] _word = new byte[9];
    private int _length;
    private bool _numeric;
    private bool _firstOnLine;
    private bool _afterSemicolon;

    // The token before it, and what lies between the two.
    private bool _separatorPending;
    private TokenKind _prevKind;
    private byte _prevFirst;
    private byte _prevLast;
    private bool _prevIsSemicolon;
    private bool _prevIsQuotePrefix;
    private bool _adjacent;
    private bool _gapHasNewline;
    private bool _gapHasComment;
    private bool _lineHasToken;
    private LineCandidate _lineCandidate;

    // Per-state details.
    private byte _quote;
    private byte _sign;
    private bool _inOperatorRun;
    private readonly byte[] _dollar = new byte[MaxDollarTagLength + 2];
    private int _dollarLength;
    private int _dollarMatched;
    private int _depth;
    private bool _nested;
    private bool _closedInside;
    private byte _prev;
    private byte _innerQuote;
    private bool _bracketInSingle;
    private bool _bracketInDouble;

    // The start of a "-- " comment, read until it is known whether a migration tool reads it as a directive.
    private readonly byte[] _head = new byte[DirectiveHeadLength];
    private int _headLength;
    private bool _directive;
    private bool _liquibaseFormatted;
    private bool _headKept;

    // After a mysql client DELIMITER line the script is MySQL's for certain: '#' starts a comment, a backslash escapes in
    // strings, '$' is a plain character (no dollar quotes). Before it, every reading is kept open as for any script.
    private bool _mysqlClient;
    private readonly byte[] _delimiterLine = new byte[64];
    private int _delimiterLength;

    private enum State
    {
        Normal,
        Word,
        WordSign,
        DollarTag,
        DollarBody,
        Operator,
        Dash,
        Slash,
        DashDash,
        LineComment,
        CommentHead,
        KeptLineComment,
        DelimiterLine,
        QuotedEscape,
        BlockStart,
        BlockStartM,
        BlockComment,
        ExecutableComment,
        Quoted,
        QuoteClose,
        Bracket,
        BracketClose,
    }

    // A token that may be a batch separator, if nothing but an optional count follows it on its line.
    private enum LineCandidate
    {
        None,
        Go,
        GoWithCount,
        Slash,
    }

    private enum TokenKind
    {
        None,
        Word,
        Punctuation,
        Quoted,
        Kept,
    }

    /// <summary>Why the result is null (with the line), or null while the script is still tokenizable.</summary>
    public string? UnsupportedReason { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        if (UnsupportedReason is not null)
        {
            return;
        }

        _utf8.Append(chunk);
        Consume(_normalizer.Process(chunk));
    }

    /// <summary>Lowercase hex SHA-256 of the tokens, or null (see <see cref="UnsupportedReason"/>).</summary>
    public string? FinishHex()
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        _finished = true;
        if (UnsupportedReason is null)
        {
            Consume(_normalizer.Flush());

            // A virtual newline ends whatever token or line comment is open; anything else still open is unterminated.
            StepByte((byte)'\n');
            if (_state != State.Normal)
            {
                Fail($"unterminated {Describe(_state)} at the end of the script");
            }
        }

        // Scripts in a multi-byte encoding such as Shift-JIS or GBK can hide a quote or backslash in the second byte
        // of a character, so a byte-level tokenizer is only sound for UTF-8 (and ASCII).
        var invalid = _utf8.FinishFirstInvalidOffset();
        if (UnsupportedReason is null && invalid >= 0)
        {
            UnsupportedReason = $"the script is not UTF-8 (byte {invalid})";
        }

        if (UnsupportedReason is not null)
        {
            return null;
        }

        if (_lineCandidate != LineCandidate.None)
        {
            DecideBatchSeparator(onNewLine: true, countFollows: false);
        }

        if (_separatorPending)
        {
            _tokens.Add(Separated);
        }

        if (_recorded is not null)
        {
            RecordEnd();
        }

        Span<byte> digest = stackalloc byte[32];
        _tokens.FinishAndReset(digest);
        return Hex.Lower(digest);
    }

    public void Dispose()
    {
        _finished = true;
        _normalizer.Dispose();
        _tokens.Dispose();
        _comment?.Dispose();
    }

    private void Consume(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && UnsupportedReason is null)
        {
            // Bulk paths for the long stretches: string and body contents, line comments.
            var rest = text[i..];
            var run = _state switch
            {
                State.Quoted => rest.IndexOfAny(_quote, (byte)'\\', (byte)'\n'),
                State.DollarBody when _dollarMatched == 0 => rest.IndexOfAny((byte)'$', (byte)'\n'),
                State.LineComment => rest.IndexOf((byte)'\n'),
                _ => 0,
            };
            if (run != 0)
            {
                var length = run < 0 ? rest.Length : run;
                if (_state != State.LineComment)
                {
                    _tokens.Add(rest[..length]);
                    _recording?.AddRange(rest[..length]);
                    _last = rest[length - 1];
                }

                i += length;
                continue;
            }

            var b = text[i++];
            if (b == (byte)'\n')
            {
                _line++;
            }

            StepByte(b);
        }
    }

    private void StepByte(byte b)
    {
        Step(b);
        if (b == (byte)'\n' && _inHashLine && UnsupportedReason is null)
        {
            EndHashLine();
        }
    }

    // The end of a line that holds a '#' outside strings and comments. Where MySQL reads a comment from the '#' to the
    // end of the line, T-SQL reads code (#temp, ##global tables) and PostgreSQL an operator (#>>). The line was tokenized
    // as code, with the '#' a token whose touching its neighbours counts (see IsGlued), and where the line ends is
    // hashed too: equal tokens with equal line ends mean equal code under the code reading, and equal code before each
    // line's first '#' with the rest of the line dropped under MySQL's. So a change of spacing or of a comment on such a
    // line is cosmetic under both, and a line break moved into or out of it (which moves code into or out of MySQL's
    // comment) is real. Both readings meet again on the next line only if the code reading ends this one outside any
    // string, quoted name or comment; else the script has no semantic checksum.
    private void EndHashLine()
    {
        _inHashLine = false;
        if (_state != State.Normal)
        {
            UnsupportedReason ??= $"line {_hashLineNumber}: a '#' (a comment in MySQL, code elsewhere) on a line whose code reading leaves a string, name or comment open";
            return;
        }

        // After the line's last token and before the separator that follows it, as the batch separator's marker.
        _tokens.Add(HashLineEnd);
    }

    // A token that stands for text hashed aside: its marker, then the text's SHA-256.
    private void DigestToken(byte marker, HashSink text)
    {
        Span<byte> digest = stackalloc byte[32];
        text.FinishAndReset(digest);
        StartToken(TokenKind.Kept, marker);
        TokenByte(marker);
        foreach (var d in digest)
        {
            TokenByte(d);
        }

        EndToken();
    }

    private void Step(byte b)
    {
        while (UnsupportedReason is null)
        {
            switch (_state)
            {
                case State.Normal:
                    StepNormal(b);
                    return;

                case State.Word:
                    if (IsWordByte(b) || (_numeric && b == (byte)'.'))
                    {
                        TokenByte(b);
                        return;
                    }

                    if (_numeric && b is (byte)'+' or (byte)'-' && _last is (byte)'e' or (byte)'E')
                    {
                        // 1e-5 is one number, but 1e--comment is 1e and a comment: wait for the next byte.
                        _sign = b;
                        _state = State.WordSign;
                        return;
                    }

                    EndToken();
                    continue;

                case State.WordSign:
                    if (IsDigit(b))
                    {
                        TokenByte(_sign);
                        TokenByte(b);
                        _state = State.Word;
                        return;
                    }

                    EndToken();
                    Step(_sign);
                    continue;

                case State.DollarTag:
                    if (StepDollarTag(b))
                    {
                        return;
                    }

                    continue;

                case State.DollarBody:
                    TokenByte(b);
                    if (b == _dollar[_dollarMatched])
                    {
                        if (++_dollarMatched == _dollarLength)
                        {
                            EndToken();
                        }
                    }
                    else
                    {
                        // The tag holds no '$', so a failed match can only restart at this byte.
                        _dollarMatched = b == (byte)'$' ? 1 : 0;
                    }

                    return;

                case State.Operator:
                    if (b is (byte)'-' or (byte)'/')
                    {
                        // "--" and "/*" end an operator and start a comment, as in PostgreSQL: wait for the next byte.
                        _inOperatorRun = true;
                        _state = b == (byte)'-' ? State.Dash : State.Slash;
                        return;
                    }

                    if (IsOperatorByte(b))
                    {
                        TokenByte(b);
                        return;
                    }

                    EndToken();
                    continue;

                case State.Dash:
                case State.Slash:
                    var dash = _state == State.Dash;
                    var pending = dash ? (byte)'-' : (byte)'/';
                    if (b == (dash ? (byte)'-' : (byte)'*'))
                    {
                        if (_inOperatorRun)
                        {
                            EndToken();
                        }

                        _state = dash ? State.DashDash : State.BlockStart;
                        return;
                    }

                    if (!_inOperatorRun)
                    {
                        StartToken(TokenKind.Punctuation, pending);
                    }

                    TokenByte(pending);
                    _state = State.Operator;
                    continue;

                case State.DashDash:
                    // MySQL takes "--" as a comment only before whitespace or a control character; "--x" is two minus
                    // signs there. Such a "comment" is kept as a token, so an edit in it counts under either reading.
                    _headLength = 0;
                    _headKept = b > (byte)' ';
                    _state = State.CommentHead;
                    continue;

                case State.LineComment:
                    if (b == (byte)'\n')
                    {
                        _state = State.Normal;
                        continue;
                    }

                    return;

                case State.CommentHead:
                    if (StepCommentHead(b))
                    {
                        return;
                    }

                    continue;

                case State.KeptLineComment:
                    StepKeptLineComment(b);
                    return;

                case State.BlockStart:
                    if (b is (byte)'!' or (byte)'+')
                    {
                        StartExecutableComment("/*"u8, b);
                        return;
                    }

                    if (b == (byte)'M')
                    {
                        _state = State.BlockStartM;
                        return;
                    }

                    BeginBlockComment();
                    continue;

                case State.BlockStartM:
                    if (b == (byte)'!')
                    {
                        // MariaDB's executable comment.
                        StartExecutableComment("/*M"u8, b);
                        return;
                    }

                    BeginBlockComment();
                    StepBlockComment((byte)'M');
                    continue;

                case State.BlockComment:
                    StepBlockComment(b);
                    return;

                case State.ExecutableComment:
                    StepExecutableComment(b);
                    return;

                case State.Quoted:
                    TokenByte(b);
                    if (b == _quote)
                    {
                        _state = State.QuoteClose;
                    }
                    else if (b == (byte)'\\' && _quote != (byte)'`' && _mysqlClient)
                    {
                        _state = State.QuotedEscape;
                    }
                    else if (b == (byte)'\\' && _quote != (byte)'`')
                    {
                        // An escape in MySQL (and in PostgreSQL E'' strings, or with standard_conforming_strings off),
                        // a plain character in standard SQL, PostgreSQL and T-SQL: where the string ends depends on
                        // the dialect. Backticks never escape.
                        Fail("a backslash inside a quoted string (an escape in MySQL, a plain character in standard SQL)");
                    }

                    return;

                case State.QuotedEscape:
                    // The escaped byte is part of the string whatever it is, the quote included.
                    TokenByte(b);
                    _state = State.Quoted;
                    return;

                case State.DelimiterLine:
                    StepDelimiterLine(b);
                    return;

                case State.QuoteClose:
                    if (b == _quote)
                    {
                        TokenByte(b);
                        _state = State.Quoted;
                        return;
                    }

                    EndToken();
                    continue;

                case State.Bracket:
                    StepBracket(b);
                    return;

                case State.BracketClose:
                    if (b == (byte)']')
                    {
                        // "]]" is an escaped ']' inside a T-SQL identifier.
                        TokenByte(b);
                        _prev = 0;
                        _state = State.Bracket;
                        return;
                    }

                    EndToken();
                    continue;
            }
        }
    }

    private void StepNormal(byte b)
    {
        if (IsWhitespace(b))
        {
            _adjacent = false;
            if (b == (byte)'\n')
            {
                _gapHasNewline = true;
                _lineHasToken = false;
            }

            return;
        }

        if (IsWordByte(b) && (b != (byte)'$' || _mysqlClient))
        {
            StartToken(TokenKind.Word, b);
            _numeric = IsDigit(b);
            TokenByte(b);
            _state = State.Word;
            return;
        }

        switch (b)
        {
            case (byte)'$':
                // A dollar quote, a $1 parameter, or a word: the next bytes decide.
                _dollar[0] = b;
                _dollarLength = 1;
                _state = State.DollarTag;
                return;

            case (byte)'\'' or (byte)'"' or (byte)'`':
                // MySQL reads "…" as a string (ANSI_QUOTES off), PostgreSQL as an identifier: kept verbatim either way.
                StartToken(TokenKind.Quoted, b);
                TokenByte(b);
                _quote = b;
                _state = State.Quoted;
                return;

            case (byte)'[':
                StartToken(TokenKind.Quoted, b);
                TokenByte(b);
                _bracketInSingle = false;
                _bracketInDouble = false;
                _prev = 0;
                _state = State.Bracket;
                return;

            case (byte)'-' or (byte)'/':
                _inOperatorRun = false;
                _state = b == (byte)'-' ? State.Dash : State.Slash;
                return;

            case (byte)'#' when _mysqlClient:
                BeginDroppedComment();
                _state = State.LineComment;
                return;

            case (byte)'#':
                // A token of its own here (T-SQL's #temp is '#' and temp, touching), and the line's end is marked.
                if (!_inHashLine)
                {
                    _inHashLine = true;
                    _hashLineNumber = _line;
                }

                StartToken(TokenKind.Punctuation, b);
                TokenByte(b);
                EndToken();
                return;

            case (byte)'\\':
                // psql meta-commands (\i, \set) and mysql client commands (\G, \d) are line-oriented client syntax.
                Fail("a backslash outside strings (client command syntax)");
                return;
        }

        if (IsOperatorByte(b))
        {
            StartToken(TokenKind.Punctuation, b);
            TokenByte(b);
            _state = State.Operator;
            return;
        }

        if (b is (byte)'(' or (byte)')' or (byte)',' or (byte)'.' or (byte)';' or (byte)']' or (byte)'{' or (byte)'}')
        {
            StartToken(TokenKind.Punctuation, b);
            TokenByte(b);
            EndToken();
            return;
        }

        // Control characters would also blur the separators between tokens.
        Fail($"control character 0x{b:x2} outside strings");
    }

    // Returns false when b must be read again in the state it leaves.
    private bool StepDollarTag(byte b)
    {
        if (b == (byte)'$')
        {
            _dollar[_dollarLength++] = b;
            StartToken(TokenKind.Quoted, (byte)'$');
            foreach (var d in _dollar.AsSpan(0, _dollarLength))
            {
                TokenByte(d);
            }

            _dollarMatched = 0;
            _state = State.DollarBody;
            return true;
        }

        if (_dollarLength == 1 ? IsTagStart(b) : IsTagStart(b) || IsDigit(b))
        {
            if (_dollarLength > MaxDollarTagLength)
            {
                // A misread body would be tokenized; a word this long is not worth the risk.
                Fail($"a $tag longer than {MaxDollarTagLength} bytes");
                return true;
            }

            _dollar[_dollarLength++] = b;
            return true;
        }

        // Not a dollar quote: "$1" (a parameter), "$" alone, or a "$name" word.
        StartToken(TokenKind.Word, (byte)'$');
        _numeric = false;
        foreach (var d in _dollar.AsSpan(0, _dollarLength))
        {
            TokenByte(d);
        }

        _state = State.Word;
        return false;
    }

    // Reads the first bytes of a "--" comment (after "-- ", its spaces first) until it is known whether a migration tool
    // reads it as a directive. Returns false when the byte is to be stepped again in the state it decided on.
    private bool StepCommentHead(byte b)
    {
        if (_headLength == 0 && !_headKept && b is (byte)' ' or (byte)'\t')
        {
            return true;
        }

        if (b != (byte)'\n' && _headLength < _head.Length)
        {
            _head[_headLength++] = b;
            if (!CouldBeDirective())
            {
                EndCommentHead();
            }

            return true;
        }

        EndCommentHead();
        return false;
    }

    private void EndCommentHead()
    {
        var directive = IsDirective();
        if (!directive && !_headKept)
        {
            BeginDroppedComment();
            _state = State.LineComment;
            return;
        }

        // Kept as "--" and the comment from its first word: the spaces after "--" stay cosmetic.
        StartToken(TokenKind.Kept, (byte)'-');
        TokenByte((byte)'-');
        TokenByte((byte)'-');
        _prev = 0;
        _directive = directive;
        _state = State.KeptLineComment;
        foreach (var headByte in _head.AsSpan(0, _headLength))
        {
            StepKeptLineComment(headByte);
        }
    }

    private bool CouldBeDirective() => Matches(Directives, prefixOnly: true) || (_liquibaseFormatted && Matches(LiquibaseDirectives, prefixOnly: true));

    private bool IsDirective()
    {
        if (Matches(Directives, prefixOnly: false))
        {
            _liquibaseFormatted |= System.Text.Ascii.EqualsIgnoreCase(_head.AsSpan(0, Math.Min(_headLength, 9)), "liquibase"u8);
            return true;
        }

        return _liquibaseFormatted && Matches(LiquibaseDirectives, prefixOnly: false);
    }

    // Whether the comment's start is one of the directives (prefixOnly: or could still become one).
    private bool Matches(byte[][] directives, bool prefixOnly)
    {
        var head = _head.AsSpan(0, _headLength);
        foreach (var directive in directives)
        {
            var length = prefixOnly ? Math.Min(head.Length, directive.Length) : directive.Length;
            if (head.Length >= length && System.Text.Ascii.EqualsIgnoreCase(head[..length], directive.AsSpan(0, length)))
            {
                return true;
            }
        }

        return false;
    }

    private void StepKeptLineComment(byte b)
    {
        if (b == (byte)'\n')
        {
            _directive = false;
            EndToken();
            Step(b);
            return;
        }

        // A directive's text is the tool's, not MySQL's: a quote in it opens nothing.
        if (_directive)
        {
            if (b < (byte)' ' && b != (byte)'\t')
            {
                Fail($"control character 0x{b:x2} in a comment");
                return;
            }

            TokenByte(b);
            return;
        }

        // MySQL reads the rest of the line as code, where a quote would open a string reaching past the line end.
        if (b is (byte)'\'' or (byte)'"' or (byte)'`' || (_prev == (byte)'/' && b == (byte)'*'))
        {
            Fail("a quote or \"/*\" in a \"--\" comment not followed by a space (MySQL reads that line as code)");
            return;
        }

        if (b < (byte)' ' && b != (byte)'\t')
        {
            Fail($"control character 0x{b:x2} in a comment");
            return;
        }

        TokenByte(b);
        _prev = b;
    }

    private void BeginDroppedComment()
    {
        _adjacent = false;
        _gapHasComment = true;
    }

    private void BeginBlockComment()
    {
        BeginDroppedComment();
        _depth = 1;
        _nested = false;
        _closedInside = false;
        _prev = 0;
        _comment ??= new HashSink();
        _comment.Add("/*"u8);
        _state = State.BlockComment;
    }

    private void StepBlockComment(byte b)
    {
        _comment!.Add(b);
        if (b == (byte)'\n')
        {
            _lineHasToken = false;
        }

        if (_prev == (byte)'*' && b == (byte)'/')
        {
            _prev = 0;
            if (--_depth == 0)
            {
                EndBlockComment();
            }
            else
            {
                _closedInside = true;
            }

            return;
        }

        if (_prev == (byte)'/' && b == (byte)'*')
        {
            _prev = 0;
            _depth++;
            _nested = true;
            return;
        }

        if (_closedInside && b is (byte)'\'' or (byte)'"' or (byte)'`')
        {
            // MySQL ends the comment at the first "*/" and reads the rest as code, where this opens a string.
            Fail("a quote after the first \"*/\" of a nested comment (MySQL does not nest comments)");
            return;
        }

        _prev = b;
    }

    private void EndBlockComment()
    {
        _state = State.Normal;
        if (!_nested)
        {
            _comment!.Reset();
            return;
        }

        // PostgreSQL and T-SQL nest block comments, MySQL does not: under MySQL the text after the first "*/" is code.
        // The whole comment therefore counts, as a token holding its digest (the comment itself can be long).
        DigestToken(NestedCommentMarker, _comment!);
    }

    private void StartExecutableComment(ReadOnlySpan<byte> opening, byte b)
    {
        // MySQL runs /*! … */ (and MariaDB /*M! … */), and /*+ … */ holds optimizer hints: kept byte for byte.
        StartToken(TokenKind.Kept, (byte)'/');
        foreach (var o in opening)
        {
            TokenByte(o);
        }

        TokenByte(b);
        _innerQuote = 0;
        _prev = 0;
        _state = State.ExecutableComment;
    }

    private void StepExecutableComment(byte b)
    {
        TokenByte(b);
        if (_innerQuote != 0)
        {
            if (b == _innerQuote)
            {
                _innerQuote = 0;
            }
            else if (b == (byte)'\\' && _innerQuote != (byte)'`')
            {
                Fail("a backslash inside a quoted string (an escape in MySQL, a plain character in standard SQL)");
            }
            else if (_prev == (byte)'*' && b == (byte)'/')
            {
                // MySQL lexes the string; PostgreSQL, reading a plain comment, would end it here.
                Fail("\"*/\" inside a string in an executable comment");
            }

            _prev = b;
            return;
        }

        if (_prev == (byte)'*' && b == (byte)'/')
        {
            EndToken();
            return;
        }

        if (b is (byte)'\'' or (byte)'"' or (byte)'`')
        {
            _innerQuote = b;
        }
        else if ((_prev == (byte)'/' && b == (byte)'*') || (_prev == (byte)'-' && b == (byte)'-') || b is (byte)'#' or (byte)'\\')
        {
            // A comment (or escape) inside the executable part could hide the "*/" that we take as its end.
            Fail("a comment marker or backslash inside an executable comment");
            return;
        }

        _prev = b;
    }

    private void StepBracket(byte b)
    {
        // T-SQL reads [ … ] as a quoted identifier up to a ']' not followed by another; PostgreSQL as an array
        // subscript or constructor, whose strings may hold ']'. The token is kept verbatim, which is safe under both
        // readings as long as both end it at the same ']': give up where they could disagree.
        TokenByte(b);
        if (_bracketInSingle || _bracketInDouble)
        {
            if (b == (_bracketInSingle ? (byte)'\'' : (byte)'"'))
            {
                _bracketInSingle = false;
                _bracketInDouble = false;
            }
            else if (b == (byte)'\\')
            {
                Fail("a backslash inside a quoted string (an escape in MySQL, a plain character in standard SQL)");
            }
            else if (b == (byte)']')
            {
                Fail("a ']' inside a string inside [ ] (T-SQL and PostgreSQL end the brackets at different places)");
            }

            return;
        }

        switch (b)
        {
            case (byte)']':
                _state = State.BracketClose;
                return;
            case (byte)'\'':
                _bracketInSingle = true;
                return;
            case (byte)'"':
                _bracketInDouble = true;
                return;
            case (byte)'[' or (byte)'$' or (byte)'`':
                Fail($"'{(char)b}' inside [ ] (T-SQL and PostgreSQL read brackets differently)");
                return;
        }

        if ((_prev == (byte)'-' && b == (byte)'-') || (_prev == (byte)'/' && b == (byte)'*'))
        {
            Fail("a comment marker inside [ ] (T-SQL and PostgreSQL read brackets differently)");
            return;
        }

        _prev = b;
    }

    private void StartToken(TokenKind kind, byte first)
    {
        if (kind == TokenKind.Quoted && first == (byte)'\'' && _adjacent && _prevIsQuotePrefix)
        {
            // Oracle's q'[…]' and nq'…' choose their own closing delimiter.
            Fail("an Oracle q'…' literal");
            return;
        }

        if (_lineCandidate != LineCandidate.None)
        {
            DecideBatchSeparator(onNewLine: !_lineHasToken, countFollows: kind == TokenKind.Word && first is >= (byte)'0' and <= (byte)'9');
        }

        if (_separatorPending)
        {
            var separator = Separator(kind, first);
            _tokens.Add(separator);
            if (_recorded is not null)
            {
                RecordEnd();
                _recordingGlued = _adjacent;
            }
        }

        _recordingKept = kind == TokenKind.Kept;

        _afterSemicolon = _separatorPending && _prevIsSemicolon;
        _firstOnLine = !_lineHasToken;
        _separatorPending = false;
        _kind = kind;
        _first = first;
        _length = 0;
    }

    private void TokenByte(byte b)
    {
        _tokens.Add(b);
        _recording?.Add(b);
        if (_length < _word.Length)
        {
            _word[_length] = b;
        }

        _length++;
        _last = b;
    }

    private void EndToken()
    {
        var delimiter = _kind == TokenKind.Word && _length == 9 && (_firstOnLine || _afterSemicolon) && IsDelimiterKeyword(_word);

        if (_firstOnLine && IsBatchSeparatorWord())
        {
            _lineCandidate = _kind == TokenKind.Word ? LineCandidate.Go : LineCandidate.Slash;
        }

        _separatorPending = true;
        _prevKind = _kind;
        _prevFirst = _first;
        _prevLast = _last;
        _prevIsSemicolon = _kind == TokenKind.Punctuation && _first == (byte)';';
        _prevIsQuotePrefix = _kind == TokenKind.Word && IsQuotePrefix(_word.AsSpan(0, Math.Min(_length, _word.Length)), _length);
        _adjacent = true;
        _gapHasNewline = false;
        _gapHasComment = false;
        _lineHasToken = true;
        _state = State.Normal;
        if (delimiter)
        {
            // The rest of the line is the mysql client's new delimiter: kept as a token, judged at the line's end.
            StartToken(TokenKind.Kept, (byte)' ');
            _delimiterLength = 0;
            _state = State.DelimiterLine;
        }
    }

    // "DELIMITER $$": one word and nothing else on the line makes it the client's command (and the script MySQL's);
    // anything else, such as COPY's "DELIMITER ','" on a line of its own, is left to no dialect.
    private void StepDelimiterLine(byte b)
    {
        if (b != (byte)'\n')
        {
            if (_delimiterLength == _delimiterLine.Length || b == 0)
            {
                Fail("a DELIMITER line that is not the mysql client's command");
                return;
            }

            _delimiterLine[_delimiterLength++] = b;
            TokenByte(b);
            return;
        }

        var value = _delimiterLine.AsSpan(0, _delimiterLength).Trim(" \t\r"u8);
        if (value.IsEmpty || value.IndexOfAny(" \t'\"`"u8) >= 0)
        {
            Fail("a DELIMITER line that is not the mysql client's command");
            return;
        }

        _mysqlClient = true;
        EndToken();
        Step(b);
    }

    private byte Separator(TokenKind next, byte nextFirst)
    {
        if (_adjacent)
        {
            return IsGlued(next, nextFirst) ? Glued : Separated;
        }

        if (next == TokenKind.Quoted && nextFirst == (byte)'\'' && _prevKind == TokenKind.Quoted && _prevFirst == (byte)'\'')
        {
            // 'a' 'b': MySQL joins the two strings always, PostgreSQL and standard SQL only when the space between
            // them holds a newline (else a syntax error), and only without /* */ comments: keep what decides it.
            if (_gapHasComment)
            {
                Fail("a comment between two string literals (whether they are joined depends on the dialect)");
                return Separated;
            }

            return _gapHasNewline ? StringsAcrossNewline : StringsOnOneLine;
        }

        return Separated;
    }

    // Where inserting a space between two tokens can change their meaning, their being adjacent is part of the hash.
    private bool IsGlued(TokenKind next, byte nextFirst)
    {
        // Qualified names and numbers: t.5 is a column of t in MySQL, t .5 a number; a.b in general. T-SQL's #temp, ##global
        // and a#b are names, "# temp" is not; PostgreSQL's #>> is one operator, "# >>" two.
        if ((_prevKind == TokenKind.Punctuation && _prevLast is (byte)'.' or (byte)'#') || (next == TokenKind.Punctuation && nextFirst is (byte)'.' or (byte)'#'))
        {
            return true;
        }

        return next switch
        {
            // Prefixed literals and introducers: E'…', N'…', X'…', B'…', _utf8mb4'…', U&'…', psql's :'var', 'u'@'h'.
            TokenKind.Quoted => _prevKind is TokenKind.Word or TokenKind.Quoted
                || (_prevKind == TokenKind.Punctuation && _prevLast is (byte)'&' or (byte)':' or (byte)'@'),

            // psql's :var, MySQL's @var and @@var, T-SQL's @var.
            TokenKind.Word => _prevKind == TokenKind.Punctuation && _prevLast is (byte)':' or (byte)'@',

            // MySQL (without IGNORE_SPACE) reads count(…) and count (…) differently; sqlcmd substitutes $(var).
            TokenKind.Punctuation => nextFirst == (byte)'(' && _prevKind is TokenKind.Word or TokenKind.Quoted,
            _ => false,
        };
    }

    private bool IsBatchSeparatorWord() => _kind switch
    {
        TokenKind.Word => _length == 2 && System.Text.Ascii.EqualsIgnoreCase(_word.AsSpan(0, 2), "go"u8),
        TokenKind.Punctuation => _length == 1 && _first == (byte)'/',
        _ => false,
    };

    // Called when the token after a candidate starts (or the script ends): the candidate was alone on its line when
    // that token is on a later line; GO's count (GO 5) may stand between them.
    private void DecideBatchSeparator(bool onNewLine, bool countFollows)
    {
        if (onNewLine)
        {
            _tokens.Add(BatchSeparatorMarker);
            if (_recorded is not null)
            {
                RecordEnd(batchSeparator: true);
            }
            _lineCandidate = LineCandidate.None;
        }
        else
        {
            _lineCandidate = _lineCandidate == LineCandidate.Go && countFollows ? LineCandidate.GoWithCount : LineCandidate.None;
        }
    }

    private void Fail(string reason)
    {
        UnsupportedReason ??= $"line {_line}: {reason}";
    }

    private static string Describe(State state) => state switch
    {
        State.Quoted or State.Bracket => "quoted string or identifier",
        State.DollarBody => "dollar-quoted string",
        State.BlockComment or State.BlockStart or State.BlockStartM => "block comment",
        State.ExecutableComment => "executable comment",
        _ => "token",
    };

    private static bool IsDelimiterKeyword(ReadOnlySpan<byte> word) =>
        System.Text.Ascii.EqualsIgnoreCase(word, "delimiter"u8);

    private static bool IsQuotePrefix(ReadOnlySpan<byte> word, int length) => length switch
    {
        1 => (word[0] | 0x20) == 'q',
        2 => (word[0] | 0x20) == 'n' && (word[1] | 0x20) == 'q',
        _ => false,
    };

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsTagStart(byte b) => b >= 0x80 || b == (byte)'_' || (b | 0x20) is >= 'a' and <= 'z';

    private static bool IsWordByte(byte b) => IsTagStart(b) || IsDigit(b) || b == (byte)'$';

    private static bool IsOperatorByte(byte b) => b is (byte)'+' or (byte)'-' or (byte)'*' or (byte)'/' or (byte)'<' or (byte)'>'
        or (byte)'=' or (byte)'~' or (byte)'!' or (byte)'@' or (byte)'%' or (byte)'^' or (byte)'&' or (byte)'|' or (byte)'?' or (byte)':';
}
