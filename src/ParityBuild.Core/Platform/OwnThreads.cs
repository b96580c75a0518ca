using System.Runtime.ExceptionServices;

namespace ParityBuild.Core.Platform;

/// <summary>
/// A parallel loop on threads of its own, one per processor (the caller's among them), rather than the thread pool's.
/// Hashing keeps every processor busy for a while; on pool threads it would leave none for the work that waits on I/O
/// meanwhile — a replica check reading its history table, MSBuild's own logging — until the pool notices and adds one.
/// </summary>
internal static class OwnThreads
{
    /// <summary>
    /// Runs <paramref name="body"/> for every index below <paramref name="count"/>, each worker with its own state from
    /// <paramref name="start"/>, released by <paramref name="finish"/>. The first exception a worker throws stops the
    /// others and is thrown here, once all have stopped; so is the cancellation.
    /// </summary>
    public static void For<TState>(int count, CancellationToken cancellation, Func<TState> start, Action<int, TState> body, Action<TState> finish)
    {
        var next = -1;
        ExceptionDispatchInfo? failure = null;

        void Work()
        {
            var state = start();
            try
            {
                int index;
                while (Volatile.Read(ref failure) is null && !cancellation.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < count)
                {
                    body(index, state);
                }
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(exception), null);
            }
            finally
            {
                finish(state);
            }
        }

        var others = new Thread[Math.Max(0, Math.Min(Environment.ProcessorCount, count) - 1)];
        for (var i = 0; i < others.Length; i++)
        {
            others[i] = new Thread(Work) { IsBackground = true, Name = "ParityBuild hashing" };
            others[i].Start();
        }

        Work();
        foreach (var thread in others)
        {
            thread.Join();
        }

        failure?.Throw();
        cancellation.ThrowIfCancellationRequested();
    }
}
