using System.Diagnostics;
using System.Globalization;
using ParityBuild.Replica.History;
using ParityBuild.Replica.MySql;
using ParityBuild.Replica.Postgres;

namespace ParityBuild.Replica.Connection;

/// <summary>
/// A read-only session on a replica, bounded in time. Engines differ in how they make a session read-only, time out
/// statements and show locks; everything else (which tables, which rows) is the same query through this class.
/// </summary>
public abstract class ReplicaSession : IAsyncDisposable
{
    protected ReplicaSession(ReplicaTarget target, ReplicaTimeouts timeouts)
    {
        Target = target;
        Timeouts = timeouts;
    }

    public ReplicaTarget Target { get; }

    public ReplicaTimeouts Timeouts { get; }

    /// <summary>The server's own version string, e.g. "PostgreSQL 15.18" or "11.4.5-MariaDB".</summary>
    public abstract string ServerVersion { get; }

    /// <summary>Opens a session that is read-only before it runs any query of ours, or throws a <see cref="ReplicaException"/>.</summary>
    public static async Task<ReplicaSession> OpenAsync(ReplicaTarget target, ReplicaTimeouts timeouts, CancellationToken cancellation)
    {
        return target.Provider switch
        {
            ReplicaProvider.Postgres => await PostgresSession.ConnectAsync(target, timeouts, cancellation).ConfigureAwait(false),
            _ => await MySqlSession.ConnectAsync(target, timeouts, cancellation).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// What a session on <paramref name="target"/> may be shared by (<see cref="SharedSessions"/>): every target with the
    /// same key, each in turn, after <see cref="Serve"/>; null when a session serves its own target only.
    /// </summary>
    internal static string? SharingKey(ReplicaTarget target) => target.Provider == ReplicaProvider.Postgres ? PostgresSession.SharingKeyOf(target) : null;

    /// <summary>Makes the session's next queries those of <paramref name="target"/>, whose <see cref="SharingKey"/> is the session's.</summary>
    internal virtual void Serve(ReplicaTarget target)
    {
    }

    /// <summary>Quotes an identifier for this engine.</summary>
    public abstract string Quote(string identifier);

    public string Qualified(HistoryTable table) => $"{Quote(table.Schema)}.{Quote(table.Name)}";

    /// <summary>
    /// Every (schema, table, column) of the tables with one of these names (lowercase) that this session can see;
    /// <paramref name="manySchemas"/>: the schema is one of many in the database (a schema per tenant).
    /// </summary>
    public abstract Task<IReadOnlyList<(string Schema, string Table, string Column)>> ListColumnsAsync(IReadOnlyCollection<string> tableNames, string? schema, bool manySchemas, CancellationToken cancellation);

    /// <summary>Other sessions holding or waiting for a lock on the table, read without waiting on it.</summary>
    public abstract Task<IReadOnlyList<LockHolder>> FindLocksAsync(HistoryTable table, CancellationToken cancellation);

    /// <summary>Runs one query and returns its rows (history tables are small: thousands of rows at most).</summary>
    public abstract Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken cancellation);

    /// <summary>
    /// Runs several queries as one command, in one round trip, and returns the rows of each in order. A query that fails
    /// fails them all, as <see cref="QueryAsync"/> would.
    /// </summary>
    public abstract Task<IReadOnlyList<IReadOnlyList<object?[]>>> QueryBatchAsync(IReadOnlyList<string> queries, CancellationToken cancellation);

    /// <summary>Whether the server itself says this session is read-only (proved by tests, checked on every open).</summary>
    public abstract Task<bool> IsReadOnlyAsync(CancellationToken cancellation);

    /// <summary>True when an exception means the statement gave up waiting for a lock.</summary>
    public abstract bool IsLockTimeout(Exception exception);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Opens <paramref name="connection"/> within the connect timeout, lets the engine make the session (and set it up),
    /// and refuses a session the server does not report read-only. On any failure the connection is disposed and a
    /// driver exception becomes a <see cref="ReplicaException"/> through <paramref name="translate"/>, given the time
    /// waited. A driver that ignores its own timeout and the cancellation is not waited for past the bound.
    /// </summary>
    protected static async Task<ReplicaSession> OpenReadOnlyAsync(
        System.Data.Common.DbConnection connection,
        ReplicaTarget target,
        ReplicaTimeouts timeouts,
        Func<CancellationToken, Task<ReplicaSession>> startSession,
        Func<Exception, TimeSpan, Exception> translate,
        string notReadOnlyHint,
        CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var bound = TimeSpan.FromSeconds(timeouts.ConnectSeconds + 2);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(bound);
        try
        {
            var session = await OpenAsync().WaitAsync(bound, cancellation).ConfigureAwait(false);
            if (!await session.IsReadOnlyAsync(deadline.Token).ConfigureAwait(false))
            {
                throw new ReplicaException(ReplicaFailureKind.Configuration, $"the session on {target.Display} is not read-only although ParityBuild asked for it{notReadOnlyHint}; the check refuses to go on.");
            }

            return session;
        }
        catch (Exception exception) when (exception is not ReplicaException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw translate(exception, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        async Task<ReplicaSession> OpenAsync()
        {
            await connection.OpenAsync(deadline.Token).ConfigureAwait(false);
            return await startSession(deadline.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The message for a server that did not answer: the time really waited, and the bound that applied. A frozen
    /// server cannot enforce its own statement timeout, so the client's bound is longer than it.
    /// </summary>
    protected static string NoAnswer(string where, TimeSpan waited, ReplicaTimeouts timeouts, bool connecting) => connecting
        ? string.Create(CultureInfo.InvariantCulture, $"{where} did not answer within {waited.TotalSeconds:0.0} s (the connect timeout is {timeouts.ConnectSeconds} s)")
        : string.Create(CultureInfo.InvariantCulture, $"{where} did not answer a query within {waited.TotalSeconds:0.0} s (the statement timeout is {timeouts.StatementSeconds} s and the lock timeout {timeouts.LockSeconds} s; a server that still answers cancels the query itself by then)");

    private static readonly object True = true;
    private static readonly object False = false;

    /// <summary>
    /// Runs a command and returns the rows of its first result with DBNull as null; a driver exception becomes a
    /// <see cref="ReplicaException"/> through the engine's <paramref name="translate"/>.
    /// </summary>
    protected async Task<IReadOnlyList<object?[]>> ReadRowsAsync(
        System.Data.Common.DbCommand command, Func<Exception, TimeSpan, Exception> translate, CancellationToken cancellation) =>
        (await ReadResultsAsync(command, translate, cancellation).ConfigureAwait(false))[0];

    /// <summary>As <see cref="ReadRowsAsync"/>, the rows of every result the command returns (one per query it holds).</summary>
    protected async Task<IReadOnlyList<IReadOnlyList<object?[]>>> ReadResultsAsync(
        System.Data.Common.DbCommand command, Func<Exception, TimeSpan, Exception> translate, CancellationToken cancellation)
    {
        // The driver's command timeout (statement + lock + 5 s) and its attempt to cancel on the server come first.
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await ReadAsync().WaitAsync(TimeSpan.FromSeconds(Timeouts.StatementSeconds + Timeouts.LockSeconds + 8), cancellation).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ReplicaException)
        {
            throw translate(exception, Stopwatch.GetElapsedTime(started));
        }

        async Task<IReadOnlyList<IReadOnlyList<object?[]>>> ReadAsync()
        {
            await using (command.ConfigureAwait(false))
            {
                var results = new List<IReadOnlyList<object?[]>>();
                var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    do
                    {
                        // Flags come back as one of two shared boxes, not a new one per row: ten thousand rows per check.
                        var rows = new List<object?[]>();
                        var flags = new bool[reader.FieldCount];
                        for (var i = 0; i < flags.Length; i++)
                        {
                            flags[i] = reader.GetFieldType(i) == typeof(bool);
                        }

                        while (await reader.ReadAsync(cancellation).ConfigureAwait(false))
                        {
                            var values = new object?[flags.Length];
                            for (var i = 0; i < values.Length; i++)
                            {
                                values[i] = reader.IsDBNull(i) ? null : flags[i] ? (reader.GetBoolean(i) ? True : False) : reader.GetValue(i);
                            }

                            rows.Add(values);
                        }

                        results.Add(rows);
                    }
                    while (await reader.NextResultAsync(cancellation).ConfigureAwait(false));
                }

                return results;
            }
        }
    }
}
