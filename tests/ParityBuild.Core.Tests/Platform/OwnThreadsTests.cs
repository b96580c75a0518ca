using System.Collections.Concurrent;
using ParityBuild.Core.Platform;

namespace ParityBuild.Core.Tests.Platform;

[TestClass]
public sealed class OwnThreadsTests
{
    [TestMethod]
    public void Every_index_runs_once_on_threads_outside_the_thread_pool_each_with_its_own_state_released_once()
    {
        var runs = new int[1_000];
        var pooled = 0;
        var states = new ConcurrentBag<List<int>>();
        var released = 0;
        var caller = Environment.CurrentManagedThreadId;

        OwnThreads.For(
            runs.Length,
            CancellationToken.None,
            () => new List<int>(),
            (index, state) =>
            {
                Interlocked.Increment(ref runs[index]);
                state.Add(index);
                if (Environment.CurrentManagedThreadId != caller && Thread.CurrentThread.IsThreadPoolThread)
                {
                    Interlocked.Increment(ref pooled);
                }
            },
            state =>
            {
                states.Add(state);
                Interlocked.Increment(ref released);
            });

        Assert.IsTrue(runs.All(count => count == 1));
        Assert.AreEqual(0, pooled, "The workers besides the caller are the loop's own threads.");
        Assert.AreEqual(Math.Min(Environment.ProcessorCount, runs.Length), released, "One state per worker, each released once.");
        Assert.AreEqual(runs.Length, states.Sum(state => state.Count));
    }

    [TestMethod]
    public void Nothing_to_do_runs_nothing_and_starts_no_thread()
    {
        var released = 0;

        OwnThreads.For(0, CancellationToken.None, () => 0, (_, _) => Assert.Fail("no index"), _ => released++);

        Assert.AreEqual(1, released, "Only the caller's own worker, which finds nothing to do.");
    }

    [TestMethod]
    public void The_first_exception_stops_the_loop_and_is_thrown_to_the_caller_as_it_was()
    {
        var ran = 0;

        var thrown = Assert.ThrowsExactly<IOException>(() => OwnThreads.For(
            100_000,
            CancellationToken.None,
            () => 0,
            (index, _) =>
            {
                Interlocked.Increment(ref ran);
                if (index == 10)
                {
                    throw new IOException("disk gone");
                }
            },
            _ => { }));

        Assert.AreEqual("disk gone", thrown.Message);
        Assert.IsLessThan(100_000, ran, "The other workers stop once one failed.");
    }

    [TestMethod]
    public void A_cancelled_loop_stops_and_throws_OperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        var ran = 0;

        Assert.ThrowsExactly<OperationCanceledException>(() => OwnThreads.For(
            100_000,
            cancellation.Token,
            () => 0,
            (index, _) =>
            {
                if (Interlocked.Increment(ref ran) == 10)
                {
                    cancellation.Cancel();
                }
            },
            _ => { }));

        Assert.IsLessThan(100_000, ran);
    }
}
