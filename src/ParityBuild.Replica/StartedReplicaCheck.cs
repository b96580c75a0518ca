namespace ParityBuild.Replica;

/// <summary>
/// A replica check started before ParityVerify: it connects, finds the history table and reads it while the scripts
/// are hashed, and then waits for <see cref="FinishAsync"/> to hand it the repository's side. A nightly check thus costs
/// little more than the verify alone. Disposed unfinished (ParityVerify failed, the build ended), it stops and closes
/// its session.
/// </summary>
public sealed class StartedReplicaCheck : IDisposable
{
    // How long Dispose waits for a stopped check to close its session; a driver that ignores cancellation cannot hang the build.
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource<RepositorySide> repository = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stop = new();
    private readonly Task<ReplicaCheckResult> result;

    private StartedReplicaCheck(ReplicaSettings settings)
    {
        Settings = settings;

        // On the thread pool, so that the caller returns at once and the hashing starts beside it.
        result = Task.Run(() => ReplicaCheck.RunAsync(settings, repository.Task, stop.Token));
    }

    /// <summary>The settings it was started with; the schema snapshot is the repository's, so it comes with the rest of it.</summary>
    public ReplicaSettings Settings { get; }

    /// <summary>Starts the replica's side of a check with <paramref name="settings"/> (its Schema is ignored).</summary>
    public static StartedReplicaCheck Start(ReplicaSettings settings) => new(settings with { Schema = null });

    /// <summary>Whether this check is the one <paramref name="settings"/> ask for: the same connection string and settings.</summary>
    public bool IsFor(ReplicaSettings settings) => Settings == settings with { Schema = null };

    /// <summary>
    /// Hands the check the repository's side and waits for its result. A setting that names no migration set is found
    /// here, before the database's answer is looked at, as the check that is not started early finds it.
    /// </summary>
    public async Task<ReplicaCheckResult> FinishAsync(RepositorySide side, CancellationToken cancellation)
    {
        if (ReplicaCheck.ChooseSet(side, Settings).Problem is { } problem)
        {
            Dispose();
            return problem;
        }

        repository.TrySetResult(side);
        using var stopWithBuild = cancellation.Register(stop.Cancel);
        return await result.ConfigureAwait(false);
    }

    public void Dispose()
    {
        stop.Cancel();
        repository.TrySetCanceled();
        try
        {
            result.Wait(StopWait);
        }
        catch (AggregateException)
        {
            // Stopped (cancelled) or failed: either way nobody is waiting for its result any more.
        }
    }
}
