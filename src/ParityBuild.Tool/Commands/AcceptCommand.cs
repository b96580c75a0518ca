using System.CommandLine;

namespace ParityBuild.Tool.Commands;

/// <summary><c>parity accept</c>: rewrites the manifest for the current scripts, as the ParityAccept target does.</summary>
internal static class AcceptCommand
{
    public static Command Create()
    {
        var options = new GateOptions();
        var command = new Command("accept", """
            Rewrites the baseline manifest for the current scripts, after an intended edit, rename or removal, or a merge,
            and lists every entry it changed (as 'dotnet build -t:ParityAccept' does). Review the change and commit it.

            Examples:
              parity accept
              parity accept --project-dir services/orders --naming flyway
            """);
        options.AddTo(command, verify: true);
        CommandRunner.SetAction(command, options.Scripts.ProjectDir, (settings, projectDirectory, output, cancellation) =>
            GateRun.Verify(options, settings, projectDirectory, output, accept: true, cancellation));
        return command;
    }
}
