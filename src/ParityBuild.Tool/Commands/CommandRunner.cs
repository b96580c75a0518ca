using System.CommandLine;
using ParityBuild.Core.Findings;
using ParityBuild.Tool.Settings;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// What every command does around its own work: reads parity.json from the project folder, or the file --config names
/// (refusing keys no command knows), and turns a settings problem into its coded line and exit code 2, and any other
/// exception into PARITY1000 and exit code 1, never a stack trace.
/// </summary>
internal static class CommandRunner
{
    public static void SetAction(Command command, Option<string?> projectDir, Func<CommandSettings, string, ToolOutput, CancellationToken, int> run)
    {
        var config = new Option<string?>("--config")
        {
            Description = "The settings file, relative to --project-dir; none: read none (the package's targets pass none: the project's properties are the settings). Default: parity.json there, when it exists.",
            HelpName = "file|none",
        };
        command.Options.Add(config);
        command.SetAction((parse, cancellation) =>
        {
            var output = new ToolOutput(parse.InvocationConfiguration.Output);
            try
            {
                var projectDirectory = Path.GetFullPath(parse.GetValue(projectDir) ?? ".");
                var json = ParityJson.Load(projectDirectory, parse.GetValue(config));
                json?.CheckKeys(AllOptions(command).Where(option => option.Name != projectDir.Name && option.Name != config.Name));
                return Task.FromResult(run(new CommandSettings(parse, json), projectDirectory, output, cancellation));
            }
            catch (SettingsException exception)
            {
                output.Report(exception.Finding);
                return Task.FromResult(ExitCodes.Usage);
            }
            catch (OperationCanceledException)
            {
                output.Message("parity: cancelled.");
                return Task.FromResult(ExitCodes.Failed);
            }
            catch (Exception exception)
            {
                output.Report(Diagnostics.InternalError.At(null, exception.GetType().Name, exception.Message));
                return Task.FromResult(ExitCodes.Failed);
            }
        });
    }

    // One parity.json serves every command: each takes the settings it has, and a key none has is a typo. The root the
    // command was parsed with may hold only that command (Program.Root), so the others are built here.
    private static IEnumerable<Option> AllOptions(Command command) =>
        command.Parents.OfType<RootCommand>().Any() ? Program.Root().Subcommands.SelectMany(sibling => sibling.Options) : command.Options;
}
