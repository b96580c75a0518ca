using System.CommandLine;
using System.Text;

namespace ParityBuild.Tool.Tests;

[TestClass]
public sealed class ProgramTests
{
    [TestMethod]
    public void Every_example_in_every_commands_help_parses_without_an_error()
    {
        var examples = 0;
        foreach (var command in Program.Root().Subcommands.Where(command => !command.Hidden))
        {
            using var output = new StringWriter();
            Program.Run([command.Name, "--help"], output);
            var help = output.ToString();

            foreach (var line in help[help.IndexOf("Examples:", StringComparison.Ordinal)..].Split('\n').Skip(1).TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal)))
            {
                // An example may set the connection's variable first (PARITY_FLEET="…" parity fleet …).
                var words = ShellWords(line);
                var arguments = words.SkipWhile(word => word != "parity").Skip(1).ToArray();
                var parse = Program.Root().Parse(arguments);

                Assert.AreEqual(command.Name, arguments[0], line);
                Assert.IsEmpty(parse.Errors, $"{line}\n{string.Join("\n", parse.Errors.Select(error => error.Message))}");
                examples++;
            }
        }

        Assert.IsGreaterThan(10, examples);
    }

    [TestMethod]
    public void A_run_builds_only_the_command_it_is_given_and_every_command_otherwise()
    {
        var all = Program.Root().Subcommands.Select(command => command.Name).ToList();

        foreach (var name in all)
        {
            CollectionAssert.AreEqual(new[] { name }, Program.Root(name).Subcommands.Select(command => command.Name).ToArray());
        }

        CollectionAssert.AreEqual(all, Program.Root("verfy").Subcommands.Select(command => command.Name).ToList());
        CollectionAssert.AreEqual(all, Program.Root("--help").Subcommands.Select(command => command.Name).ToList());
    }

    // The words a POSIX shell makes of an example line: split at spaces outside double quotes, the quotes removed.
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in line.Trim())
        {
            if (c == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
