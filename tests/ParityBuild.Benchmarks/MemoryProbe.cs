using System.Diagnostics;
using System.Globalization;
using ParityBuild.Core.Verification;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Peak memory growth of a full locked verify, measured in a fresh child process (so that the heap and working set left
/// behind by the timing runs do not hide the growth): a background thread samples the managed heap
/// (<see cref="GC.GetTotalMemory"/>) and the working set every 2 ms. The first run in the process pays for loading and
/// JIT-compiling the engine, as a fresh MSBuild node would; the second is the steady state.
/// </summary>
internal static class MemoryProbe
{
    public sealed record Sample(int Run, long ManagedPeakGrowth, long WorkingSetPeakGrowth, long Allocated, double Milliseconds, int Samples);

    /// <summary>Runs the probe in a child process and reads its figures back.</summary>
    public static IReadOnlyList<Sample> RunInChild(string projectDirectory, string manifestPath)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            arguments.Add(typeof(MemoryProbe).Assembly.Location);
        }

        arguments.AddRange(["--memory-probe", projectDirectory, manifestPath]);
        var result = ChildProcess.Run(self, arguments, projectDirectory, new Dictionary<string, string?>());
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The memory probe failed:\n{result.Output}");
        }

        return [.. result.Output.Split('\n')
            .Where(line => line.StartsWith("memory ", StringComparison.Ordinal))
            .Select(line => line.Split(' '))
            .Select(fields => new Sample(
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[2], CultureInfo.InvariantCulture),
                long.Parse(fields[3], CultureInfo.InvariantCulture),
                long.Parse(fields[4], CultureInfo.InvariantCulture),
                double.Parse(fields[5], CultureInfo.InvariantCulture),
                int.Parse(fields[6], CultureInfo.InvariantCulture)))];
    }

    /// <summary>The child's side: <c>--memory-probe &lt;projectDirectory&gt; &lt;manifest&gt;</c>.</summary>
    public static int RunProbe(string[] arguments)
    {
        var projectDirectory = arguments[0];
        var manifestPath = arguments[1];
        var scripts = Corpus.ScriptsIn(projectDirectory);
        var options = new VerifyOptions(projectDirectory, manifestPath, Locked: true, StatCachePath: null);
        for (var run = 1; run <= 2; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var managedBase = GC.GetTotalMemory(false);
            var workingSetBase = WorkingSet();
            var allocatedBase = GC.GetTotalAllocatedBytes(precise: true);
            long managedPeak = managedBase, workingSetPeak = workingSetBase;
            var samples = 0;
            using var stop = new ManualResetEventSlim();
            var sampler = new Thread(() =>
            {
                do
                {
                    managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(false));
                    workingSetPeak = Math.Max(workingSetPeak, WorkingSet());
                    samples++;
                }
                while (!stop.Wait(2));
            }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
            sampler.Start();
            var clock = Stopwatch.StartNew();
            var result = Verifier.Run(scripts, options);
            clock.Stop();
            stop.Set();
            sampler.Join();
            managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(false));
            workingSetPeak = Math.Max(workingSetPeak, WorkingSet());
            if (result.HasErrors || result.Hashed != scripts.Count)
            {
                Console.Error.WriteLine($"unexpected result: {result.Findings.Count} findings, {result.Hashed} hashed of {scripts.Count}");
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory {run} {managedPeak - managedBase} {workingSetPeak - workingSetBase} {GC.GetTotalAllocatedBytes(precise: true) - allocatedBase} {clock.Elapsed.TotalMilliseconds} {samples}"));
            GC.KeepAlive(result);
        }

        return 0;
    }

    /// <summary>Resident set size: /proc/self/statm on Linux (cheap enough to sample every few ms), else the Process API.</summary>
    public static long WorkingSet()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var statm = File.ReadAllText("/proc/self/statm");
                var fields = statm.Split(' ');
                return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
            }
            catch (IOException)
            {
            }
        }

        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
