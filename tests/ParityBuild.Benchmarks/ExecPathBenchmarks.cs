using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Figure 9: the full CI verify through the exec path (Visual Studio 2022's: the targets run the parity tool shipped in
/// the package with `dotnet exec`, forced here with -p:ParityTaskRunner=exec) against the in-process task, in a consumer
/// of the packed package with the corpus's scripts: CI=true (locked mode, the SARIF and JSON reports under obj/parity/),
/// obj/parity/ removed before each build, every build a fresh process, the two builds alternated in each round. Times are
/// MSBuild's own (-clp:PerformanceSummary): the ParityVerify target, and _ParityReport, which writes the reports (in
/// process by the task; on the exec path by the tool). In the same rounds, an Exec of `dotnet exec` of a precompiled
/// hello world: the floor of any second process.
/// </summary>
internal static class ExecPathBenchmarks
{
    public static void Run(Report report, string workDirectory, PackedPackage package, int scripts, int seed, int rounds)
    {
        var section = $"9. exec path, CI verify of {scripts:N0} scripts";
        Report.Progress($"creating a consumer with {scripts:N0} scripts for the exec path ...");
        var consumer = BuildBenchmarks.CreateConsumer(Path.Combine(workDirectory, "consumer-exec"), package.Feed, package.Version, scripts, seed);
        // Every build a fresh process, as on CI: no node reuse, no MSBuild server, and no compiler server, which this
        // figure would otherwise leave running.
        var fresh = new Dictionary<string, string?>(ChildProcess.DeveloperEnvironment) { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" };
        BuildBenchmarks.MustBuild(consumer, fresh, "build", "-nologo", "-v:q", "-p:UseSharedCompilation=false");
        if (!File.Exists(Path.Combine(consumer, "migrations.baseline.json")))
        {
            throw new InvalidOperationException($"The exec path consumer's first build did not write migrations.baseline.json ({consumer}).");
        }

        var floor = HelloWorldFloor(workDirectory, consumer, fresh);

        // CI's: locked mode and the reports.
        var ci = new Dictionary<string, string?>(fresh) { ["CI"] = "true" };
        string[] task = ["build", "--no-restore", "-nologo", "-v:q", "-clp:PerformanceSummary", "-p:UseSharedCompilation=false"];
        string[] exec = [.. task, "-p:ParityTaskRunner=exec"];
        var parity = Path.Combine(consumer, "obj", "parity");
        ChildProcess.Result Build(string[] arguments, bool throughTool)
        {
            if (Directory.Exists(parity))
            {
                Directory.Delete(parity, recursive: true);
            }

            var result = ChildProcess.Run("dotnet", arguments, consumer, ci);
            if (result.ExitCode != 0 || !File.Exists(Path.Combine(parity, "parity.sarif")) || File.Exists(Path.Combine(parity, "verify.rsp")) != throughTool)
            {
                throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed, wrote no SARIF log, or did not run the gate {(throughTool ? "through the tool" : "in process")} in {consumer}:\n{result}");
            }

            return result;
        }

        // One untimed build each: the same warm state (file system caches, the package's files) for both.
        Build(task, throughTool: false);
        Build(exec, throughTool: true);
        report.Info(section, "before the timed builds", Program.LoadAverage());
        Report.Progress($"alternating CI builds through the task and through the tool, with the floor, {rounds} rounds ...");
        var taskBuilds = new List<string>();
        var execBuilds = new List<string>();
        var floors = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            if (i % 2 == 0)
            {
                taskBuilds.Add(Build(task, throughTool: false).Output);
                execBuilds.Add(Build(exec, throughTool: true).Output);
            }
            else
            {
                execBuilds.Add(Build(exec, throughTool: true).Output);
                taskBuilds.Add(Build(task, throughTool: false).Output);
            }

            floors.Add(floor(ci));
        }

        List<double> Targets(List<string> builds, params string[] names) => [.. builds.Select(output => names.Sum(name => Entry(output, TargetHeading, name)))];
        var taskVerify = Targets(taskBuilds, "ParityVerify");
        var execVerify = Targets(execBuilds, "ParityVerify");
        var taskCi = Targets(taskBuilds, "ParityVerify", "_ParityReport");
        var execCi = Targets(execBuilds, "ParityVerify", "_ParityReport");
        report.Info(section, "task (in process): ParityVerify / _ParityReport", $"{Report.Spread(taskVerify)} / {Report.Spread(Targets(taskBuilds, "_ParityReport"))}");
        report.Info(section, "exec path (the tool): ParityVerify / _ParityReport", $"{Report.Spread(execVerify)} / {Report.Spread(Targets(execBuilds, "_ParityReport"))}");
        report.Info(section, "floor: Exec of `dotnet exec` of a precompiled hello world", Report.Spread(floors));
        double Median(List<string> builds, string heading, string name) => Report.Median([.. builds.Select(output => Entry(output, heading, name))]);
        foreach (var (kind, heading, name) in Breakdown)
        {
            report.Info(section, $"  {kind} {name}, medians: task / exec path", $"{Report.Ms(Median(taskBuilds, heading, name))} / {Report.Ms(Median(execBuilds, heading, name))}");
        }

        Ratio(report, section, "ParityVerify, exec path / task", execVerify, taskVerify);
        Ratio(report, section, "CI verify with its reports (ParityVerify + _ParityReport), exec path / task", execCi, taskCi);
        var floorMedian = Report.Median(floors);
        report.Info(section, "  exec path's CI verify - floor, / task", Report.Number((Report.Median(execCi) - floorMedian) / Report.Median(taskCi), "0.00") + " x");
    }

    // Where the exec path's time goes besides the tool (all calls in the build; NaN: not run), from the same summaries.
    private static readonly (string Kind, string Heading, string Name)[] Breakdown =
    [
        ("target", TargetHeading, "_ParityRunner"),
        ("target", TargetHeading, "_ParityToolOptions"),
        ("task", TaskHeading, "Exec"),
        ("task", TaskHeading, "WriteLinesToFile"),
    ];

    private const string TargetHeading = "Target Performance Summary:";

    private const string TaskHeading = "Task Performance Summary:";

    /// <summary>The ratio of the medians against the issue's target, and the median of the rounds' own ratios.</summary>
    private static void Ratio(Report report, string section, string name, List<double> exec, List<double> task)
    {
        var ratio = Report.Median(exec) / Report.Median(task);
        var rounds = Report.Median([.. exec.Zip(task, (e, t) => e / t)]);
        report.Figure(section, name, $"{Report.Ms(Report.Median(exec))} / {Report.Ms(Report.Median(task))} = {Report.Number(ratio, "0.00")} x (rounds' own ratios: median {Report.Number(rounds, "0.00")} x)", "<= 1.5 x", ratio <= 1.5);
    }

    /// <summary>
    /// A hello world published as the tool is (precompiled for linux-x64 on Linux x64, IL elsewhere) and a project whose
    /// one target runs it with Exec as the targets run the tool; returns a function that builds that project and reads
    /// the Exec task's time from its performance summary.
    /// </summary>
    private static Func<IReadOnlyDictionary<string, string?>, double> HelloWorldFloor(string workDirectory, string consumer, IReadOnlyDictionary<string, string?> fresh)
    {
        var hello = Path.Combine(workDirectory, "hello");
        Directory.CreateDirectory(hello);
        var precompiled = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64
            ? "<RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>false</SelfContained><PublishReadyToRun>true</PublishReadyToRun>"
            : "";
        File.WriteAllText(Path.Combine(hello, "hello.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                {precompiled}
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(hello, "Program.cs"), "System.Console.WriteLine(\"hello\");\n");
        File.WriteAllText(Path.Combine(hello, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(hello, "Directory.Build.targets"), "<Project />\n");
        File.Copy(Path.Combine(consumer, "NuGet.config"), Path.Combine(hello, "NuGet.config"), overwrite: true);
        var output = Path.Combine(hello, "out");
        BuildBenchmarks.MustBuild(hello, fresh, "publish", "-c", "Release", "-o", output, "-nologo", "-v:q", "-p:UseSharedCompilation=false");

        var project = Path.Combine(workDirectory, "floor.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Target Name="Build">
                <Exec Command="&quot;$(DOTNET_HOST_PATH)&quot; exec &quot;{Path.Combine(output, "hello.dll")}&quot;" EchoOff="true" StandardOutputImportance="High" ConsoleToMSBuild="true" />
              </Target>
            </Project>
            """);
        return environment =>
        {
            var result = ChildProcess.Run("dotnet", ["msbuild", project, "-nologo", "-v:q", "-clp:PerformanceSummary"], workDirectory, environment);
            var milliseconds = Entry(result.Output, TaskHeading, "Exec");
            if (result.ExitCode != 0 || double.IsNaN(milliseconds))
            {
                throw new InvalidOperationException($"The floor's Exec of a hello world failed ({project}):\n{result}");
            }

            return milliseconds;
        };
    }

    /// <summary>
    /// A target's or a task's total in one part of MSBuild's performance summary ("      230 ms  ParityVerify   1 calls"
    /// after <paramref name="heading"/>); NaN when it did not run.
    /// </summary>
    private static double Entry(string output, string heading, string name)
    {
        var at = output.IndexOf(heading, StringComparison.Ordinal);
        if (at < 0)
        {
            return double.NaN;
        }

        var end = output.IndexOf("Performance Summary:", at + heading.Length, StringComparison.Ordinal);
        var part = output[(at + heading.Length)..(end < 0 ? output.Length : end)];
        var match = Regex.Match(part, $@"^\s*(?<ms>\d+) ms\s+{Regex.Escape(name)}\s+\d+ calls", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture) : double.NaN;
    }
}
