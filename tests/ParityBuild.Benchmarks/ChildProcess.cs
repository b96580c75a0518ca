using System.Diagnostics;
using System.Text;

namespace ParityBuild.Benchmarks;

/// <summary>Runs a command to completion, captures its output, and times it from start to exit.</summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, double Milliseconds)
    {
        public override string ToString() => $"exit code {ExitCode} after {Report.Ms(Milliseconds)}\n{Output}";
    }

    /// <summary>
    /// The environment of every dotnet child: a developer machine (no CI variables, so ParityBuild is not in locked
    /// mode), no telemetry, and MSBuild's node reuse and build server left at their defaults, as a developer has them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DeveloperEnvironment = new Dictionary<string, string?>
    {
        ["CI"] = null,
        ["ContinuousIntegrationBuild"] = null,
        ["TF_BUILD"] = null,
        ["GITHUB_ACTIONS"] = null,
        ["MSBUILDDISABLENODEREUSE"] = null,
        ["MSBuildExtensionsPath"] = null,
        ["MSBuildSDKsPath"] = null,
        ["MSBUILD_EXE_PATH"] = null,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    public static Result DotNet(string workingDirectory, params string[] arguments) =>
        Run("dotnet", arguments, workingDirectory, DeveloperEnvironment);

    /// <param name="whileRunning">Called about every 50 ms until the process exits (e.g. to sample its memory).</param>
    public static Result Run(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null, Action<Process>? whileRunning = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        while (!process.WaitForExit(whileRunning is null ? limit : TimeSpan.FromMilliseconds(50)) && deadline.Elapsed < limit)
        {
            whileRunning?.Invoke(process);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', start.ArgumentList)}' did not finish in time.\n{output}");
        }

        clock.Stop();

        // Waits for the output to be drained (the timed part ended at the process's exit).
        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString(), clock.Elapsed.TotalMilliseconds);
        }
    }
}
