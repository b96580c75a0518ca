using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ParityBuild.Benchmarks;

/// <summary>
/// ParityBuild's benchmark: prints figures, asserts nothing. Every comparison is a ratio measured side by side in the
/// same run on the same files.
/// <list type="number">
/// <item>Generates corpora of Flyway-style scripts (deterministic seed) in a temp folder.</item>
/// <item>CI: Verifier.Run, locked, no stat cache, against a raw read + SHA-256 loop; the same with the safety rules
/// (as shipped, and on all scripts), and with the SQL Server rules on a T-SQL project; and peak memory growth.</item>
/// <item>Developer: one script edited, rerun with the stat cache, as a fraction of the full verify.</item>
/// <item>The real package in a no-op incremental `dotnet build`, against the same consumer without it.</item>
/// <item>The nightly replica check against a Flyway history (5), the schema check (6), and postgrator's own
/// re-validation of the same set beside ParityBuild's whole check (7), on the test PostgreSQL server.</item>
/// <item>The fleet check of 1,000 tenant databases (8), and postgrator looped over a sample of them.</item>
/// <item>The CI verify through the exec path (Visual Studio 2022's `dotnet exec` of the tool) against the task (9).</item>
/// </list>
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: benchmark [--quick] [--seed N] [--work DIR] [--keep] [--no-build] [--only N,M] [--tenants N]
          --quick     about a minute: 1,000 scripts for every figure, 3 repetitions, 5 build pairs
          --seed N    corpus seed (default 20240611)
          --work DIR  where the corpora and consumers go (default: a new folder under the temp folder)
          --keep      keep the work folder
          --no-build  skip figures 4 and 9 (packing and dotnet build)
          --only N,M  only these figures (2 to 9, or 2t: figure 2's T-SQL rules alone; the corpus of figure 1 is always made)
          --tenants N figure 8's tenant databases (default 1,000; 100 with --quick), about 7.5 MB of disk each
        With PARITY_ALLOC_PROFILE=1 in the environment, figures 5 and 7 first print where a whole check's allocations go.
        """;

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 3 && args[0] == "--memory-probe")
        {
            return MemoryProbe.RunProbe(args[1..]);
        }

        var quick = false;
        var keep = false;
        var build = true;
        string[]? only = null;
        var seed = 20240611;
        int? tenants = null;
        string? work = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--keep": keep = true; break;
                case "--no-build": build = false; break;
                case "--only" when i + 1 < args.Length: only = [.. args[++i].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]; break;
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out seed): i++; break;
                case "--tenants" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var count) && count > 0: tenants = count; i++; break;
                case "--work" when i + 1 < args.Length: work = Path.GetFullPath(args[++i]); break;
                case "--help" or "-h": Console.WriteLine(Usage); return 0;
                default: Console.Error.WriteLine($"unknown argument '{args[i]}'\n{Usage}"); return 2;
            }
        }

        var total = Stopwatch.StartNew();
        work ??= Path.Combine(Path.GetTempPath(), "paritybuild-bench", $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var largeCount = quick ? 1_000 : 10_000;
        var buildScripts = 1_000;
        var repetitions = quick ? 3 : 5;
        var pairs = quick ? 5 : 20;
        var touches = quick ? 3 : 10;
        var execRounds = quick ? 3 : 10;

        PrintMachine(quick, seed, work);
        var report = new Report();
        PackedPackage? package = null;
        PackedPackage Package() => package ??= PackedPackage.Pack(work);
        try
        {
            Report.Progress($"generating {largeCount:N0} scripts (seed {seed}) ...");
            var clock = Stopwatch.StartNew();
            var corpus = Corpus.Generate(Path.Combine(work, $"corpus-{largeCount}"), largeCount, seed);
            report.Info("1. corpus", $"{largeCount:N0} scripts", $"{Report.MB(corpus.TotalBytes)} ({corpus.TotalBytes:N0} bytes, {corpus.CrlfScripts} with CRLF), generated in {Report.Ms(clock.Elapsed.TotalMilliseconds)}");
            if (largeCount != buildScripts)
            {
                // The consumers of figure 4 hold the first 1,000 scripts of the same seed: the same files as these.
                var small = corpus.Scripts.Take(buildScripts).Sum(script => new FileInfo(script.FullPath).Length);
                report.Info("1. corpus", $"{buildScripts:N0} scripts (figure 4's consumers)", $"{Report.MB(small)} ({small:N0} bytes)");
            }

            var manifest = Path.Combine(corpus.ProjectDirectory, "migrations.baseline.json");
            Report.Progress("first run: writing the manifest ...");
            clock.Restart();
            VerifyBenchmarks.WriteManifest(corpus, manifest);
            report.Info("1. corpus", "first run writing the manifest", $"{Report.Ms(clock.Elapsed.TotalMilliseconds)}, manifest {Report.MB(new FileInfo(manifest).Length)}");

            bool Runs(string figure) => only is null || only.Contains(figure);

            // Figure 3 is measured against figure 2's full verify.
            var fullVerify = Runs("2") || Runs("3") ? VerifyBenchmarks.FullVerify(report, corpus, manifest, repetitions) : 0;
            if (Runs("2"))
            {
                VerifyBenchmarks.Rules(report, corpus, manifest, repetitions);
                VerifyBenchmarks.Memory(report, corpus, manifest);
            }

            if (Runs("2") || Runs("2t"))
            {
                TSqlBenchmarks.Run(report, work, largeCount, seed, repetitions);
            }

            // Before the developer rerun, which leaves one script edited.
            if (Runs("5"))
            {
                // Three times the rounds: on a loaded two-core machine one round of this sub-second figure spreads widely.
                ReplicaBenchmarks.Run(report, corpus, manifest, 3 * repetitions);
            }

            if (Runs("6"))
            {
                SchemaBenchmarks.Run(report, work, repetitions);
            }

            if (Runs("7"))
            {
                ToolBenchmarks.Run(report, work, largeCount, seed, repetitions);
            }

            if (Runs("8"))
            {
                FleetBenchmarks.Run(report, work, seed, tenants ?? (quick ? 100 : 1_000));
            }

            if (Runs("3"))
            {
                VerifyBenchmarks.DeveloperRerun(report, corpus, manifest, fullVerify, repetitions);
            }

            if (build && Runs("4"))
            {
                BuildBenchmarks.Run(report, work, Package(), buildScripts, largeCount, seed, pairs, touches);
            }

            if (build && Runs("9"))
            {
                ExecPathBenchmarks.Run(report, work, Package(), largeCount, seed, execRounds);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or TimeoutException)
        {
            report.Print();
            Console.Error.WriteLine($"\nThe benchmark stopped: {exception.Message}");
            return 1;
        }
        finally
        {
            package?.Dispose();
            if (!keep)
            {
                TryDelete(work);
            }
        }

        report.Print();
        Console.WriteLine($"Total time {total.Elapsed.TotalSeconds:0} s; at the end: {LoadAverage()}.{(keep ? $" Work folder kept: {work}" : "")}");
        return 0;
    }

    private static void PrintMachine(bool quick, int seed, string work)
    {
        Console.WriteLine($"ParityBuild benchmark ({(quick ? "--quick" : "full run")}), {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} processors, {Cpu()}, {Memory()}");
        Console.WriteLine($"  OS:      {OsName()} ({RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture})");
        Console.WriteLine($"  .NET:    {RuntimeInformation.FrameworkDescription}, SDK {SdkVersion()}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        Console.WriteLine($"  load:    {LoadAverage()} (other processes share these processors; absolute times move with it, ratios less)");
        Console.WriteLine($"  env:     MSBUILDDISABLENODEREUSE={Variable("MSBUILDDISABLENODEREUSE")} (removed for the dotnet builds: node reuse at its default), DOTNET_CLI_USE_MSBUILD_SERVER={Variable("DOTNET_CLI_USE_MSBUILD_SERVER")}, UseSharedCompilation={Variable("UseSharedCompilation")}, CI={Variable("CI")} (removed for the dotnet builds)");
        Console.WriteLine($"  seed {seed}, work folder {work}");
        Console.WriteLine();
    }

    private static string Variable(string name) => Environment.GetEnvironmentVariable(name) ?? "(unset)";

    /// <summary>The 1, 5 and 15 minute load averages (Linux), which say how much else was running.</summary>
    public static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {fields[0]}, {fields[1]}, {fields[2]}";
        }
        catch (IOException)
        {
            return "load average unknown";
        }
    }

    private static string Cpu()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/cpuinfo");
            var model = lines.FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
            var flags = lines.FirstOrDefault(line => line.StartsWith("flags", StringComparison.Ordinal)) ?? "";
            return $"{model}{(flags.Contains(" sha_ni", StringComparison.Ordinal) ? " (SHA extensions)" : "")}";
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string Memory()
    {
        try
        {
            var line = File.ReadAllLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kilobytes = line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return $"{kilobytes / (1024.0 * 1024.0):0.0} GB memory";
        }
        catch (IOException)
        {
            return $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024.0 * 1024.0):0.0} GB memory";
        }
    }

    private static string OsName()
    {
        try
        {
            var line = File.ReadAllLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            return line?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription;
        }
        catch (IOException)
        {
            return RuntimeInformation.OSDescription;
        }
    }

    private static string SdkVersion()
    {
        try
        {
            var result = ChildProcess.DotNet(Path.GetTempPath(), "--version");
            return result.ExitCode == 0 ? result.Output.Trim() : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"Could not delete {directory}: {exception.Message}");
        }
        catch (UnauthorizedAccessException exception)
        {
            Console.Error.WriteLine($"Could not delete {directory}: {exception.Message}");
        }
    }
}
