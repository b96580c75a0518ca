using System.CommandLine;

namespace ParityBuild.Tool.Commands;

/// <summary><c>parity verify</c>: the gate, as the ParityVerify target runs it in every build.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var options = new GateOptions();
        var command = new Command("verify", """
            Checks the migration scripts against the baseline manifest, as every build with the ParityBuild package does.
            An edited, removed, renamed, reordered or duplicate migration fails (exit code 1). On a developer machine a new
            script is added to the manifest (commit it); in locked mode (CI=true) a script not in the manifest fails.
            Settings come from the options, then parity.json in --project-dir, then the package's defaults.

            Examples:
              parity verify
              parity verify --project-dir services/orders --include "db/migration/**/*.sql" --naming flyway
              parity verify --include "Migrations/Orders/**/*.sql=orders" --include "Migrations/Billing/**/*.sql=billing"
              parity verify --locked --report sarif parity.sarif --report json parity-report.json
            """);
        options.AddTo(command, verify: true);
        CommandRunner.SetAction(command, options.Scripts.ProjectDir, (settings, projectDirectory, output, cancellation) =>
            GateRun.Verify(options, settings, projectDirectory, output, accept: false, cancellation));
        return command;
    }
}
