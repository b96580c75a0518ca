using MySqlConnector;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Schema;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica.MySql;

/// <summary>
/// A MySQL or MariaDB session made read-only (<c>SET SESSION TRANSACTION READ ONLY</c>) before any query of ours,
/// with a metadata-lock and row-lock wait bound and a statement timeout (MySQL's <c>max_execution_time</c>,
/// MariaDB's <c>max_statement_time</c>). No pooling, no user-level locks.
/// </summary>
internal sealed class MySqlSession : ReplicaSession
{
    private const int AccessDenied = 1045;
    private const int LockWaitTimeout = 1205;
    private const int MySqlStatementTimeout = 3024;
    private const int MariaDbStatementTimeout = 1969;

    private readonly MySqlConnection _connection;

    // What the set-up's own query found (null when the set-up could not ask).
    private bool? _readOnlyAtSetUp;

    private MySqlSession(ReplicaTarget target, ReplicaTimeouts timeouts, MySqlConnection connection, string serverVersion)
        : base(target, timeouts)
    {
        _connection = connection;
        ServerVersion = serverVersion;
    }

    public override string ServerVersion { get; }

    private bool IsMariaDb => ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);

    public static async Task<ReplicaSession> ConnectAsync(ReplicaTarget target, ReplicaTimeouts timeouts, CancellationToken cancellation)
    {
        var builder = new MySqlConnectionStringBuilder(target.ConnectionString)
        {
            ConnectionTimeout = (uint)Math.Max(1, timeouts.ConnectSeconds),
            DefaultCommandTimeout = (uint)(timeouts.StatementSeconds + timeouts.LockSeconds + 5),
            Pooling = false,
            AllowUserVariables = false,
        };
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "ParityBuild" : builder.ApplicationName;

        var connection = new MySqlConnection(builder.ConnectionString);
        return await OpenReadOnlyAsync(
            connection,
            target,
            timeouts,
            async deadline =>
            {
                var session = new MySqlSession(target, timeouts, connection, connection.ServerVersion);
                var statementTimeout = session.IsMariaDb
                    ? $"SET SESSION max_statement_time = {timeouts.StatementSeconds}"
                    : $"SET SESSION max_execution_time = {timeouts.StatementSeconds * 1000}";
                var setUp = $"SET SESSION TRANSACTION READ ONLY; SET SESSION lock_wait_timeout = {timeouts.LockSeconds}; SET SESSION innodb_lock_wait_timeout = {timeouts.LockSeconds}; {statementTimeout}; {CatalogFingerprint.MySqlSessionSetting}";
                try
                {
                    // The proof that the session is read-only rides in the set-up's round trip.
                    var results = await session.QueryBatchAsync([setUp, $"SELECT @@session.{session.ReadOnlyVariable}"], deadline).ConfigureAwait(false);
                    session._readOnlyAtSetUp = IsOne(results[^1]);
                }
                catch (ReplicaException exception) when (exception.Kind == ReplicaFailureKind.Query)
                {
                    // A server whose version misleads about the variable's name: set up alone, and prove it by asking both names.
                    await session.ExecuteAsync(setUp, deadline).ConfigureAwait(false);
                }

                return session;
            },
            (exception, waited) => Translate(exception, waited, target, timeouts, cancellation, connecting: true),
            "",
            cancellation).ConfigureAwait(false);
    }

    public override string Quote(string identifier) => SqlText.Quote(SqlEngine.MySql, identifier);

    public override async Task<IReadOnlyList<(string Schema, string Table, string Column)>> ListColumnsAsync(IReadOnlyCollection<string> tableNames, string? schema, bool manySchemas, CancellationToken cancellation)
    {
        // A MySQL "schema" is a database: the connection's own unless one is named.
        var names = string.Join(", ", tableNames.Select(name => SqlText.Literal(SqlEngine.MySql, name.ToLowerInvariant())));
        var rows = await RunAsync(
            $"""
            SELECT table_schema, table_name, column_name
            FROM information_schema.columns
            WHERE lower(table_name) IN ({names}) AND table_schema = COALESCE(@schema, DATABASE())
            ORDER BY table_schema, table_name, ordinal_position
            """,
            cancellation,
            ("@schema", schema)).ConfigureAwait(false);
        return [.. rows.Select(row => (Convert.ToString(row[0])!, Convert.ToString(row[1])!, Convert.ToString(row[2])!))];
    }

    public override async Task<IReadOnlyList<LockHolder>> FindLocksAsync(HistoryTable table, CancellationToken cancellation)
    {
        // performance_schema.metadata_locks shows table locks without taking one; it needs performance_schema on and
        // SELECT on it. Without them there is nothing to show, and the lock wait bound still keeps the check short.
        const string sql = """
            SELECT CAST(t.PROCESSLIST_ID AS CHAR), t.PROCESSLIST_USER, t.PROCESSLIST_HOST,
                   TIMESTAMPADD(SECOND, -t.PROCESSLIST_TIME, UTC_TIMESTAMP()), t.PROCESSLIST_INFO, m.LOCK_TYPE, m.LOCK_STATUS
            FROM performance_schema.metadata_locks m
            JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID
            WHERE m.OBJECT_TYPE = 'TABLE' AND m.OBJECT_SCHEMA = @schema AND m.OBJECT_NAME = @table
              AND (t.PROCESSLIST_ID IS NULL OR t.PROCESSLIST_ID <> CONNECTION_ID())
            """;
        try
        {
            var rows = await RunAsync(sql, cancellation, ("@schema", table.Schema), ("@table", table.Name)).ConfigureAwait(false);
            return [.. rows.Select(row => new LockHolder(
                Convert.ToString(row[0]) ?? "?", row[1] as string, row[2] as string, row[3] as DateTime?, row[4] as string,
                Convert.ToString(row[5]) ?? "lock", string.Equals(Convert.ToString(row[6]), "GRANTED", StringComparison.OrdinalIgnoreCase)))];
        }
        catch (ReplicaException exception) when (exception.Kind == ReplicaFailureKind.Query)
        {
            return [];
        }
    }

    public override Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken cancellation) => RunAsync(sql, cancellation);

    // MySqlConnector sends the statements of one command as one COM_QUERY and reads their results in one round trip.
    public override Task<IReadOnlyList<IReadOnlyList<object?[]>>> QueryBatchAsync(IReadOnlyList<string> queries, CancellationToken cancellation) =>
        ReadResultsAsync(
            new MySqlCommand(string.Join(";\n", queries.Select(query => query.TrimEnd().TrimEnd(';'))), _connection),
            (exception, waited) => Translate(exception, waited, Target, Timeouts, cancellation, connecting: false),
            cancellation);

    public override async Task<bool> IsReadOnlyAsync(CancellationToken cancellation)
    {
        if (_readOnlyAtSetUp is { } known)
        {
            return known;
        }

        // MySQL 8 and MariaDB 11 call it transaction_read_only; older servers tx_read_only.
        foreach (var variable in new[] { "@@session.transaction_read_only", "@@session.tx_read_only" })
        {
            try
            {
                var rows = await RunAsync($"SELECT {variable}", cancellation).ConfigureAwait(false);
                return IsOne(rows);
            }
            catch (ReplicaException exception) when (exception.Kind == ReplicaFailureKind.Query)
            {
            }
        }

        return false;
    }

    public override bool IsLockTimeout(Exception exception) =>
        exception is ReplicaException { Kind: ReplicaFailureKind.Locked } || exception is MySqlException { Number: LockWaitTimeout };

    // The session's read-only flag: transaction_read_only from MySQL 5.7.20 and MariaDB 11.1, tx_read_only before.
    private string ReadOnlyVariable
    {
        get
        {
            var match = System.Text.RegularExpressions.Regex.Match(ServerVersion, @"^(\d+)\.(\d+)\.(\d+)");
            var version = match.Success
                ? new Version(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))
                : new Version(0, 0);
            return version >= (IsMariaDb ? new Version(11, 1) : new Version(5, 7, 20)) ? "transaction_read_only" : "tx_read_only";
        }
    }

    private static bool IsOne(IReadOnlyList<object?[]> rows) =>
        rows.Count == 1 && Convert.ToInt64(rows[0][0], System.Globalization.CultureInfo.InvariantCulture) == 1;

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task ExecuteAsync(string sql, CancellationToken cancellation)
    {
        await using var command = new MySqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    private Task<IReadOnlyList<object?[]>> RunAsync(string sql, CancellationToken cancellation, params (string Name, object? Value)[] parameters)
    {
        var command = new MySqlCommand(sql, _connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return ReadRowsAsync(command, (exception, waited) => Translate(exception, waited, Target, Timeouts, cancellation, connecting: false), cancellation);
    }

    private static Exception Translate(Exception exception, TimeSpan waited, ReplicaTarget target, ReplicaTimeouts timeouts, CancellationToken cancellation, bool connecting)
    {
        if (exception is OperationCanceledException && cancellation.IsCancellationRequested)
        {
            return exception;
        }

        // Only the driver's own text goes through Scrub; the server's login error is not quoted at all, since it names
        // the user, which may be the password.
        var where = target.Display;
        var (kind, message) = exception switch
        {
            MySqlException { Number: LockWaitTimeout } =>
                (ReplicaFailureKind.Locked, $"a lock was not granted within {timeouts.LockSeconds} s (lock_wait_timeout)"),
            MySqlException { Number: MySqlStatementTimeout or MariaDbStatementTimeout } =>
                (ReplicaFailureKind.Unreachable, $"a query on {where} did not finish within {timeouts.StatementSeconds} s"),
            MySqlException { Number: AccessDenied } mysql =>
                (ReplicaFailureKind.Unreachable, $"{where} refused the login (error {mysql.Number}: access denied); check the user and password of the connection string"),
            MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired } or MySqlException { InnerException: TimeoutException or MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired } } =>
                (ReplicaFailureKind.Unreachable, NoAnswer(where, waited, timeouts, connecting)),
            MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } mysql =>
                (ReplicaFailureKind.Unreachable, $"cannot connect to {where}: {target.Scrub(mysql.InnerException?.Message ?? mysql.Message)}"),
            OperationCanceledException or TimeoutException =>
                (ReplicaFailureKind.Unreachable, NoAnswer(where, waited, timeouts, connecting)),
            MySqlException mysql =>
                (connecting ? ReplicaFailureKind.Unreachable : ReplicaFailureKind.Query, $"{where} answered error {mysql.Number}: {target.Scrub(mysql.Message)}"),
            _ => (connecting ? ReplicaFailureKind.Unreachable : ReplicaFailureKind.Query, $"{(connecting ? "cannot connect to" : "a query failed on")} {where}: {target.Scrub(exception.Message)}"),
        };
        return new ReplicaException(kind, message);
    }
}
