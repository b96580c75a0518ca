namespace ParityBuild.EndToEnd.Tests.Support;

/// <summary>Real git in a consumer's folder, with an identity of its own.</summary>
public sealed class Git(string directory)
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["GIT_AUTHOR_NAME"] = "ParityBuild Tests",
        ["GIT_AUTHOR_EMAIL"] = "tests@paritybuild.invalid",
        ["GIT_COMMITTER_NAME"] = "ParityBuild Tests",
        ["GIT_COMMITTER_EMAIL"] = "tests@paritybuild.invalid",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["HOME"] = Path.GetTempPath(),
    };

    public ProcessRunner.Result Run(params string[] arguments) =>
        ProcessRunner.Run("git", ["-c", "init.defaultBranch=main", "-c", "core.autocrlf=false", .. arguments], directory, Environment);

    public ProcessRunner.Result MustRun(params string[] arguments)
    {
        var result = Run(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {result}");
        }

        return result;
    }
}
