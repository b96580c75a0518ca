using System.Globalization;
using System.Text;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Schema;

/// <summary>
/// The one way generated SQL (the repair files) writes what a database, a snapshot or a file name supplies: names as
/// quoted identifiers, values as literals, each escaped so that the server, <c>psql</c> and the <c>mysql</c> client read
/// the same thing and it stays data; and comment lines that no such text can end. A name may hold a line break and
/// <c>DROP TABLE victim; --</c>: it must never become a statement.
/// </summary>
public static class SqlText
{
    /// <summary>
    /// A quoted identifier on one line. PostgreSQL: <c>"…"</c> with <c>""</c>, or, when the name holds a character a
    /// comment cannot (a line break), <c>U&amp;"…"</c> with the character as a Unicode escape, which names exactly the
    /// same object. MySQL has no escapes in a quoted name: <c>`…`</c> with <c>``</c>, the characters as they are.
    /// </summary>
    public static string Quote(SqlEngine engine, string identifier)
    {
        if (engine == SqlEngine.MySql)
        {
            return "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
        }

        if (OneLine.IsClean(identifier))
        {
            return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        var text = new StringBuilder("U&\"", identifier.Length + 16);
        foreach (var c in identifier)
        {
            text.Append(c switch
            {
                '"' => "\"\"",
                '\\' => "\\\\",
                _ when OneLine.NeedsEscape(c) => "\\" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>
    /// A string literal on one line, or NULL. PostgreSQL: <c>'…'</c> with <c>''</c>; a value with a backslash or a control
    /// character is an <c>E'…'</c> literal, which reads the same whatever <c>standard_conforming_strings</c> is. MySQL and
    /// MariaDB: <c>'…'</c> with <c>''</c> and the backslash escaped (<c>\\</c>, <c>\n</c>, <c>\0</c>), so that the string
    /// ends where it ends with or without <c>NO_BACKSLASH_ESCAPES</c> (which would read <c>\\</c> as two characters).
    /// </summary>
    public static string Literal(SqlEngine engine, string? value)
    {
        if (value is null)
        {
            return "NULL";
        }

        var plain = OneLine.IsClean(value) && !value.Contains('\\', StringComparison.Ordinal);
        if (plain)
        {
            return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        var mySql = engine == SqlEngine.MySql;
        var text = new StringBuilder(mySql ? "'" : "E'", value.Length + 16);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\'' => "''",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' when mySql => "\\0",
                '\u001A' when mySql => "\\Z",

                // MySQL has no other escape: the character stays in the literal (a line of its own a comment cannot hold).
                _ when OneLine.NeedsEscape(c) && !mySql => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('\'').ToString();
    }

    /// <summary>A comment line (<c>-- …</c>, no line break at the end) whose text cannot end it.</summary>
    public static string Comment(string text) => "-- " + OneLine.Escape(text);

    /// <summary>
    /// <paramref name="statement"/> commented out, line by line, for a reader to uncomment; or, when a name or value in
    /// it breaks a line of its own, a comment that says the statement for <paramref name="what"/> was left out, since
    /// escaping it would change what it names. Literals and PostgreSQL names are on one line (<see cref="Literal"/>,
    /// <see cref="Quote"/>); a MySQL name with a line break is not, and leaves an odd number of backticks on its line.
    /// </summary>
    public static string CommentOut(string statement, string what)
    {
        var lines = statement.Split('\n');
        return lines.All(line => OneLine.IsClean(line) && line.Count(c => c == '`') % 2 == 0)
            ? string.Join('\n', lines.Select(line => "-- " + line))
            : Comment($"The statement for {what} is left out: a name or value in it holds a line break or control character. Write it by hand.");
    }
}
