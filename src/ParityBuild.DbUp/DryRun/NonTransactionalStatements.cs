using System.Text;
using System.Text.RegularExpressions;

namespace ParityBuild.DbUp.DryRun;

/// <summary>A statement PostgreSQL refuses inside a transaction block, found in a script before anything runs.</summary>
/// <param name="Line">The 1-based line the statement starts on.</param>
/// <param name="Statement">What it is, e.g. <c>CREATE INDEX CONCURRENTLY</c>.</param>
public sealed record NonTransactionalStatement(int Line, string Statement);

/// <summary>
/// Finds the statements of a PostgreSQL script that cannot run inside a transaction, so that the dry run reports them
/// as such instead of failing on the server with "cannot run inside a transaction block" half-way through. The scan
/// knows comments (nested block comments too), string literals, quoted identifiers and dollar quotes, so a keyword in
/// any of them is not a statement.
/// </summary>
public static partial class NonTransactionalStatements
{
    /// <summary>The statements of <paramref name="sql"/> that cannot run in a transaction on a server of that major version.</summary>
    public static IReadOnlyList<NonTransactionalStatement> Find(string sql, int serverMajorVersion)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var found = new List<NonTransactionalStatement>();
        foreach (var (line, text, _, _) in Statements(sql))
        {
            if (Classify(text, serverMajorVersion) is { } statement)
            {
                found.Add(new NonTransactionalStatement(line, statement));
            }
        }

        return found;
    }

    private static string? Classify(string statement, int major)
    {
        if (CreateIndexConcurrently().IsMatch(statement))
        {
            return "CREATE INDEX CONCURRENTLY";
        }

        if (DropIndexConcurrently().IsMatch(statement))
        {
            return "DROP INDEX CONCURRENTLY";
        }

        if (ReindexConcurrently().IsMatch(statement))
        {
            return "REINDEX CONCURRENTLY";
        }

        if (Vacuum().IsMatch(statement))
        {
            return "VACUUM";
        }

        if (CreateDatabase().IsMatch(statement))
        {
            return "CREATE DATABASE";
        }

        if (DropDatabase().IsMatch(statement))
        {
            return "DROP DATABASE";
        }

        if (AlterSystem().IsMatch(statement))
        {
            return "ALTER SYSTEM";
        }

        // PostgreSQL 12 accepts ALTER TYPE … ADD VALUE in a transaction (the new value is usable only after commit).
        if (major < 12 && AlterTypeAddValue().IsMatch(statement))
        {
            return "ALTER TYPE … ADD VALUE";
        }

        return null;
    }

    /// <summary>
    /// Each statement's starting line and its text with comments removed, literals and quoted identifiers replaced by a
    /// placeholder and whitespace collapsed, in upper case: only keywords are left to match; and where it starts (its
    /// first token) and ends (its semicolon, or the end) in <paramref name="sql"/>.
    /// </summary>
    internal static IEnumerable<(int Line, string Text, int Start, int End)> Statements(string sql)
    {
        var text = new StringBuilder();
        var line = 1;
        var startLine = 0;
        var start = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\n')
            {
                line++;
            }

            if (c == '-' && At(sql, i + 1, '-'))
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '/' && At(sql, i + 1, '*'))
            {
                var depth = 0;
                while (i < sql.Length)
                {
                    if (sql[i] == '/' && At(sql, i + 1, '*'))
                    {
                        depth++;
                        i += 2;
                    }
                    else if (sql[i] == '*' && At(sql, i + 1, '/'))
                    {
                        depth--;
                        i += 2;
                        if (depth == 0)
                        {
                            break;
                        }
                    }
                    else
                    {
                        line += sql[i] == '\n' ? 1 : 0;
                        i++;
                    }
                }

                Append(text, ' ');
                continue;
            }

            if (c is '\'' or '"')
            {
                // A doubled quote inside is an escaped quote, read as the end of one literal and the start of the next.
                // A backslash only escapes in E'' strings; treating it as an escape there is enough for finding keywords.
                var escapes = c == '\'' && i > 0 && sql[i - 1] is 'E' or 'e';
                MarkStart(ref startLine, ref start, line, i, text);
                i++;
                while (i < sql.Length && sql[i] != c)
                {
                    line += sql[i] == '\n' ? 1 : 0;
                    i += escapes && sql[i] == '\\' ? 2 : 1;
                }

                i++;
                text.Append(" X ");
                continue;
            }

            if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                MarkStart(ref startLine, ref start, line, i, text);
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                var stop = end < 0 ? sql.Length : end + tag.Length;
                for (var j = i; j < stop; j++)
                {
                    line += sql[j] == '\n' ? 1 : 0;
                }

                i = stop;
                text.Append(" X ");
                continue;
            }

            if (c == ';')
            {
                if (startLine > 0)
                {
                    yield return (startLine, text.ToString().Trim(), start, i);
                }

                text.Clear();
                startLine = 0;
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                Append(text, ' ');
            }
            else
            {
                MarkStart(ref startLine, ref start, line, i, text);
                text.Append(char.ToUpperInvariant(c));
            }

            i++;
        }

        if (startLine > 0)
        {
            yield return (startLine, text.ToString().Trim(), start, sql.Length);
        }
    }

    private static void MarkStart(ref int startLine, ref int start, int line, int index, StringBuilder text)
    {
        if (startLine == 0)
        {
            startLine = line;
            start = index;
            text.Clear();
        }
    }

    private static void Append(StringBuilder text, char c)
    {
        if (text.Length > 0 && text[^1] != ' ')
        {
            text.Append(c);
        }
    }

    private static bool At(string sql, int index, char c) => index < sql.Length && sql[index] == c;

    // $$ or $tag$ where the tag is an identifier; a $1 parameter is not a dollar quote.
    private static string? DollarTag(string sql, int start)
    {
        var i = start + 1;
        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
        {
            i++;
        }

        if (i >= sql.Length || sql[i] != '$' || (i > start + 1 && char.IsDigit(sql[start + 1])))
        {
            return null;
        }

        return sql[start..(i + 1)];
    }

    [GeneratedRegex(@"^CREATE (UNIQUE )?INDEX CONCURRENTLY\b")]
    private static partial Regex CreateIndexConcurrently();

    [GeneratedRegex(@"^DROP INDEX CONCURRENTLY\b")]
    private static partial Regex DropIndexConcurrently();

    [GeneratedRegex(@"^REINDEX (\(.*\) )?(INDEX|TABLE|SCHEMA|DATABASE|SYSTEM) ?(\(.*\) )?CONCURRENTLY\b|^REINDEX \(.*\bCONCURRENTLY\b")]
    private static partial Regex ReindexConcurrently();

    [GeneratedRegex(@"^VACUUM\b")]
    private static partial Regex Vacuum();

    [GeneratedRegex(@"^CREATE DATABASE\b")]
    private static partial Regex CreateDatabase();

    [GeneratedRegex(@"^DROP DATABASE\b")]
    private static partial Regex DropDatabase();

    [GeneratedRegex(@"^ALTER SYSTEM\b")]
    private static partial Regex AlterSystem();

    [GeneratedRegex(@"^ALTER TYPE .* ADD VALUE\b")]
    private static partial Regex AlterTypeAddValue();
}
