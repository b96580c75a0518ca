namespace ParityBuild.Core.Rules;

/// <summary>
/// One statement of a script: its tokens (comments dropped), where it starts, and the suppression comments that apply
/// to it. Rules read keywords through <see cref="IsWord(int, string)"/>, which never matches inside a string, a quoted
/// identifier or a comment, because those are never <see cref="SqlTokenKind.Word"/> tokens.
/// </summary>
public sealed class SqlStatement
{
    private readonly string _text;

    // A small array per statement rather than one list per script: a script-sized token list would land on the large
    // object heap and cost full collections when every script of a project is checked.
    private readonly SqlToken[] _tokens;
    private List<RuleSuppression>? _suppressions;

    private readonly int _textStart;

    /// <param name="textStart">Where its text starts when that is before its first token (a MySQL <c>/*!</c> opener), else -1.</param>
    internal SqlStatement(string text, SqlToken[] tokens, int end, List<RuleSuppression>? suppressions, int textStart = -1)
    {
        _text = text;
        _textStart = textStart;
        _tokens = tokens;
        End = end;
        _suppressions = suppressions;
    }

    /// <summary>How many tokens the statement has (at least one).</summary>
    public int Count => _tokens.Length;

    public int Line => Token(0).Line;

    public int Column => Token(0).Column;

    /// <summary>Where the statement's first token starts in the script's text.</summary>
    public int Start => Token(0).Start;

    /// <summary>Where its delimiter (or the script) ends it.</summary>
    public int End { get; }

    /// <summary>The <c>parity:ignore</c> comments written before it, inside it, or after it on its last line.</summary>
    public IReadOnlyList<RuleSuppression> Suppressions => _suppressions ?? (IReadOnlyList<RuleSuppression>)[];

    /// <summary>
    /// The statement as written, from its first token (or the <c>/*!</c> that opens the executable comment it starts
    /// in: MySQL runs that text, opener and all) to its delimiter.
    /// </summary>
    public string Text => _text[(_textStart >= 0 ? _textStart : Start)..End];

    public SqlToken Token(int index) => _tokens[index];

    public ReadOnlySpan<char> TokenText(int index)
    {
        var token = Token(index);
        return _text.AsSpan(token.Start, token.Length);
    }

    /// <summary>Whether token <paramref name="index"/> is the keyword <paramref name="word"/> (any case).</summary>
    public bool IsWord(int index, string word) =>
        index >= 0 && index < Count && Token(index).Kind == SqlTokenKind.Word && TokenText(index).Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(int index, char symbol) =>
        index >= 0 && index < Count && Token(index) is { Kind: SqlTokenKind.Symbol } token && _text[token.Start] == symbol;

    /// <summary>Whether the keywords <paramref name="words"/> follow one another from token <paramref name="index"/>.</summary>
    public bool AreWords(int index, params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (!IsWord(index + i, words[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first token in [<paramref name="from"/>, <paramref name="to"/>) that is the keyword, or -1.</summary>
    public int FindWord(int from, int to, string word)
    {
        for (var i = from; i < to; i++)
        {
            if (IsWord(i, word))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The name starting at token <paramref name="index"/> (<c>schema.table</c> or <c>"Quoted"</c>): its last part as the
    /// database would store it (unquoted names folded to lower case), and the index of the token after it.
    /// </summary>
    public (string? Name, int Next) NameAt(int index)
    {
        string? name = null;
        var i = index;
        while (i < Count && Token(i).Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier or SqlTokenKind.String)
        {
            var token = Token(i);
            name = token.Kind == SqlTokenKind.Word
                ? TokenText(i).ToString().ToLowerInvariant()
                : _text.Substring(token.Start + 1, Math.Max(0, token.Length - 2));
            i++;
            if (!IsSymbol(i, '.'))
            {
                break;
            }

            i++;
        }

        return (name, i);
    }

    /// <summary>
    /// The top-level comma-separated parts of [<paramref name="from"/>, end): ALTER TABLE's actions. Commas inside
    /// parentheses do not separate.
    /// </summary>
    public IReadOnlyList<(int From, int To)> CommaParts(int from)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var start = from;
        for (var i = from; i < Count; i++)
        {
            if (IsSymbol(i, '('))
            {
                depth++;
            }
            else if (IsSymbol(i, ')'))
            {
                depth--;
            }
            else if (depth == 0 && IsSymbol(i, ','))
            {
                parts.Add((start, i));
                start = i + 1;
            }
        }

        parts.Add((start, Count));
        return parts;
    }

    public override string ToString() => Text;

    internal void AddSuppression(RuleSuppression suppression) => (_suppressions ??= []).Add(suppression);
}
