using System.CommandLine;
using System.CommandLine.Help;
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

    // One entry per command (each in its own file of Commands/), in the order the root's help lists them.
    private static readonly CommandEntry[] Commands =
    [
        new("verify", VerifyCommand.Create),
        new("accept", AcceptCommand.Create),
        new("status", StatusCommand.Create),
        new("replica", ReplicaCommand.Create),
        new("schema-capture", SchemaCaptureCommand.Create),
        new("dry-run", DryRunCommand.Create),
        new("fleet", FleetCommand.Create),
        new("report", ReportCommand.Create),
    ];

    /// <summary>
    /// The root command with every subcommand, or with only <paramref name="command"/>'s when it names one: each build
    /// starts the tool for one command, and the other commands' options cost it time to construct for nothing.
    /// </summary>
    public static RootCommand Root(string? command = null)
    {
        var root = new RootCommand("Checks SQL migration scripts against their committed baseline manifest, as the ParityBuild package does in every build.");
        var only = Commands.Any(entry => entry.Name == command);
        foreach (var entry in Commands.Where(entry => !only || entry.Name == command))
        {
            root.Subcommands.Add(entry.Create());
        }

        ListCommandsBriefly(root);
        return root;
    }

    private sealed record CommandEntry(string Name, Func<Command> Create);

    // The root's help lists each command by the first sentence of its description (its own --help shows the rest, with
    // examples); System.CommandLine's help builder is not public, so the root's listing is written here.
    private static void ListCommandsBriefly(RootCommand root)
    {
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction help } option)
        {
            option.Action = new RootHelp(help);
        }
    }

    private sealed class RootHelp(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parse)
        {
            if (parse.CommandResult.Command is not RootCommand root)
            {
                return help.Invoke(parse);
            }

            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(root.Description);
            output.WriteLine();
            output.WriteLine("Usage: parity <command> [options]   (parity <command> --help: its options and examples)");
            output.WriteLine();
            output.WriteLine("Commands:");
            foreach (var command in root.Subcommands.Where(command => !command.Hidden))
            {
                var description = (command.Description ?? "").ReplaceLineEndings(" ");
                var end = description.IndexOf(". ", StringComparison.Ordinal);
                output.WriteLine($"  {command.Name,-15} {(end < 0 ? description : description[..(end + 1)])}");
            }

            output.WriteLine();
            output.WriteLine("Exit codes: 0 clean, 1 findings that fail, 2 usage or configuration error. Reference: https://github.com/paritybuild/paritybuild/blob/main/docs/cli.md");
            return ExitCodes.Clean;
        }
    }

    public static int Run(string[] args, TextWriter output)
    {
        var parse = Root(args.FirstOrDefault()).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = ResponseFile.TryRead });
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
