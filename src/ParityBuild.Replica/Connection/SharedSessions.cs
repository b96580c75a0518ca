using System.Collections.Concurrent;

namespace ParityBuild.Replica.Connection;

/// <summary>
/// Sessions that the targets of one fleet check take turns on, when a session can serve them all: on PostgreSQL, tenants
/// in one database whose connection strings differ at most in their search path (a schema per tenant). A target that
/// gets an idle session skips a session's start: the connection, TLS and the login, the backend's start and its cold
/// catalog caches. There are never more sessions than checks at once, and a session that failed is never shared again.
/// </summary>
internal sealed class SharedSessions(string key) : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReplicaSession> _idle = new();
    private int _opened;

    /// <summary>The sessions opened so far.</summary>
    public int Opened => _opened;

    /// <summary>Sessions for these targets (the first two tenants' of a fleet, say), or null when they cannot share one.</summary>
    public static SharedSessions? For(ReplicaTarget first, ReplicaTarget second) =>
        ReplicaSession.SharingKey(first) is { } key && key == ReplicaSession.SharingKey(second) ? new SharedSessions(key) : null;

    /// <summary>
    /// Runs <paramref name="work"/> on an idle session (or a new one) serving <paramref name="target"/>, and keeps the
    /// session for the next target if the work succeeded. A shared session may have been closed by the server meanwhile
    /// (a restart, an idle timeout, an administrator): when the work fails on one, it runs once more on a new session, so
    /// that a closed session never passes for an unreachable tenant. The work reads only, so running it again is harmless.
    /// </summary>
    public async Task<T> RunAsync<T>(ReplicaTarget target, ReplicaTimeouts timeouts, Func<ReplicaSession, Task<T>> work, CancellationToken cancellation)
    {
        if (ReplicaSession.SharingKey(target) != key)
        {
            // A tenant whose own settings make another target (its provider, say): a session of its own.
            await using var own = await ReplicaSession.OpenAsync(target, timeouts, cancellation).ConfigureAwait(false);
            return await work(own).ConfigureAwait(false);
        }

        if (_idle.TryDequeue(out var idle))
        {
            idle.Serve(target);
            try
            {
                return await RunOnAsync(idle).ConfigureAwait(false);
            }
            catch (ReplicaException exception) when (exception.Kind is ReplicaFailureKind.Unreachable or ReplicaFailureKind.Query)
            {
                // Closed already; the target is checked again on a new session below.
            }
        }

        var session = await ReplicaSession.OpenAsync(target, timeouts, cancellation).ConfigureAwait(false);
        Interlocked.Increment(ref _opened);
        return await RunOnAsync(session).ConfigureAwait(false);

        // The work on a session kept for the next target if it succeeds, and closed for good if it fails.
        async Task<T> RunOnAsync(ReplicaSession session)
        {
            try
            {
                var result = await work(session).ConfigureAwait(false);
                _idle.Enqueue(session);
                return result;
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryDequeue(out var session))
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
