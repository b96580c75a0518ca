using System.CommandLine;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Verification;

namespace ParityBuild.Tool.Commands;

/// <summary><c>parity verify</c>: the gate, as ParityVerify runs it in every build.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var scripts = new ScriptOptions();
        var locked = new Option<bool>("--locked")
        {
            Description = "Locked mode (ParityLockedMode): never write the manifest; a new script is an error. Default: true when CI=true.",
            DefaultValueFactory = _ => IsCi(),
        };
        var allowOutOfOrder = new Option<bool>("--allow-out-of-order") { Description = "Accept a new migration that sorts before the newest baselined one (ParityAllowOutOfOrder)." };
        var rules = new Option<string>("--rules") { Description = "The safety rules (ParityRules): new, all or off.", DefaultValueFactory = _ => "new" };
        var command = new Command("verify", """
            Checks the scripts against the baseline manifest, as every build with the ParityBuild package does: an edited,
            removed, renamed, reordered or duplicate migration fails (exit code 1). On a developer machine a new script is
            added to the manifest (commit it); in locked mode (CI=true) a new script not in the manifest fails.

            Examples:
              parity verify
              parity verify --include "db/**/*.sql" --naming flyway
              parity verify --locked --report sarif parity.sarif
            """);
        scripts.AddTo(command);
        command.Options.Add(locked);
        command.Options.Add(allowOutOfOrder);
        command.Options.Add(rules);
        CommandRunner.SetAction(command, scripts.ProjectDir, (settings, projectDirectory, output, cancellation) =>
        {
            var findings = new List<Finding>();
            var files = ScriptItem.ToScripts(scripts.ScriptItems(settings, projectDirectory), projectDirectory, settings.Get(scripts.Naming), findings);
            if (findings.Count > 0)
            {
                output.Report(findings);
                return ExitCodes.Failed;
            }

            var scope = RuleRunner.ParseScope(settings.Get(rules)) ?? RuleScope.New;
            var options = new VerifyOptions(projectDirectory, scripts.ManifestPath(settings, projectDirectory), settings.Get(locked), settings.Get(allowOutOfOrder),
                StatCachePath: scripts.StatCachePath(settings, projectDirectory), Rules: scope);
            var result = Verifier.Run(files, options, cancellation);
            output.Report(result.Findings);
            return result.HasErrors ? ExitCodes.Failed : ExitCodes.Clean;
        });
        return command;
    }

    // MSBuild's default: ContinuousIntegrationBuild or CI set to true (properties compare case-insensitively).
    private static bool IsCi() =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Environment.GetEnvironmentVariable("ContinuousIntegrationBuild"), "true", StringComparison.OrdinalIgnoreCase);
}
