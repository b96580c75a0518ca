namespace ParityBuild.Core.Rules;

/// <summary>A statement of a script that starts, ends or hands off the transaction the script runs in.</summary>
/// <param name="Line">The 1-based line of the statement (of the <c>COMMIT</c> itself inside a PL/pgSQL body).</param>
/// <param name="Statement">What it is, e.g. <c>COMMIT</c> or <c>DO block that runs COMMIT</c>.</param>
public sealed record TransactionControlStatement(int Line, string Statement);

/// <summary>
/// Finds the statements of a PostgreSQL script that control its transaction: <c>BEGIN</c>, <c>START TRANSACTION</c>,
/// <c>COMMIT</c>, <c>END</c>, <c>ROLLBACK</c>, <c>ABORT</c>, <c>PREPARE TRANSACTION</c> and the two-phase
/// <c>COMMIT/ROLLBACK PREPARED</c>, and the PL/pgSQL <c>COMMIT</c>/<c>ROLLBACK</c> of a <c>DO</c> block or of a procedure
/// the scripts create and then <c>CALL</c>. A dry run that rolls back must refuse them: a script's own <c>COMMIT</c>
/// ends the outer transaction, and everything after it is committed for real.
/// </summary>
/// <remarks>
/// Read with <see cref="SqlStatementSplitter"/>, so strings, comments and dollar-quoted bodies are never statements, and a
/// <c>BEGIN</c> inside a function body or a DO block is PL/pgSQL's block, not a transaction. <c>SAVEPOINT</c>,
/// <c>RELEASE</c> and <c>ROLLBACK TO</c> stay inside the outer transaction and are allowed.
/// </remarks>
public sealed class TransactionControl
{
    // Procedures created by the scripts read so far whose body commits or rolls back, by their lower-case name.
    private readonly HashSet<string> _committingProcedures = new(StringComparer.Ordinal);

    /// <summary>The transaction-control statements of <paramref name="sql"/>; read scripts in migration order, so a CALL
    /// of a procedure an earlier script creates is known.</summary>
    public IReadOnlyList<TransactionControlStatement> Find(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var found = new List<TransactionControlStatement>();
        foreach (var statement in SqlStatementSplitter.Split(sql, SqlEngine.PostgreSql).Statements)
        {
            if (TopLevel(statement) is { } control)
            {
                found.Add(new TransactionControlStatement(statement.Line, control));
            }
            else if (statement.IsWord(0, "DO") && CommitInBody(statement, 1) is { } line)
            {
                found.Add(new TransactionControlStatement(line, "a DO block that runs COMMIT or ROLLBACK"));
            }
            else if (ProcedureName(statement) is { } procedure)
            {
                if (CommitInBody(statement, 0) is not null)
                {
                    _committingProcedures.Add(procedure);
                }
                else
                {
                    _committingProcedures.Remove(procedure);
                }
            }
            else if (statement.IsWord(0, "CALL") && statement.NameAt(1).Name is { } called && _committingProcedures.Contains(called))
            {
                found.Add(new TransactionControlStatement(statement.Line, $"CALL {called}, a procedure that runs COMMIT or ROLLBACK"));
            }
        }

        return found;
    }

    private static string? TopLevel(SqlStatement statement)
    {
        // At the top level of a script BEGIN always opens a transaction: BEGIN ATOMIC only occurs inside CREATE FUNCTION.
        if (statement.IsWord(0, "BEGIN") || statement.IsWord(0, "COMMIT") || statement.IsWord(0, "END") || statement.IsWord(0, "ABORT"))
        {
            return statement.IsWord(1, "PREPARED") ? "COMMIT PREPARED" : statement.TokenText(0).ToString().ToUpperInvariant();
        }

        if (statement.AreWords(0, "START", "TRANSACTION"))
        {
            return "START TRANSACTION";
        }

        if (statement.AreWords(0, "PREPARE", "TRANSACTION"))
        {
            return "PREPARE TRANSACTION";
        }

        if (statement.IsWord(0, "ROLLBACK"))
        {
            // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] x returns to a savepoint inside the outer transaction.
            var next = statement.IsWord(1, "WORK") || statement.IsWord(1, "TRANSACTION") ? 2 : 1;
            return statement.IsWord(next, "TO") ? null : statement.IsWord(1, "PREPARED") ? "ROLLBACK PREPARED" : "ROLLBACK";
        }

        return null;
    }

    // CREATE [OR REPLACE] PROCEDURE name: the name, lower case as PostgreSQL folds it; null for any other statement.
    private static string? ProcedureName(SqlStatement statement)
    {
        var at = statement.AreWords(0, "CREATE", "OR", "REPLACE") ? 3 : 1;
        return statement.IsWord(0, "CREATE") && statement.IsWord(at, "PROCEDURE") ? statement.NameAt(at + 1).Name : null;
    }

    // The line of the first COMMIT or ROLLBACK statement in a quoted PL/pgSQL body of the statement, or null.
    private static int? CommitInBody(SqlStatement statement, int from)
    {
        for (var i = from; i < statement.Count; i++)
        {
            var token = statement.Token(i);
            if (token.Kind != SqlTokenKind.String || token.Length < 2)
            {
                continue;
            }

            var text = statement.TokenText(i);
            string body;
            if (text[0] == '$')
            {
                var tag = text[..(text[1..].IndexOf('$') + 2)];
                var closed = text.Length >= 2 * tag.Length && text.EndsWith(tag, StringComparison.Ordinal);
                body = text[tag.Length..(closed ? text.Length - tag.Length : text.Length)].ToString();
            }
            else
            {
                body = text[1..^1].ToString().Replace("''", "'", StringComparison.Ordinal);
            }

            foreach (var inner in SqlStatementSplitter.Split(body, SqlEngine.PostgreSql).Statements)
            {
                for (var j = 0; j < inner.Count; j++)
                {
                    if ((inner.IsWord(j, "COMMIT") || inner.IsWord(j, "ROLLBACK")) && StartsPlpgsqlStatement(inner, j))
                    {
                        // The body starts on the line of its opening quote.
                        return token.Line + inner.Token(j).Line - 1;
                    }
                }
            }
        }

        return null;
    }

    // A PL/pgSQL statement starts a split statement, or follows the keyword that opens a block or a branch, or a label.
    private static bool StartsPlpgsqlStatement(SqlStatement statement, int index) =>
        index == 0 || statement.IsWord(index - 1, "BEGIN") || statement.IsWord(index - 1, "THEN") || statement.IsWord(index - 1, "ELSE")
        || statement.IsWord(index - 1, "LOOP") || statement.IsSymbol(index - 1, '>');
}
