using System.CommandLine;
using System.CommandLine.Invocation;
using ParityBuild.Core.Findings;
using ParityBuild.Tool.Commands;

namespace ParityBuild.Tool;

/// <summary>
/// The <c>parity</c> command: the root command and one subcommand per file of Commands/. Parse errors become a coded
/// PARITY1019 line and exit code 2 rather than System.CommandLine's own text and exit code 1.
/// </summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out);

    public static RootCommand Root()
    {
        var root = new RootCommand("Checks SQL migration scripts against their committed baseline manifest, as the ParityBuild package does in every build.");
        // One line per command (other commands are added by their own files).
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(AcceptCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        return root;
    }

    public static int Run(string[] args, TextWriter output)
    {
        var parse = Root().Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            var command = parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name;
            foreach (var error in parse.Errors)
            {
                output.WriteLine(ToolOutput.Canonical(Diagnostics.ToolUsage.At(null, error.Message, command.Length > 0 ? command : "<command>")));
            }

            return ExitCodes.Usage;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = output, EnableDefaultExceptionHandler = false });
    }
}
