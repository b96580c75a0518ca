using System.Net.Sockets;
using Npgsql;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Schema;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica.Postgres;

/// <summary>
/// A PostgreSQL session that is read-only from its first statement: <c>default_transaction_read_only</c>,
/// <c>statement_timeout</c> and <c>lock_timeout</c> are startup options, so they hold before any query of ours runs.
/// No pooling (an MSBuild node outlives the build), no advisory locks.
/// </summary>
internal sealed class PostgresSession : ReplicaSession
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;

    // The search path the session has, and the one the next command sets first (null: none to set).
    private string _searchPath;
    private string? _nextSearchPath;

    private PostgresSession(ReplicaTarget target, ReplicaTimeouts timeouts, NpgsqlDataSource dataSource, NpgsqlConnection connection, string serverVersion)
        : base(target, timeouts)
    {
        _dataSource = dataSource;
        _connection = connection;
        ServerVersion = serverVersion;
        _searchPath = SearchPath(target);
    }

    public override string ServerVersion { get; }

    public static async Task<ReplicaSession> ConnectAsync(ReplicaTarget target, ReplicaTimeouts timeouts, CancellationToken cancellation)
    {
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString)
        {
            Timeout = Math.Clamp(timeouts.ConnectSeconds, 1, 1024),
            CommandTimeout = timeouts.StatementSeconds + timeouts.LockSeconds + 5,
            Pooling = false,
            Multiplexing = false,
            IncludeErrorDetail = false,
        };
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "ParityBuild" : builder.ApplicationName;
        builder.Options = $"{builder.Options} -c default_transaction_read_only=on -c statement_timeout={timeouts.StatementSeconds * 1000} -c lock_timeout={timeouts.LockSeconds * 1000} -c idle_in_transaction_session_timeout={(timeouts.StatementSeconds + 30) * 1000}".Trim();

        var dataSourceBuilder = new NpgsqlDataSourceBuilder(builder.ConnectionString);

        // The check reads built-in types only: loading the server's type catalog would cost every check another query.
        dataSourceBuilder.ConfigureTypeLoading(typeLoading => typeLoading.EnableTypeLoading(false));
        var dataSource = dataSourceBuilder.Build();
        var connection = dataSource.CreateConnection();
        try
        {
            return await OpenReadOnlyAsync(
                connection,
                target,
                timeouts,
                _ => Task.FromResult<ReplicaSession>(new PostgresSession(target, timeouts, dataSource, connection, "PostgreSQL " + connection.PostgreSqlVersion)),
                (exception, waited) => Translate(exception, waited, target, timeouts, cancellation, connecting: true),
                " (a connection pooler that drops startup options?)",
                cancellation).ConfigureAwait(false);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override string Quote(string identifier) => SqlText.Quote(SqlEngine.PostgreSql, identifier);

    /// <summary>
    /// The targets one session may serve in turn: those in the same database, as the same user, with the same settings,
    /// whose connection strings differ at most in the search path's value, which <see cref="Serve"/> sets.
    /// </summary>
    internal static string SharingKeyOf(ReplicaTarget target)
    {
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        if (!string.IsNullOrEmpty(builder.SearchPath))
        {
            builder.SearchPath = "*";
        }

        return builder.ConnectionString;
    }

    // The search path is a setting of the session, not of the transaction (false): it holds for the queries that follow.
    internal override void Serve(ReplicaTarget target)
    {
        var searchPath = SearchPath(target);
        _nextSearchPath = searchPath == _searchPath ? null : searchPath;
    }

    // As the server has it at the session's start: the connection string's, or (none given) the server's default, which
    // SharingKey keeps apart from any given one.
    private static string SearchPath(ReplicaTarget target) => new NpgsqlConnectionStringBuilder(target.ConnectionString).SearchPath ?? "";

    public override async Task<IReadOnlyList<(string Schema, string Table, string Column)>> ListColumnsAsync(IReadOnlyCollection<string> tableNames, string? schema, bool manySchemas, CancellationToken cancellation)
    {
        // pg_catalog rather than information_schema.columns: the same rows (tables, views, foreign and partitioned tables,
        // columns the user may use), but several times faster on the fresh backend every check starts. No index serves
        // lower(relname), so the tables of one schema among many are found through the schema's relations instead.
        var sql = $"""
            SELECT n.nspname::text, c.relname::text, a.attname::text
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE lower(c.relname) = ANY(@names)
              AND (@schema::text IS NULL OR n.nspname = @schema){(manySchemas ? $" AND c.oid IN ({PostgresCatalog.RelationsOf("n.nspname = @schema")})" : "")}
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND c.relkind IN ('r', 'v', 'f', 'p')
              AND a.attnum > 0 AND NOT a.attisdropped
              AND (pg_has_role(c.relowner, 'USAGE') OR has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))
            ORDER BY 1, 2, a.attnum
            """;
        var rows = await RunAsync(sql, cancellation, ("names", tableNames.Select(name => name.ToLowerInvariant()).ToArray()), ("schema", (object?)schema ?? DBNull.Value)).ConfigureAwait(false);
        return [.. rows.Select(row => ((string)row[0]!, (string)row[1]!, (string)row[2]!))];
    }

    public override async Task<IReadOnlyList<LockHolder>> FindLocksAsync(HistoryTable table, CancellationToken cancellation)
    {
        // pg_locks and pg_stat_activity never wait on the table itself. Without pg_read_all_stats, other users'
        // statements show as "<insufficient privilege>": still worth saying who holds the lock. pg_locks covers the whole
        // cluster, and databases copied from one template share their tables' OIDs: only this database's locks count.
        const string sql = """
            SELECT l.pid::text, a.usename::text, a.client_addr::text, coalesce(a.xact_start, a.query_start), a.query, l.mode, l.granted
            FROM pg_locks l
            LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'relation' AND l.relation = to_regclass(@table) AND l.pid <> pg_backend_pid()
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY l.granted DESC, a.xact_start
            """;
        var rows = await RunAsync(sql, cancellation, ("table", Qualified(table))).ConfigureAwait(false);
        return [.. rows.Select(row => new LockHolder((string)row[0]!, row[1] as string, row[2] as string, row[3] as DateTime?, row[4] as string, (string)row[5]!, (bool)row[6]!))];
    }

    public override Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken cancellation) => RunAsync(sql, cancellation);

    // Npgsql sends the statements of one command together and reads their results in one round trip.
    public override Task<IReadOnlyList<IReadOnlyList<object?[]>>> QueryBatchAsync(IReadOnlyList<string> queries, CancellationToken cancellation) =>
        RunAllAsync(string.Join(";\n", queries.Select(query => query.TrimEnd().TrimEnd(';'))), cancellation);

    public override async Task<bool> IsReadOnlyAsync(CancellationToken cancellation)
    {
        // PostgreSQL 14 and later report both settings as the session starts: the proof then costs no round trip.
        if (_connection.PostgresParameters.GetValueOrDefault("default_transaction_read_only") == "on"
            || _connection.PostgresParameters.GetValueOrDefault("in_hot_standby") == "on")
        {
            return true;
        }

        var rows = await RunAsync("SHOW transaction_read_only", cancellation).ConfigureAwait(false);
        return rows.Count == 1 && (string?)rows[0][0] == "on";
    }

    public override bool IsLockTimeout(Exception exception) =>
        exception is ReplicaException { Kind: ReplicaFailureKind.Locked } || exception is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable };

    public override async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<object?[]>> RunAsync(string sql, CancellationToken cancellation, params (string Name, object Value)[] parameters) =>
        (await RunAllAsync(sql, cancellation, parameters).ConfigureAwait(false))[0];

    private async Task<IReadOnlyList<IReadOnlyList<object?[]>>> RunAllAsync(string sql, CancellationToken cancellation, params (string Name, object Value)[] parameters)
    {
        // A session serving another tenant (Serve) takes its search path in the same round trip as the first query.
        var searchPath = _nextSearchPath;
        var command = new NpgsqlCommand(searchPath is null ? sql : $"SELECT set_config('search_path', @parity_search_path, false);\n{sql}", _connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        if (searchPath is not null)
        {
            command.Parameters.AddWithValue("parity_search_path", searchPath);
        }

        try
        {
            var results = await ReadResultsAsync(command, (exception, waited) => Translate(exception, waited, Target, Timeouts, cancellation, connecting: false), cancellation).ConfigureAwait(false);
            if (searchPath is null)
            {
                return results;
            }

            (_searchPath, _nextSearchPath) = (searchPath, null);
            return [.. results.Skip(1)];
        }
        catch (ReplicaException exception) when (exception.Kind == ReplicaFailureKind.Locked)
        {
            // The error does not say which table was locked; what other sessions hold exclusively in this database does.
            throw new ReplicaException(ReplicaFailureKind.Locked, $"a lock on {await ExclusivelyLockedAsync(cancellation).ConfigureAwait(false)} was not granted within {Timeouts.LockSeconds} s (lock_timeout)");
        }
    }

    // "pg_catalog.pg_enum (AccessExclusiveLock held by process 123)" for each table another session holds exclusively.
    private async Task<string> ExclusivelyLockedAsync(CancellationToken cancellation)
    {
        const string sql = """
            SELECT DISTINCT n.nspname::text, c.relname::text, l.pid::text
            FROM pg_locks l
            JOIN pg_class c ON c.oid = l.relation
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE l.locktype = 'relation' AND l.granted AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_backend_pid()
              AND l.database IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
            ORDER BY 1, 2, 3
            LIMIT 5
            """;
        try
        {
            var rows = await ReadRowsAsync(new NpgsqlCommand(sql, _connection), (exception, _) => exception, cancellation).ConfigureAwait(false);
            return rows.Count == 0
                ? "a table it reads (held by a session this user cannot see)"
                : string.Join(", ", rows.Select(row => $"{Inert((string)row[0]!)}.{Inert((string)row[1]!)} (AccessExclusiveLock held by process {row[2]})"));
        }
        catch (Exception exception) when (exception is NpgsqlException or ReplicaException or TimeoutException)
        {
            return "a table it reads";
        }
    }

    // A name from the catalog, made unable to break a log line: control characters are shown as \uXXXX.
    private static string Inert(string name) =>
        name.Any(char.IsControl) ? string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString())) : name;

    private static Exception Translate(Exception exception, TimeSpan waited, ReplicaTarget target, ReplicaTimeouts timeouts, CancellationToken cancellation, bool connecting)
    {
        if (exception is OperationCanceledException && cancellation.IsCancellationRequested)
        {
            return exception;
        }

        // Only the driver's own text goes through Scrub; the server's login errors are not quoted at all, since they name
        // the user, which may be the password.
        var where = target.Display;
        var (kind, message) = exception switch
        {
            PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } =>
                (ReplicaFailureKind.Locked, $"a lock was not granted within {timeouts.LockSeconds} s (lock_timeout)"),
            PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } =>
                (ReplicaFailureKind.Unreachable, $"a query on {where} did not finish within {timeouts.StatementSeconds} s (statement_timeout)"),
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } postgres =>
                (ReplicaFailureKind.Unreachable, $"{where} refused the login ({postgres.SqlState}: {(postgres.SqlState == PostgresErrorCodes.InvalidPassword ? "the password or the authentication method was refused" : "this user may not connect from here, or does not exist")}); check the user and password of the connection string"),
            PostgresException postgres =>
                (connecting ? ReplicaFailureKind.Unreachable : ReplicaFailureKind.Query, $"{where} answered {postgres.SqlState}: {target.Scrub(postgres.MessageText)}"),
            OperationCanceledException or TimeoutException or NpgsqlException { InnerException: TimeoutException } =>
                (ReplicaFailureKind.Unreachable, NoAnswer(where, waited, timeouts, connecting)),
            NpgsqlException { InnerException: SocketException socket } =>
                (ReplicaFailureKind.Unreachable, $"cannot connect to {where}: {target.Scrub(socket.Message)}"),
            _ => (connecting ? ReplicaFailureKind.Unreachable : ReplicaFailureKind.Query, $"{(connecting ? "cannot connect to" : "a query failed on")} {where}: {target.Scrub(exception.Message)}"),
        };
        return new ReplicaException(kind, message);
    }
}
