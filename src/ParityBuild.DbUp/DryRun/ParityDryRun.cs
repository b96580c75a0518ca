using System.Diagnostics;
using System.Globalization;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Transactions;
using MySqlConnector;
using Npgsql;
using ParityBuild.Core.Findings;
using NonTransactionalStatements = ParityBuild.Core.Rules.NonTransactionalStatements;
using SqlEngine = ParityBuild.Core.Rules.SqlEngine;
using SqlStatementSplitter = ParityBuild.Core.Rules.SqlStatementSplitter;
using TransactionControl = ParityBuild.Core.Rules.TransactionControl;

namespace ParityBuild.DbUp.DryRun;

/// <summary>
/// Runs the scripts a database has not applied yet through DbUp, inside one transaction that is always rolled back
/// (DbUp's <c>WithTransactionAlwaysRollback</c>), so that a script that would fail on deployment fails here first and
/// the database is left exactly as it was. PostgreSQL only: its DDL is transactional. Before running anything it
/// refuses a read-only session or a hot standby, and reports statements PostgreSQL refuses inside a transaction.
/// </summary>
public static class ParityDryRun
{
    /// <summary>
    /// Dry-runs the pending ones of <paramref name="scripts"/> (in migration order) and reports each as it starts and ends
    /// through <paramref name="progress"/>. Cancelling cancels the running statement on the server and rolls back;
    /// the task then ends in an <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<DryRunResult> RunAsync(DryRunOptions options, IReadOnlyList<DryRunScript> scripts, Action<string>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scripts);
        progress ??= _ => { };
        if (options.Engine == DryRunEngine.MySql)
        {
            var server = await MySqlServerAsync(options, cancellation).ConfigureAwait(false);
            return Stop(Diagnostics.DryRunEngineRefused.At(null, options.Display, server), "refused: MySQL/MariaDB");
        }

        var connectionString = Session(options, "ParityDryRun-" + Guid.NewGuid().ToString("N")[..12]);
        int major;
        try
        {
            var connection = new NpgsqlConnection(connectionString.ConnectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellation).ConfigureAwait(false);
                var command = new NpgsqlCommand("SELECT pg_is_in_recovery(), current_setting('transaction_read_only'), current_setting('server_version_num')::int", connection);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        await reader.ReadAsync(cancellation).ConfigureAwait(false);
                        if (reader.GetBoolean(0))
                        {
                            return Stop(Diagnostics.DryRunReadOnly.At(null, options.Display, "is a hot standby (pg_is_in_recovery() is true)"), "refused: hot standby");
                        }

                        if (reader.GetString(1) == "on")
                        {
                            return Stop(Diagnostics.DryRunReadOnly.At(null, options.Display, "gives a read-only session (transaction_read_only is on)"), "refused: read-only");
                        }

                        major = reader.GetInt32(2) / 10000;
                    }
                }
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or ArgumentException)
        {
            cancellation.ThrowIfCancellationRequested();
            return Stop(Diagnostics.DryRunSettingInvalid.At(null, $"{options.Display} could not be reached or refused the login: {Unreachable(exception, options)}"), "unreachable");
        }

        // What is applied: the journal's names (and DbUp's own table's), read by the journal DbUp deploys with.
        IReadOnlyCollection<string> applied;
        try
        {
            applied = Builder(connectionString.ConnectionString, options, []).Build().GetExecutedScripts().ToList();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return Stop(Diagnostics.DryRunSettingInvalid.At(null, $"the journal could not be read on {options.Display}: {Unreachable(exception, options)}"), "the journal could not be read");
        }

        var pending = scripts.Where(script => !IsApplied(script, applied)).ToList();
        progress($"ParityDryRun: {options.Display} (PostgreSQL {major}): {applied.Count} scripts applied, {pending.Count} pending.");

        // A script's own COMMIT would end the transaction that is rolled back, and keep what follows for real.
        var transactionControl = new TransactionControl();
        var controlling = pending
            .SelectMany(script => (options.SkipTransactionControlCheck ? [] : transactionControl.Find(script.Contents))
                .Select(statement => Diagnostics.DryRunTransactionControl.AtLine(script.Path, statement.Line, script.Name, $" line {statement.Line}", $"{statement.Statement} controls the transaction, and would end the dry run's own", "Nothing was run: whatever followed it would be committed for real. Remove the statement and let the deployment choose the transaction (DbUp's WithTransactionPerScript), or test this script on a copy of the database.")))
            .ToList();
        if (controlling.Count > 0)
        {
            return new DryRunResult(controlling, Names(pending), [], $"ParityDryRun: nothing was run: {controlling.Count} statements control their own transaction.");
        }

        var blocked = pending
            .SelectMany(script => NonTransactionalStatements.Find(script.Contents, major)
                .Select(statement => Diagnostics.DryRunNotTransactional.AtLine(script.Path, statement.Line, script.Name, statement.Line, statement.Statement, major < 12 && statement.Statement.StartsWith("ALTER TYPE", StringComparison.Ordinal) ? $" before version 12; this server is {major}" : "")))
            .ToList();
        if (blocked.Count > 0)
        {
            return new DryRunResult(blocked, Names(pending), [], $"ParityDryRun: nothing was run: {blocked.Count} statements cannot be dry-run in a transaction.");
        }

        if (pending.Count == 0)
        {
            return new DryRunResult([], [], [], $"ParityDryRun: nothing to dry-run: {options.Display} has every script applied.");
        }

        var executor = new Reporting(pending, progress, () => BackendState(options, connectionString.ApplicationName!), cancellation);
        var log = new BlockLog();
        var engine = Builder(connectionString.ConnectionString, options, pending.Select(script => new SqlScript(script.Name, script.Contents)))
            .LogTo(log)
            .WithTransactionAlwaysRollback()
            .WithExecutionTimeout(TimeSpan.FromSeconds(options.StatementSeconds + options.LockSeconds + 5));
        engine.Configure(configuration => configuration.ScriptExecutor = executor.Wrap(configuration.ScriptExecutor, configuration.ConnectionManager));

        // DbUp runs synchronously and takes no token: a cancellation cancels the statement running on the server, which
        // fails the script, and DbUp disposes the transaction without committing it.
        var upgrade = Task.Run(() => engine.Build().PerformUpgrade(), CancellationToken.None);
        while (!upgrade.IsCompleted)
        {
            await Task.WhenAny(upgrade, Task.Delay(Timeout.Infinite, cancellation)).ConfigureAwait(false);
            if (cancellation.IsCancellationRequested && !upgrade.IsCompleted)
            {
                await CancelBackendsAsync(options, connectionString.ApplicationName!).ConfigureAwait(false);
                await Task.WhenAny(upgrade, Task.Delay(250, CancellationToken.None)).ConfigureAwait(false);
            }
        }

        var result = await upgrade.ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        if (executor.Escaped is { } escaped)
        {
            return new DryRunResult(
                [Diagnostics.DryRunTransactionControl.AtLine(escaped.Script.Path, 0, escaped.Script.Name, "", $"after it ran, the dry run's transaction was no longer open ({escaped.Reason})", "What it and the scripts before it did may have been committed for real: compare the database with a backup. No script after it ran.")],
                Names(pending),
                executor.Ran,
                $"ParityDryRun: {escaped.Script.Name} ended the dry run's transaction; its changes may have been committed.");
        }

        if (result.Successful)
        {
            return new DryRunResult([], Names(pending), executor.Ran, $"ParityDryRun: {executor.Ran.Count} pending scripts ran on {options.Display} without error; all of it was rolled back.");
        }

        var failed = executor.Failed ?? pending.FirstOrDefault(script => script.Name == result.ErrorScript?.Name) ?? pending[0];
        return new DryRunResult([Failure(failed, result.Error, log.FailedBlock, options)], Names(pending), executor.Ran, $"ParityDryRun: {failed.Name} failed on {options.Display}; all of it was rolled back.");
    }

    // The server's login errors name the user, which may be the password, and a driver's refusal of the string quotes
    // it: neither is quoted. Other texts pass only if they hold no secret.
    private static string Unreachable(Exception exception, DryRunOptions options) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } postgres =>
            $"{postgres.SqlState}: the login was refused; check the user and password of the connection string.",
        PostgresException postgres => $"{postgres.SqlState}: {options.Scrub(postgres.MessageText)}",
        ArgumentException => $"the driver refused the connection string ({exception.GetType().Name}); its text is not shown, as it may hold the password.",
        _ => options.Scrub(exception.Message),
    };

    /// <summary>Whether a history row names the script: exactly, or as an embedded resource name ending with it.</summary>
    internal static bool IsApplied(DryRunScript script, IReadOnlyCollection<string> applied) =>
        applied.Any(name => name == script.Name ||
            (name.EndsWith(script.Name, StringComparison.Ordinal) && name[name.Length - script.Name.Length - 1] is '.' or '/' or '\\'));

    private static Finding Failure(DryRunScript script, Exception? error, int? block, DryRunOptions options)
    {
        var message = error switch
        {
            PostgresException postgres => $"{postgres.SqlState}: {postgres.MessageText}",
            null => "DbUp reported a failure without an error.",
            _ => error.Message,
        };
        // DbUp splits a script into statements and logs the failing one's index: found again by the same split here.
        string? statement = null;
        var line = 0;
        if (block is { } index && SqlStatementSplitter.Split(script.Contents, SqlEngine.PostgreSql).Statements.ElementAtOrDefault(index) is { } found)
        {
            statement = found.Text.Trim().TrimEnd(';').TrimEnd();
            line = found.Line;
        }

        var shown = statement is null ? "(not known)" : statement.Length > 300 ? statement[..300] + "…" : statement;
        return Diagnostics.DryRunScriptFailed.AtLine(script.Path, line, script.Name, line > 0 ? line.ToString(CultureInfo.InvariantCulture) : "?", options.Scrub(message).TrimEnd('.') + ".", shown, "");
    }

    private static UpgradeEngineBuilder Builder(string connectionString, DryRunOptions options, IEnumerable<SqlScript> scripts) =>
        DeployChanges.To.PostgresqlDatabase(connectionString)
            .WithScripts(scripts)
            .JournalToParity(options.Schema, options.Table)
            .WithVariablesDisabled()
            .LogToNowhere();

    // The session of the dry run: timeouts as the replica check's, set at startup so they hold before any statement;
    // a name of its own, so that a cancellation can find it; no pool, so nothing outlives the run.
    private static NpgsqlConnectionStringBuilder Session(DryRunOptions options, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false,
            Timeout = options.ConnectSeconds,
            CommandTimeout = options.StatementSeconds + options.LockSeconds + 5,
            ApplicationName = applicationName,
        };
        builder.Options = $"{builder.Options} -c statement_timeout={options.StatementSeconds * 1000} -c lock_timeout={options.LockSeconds * 1000} -c idle_in_transaction_session_timeout={(options.StatementSeconds + 30) * 1000}".Trim();
        return builder;
    }

    private static async Task CancelBackendsAsync(DryRunOptions options, string applicationName)
    {
        try
        {
            var canceller = Session(options, applicationName + "-cancel");
            var connection = new NpgsqlConnection(canceller.ConnectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                var command = new NpgsqlCommand("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = @name", connection);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.AddWithValue("name", applicationName);
                    await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // The statement still ends at statement_timeout, and the transaction is never committed either way.
        }
    }

    // The dry run's session as pg_stat_activity shows it ("idle in transaction", "idle", …), read from a session of its own.
    private static string? BackendState(DryRunOptions options, string applicationName)
    {
        try
        {
            using var connection = new NpgsqlConnection(Session(options, applicationName + "-state").ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT state FROM pg_stat_activity WHERE application_name = @name", connection);
            command.Parameters.AddWithValue("name", applicationName);
            return command.ExecuteScalar() as string;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    // Connects only to name the server in the refusal; no statement of the scripts is ever sent.
    private static async Task<string> MySqlServerAsync(DryRunOptions options, CancellationToken cancellation)
    {
        try
        {
            var builder = new MySqlConnectionStringBuilder(options.ConnectionString) { ConnectionTimeout = (uint)options.ConnectSeconds, Pooling = false };
            var connection = new MySqlConnection(builder.ConnectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellation).ConfigureAwait(false);
                var version = connection.ServerVersion;
                return version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) ? $"MariaDB {version}" : $"MySQL {version}";
            }
        }
        catch (Exception exception) when (exception is MySqlException or TimeoutException or ArgumentException or System.Net.Sockets.SocketException)
        {
            return "MySQL or MariaDB";
        }
    }

    private static DryRunResult Stop(Finding finding, string summary) => new([finding], [], [], "ParityDryRun: " + summary + "; nothing was run.");

    private static string[] Names(List<DryRunScript> scripts) => [.. scripts.Select(script => script.Name)];

    /// <summary>DbUp's log, dropped except for the index of the statement that failed (DbUp says it only there).</summary>
    private sealed class BlockLog : global::DbUp.Engine.Output.IUpgradeLog
    {
        public int? FailedBlock { get; private set; }

        public void LogTrace(string format, params object[] args)
        {
        }

        public void LogDebug(string format, params object[] args)
        {
        }

        public void LogInformation(string format, params object[] args)
        {
        }

        public void LogWarning(string format, params object[] args)
        {
        }

        public void LogError(string format, params object[] args)
        {
            if (format.StartsWith("Script block number:", StringComparison.Ordinal) && args is [int index, ..])
            {
                FailedBlock = index;
            }
        }

        public void LogError(Exception ex, string format, params object[] args) => LogError(format, args);
    }

    /// <summary>
    /// Reports each script as it starts and ends, stops before the next once cancelled, and keeps the one that failed.
    /// After each script it checks that the session is still in the transaction that will be rolled back (the same
    /// transaction id as before the first script), and stops the run if it is not.
    /// </summary>
    private sealed class Reporting(IReadOnlyList<DryRunScript> scripts, Action<string> progress, Func<string?> backendState, CancellationToken cancellation)
    {
        private const string AbortedTransaction = "aborted";
        private IConnectionManager? _connections;
        private string? _outerTransaction;

        public List<string> Ran { get; } = [];

        public DryRunScript? Failed { get; private set; }

        /// <summary>The script after which the outer transaction was gone, and how that showed.</summary>
        public (DryRunScript Script, string Reason)? Escaped { get; private set; }

        public IScriptExecutor Wrap(IScriptExecutor inner, IConnectionManager connectionManager)
        {
            _connections = connectionManager;
            return new Executor(this, inner);
        }

        private void Run(SqlScript script, Action run)
        {
            cancellation.ThrowIfCancellationRequested();
            _outerTransaction ??= TransactionId().Id ?? throw new InvalidOperationException("the dry run's transaction could not be identified.");
            progress($"ParityDryRun: running {script.Name}");
            var started = Stopwatch.GetTimestamp();
            try
            {
                run();
            }
            catch
            {
                Failed = scripts.FirstOrDefault(candidate => candidate.Name == script.Name);

                // DbUp lets no command through after a failure: the server says from outside what the session is in.
                if (backendState() is var state and not ("idle in transaction (aborted)" or "idle in transaction"))
                {
                    Escape(script, $"the session is {state ?? "not found"} rather than idle in transaction");
                }

                throw;
            }

            if (CheckStillInside(script) is { } gone)
            {
                throw new InvalidOperationException(gone);
            }

            Ran.Add(script.Name);
            progress($"ParityDryRun: {script.Name} ran in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
        }

        // Null while the session is in the outer transaction (a failed statement leaves it there, aborted, until the
        // rollback); otherwise records the script as the one that ended it and says how that showed.
        private string? CheckStillInside(SqlScript script)
        {
            var (id, problem) = TransactionId();
            if (id == _outerTransaction || problem == AbortedTransaction)
            {
                return null;
            }

            return Escape(script, id is null ? $"it could not be queried: {problem}" : $"transaction {_outerTransaction} became {id}");
        }

        private string Escape(SqlScript script, string reason)
        {
            Escaped = (scripts.First(candidate => candidate.Name == script.Name), reason);
            return $"{script.Name} ended the dry run's transaction.";
        }

        // The id of the session's current transaction (outside a transaction block each statement gets a new one), or
        // why it could not be read: Npgsql refuses a command on a transaction that a script's COMMIT completed.
        private (string? Id, string? Problem) TransactionId()
        {
            try
            {
                return (_connections!.ExecuteCommandsWithManagedConnection(command =>
                {
                    using var query = command();
                    query.CommandText = "SELECT txid_current()::text";
                    return query.ExecuteScalar() as string;
                }), null);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InFailedSqlTransaction)
            {
                return (null, AbortedTransaction);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                return (null, exception.Message);
            }
        }

        private sealed class Executor(Reporting owner, IScriptExecutor inner) : IScriptExecutor
        {
            public int? ExecutionTimeoutSeconds
            {
                get => inner.ExecutionTimeoutSeconds;
                set => inner.ExecutionTimeoutSeconds = value;
            }

            public void Execute(SqlScript script) => owner.Run(script, () => inner.Execute(script));

            public void Execute(SqlScript script, IDictionary<string, string> variables) => owner.Run(script, () => inner.Execute(script, variables));

            public void VerifySchema() => inner.VerifySchema();
        }
    }
}
