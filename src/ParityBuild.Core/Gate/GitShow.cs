using System.Diagnostics;

namespace ParityBuild.Core.Gate;

/// <summary>
/// Reads a file as a git revision has it (<c>git show rev:./file</c>), for ParityRulesBase: the manifest of the pull
/// request's base branch. Bounded in time; every failure is a reason, never an exception.
/// </summary>
internal static class GitShow
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>The file's bytes, or null with <paramref name="problem"/> set; <paramref name="missing"/> when the revision has no such file.</summary>
    public static byte[]? Read(string file, string revision, out string problem, out bool missing)
    {
        problem = "";
        missing = false;
        if (revision.StartsWith('-') || revision.Any(char.IsWhiteSpace))
        {
            problem = "not a git revision";
            return null;
        }

        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path.GetDirectoryName(file)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("show");
        start.ArgumentList.Add($"{revision}:./{Path.GetFileName(file)}");
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

            var message = error.Result.Trim();
            missing = message.Contains("does not exist in", StringComparison.Ordinal) || message.Contains("exists on disk, but not in", StringComparison.Ordinal);
            problem = message.Split('\n')[0];
            return null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            problem = $"git cannot be run: {exception.Message}";
            return null;
        }
    }
}
