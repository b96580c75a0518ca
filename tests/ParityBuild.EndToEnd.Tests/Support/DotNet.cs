namespace ParityBuild.EndToEnd.Tests.Support;

/// <summary>Runs the dotnet CLI as a user would, minus the state that would make runs depend on each other.</summary>
public static class DotNet
{
    public static ProcessRunner.Result Run(string workingDirectory, params string[] arguments) =>
        Run(workingDirectory, new Dictionary<string, string?>(), arguments);

    public static ProcessRunner.Result Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var merged = new Dictionary<string, string?>
        {
            // A developer machine unless a test says otherwise: the CI that runs these tests sets CI=true.
            ["CI"] = null,
            ["ContinuousIntegrationBuild"] = null,
            ["TF_BUILD"] = null,
            ["GITHUB_ACTIONS"] = null,
            ["GITHUB_STEP_SUMMARY"] = null,
            ["GITHUB_BASE_REF"] = null,
            ["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            // Worker nodes that outlive a build would keep task assemblies loaded and CI's processes alive.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["MSBuildExtensionsPath"] = null,
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
        };
        foreach (var (name, value) in environment)
        {
            merged[name] = value;
        }

        return ProcessRunner.Run("dotnet", arguments, workingDirectory, merged);
    }
}
