using System.Text.RegularExpressions;

namespace ParityBuild.Core.Rules;

/// <summary>
/// <c>ParitySqlDialect</c> (and its older name <c>ParityRulesEngine</c>): which dialect the safety rules read a migration
/// set's scripts in. <c>auto</c> follows the replica's provider when one is named, else what the scripts themselves show.
/// </summary>
public static partial class SqlDialect
{
    /// <summary>The engine a setting names; null for <c>auto</c> with no replica provider (then <see cref="Detect"/>).</summary>
    /// <returns>False for a value that names no dialect.</returns>
    public static bool TryParse(string? value, string? replicaProvider, out SqlEngine? engine)
    {
        var name = value?.Trim().ToLowerInvariant();
        engine = name is null or "" or "auto" ? Named(replicaProvider) : Named(name);
        return engine is not null || name is null or "" or "auto";
    }

    /// <summary>What one script shows of its dialect, and where (for the summary line); null when it shows nothing.</summary>
    public static (SqlEngine Engine, string Why)? Detect(string text, string relativePath)
    {
        if (FirstInCode(BatchSeparatorLine(), text) is { } go)
        {
            return (SqlEngine.SqlServer, $"a GO line in {relativePath}:{LineOf(text, go)}");
        }

        if (FirstInCode(DelimiterLine(), text) is { } delimiter)
        {
            return (SqlEngine.MySql, $"a DELIMITER line in {relativePath}:{LineOf(text, delimiter)}");
        }

        if (FirstInCode(Backticks(), text) is { } backtick)
        {
            return (SqlEngine.MySql, $"`quoted` names in {relativePath}:{LineOf(text, backtick)}");
        }

        if (FirstInCode(Brackets(), text) is { } bracket)
        {
            return (SqlEngine.SqlServer, $"[bracketed] names in {relativePath}:{LineOf(text, bracket)}");
        }

        return null;
    }

    // The first match outside a comment and a string on its line: "-- fill it from the `slug` column" or a COMMENT ON
    // … IS 'from the `crates` table' in a PostgreSQL script shows no dialect. A line's view of strings is enough here.
    private static int? FirstInCode(Regex pattern, string text)
    {
        for (var match = pattern.Match(text); match.Success; match = match.NextMatch())
        {
            var lineStart = match.Index == 0 ? 0 : text.LastIndexOf('\n', match.Index - 1) + 1;
            var before = text.AsSpan(lineStart, match.Index - lineStart);
            var inLineComment = before.Contains("--", StringComparison.Ordinal);
            var inString = before.Count('\'') % 2 == 1;
            var inBlockComment = text.LastIndexOf("/*", match.Index, StringComparison.Ordinal) > text.LastIndexOf("*/", match.Index, StringComparison.Ordinal);
            if (!inLineComment && !inString && !inBlockComment)
            {
                return match.Index;
            }
        }

        return null;
    }

    public static string Name(SqlEngine engine) => engine switch
    {
        SqlEngine.MySql => "mysql",
        SqlEngine.SqlServer => "sqlserver",
        _ => "postgres",
    };

    // The names ParityReplicaProvider accepts too, so that auto follows it.
    private static SqlEngine? Named(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "postgres" or "postgresql" or "npgsql" => SqlEngine.PostgreSql,
        "mysql" or "mariadb" or "mysqlconnector" => SqlEngine.MySql,
        "sqlserver" or "mssql" or "tsql" or "t-sql" or "azuresql" => SqlEngine.SqlServer,
        _ => null,
    };

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    /// <summary>sqlcmd's batch separator: GO alone on its line, with an optional count and a trailing comment.</summary>
    [GeneratedRegex(@"^[ \t]*GO(?:[ \t]+\d+)?[ \t]*(?:--[^\n]*)?\r?$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    internal static partial Regex BatchSeparatorLine();

    [GeneratedRegex(@"^[ \t]*DELIMITER[ \t]+\S", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex DelimiterLine();

    [GeneratedRegex(@"`[A-Za-z_][A-Za-z0-9_$]*`")]
    private static partial Regex Backticks();

    // [dbo], [Order Id] before or after a dot, or after whitespace, a comma or a parenthesis: not an array subscript (a[i]).
    [GeneratedRegex(@"(?:^|[\s(,.])\[[A-Za-z_][A-Za-z0-9_ ]*\](?=[\s.(),;]|$)", RegexOptions.Multiline)]
    private static partial Regex Brackets();
}
