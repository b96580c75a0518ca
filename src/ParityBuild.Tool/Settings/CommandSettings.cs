using System.CommandLine;

namespace ParityBuild.Tool.Settings;

/// <summary>
/// A command's settings as MSBuild would see its properties: the command line first, then parity.json, then the
/// option's default (the package's default).
/// </summary>
internal sealed class CommandSettings(ParseResult parse, ParityJson? json)
{
    public ParityJson? Json => json;

    /// <summary>The command's name, for messages that point at its --help.</summary>
    public string CommandName => parse.CommandResult.Command.Name;

    public T Get<T>(Option<T> option)
    {
        if (parse.GetResult(option) is { Implicit: false })
        {
            return parse.GetValue(option)!;
        }

        return json is not null && json.TryGet(option, out var value) ? value : parse.GetValue(option)!;
    }

    /// <summary>Whether the command line or parity.json gives the option (rather than its default).</summary>
    public bool IsGiven<T>(Option<T> option) => parse.GetResult(option) is { Implicit: false } || (json is not null && json.TryGet(option, out _));
}
