using System.Text.RegularExpressions;

namespace ParityBuild.Core.Scripts;

/// <summary>
/// A user's convention: a regex with the named groups <c>version</c>, optionally <c>description</c> and <c>kind</c>.
/// It is matched against the file name, or against the path relative to the project when the regex itself matches a
/// <c>/</c> (one outside a character class: <c>[^/]+</c> only says what a name may not contain). A numeric version
/// compares numerically; any other compares ordinally. The <c>kind</c> group, when it takes part in the match, is
/// <c>up</c> (versioned), <c>down</c> or <c>undo</c> (undo), or <c>repeatable</c>, in any case; without it a script is versioned.
/// </summary>
public sealed class RegexNaming : NamingConvention
{
    private readonly Regex _regex;
    private readonly bool _matchesPath;
    private readonly bool _hasKind;

    public RegexNaming(string pattern)
    {
        try
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"ParityNaming '{pattern}' is neither auto, flyway, numbered, timestamp nor dbup, and not a valid regex: {exception.Message}", exception);
        }

        var groups = _regex.GetGroupNames();
        if (Array.IndexOf(groups, "version") < 0)
        {
            throw new ArgumentException($"ParityNaming '{pattern}' is a regex without a named group 'version', as in (?<version>\\d+)__(?<description>.+)\\.sql");
        }

        Name = pattern;
        _matchesPath = MatchesSlash(pattern);
        _hasKind = Array.IndexOf(groups, "kind") >= 0;
    }

    public override string Name { get; }

    public override string Expected => $"the regex {Name}";

    public override string Explain(string relativePath) =>
        (_matchesPath
            ? $"the regex was matched against the path relative to the project, '{relativePath}', as it has a '/' outside a character class"
            : $"the regex was matched against the file name, '{FileName(relativePath)}'")
        + (_hasKind ? "; its kind group, where it takes part, must be up, down, undo or repeatable" : "");

    public override ScriptName? Parse(string relativePath)
    {
        Match match;
        try
        {
            match = _regex.Match(_matchesPath ? relativePath : FileName(relativePath));
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        if (!match.Success || KindOf(match) is not { } kind)
        {
            return null;
        }

        var description = match.Groups["description"].Value;
        var text = match.Groups["version"].Value;
        if (kind == MigrationKind.Repeatable)
        {
            return new ScriptName(kind, null, description);
        }

        if (text.Length == 0)
        {
            return null;
        }

        var version = MigrationVersion.TryParseNumeric(text, out var numeric) ? numeric : MigrationVersion.Named(text);
        return new ScriptName(kind, version, description);
    }

    private MigrationKind? KindOf(Match match)
    {
        var kind = _hasKind ? match.Groups["kind"] : null;
        if (kind is null || !kind.Success)
        {
            return MigrationKind.Versioned;
        }

        return kind.Value.ToLowerInvariant() switch
        {
            "up" => MigrationKind.Versioned,
            "down" or "undo" => MigrationKind.Undo,
            "repeatable" => MigrationKind.Repeatable,
            _ => null,
        };
    }

    /// <summary>
    /// Whether the pattern matches a <c>/</c> of its own: a <c>/</c> (or <c>\/</c>, <c>\x2F</c>, <c>\u002F</c>, <c>\057</c>)
    /// outside character classes, comments (<c>(?#…)</c>, and <c>#…</c> where <c>(?x)</c> is on) and escapes of other characters.
    /// </summary>
    internal static bool MatchesSlash(string pattern)
    {
        // Whether x (ignore whitespace, # comments) is on, per open group: an inline (?x) lasts to the end of its group.
        var extended = new Stack<bool>();
        var x = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '/':
                    return true;
                case '\\':
                    if (IsEscapedSlash(pattern, i + 1))
                    {
                        return true;
                    }

                    i = EndOfEscape(pattern, i + 1);
                    break;
                case '[':
                    i = EndOfClass(pattern, i);
                    break;
                case '#' when x:
                    i = pattern.IndexOf('\n', i) is var end and >= 0 ? end : pattern.Length;
                    break;
                case '(' when At(pattern, i + 1, "?#"):
                    i = pattern.IndexOf(')', i) is var close and >= 0 ? close : pattern.Length;
                    break;
                case '(':
                    extended.Push(x);
                    if (InlineOptions(pattern, i + 2, x, out var on, out var last))
                    {
                        if (pattern[last] == ')')
                        {
                            // (?x) changes the rest of the enclosing group; it opens none of its own.
                            extended.Pop();
                        }

                        x = on;
                        i = last;
                    }

                    break;
                case ')':
                    x = extended.Count > 0 ? extended.Pop() : x;
                    break;
            }
        }

        return false;
    }

    private static bool At(string pattern, int index, string text) =>
        index + text.Length <= pattern.Length && string.CompareOrdinal(pattern, index, text, 0, text.Length) == 0;

    // After the backslash: '/', or a character escape whose value is '/'.
    private static bool IsEscapedSlash(string pattern, int i) =>
        At(pattern, i, "/")
        || (At(pattern, i, "x") && HexAt(pattern, i + 1, 2) == '/')
        || (At(pattern, i, "u") && HexAt(pattern, i + 1, 4) == '/')
        || At(pattern, i, "057");

    private static int HexAt(string pattern, int start, int digits) =>
        start + digits <= pattern.Length && int.TryParse(pattern.AsSpan(start, digits), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var value) ? value : -1;

    // The index of an escape's last character, given the index of the character after the backslash.
    private static int EndOfEscape(string pattern, int i) =>
        i < pattern.Length && pattern[i] is 'p' or 'P' && At(pattern, i + 1, "{") && pattern.IndexOf('}', i) is var close and >= 0 ? close : i;

    // The index of the ']' that closes the class opening at 'start' (a ']' first in the class is a member; '-[' opens a
    // subtracted class), or the pattern's end.
    private static int EndOfClass(string pattern, int start)
    {
        var i = start + 1;
        if (At(pattern, i, "^"))
        {
            i++;
        }

        if (At(pattern, i, "]"))
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i = EndOfEscape(pattern, i + 1);
                    break;
                case '[' when pattern[i - 1] == '-':
                    i = EndOfClass(pattern, i);
                    break;
                case ']':
                    return i;
            }
        }

        return pattern.Length;
    }

    // (?imnsx-imnsx) or (?imnsx-imnsx: starting at 'start' (after "(?"): whether x is on after it, and where it ends.
    private static bool InlineOptions(string pattern, int start, bool x, out bool on, out int last)
    {
        on = x;
        last = start;
        if (start > pattern.Length || pattern[start - 1] != '?')
        {
            return false;
        }

        var enable = true;
        for (var i = start; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '-':
                    enable = false;
                    break;
                case 'x':
                    on = enable;
                    break;
                case 'i' or 'm' or 'n' or 's':
                    break;
                case ')' or ':' when i > start:
                    last = i;
                    return true;
                default:
                    on = x;
                    return false;
            }
        }

        on = x;
        return false;
    }
}
