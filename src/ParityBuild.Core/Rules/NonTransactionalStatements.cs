namespace ParityBuild.Core.Rules;

/// <summary>A statement PostgreSQL refuses inside a transaction block.</summary>
/// <param name="Line">The 1-based line the statement starts on.</param>
/// <param name="Statement">What it is, e.g. <c>CREATE INDEX CONCURRENTLY</c>.</param>
public sealed record NonTransactionalStatement(int Line, string Statement);

/// <summary>
/// The one list of the statements PostgreSQL refuses inside a transaction block ("cannot run inside a transaction
/// block"): the safety rules report them inside a script's own <c>BEGIN … COMMIT</c> (PARITY4002), and the dry run,
/// which runs every script in a transaction, refuses them before anything runs (PARITY5002). Read with
/// <see cref="SqlStatementSplitter"/>, so a keyword in a string, a comment or a function body is no statement.
/// </summary>
public static class NonTransactionalStatements
{
    /// <summary>The statements of a PostgreSQL script that cannot run in a transaction on a server of that major version.</summary>
    public static IReadOnlyList<NonTransactionalStatement> Find(string sql, int serverMajorVersion)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return [.. SqlStatementSplitter.Split(sql, SqlEngine.PostgreSql).Statements
            .Select(statement => Classify(statement, serverMajorVersion) is { } what ? new NonTransactionalStatement(statement.Line, what) : null)
            .OfType<NonTransactionalStatement>()];
    }

    /// <summary>What the statement is when PostgreSQL (of that major version) refuses it in a transaction; else null.</summary>
    public static string? Classify(SqlStatement s, int serverMajorVersion = int.MaxValue)
    {
        var concurrently = s.FindWord(1, s.Count, "CONCURRENTLY") > 0;
        if (s.AreWords(0, "CREATE", "INDEX", "CONCURRENTLY") || s.AreWords(0, "CREATE", "UNIQUE", "INDEX", "CONCURRENTLY"))
        {
            return "CREATE INDEX CONCURRENTLY";
        }

        if (s.AreWords(0, "DROP", "INDEX", "CONCURRENTLY"))
        {
            return "DROP INDEX CONCURRENTLY";
        }

        if (s.IsWord(0, "REINDEX") && concurrently)
        {
            return "REINDEX … CONCURRENTLY";
        }

        if (s.AreWords(0, "ALTER", "TABLE") && s.FindWord(2, s.Count, "DETACH") > 0 && concurrently)
        {
            return "DETACH PARTITION … CONCURRENTLY";
        }

        if (s.IsWord(0, "VACUUM"))
        {
            return "VACUUM";
        }

        if ((s.IsWord(0, "CREATE") || s.IsWord(0, "DROP")) && s.IsWord(1, "DATABASE"))
        {
            return $"{s.TokenText(0).ToString().ToUpperInvariant()} DATABASE";
        }

        if (s.AreWords(0, "ALTER", "SYSTEM"))
        {
            return "ALTER SYSTEM";
        }

        // PostgreSQL 12 accepts ALTER TYPE … ADD VALUE in a transaction (the new value is usable only after commit).
        if (serverMajorVersion < 12 && s.AreWords(0, "ALTER", "TYPE") && AddsValue(s))
        {
            return "ALTER TYPE … ADD VALUE";
        }

        return null;
    }

    private static bool AddsValue(SqlStatement s)
    {
        for (var i = 2; i + 1 < s.Count; i++)
        {
            if (s.AreWords(i, "ADD", "VALUE"))
            {
                return true;
            }
        }

        return false;
    }
}
