namespace ParityBuild.Core.Rules;

public enum SqlTokenKind
{
    /// <summary>A keyword or an unquoted identifier.</summary>
    Word,

    /// <summary><c>"x"</c> in PostgreSQL, <c>`x`</c> in MySQL.</summary>
    QuotedIdentifier,

    /// <summary>A string literal, including PostgreSQL's dollar-quoted bodies and MySQL's <c>"x"</c>.</summary>
    String,

    Number,

    /// <summary>One punctuation or operator character.</summary>
    Symbol,
}

/// <summary>One token of a statement: where it lies in the script's text, and its 1-based line and column.</summary>
public readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, int Line, int Column);
