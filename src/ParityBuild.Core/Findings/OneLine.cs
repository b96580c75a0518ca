using System.Globalization;
using System.Text;

namespace ParityBuild.Core.Findings;

/// <summary>
/// Text from a database, a snapshot, a manifest or a file name, made fit for one line of a log, a report or a SQL
/// comment: every character that could end the line or hide what follows (line and paragraph separators, NUL and the
/// other control characters, the bidirectional overrides) is written as a visible escape instead (<c>\n</c>,
/// <c>\u2028</c>), so one finding stays one line and a comment cannot end early.
/// </summary>
public static class OneLine
{
    public static string Escape(string text)
    {
        if (IsClean(text))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when NeedsEscape(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>Whether <paramref name="text"/> has none of the characters <see cref="Escape"/> replaces.</summary>
    public static bool IsClean(string text)
    {
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                return false;
            }
        }

        return true;
    }

    // C0 and C1 controls (with U+0085, NEL) and DEL; the Unicode line and paragraph separators; and the bidirectional
    // marks, embeddings, overrides and isolates, which can make a line read as something else than it is.
    public static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
