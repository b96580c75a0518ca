using System.CommandLine;

namespace ParityBuild.Tool.Commands;

/// <summary><c>parity status</c>: every migration and its state against the manifest, as the ParityStatus target shows it.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var options = new GateOptions();
        var command = new Command("status", """
            Prints a table of every migration and its state against the baseline manifest (like 'flyway info'). It writes
            nothing; drift shows in the table, and only an unusable manifest or script fails (exit code 1).
            Each migration's state on a live database: see 'parity replica --help'.

            Examples:
              parity status
              parity status --project-dir services/orders --include "db/**/*.sql"
            """);
        options.AddTo(command, verify: false);
        CommandRunner.SetAction(command, options.Scripts.ProjectDir, (settings, projectDirectory, output, cancellation) =>
            GateRun.Status(options, settings, projectDirectory, output, cancellation));
        return command;
    }
}
