using System.Diagnostics;

namespace ParityBuild.Core.Git;

/// <summary>
/// Runs git in a folder, bounded in time, for the two things ParityBuild asks of it: a manifest as a revision has it
/// (ParityRulesBase) and the earlier text of a reformatted script (ParityAccept). Every failure is a reason, never an exception.
/// </summary>
public static class GitCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>git's standard output, or null with <paramref name="problem"/> set (git's first error line, or why git could not run).</summary>
    public static byte[]? Run(string folder, IReadOnlyList<string> arguments, out string problem)
    {
        problem = "";
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                problem = $"git did not answer within {Timeout.TotalSeconds:0} s";
                return null;
            }

            copy.Wait(Timeout);
            if (process.ExitCode == 0)
            {
                return output.ToArray();
            }

            problem = error.Wait(Timeout) ? error.Result.Trim().Split('\n')[0] : "git failed";
            return null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            problem = $"git cannot be run: {exception.Message}";
            return null;
        }
    }
}
