namespace ParityBuild.Core.Scripts;

/// <summary>
/// postgrator's script names, <c>&lt;version&gt;.do[.&lt;name&gt;].sql</c> and <c>&lt;version&gt;.undo[.&lt;name&gt;].sql</c>:
/// the regex <c>^(\d+)\.(do|undo)(?:\.(.*))?\.sql$</c> of postgrator's getMigrations (with ASCII digits), read by hand,
/// because discovery and the postgrator history read the name of every script in every check.
/// </summary>
public static class PostgratorScriptName
{
    /// <param name="version">The digits before the first dot.</param>
    /// <param name="undo">Whether it is an undo script.</param>
    /// <param name="name">What follows <c>do.</c> or <c>undo.</c> up to <c>.sql</c> (it may hold dots); empty for none.</param>
    public static bool TryParse(ReadOnlySpan<char> fileName, out ReadOnlySpan<char> version, out bool undo, out ReadOnlySpan<char> name)
    {
        version = name = default;
        undo = false;
        var digits = fileName.IndexOfAnyExceptInRange('0', '9');
        if (digits <= 0 || fileName[digits] != '.' || fileName.Length - 4 <= digits || !fileName.EndsWith(".sql", StringComparison.Ordinal))
        {
            return false;
        }

        // "do", "do.<name>", "undo" or "undo.<name>".
        var action = fileName[(digits + 1)..^4];
        undo = action.StartsWith("undo", StringComparison.Ordinal);
        var length = undo ? 4 : action.StartsWith("do", StringComparison.Ordinal) ? 2 : 0;
        if (length == 0 || (action.Length > length && action[length] != '.'))
        {
            undo = false;
            return false;
        }

        version = fileName[..digits];
        name = action.Length > length ? action[(length + 1)..] : default;
        return true;
    }
}
