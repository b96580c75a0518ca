namespace ParityBuild.Tool;

/// <summary>The defaults the package's props and targets take from the environment, read the same way.</summary>
internal static class BuildEnvironment
{
    /// <summary>ParityLockedMode's default: ContinuousIntegrationBuild or CI is true (MSBuild compares ignoring case).</summary>
    public static bool IsCi() => IsTrue("CI") || IsTrue("ContinuousIntegrationBuild");

    /// <summary>ParityRulesBase's default: the base branch GitHub Actions or GitLab names for a pull request.</summary>
    public static string RulesBase() =>
        Variable("GITHUB_BASE_REF") is { } github ? "origin/" + github
        : Variable("CI_MERGE_REQUEST_TARGET_BRANCH_NAME") is { } gitlab ? "origin/" + gitlab
        : "";

    /// <summary>$GITHUB_STEP_SUMMARY, or null outside GitHub Actions.</summary>
    public static string? StepSummaryFile() => Variable("GITHUB_STEP_SUMMARY");

    private static bool IsTrue(string name) => string.Equals(Environment.GetEnvironmentVariable(name), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
