using Microsoft.Build.Framework;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Loaded into a measured `dotnet build` with <c>-logger:</c> (<see cref="GarbageCollectionCounts.Argument"/>): at the end
/// of the build it appends the build process's garbage collections and allocated bytes to the file its parameter names.
/// Only MSBuild loads this type: the benchmark itself has no Microsoft.Build.Framework to load it with.
/// </summary>
public sealed class GarbageCollectionLogger : ILogger
{
    public LoggerVerbosity Verbosity { get; set; }

    public string? Parameters { get; set; }

    public void Initialize(IEventSource eventSource)
    {
    }

    // CollectionCount(0) counts every collection (each also collects gen0); (1) those of gen1 and gen2.
    public void Shutdown() =>
        File.AppendAllText(Parameters!, $"{GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {GC.GetTotalAllocatedBytes()}\n");
}

/// <summary>
/// The garbage collections of measured no-op builds. A no-op build's process can be a few hundred kilobytes short of
/// its next collection, so a little more allocated can cost it a gen1 and a full collection: tens of milliseconds that
/// MSBuild's per-target account spreads over whatever target was running.
/// </summary>
internal static class GarbageCollectionCounts
{
    /// <summary>Relative to the consumer's folder (a build's working directory), under obj/ so no glob sees it.</summary>
    private const string File = "obj/benchmark-gc.txt";

    public static string Argument => $"-logger:ParityBuild.Benchmarks.GarbageCollectionLogger,{typeof(GarbageCollectionCounts).Assembly.Location};{File}";

    /// <summary>Starts a new count for <paramref name="consumer"/>.</summary>
    public static void Reset(string consumer) => System.IO.File.Delete(Path.Combine(consumer, File));

    /// <summary>The medians over the builds <paramref name="consumer"/> logged: collections (gen1+, gen2) and MB allocated.</summary>
    public static string Summary(string consumer)
    {
        var builds = System.IO.File.ReadAllLines(Path.Combine(consumer, File))
            .Select(line => line.Split(' ').Select(double.Parse).ToArray())
            .ToList();
        double Median(int field) => Report.Median([.. builds.Select(build => build[field])]);
        return $"{Median(0):0.#} collections ({Median(1):0.#} of gen1 or 2, {Median(2):0.#} full), {Median(3) / (1 << 20):0.0} MB allocated";
    }
}
