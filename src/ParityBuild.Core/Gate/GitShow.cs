using ParityBuild.Core.Git;

namespace ParityBuild.Core.Gate;

/// <summary>
/// Reads a file as a git revision has it (<c>git show rev:./file</c>), for ParityRulesBase: the manifest of the pull
/// request's base branch. Bounded in time; every failure is a reason, never an exception.
/// </summary>
internal static class GitShow
{
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

        var bytes = GitCommand.Run(Path.GetDirectoryName(file)!, ["show", $"{revision}:./{Path.GetFileName(file)}"], out problem);
        missing = bytes is null && (problem.Contains("does not exist in", StringComparison.Ordinal) || problem.Contains("exists on disk, but not in", StringComparison.Ordinal));
        return bytes;
    }
}
