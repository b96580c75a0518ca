using System.Reflection;
using System.Text.RegularExpressions;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Figure 4: what the real package costs a no-op incremental `dotnet build`. Packs ParityBuild once with a version of its
/// own (so NuGet's global package cache never serves an older copy), builds two consumers that differ only in the
/// PackageReference, and alternates their no-op builds.
/// </summary>
internal static partial class BuildBenchmarks
{
    public static readonly string RepositoryRoot =
        typeof(BuildBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static void Run(Report report, string workDirectory, PackedPackage package, int scripts, int rerunScripts, int seed, int pairs, int touches)
    {
        var section = $"4. dotnet build, {scripts:N0} scripts";
        var (feed, version) = (package.Feed, package.Version);
        report.Info(section, "package", $"ParityBuild {version} (packed in {Report.Ms(package.PackMilliseconds)})");
        try
        {
            Report.Progress($"creating two consumers with the same {scripts:N0} scripts ...");
            var with = CreateConsumer(Path.Combine(workDirectory, "consumer-with"), feed, version, scripts, seed);
            var without = CreateConsumer(Path.Combine(workDirectory, "consumer-without"), feed, null, scripts, seed);

            Report.Progress("first builds (restore; the package consumer writes its manifest) ...");
            MustBuild(with, "build", "-nologo", "-v:q");
            if (!File.Exists(Path.Combine(with, "migrations.baseline.json")))
            {
                throw new InvalidOperationException("The package consumer's first build did not write migrations.baseline.json.");
            }

            MustBuild(without, "build", "-nologo", "-v:q");
            if (File.Exists(Path.Combine(without, "migrations.baseline.json")))
            {
                throw new InvalidOperationException("The consumer without the package has a manifest: it is not the control it should be.");
            }

            // One untimed no-op each, so that both have the same warm state (compiler server, file system caches).
            MustBuild(with, NoOp);
            MustBuild(without, NoOp);

            report.Info(section, "before the timed builds", Program.LoadAverage());
            Report.Progress($"alternating no-op builds, {pairs} pairs ...");
            var stamp = Path.Combine(with, "obj", "parity", "verify.stamp");
            var stampTime = File.GetLastWriteTimeUtc(stamp);
            var timed = AlternatingPairs(with, without, pairs, NoOp);
            var withTimes = timed.Select(pair => pair.With.Milliseconds).ToList();
            var withoutTimes = timed.Select(pair => pair.Without.Milliseconds).ToList();

            var noOpSkippedCheck = File.GetLastWriteTimeUtc(stamp) == stampTime;
            var withMedian = Report.Median(withTimes);
            var withoutMedian = Report.Median(withoutTimes);
            report.Info(section, "no-op build without ParityBuild", Report.Spread(withoutTimes));
            report.Info(section, "no-op build with ParityBuild", $"{Report.Spread(withTimes)}; ParityVerify {(noOpSkippedCheck ? "skipped (up to date) every time" : "RAN (stamp changed)")}");
            // Each pair's two builds ran back to back, so the load they met was alike: the median of the pairs' own
            // overheads is robust to the load drifting between pairs, which moves both medians above by hundreds of ms.
            var pairOverheads = withTimes.Zip(withoutTimes, (withTime, withoutTime) => (withTime - withoutTime) / withoutTime).ToList();
            var overhead = Report.Median(pairOverheads);
            report.Info(section, "  difference of the two medians / median without", $"{Report.Percent((withMedian - withoutMedian) / withoutMedian)} ({Report.Ms(withMedian - withoutMedian)})");
            report.Info(section, "  pairs' overheads, quartiles", $"{Report.Percent(Quartile(pairOverheads, 1))} / {Report.Percent(overhead)} / {Report.Percent(Quartile(pairOverheads, 3))}");
            report.Figure(section, "no-op overhead, median over the pairs of (with - without) / without", Report.Percent(overhead), "<= 1 %", overhead <= 0.01);

            Report.Progress($"touching one script and building, {touches} times ...");
            var touched = new List<double>();
            var reran = 0;
            var migrationFiles = Directory.GetFiles(Path.Combine(with, "Migrations"), "*.sql").Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < touches; i++)
            {
                var script = migrationFiles[(i * 97) % migrationFiles.Length];
                File.SetLastWriteTimeUtc(script, DateTime.UtcNow);
                var before = File.GetLastWriteTimeUtc(stamp);
                touched.Add(MustBuild(with, NoOp).Milliseconds);
                reran += File.GetLastWriteTimeUtc(stamp) > before ? 1 : 0;
            }

            report.Info(section, "build with ParityBuild after touching one script", $"{Report.Spread(touched)}; the check re-ran {reran} of {touches} times");
            report.Info(section, "  touched - no-op (the check's rerun through MSBuild)", Report.Ms(Report.Median(touched) - withMedian));

            // MSBuild's own account of a no-op build (context for the overhead figure): evaluation and execution of each
            // consumer, alternated, and the package's targets. It leaves out what both builds pay alike (starting the
            // process, restoring nothing, logging), whose noise swamps a difference of a few milliseconds above.
            Report.Progress($"alternating no-op builds with MSBuild's performance summary, {pairs} pairs ...");
            GarbageCollectionCounts.Reset(with);
            GarbageCollectionCounts.Reset(without);
            var summaries = AlternatingPairs(with, without, pairs, NoOpAccounted);
            double Median(Func<(ChildProcess.Result With, ChildProcess.Result Without), double> figure) => Report.Median([.. summaries.Select(figure)]);
            report.Info(section, "  no-op, MSBuild summary: evaluation with / without", $"{Report.Ms(Median(pair => Evaluation(pair.With.Output)))} / {Report.Ms(Median(pair => Evaluation(pair.Without.Output)))} (medians of {pairs})");
            report.Info(section, "  no-op, MSBuild summary: execution with / without", $"{Report.Ms(Median(pair => Execution(pair.With.Output)))} / {Report.Ms(Median(pair => Execution(pair.Without.Output)))} (medians of {pairs})");
            var accounted = Median(pair => Accounted(pair.With.Output) - Accounted(pair.Without.Output));
            report.Info(section, "  no-op, MSBuild summary: median of the pairs' (evaluation + execution) differences / no-op build without", $"{Report.Ms(accounted)}: {Report.Percent(accounted / withoutMedian)}");
            report.Info(section, "  no-op, the build process's garbage collections, with", GarbageCollectionCounts.Summary(with));
            report.Info(section, "  no-op, the build process's garbage collections, without", GarbageCollectionCounts.Summary(without));
            var summary = summaries[^1].With;
            var taskSummary = summary.Output.IndexOf("Task Performance Summary", StringComparison.Ordinal);
            foreach (Match match in PerformanceLine().Matches(summary.Output))
            {
                var kind = taskSummary >= 0 && match.Index > taskSummary ? "task" : "target";
                report.Info(section, $"  no-op, MSBuild summary: {kind} {match.Groups["name"].Value}", $"{match.Groups["ms"].Value} ms ({match.Groups["calls"].Value} calls)");
            }

            NoOpFloor(report, section, workDirectory, feed, scripts, seed, pairs, with, without);
            NoOpWithADriver(report, section, workDirectory, feed, version, scripts, seed, pairs);
            DeveloperRerun(report, workDirectory, feed, version, rerunScripts, seed, touches);
        }
        finally
        {
            // The consumers' builds start the compiler server and MSBuild's nodes (node reuse at its default).
            Report.Progress("shutting the build servers down ...");
            ChildProcess.DotNet(workDirectory, "build-server", "shutdown");
        }
    }

    /// <summary>
    /// The floor of the design the gate follows, with no ParityBuild code: a third consumer whose scripts are items from
    /// the same glob, and a target that MSBuild skips by its Inputs/Outputs check when no script (nor the manifest) is
    /// newer than a stamp, as ParityVerify is skipped in a no-op build. Alternated against the consumer without the
    /// package (what the mechanism costs) and against the one with it (what ParityBuild adds to the mechanism).
    /// </summary>
    private static void NoOpFloor(Report report, string section, string workDirectory, string feed, int scripts, int seed, int pairs, string with, string without)
    {
        Report.Progress($"a consumer with only the items and an up-to-date check: alternating no-op builds against each, {pairs} pairs ...");
        var floor = CreateConsumer(Path.Combine(workDirectory, "consumer-floor"), feed, null, scripts, seed);
        File.Copy(Path.Combine(with, "migrations.baseline.json"), Path.Combine(floor, "migrations.baseline.json"), overwrite: true);
        File.WriteAllText(Path.Combine(floor, "Directory.Build.targets"), """
            <Project>
              <ItemGroup>
                <ParityMigration Include="Migrations/**/*.sql" />
              </ItemGroup>
              <Target Name="FloorVerify" BeforeTargets="CoreCompile" Inputs="@(ParityMigration);$(MSBuildProjectDirectory)/migrations.baseline.json" Outputs="$(BaseIntermediateOutputPath)floor.stamp">
                <Touch Files="$(BaseIntermediateOutputPath)floor.stamp" AlwaysCreate="true" />
              </Target>
            </Project>
            """);
        MustBuild(floor, "build", "-nologo", "-v:q");
        MustBuild(floor, NoOpAccounted);
        var stamp = Path.Combine(floor, "obj", "floor.stamp");
        var stampTime = File.GetLastWriteTimeUtc(stamp);

        foreach (var (a, b, name) in new[] { (floor, without, "the items and the up-to-date check alone (no ParityBuild) vs no package"), (with, floor, "ParityBuild vs the items and the up-to-date check alone") })
        {
            GarbageCollectionCounts.Reset(a);
            GarbageCollectionCounts.Reset(b);
            var (wall, accounted, withoutTimes) = Overheads(AlternatingPairs(a, b, pairs, NoOpAccounted));
            report.Info(section, $"  no-op, {name}: median of the pairs' overheads, wall clock (quartiles) / MSBuild's account",
                $"{Report.Percent(Report.Median(wall))} ({Report.Percent(Quartile(wall, 1))} / {Report.Percent(Quartile(wall, 3))}) / {Report.Ms(Report.Median(accounted))} = {Report.Percent(Report.Median(accounted) / Report.Median(withoutTimes))}");
            report.Info(section, "    the build process's garbage collections, each side", $"{GarbageCollectionCounts.Summary(a)} / {GarbageCollectionCounts.Summary(b)}");
        }

        if (!File.Exists(stamp) || File.GetLastWriteTimeUtc(stamp) != stampTime)
        {
            throw new InvalidOperationException($"The floor consumer's up-to-date check did not skip its target in every no-op build ({floor}).");
        }
    }

    /// <summary>
    /// The no-op figure again with consumers as an application with migrations is: both reference a database driver
    /// (Npgsql). The consumers above have no package reference at all, so the one with ParityBuild also pays for NuGet's
    /// per-package targets, which any real application pays anyway. Wall clock and MSBuild's own account, alternated.
    /// </summary>
    private static void NoOpWithADriver(Report report, string section, string workDirectory, string feed, string version, int scripts, int seed, int pairs)
    {
        const string Driver = """<PackageReference Include="Npgsql" Version="10.0.3" />""";
        Report.Progress($"two consumers that also reference Npgsql: alternating no-op builds, {pairs} pairs ...");
        var with = CreateConsumer(Path.Combine(workDirectory, "consumer-driver-with"), feed, version, scripts, seed, Driver);
        var without = CreateConsumer(Path.Combine(workDirectory, "consumer-driver-without"), feed, null, scripts, seed, Driver);
        foreach (var consumer in new[] { with, without })
        {
            MustBuild(consumer, "build", "-nologo", "-v:q");
            MustBuild(consumer, NoOpAccounted);
            GarbageCollectionCounts.Reset(consumer);
        }

        var (wall, accounted, withoutTimes) = Overheads(AlternatingPairs(with, without, pairs, NoOpAccounted));

        report.Info(section, "consumers that also reference a database driver (Npgsql), as an application does: no-op without ParityBuild", Report.Spread(withoutTimes));
        report.Info(section, "  median of the pairs' overheads, wall clock / MSBuild's account (evaluation + execution)", $"{Report.Percent(Report.Median(wall))} / {Report.Ms(Report.Median(accounted))} = {Report.Percent(Report.Median(accounted) / Report.Median(withoutTimes))}");
        report.Info(section, "  the build process's garbage collections, with / without", $"{GarbageCollectionCounts.Summary(with)} / {GarbageCollectionCounts.Summary(without)}");
    }

    // A no-op build of a consumer; with MSBuild's performance summary and the collection counts, for its own account.
    private static string[] NoOp => ["build", "--no-restore", "-nologo", "-v:q"];

    private static string[] NoOpAccounted => [.. NoOp, "-clp:PerformanceSummary", GarbageCollectionCounts.Argument];

    /// <summary>
    /// Each pair's own overhead, by the wall clock (a fraction of its build without) and by MSBuild's account
    /// (evaluation + execution, ms), and the builds without.
    /// </summary>
    private static (List<double> Wall, List<double> Accounted, List<double> Without) Overheads(List<(ChildProcess.Result With, ChildProcess.Result Without)> timed) => (
        [.. timed.Select(pair => (pair.With.Milliseconds - pair.Without.Milliseconds) / pair.Without.Milliseconds)],
        [.. timed.Select(pair => Accounted(pair.With.Output) - Accounted(pair.Without.Output))],
        [.. timed.Select(pair => pair.Without.Milliseconds)]);

    /// <summary>
    /// Builds the two consumers <paramref name="pairs"/> times back to back, which one first alternating, so that a pair's
    /// two builds meet the same load whatever it does between pairs.
    /// </summary>
    private static List<(ChildProcess.Result With, ChildProcess.Result Without)> AlternatingPairs(string with, string without, int pairs, string[] arguments)
    {
        var results = new List<(ChildProcess.Result With, ChildProcess.Result Without)>(pairs);
        for (var i = 0; i < pairs; i++)
        {
            if (i % 2 == 0)
            {
                var withBuild = MustBuild(with, arguments);
                results.Add((withBuild, MustBuild(without, arguments)));
            }
            else
            {
                var withoutBuild = MustBuild(without, arguments);
                results.Add((MustBuild(with, arguments), withoutBuild));
            }
        }

        return results;
    }

    // MSBuild's own account of a build (-clp:PerformanceSummary): evaluating the project, executing it, and both.
    private static double Evaluation(string output) => SummaryMilliseconds(output, "Project Evaluation Performance Summary:");

    private static double Execution(string output) => SummaryMilliseconds(output, "Project Performance Summary:");

    private static double Accounted(string output) => Evaluation(output) + Execution(output);

    /// <summary>
    /// Figure 3 through real builds: the VerifyMigrations task as MSBuild's performance summary times it, in a consumer of
    /// <paramref name="scripts"/> scripts. The full verify as on CI: locked mode, a fresh build process each time (node
    /// reuse and the MSBuild server off). The developer rerun after touching one script: with the MSBuild server (on by
    /// default from the .NET 11 SDK, DOTNET_CLI_USE_MSBUILD_SERVER=1 before), whose long-lived process keeps the JIT's
    /// work between builds (ParityBuild itself keeps nothing but its stat cache), and without it (every `dotnet build` a fresh process).
    /// </summary>
    private static void DeveloperRerun(Report report, string workDirectory, string feed, string version, int scripts, int seed, int touches)
    {
        var section = $"3. developer rerun, {scripts:N0} scripts";
        Report.Progress($"creating a consumer with {scripts:N0} scripts for the rerun through dotnet build ...");
        var consumer = CreateConsumer(Path.Combine(workDirectory, "consumer-rerun"), feed, version, scripts, seed);
        MustBuild(consumer, "build", "-nologo", "-v:q");
        var stamp = Path.Combine(consumer, "obj", "parity", "verify.stamp");
        var fresh = new Dictionary<string, string?>(ChildProcess.DeveloperEnvironment) { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" };
        var server = new Dictionary<string, string?>(ChildProcess.DeveloperEnvironment) { ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "1" };
        string[] timed = ["build", "--no-restore", "-nologo", "-v:q", "-clp:PerformanceSummary"];

        // The SDK's MSBuild (.NET 10) loads the precompiled tasks/net10.0/; tasks/net8.0/ is the same code as IL only, as
        // every other MSBuild loads it. Both are measured alternately, as a fresh process runs them.
        string[] il = ["-p:_ParityTasksFramework=net8.0"];
        Report.Progress("the full verify as on CI (locked, a fresh process), 3 times with each task folder ...");
        var ci = new List<double>();
        var ciIl = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            File.Delete(stamp);
            ci.Add(VerifyTaskMilliseconds(consumer, fresh, [.. timed, "-p:ParityLockedMode=true"]));
            File.Delete(stamp);
            ciIl.Add(VerifyTaskMilliseconds(consumer, fresh, [.. timed, "-p:ParityLockedMode=true", .. il]));
        }

        var scriptsToTouch = Directory.GetFiles(Path.Combine(consumer, "Migrations"), "*.sql").Order(StringComparer.Ordinal).ToArray();
        var touched = 0;
        double Rerun(IReadOnlyDictionary<string, string?> environment, string[] extra)
        {
            File.SetLastWriteTimeUtc(scriptsToTouch[(touched++ * 131) % scriptsToTouch.Length], DateTime.UtcNow);
            return VerifyTaskMilliseconds(consumer, environment, [.. timed, .. extra]);
        }

        Report.Progress($"touching one script and building, with the MSBuild server, 2 + {touches} times ...");
        var withServer = new List<double>();
        for (var i = 0; i < 2 + touches; i++)
        {
            var milliseconds = Rerun(server, []);
            if (i >= 2)
            {
                withServer.Add(milliseconds);
            }
        }

        ChildProcess.Run("dotnet", ["build-server", "shutdown", "--msbuild"], consumer, server);
        Report.Progress($"touching one script and building, each build a fresh process, {touches} times with each task folder ...");
        var withoutServer = new List<double>();
        var withoutServerIl = new List<double>();
        for (var i = 0; i < touches; i++)
        {
            withoutServer.Add(Rerun(fresh, []));
            withoutServerIl.Add(Rerun(fresh, il));
        }

        NightlyCheck(report, section, consumer, fresh, timed, il);
        var git = GitStatusAfterTouch(consumer, scriptsToTouch, touches);

        var full = Report.Median(ci);
        report.Info(section, "through dotnet build: VerifyMigrations, full verify as on CI (locked, fresh process)", $"{Report.Spread(ci)}; the IL-only tasks/net8.0/ {Report.Spread(ciIl)}: precompiled {Report.Number(full / Report.Median(ciIl), "0.00")} x the time");
        var freshRatio = Report.Median(withoutServer) / full;
        report.Figure(section, "  rerun after touching one script, each build a fresh process / CI verify", $"{Report.Spread(withoutServer)}: {Report.Percent(freshRatio)}; the IL-only tasks/net8.0/ {Report.Spread(withoutServerIl)}: {Report.Percent(Report.Median(withoutServerIl) / Report.Median(ciIl))} of its CI verify", "<= 85 %", freshRatio <= 0.85);
        report.Info(section, "  the same job by git's index, the stat cache's model: `git status -uno` after touching one script (a fresh git process, start to exit)",
            git is null ? "skipped: git is not here" : $"{Report.Spread(git)}: {Report.Percent(Report.Median(git) / full)} of the CI verify; ParityBuild's fresh-process rerun takes {Report.Number(Report.Median(withoutServer) / Report.Median(git), "0.00")} x git's time");
        report.Info(section, "  rerun after touching one script, with the MSBuild server / CI verify", $"{Report.Spread(withServer)}: {Report.Percent(Report.Median(withServer) / full)}");
    }

    /// <summary>
    /// What the stat cache's model, git's index, takes for the same job in a fresh process: `git status` stats every
    /// tracked script against the index, rehashes the touched one and writes the index back, as a rerun does with the
    /// stat cache. A reference for the fresh-process rerun, run beside it; null without git. The repository is removed after.
    /// </summary>
    private static List<double>? GitStatusAfterTouch(string consumer, string[] scripts, int touches)
    {
        var environment = new Dictionary<string, string?>(ChildProcess.DeveloperEnvironment) { ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_CONFIG_GLOBAL"] = "/dev/null" };
        string[] config = ["-c", "user.name=benchmark", "-c", "user.email=benchmark@example.com", "-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false"];
        ChildProcess.Result Git(params string[] arguments) => ChildProcess.Run("git", [.. config, .. arguments], consumer, environment);
        try
        {
            if (Git("init", "-q").ExitCode != 0 || Git("add", "Migrations").ExitCode != 0 || Git("commit", "-qm", "baseline").ExitCode != 0)
            {
                return null;
            }

            Report.Progress($"touching one script and running git status, {touches} times ...");
            var times = new List<double>();
            for (var i = 0; i < touches + 1; i++)
            {
                File.SetLastWriteTimeUtc(scripts[(i * 137 + 11) % scripts.Length], DateTime.UtcNow);
                var status = Git("status", "--porcelain", "--untracked-files=no");
                if (status.ExitCode != 0)
                {
                    throw new InvalidOperationException($"git status failed in {consumer}:\n{status}");
                }

                // The first run writes the index's cached stats of the fresh checkout; the others are timed.
                if (i > 0)
                {
                    times.Add(status.Milliseconds);
                }
            }

            return times;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        finally
        {
            var repository = Path.Combine(consumer, ".git");
            if (Directory.Exists(repository))
            {
                Directory.Delete(repository, recursive: true);
            }
        }
    }

    /// <summary>
    /// The nightly check as a build server runs it: a fresh process, locked, the replica check against a PostgreSQL
    /// flyway_schema_history of a row per script (as figure 5's), VerifyMigrations + CheckReplica as MSBuild times them,
    /// with the precompiled and the IL-only task folder alternately. Skipped without the test server.
    /// </summary>
    private static void NightlyCheck(Report report, string section, string consumer, IReadOnlyDictionary<string, string?> fresh, string[] timed, string[] il)
    {
        var postgres = Environment.GetEnvironmentVariable("PARITY_TEST_POSTGRES");
        if (string.IsNullOrEmpty(postgres))
        {
            report.Info(section, "nightly replica check through dotnet build", "skipped: PARITY_TEST_POSTGRES is not set");
            return;
        }

        var database = $"parity_nightly_{Environment.ProcessId}";
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
        Report.Progress("the nightly replica check through dotnet build (a fresh process), 3 times with each task folder ...");
        ReplicaBenchmarks.Execute(postgres, $"CREATE DATABASE {database}");
        try
        {
            ReplicaBenchmarks.Execute(connection, ReplicaBenchmarks.FlywayHistory(ParityBuild.Core.Manifests.ManifestReader.Read(Path.Combine(consumer, "migrations.baseline.json")), mySql: false));
            ReplicaBenchmarks.Settle(connection, "flyway_schema_history");
            var environment = new Dictionary<string, string?>(fresh) { ["PARITY_REPLICA"] = connection };
            string[] nightly = [.. timed, "-p:ParityLockedMode=true", "-p:ParityReplica=true", "-p:ParityReplicaProvider=postgres", "-p:ParityHistory=flyway"];
            var stamp = Path.Combine(consumer, "obj", "parity", "verify.stamp");
            double Check(string[] extra)
            {
                File.Delete(stamp);
                var result = ChildProcess.Run("dotnet", [.. nightly, .. extra], consumer, environment);
                var tasks = NightlyTaskLine().Matches(result.Output);
                if (result.ExitCode != 0 || tasks.Count != 2)
                {
                    throw new InvalidOperationException($"The nightly check through dotnet build failed or did not run both tasks in {consumer}:\n{result}");
                }

                return tasks.Sum(match => double.Parse(match.Groups["ms"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }

            var precompiled = new List<double>();
            var ilOnly = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                precompiled.Add(Check([]));
                ilOnly.Add(Check(il));
            }

            report.Info(section, "nightly replica check through dotnet build (fresh process, locked, PostgreSQL history of a row per script): VerifyMigrations + CheckReplica",
                $"{Report.Spread(precompiled)}; the IL-only tasks/net8.0/ {Report.Spread(ilOnly)}: precompiled {Report.Number(Report.Median(precompiled) / Report.Median(ilOnly), "0.00")} x the time");
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            ReplicaBenchmarks.Execute(postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>Builds and returns the VerifyMigrations task's time from MSBuild's performance summary (it must have run).</summary>
    private static double VerifyTaskMilliseconds(string directory, IReadOnlyDictionary<string, string?> environment, string[] arguments)
    {
        var result = ChildProcess.Run("dotnet", arguments, directory, environment);
        var match = VerifyTaskLine().Match(result.Output);
        if (result.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed or did not run VerifyMigrations in {directory}:\n{result}");
        }

        return double.Parse(match.Groups["ms"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static double Quartile(List<double> values, int quartile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, quartile * sorted.Count / 4)];
    }

    /// <summary>The first figure after a heading of MSBuild's performance summary ("      435 ms  /path/App.csproj  1 calls").</summary>
    private static double SummaryMilliseconds(string output, string heading)
    {
        var at = output.IndexOf(heading, StringComparison.Ordinal);
        var match = at < 0 ? Match.Empty : FirstMilliseconds().Match(output, at + heading.Length);
        return match.Success ? double.Parse(match.Groups["ms"].Value, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
    }

    public static string CreateConsumer(string directory, string feed, string? version, int scripts, int seed, string otherReferences = "")
    {
        Directory.CreateDirectory(directory);
        var reference = (version is null ? "" : $"""<PackageReference Include="ParityBuild" Version="{version}" PrivateAssets="all" />""") + otherReferences;
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Library</OutputType>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                {reference}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Class1.cs"), "namespace App;\n\npublic static class Class1\n{\n}\n");

        // Keeps the consumers out of any Directory.Build.props / .targets above the work folder.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        Corpus.Generate(directory, scripts, seed);
        return directory;
    }

    public static ChildProcess.Result MustBuild(string directory, params string[] arguments) =>
        MustBuild(directory, ChildProcess.DeveloperEnvironment, arguments);

    public static ChildProcess.Result MustBuild(string directory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var result = ChildProcess.Run("dotnet", arguments, directory, environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed in {directory}:\n{result}");
        }

        return result;
    }

    // "      12 ms  ParityVerify                               1 calls" (targets and tasks in MSBuild's performance summary).
    [GeneratedRegex(@"^\s*(?<ms>\d+) ms\s+(?<name>\S*(?:Parity|WriteLinesToFile)\S*)\s+(?<calls>\d+) calls", RegexOptions.Multiline)]
    private static partial Regex PerformanceLine();

    [GeneratedRegex(@"^\s*(?<ms>\d+) ms\s", RegexOptions.Multiline)]
    private static partial Regex FirstMilliseconds();

    [GeneratedRegex(@"^\s*(?<ms>\d+) ms\s+VerifyMigrations\s+1 calls", RegexOptions.Multiline)]
    private static partial Regex VerifyTaskLine();

    [GeneratedRegex(@"^\s*(?<ms>\d+) ms\s+(?:VerifyMigrations|CheckReplica)\s+\d+ calls", RegexOptions.Multiline)]
    private static partial Regex NightlyTaskLine();
}
