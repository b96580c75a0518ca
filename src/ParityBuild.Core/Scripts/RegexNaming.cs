using System.Text.RegularExpressions;

namespace ParityBuild.Core.Scripts;

/// <summary>
/// A user's convention: a regex with the named groups <c>version</c> and <c>description</c>, matched against the
/// file name (or against the relative path when the pattern contains a <c>/</c>). A numeric version compares
/// numerically; any other compares ordinally.
/// </summary>
public sealed class RegexNaming : NamingConvention
{
    private readonly Regex regex;

    public RegexNaming(string pattern)
    {
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"ParityNaming '{pattern}' is neither auto, flyway, numbered, timestamp nor dbup, and not a valid regex: {exception.Message}", exception);
        }

        if (Array.IndexOf(regex.GetGroupNames(), "version") < 0)
        {
            throw new ArgumentException($"ParityNaming '{pattern}' is a regex without a named group 'version', as in (?<version>\\d+)__(?<description>.+)\\.sql");
        }

        Name = pattern;
    }

    public override string Name { get; }

    public override string Expected => $"the regex {Name}";

    public override ScriptName? Parse(string relativePath)
    {
        var subject = Name.Contains('/', StringComparison.Ordinal) ? relativePath : FileName(relativePath);
        Match match;
        try
        {
            match = regex.Match(subject);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        if (!match.Success || match.Groups["version"].Value.Length == 0)
        {
            return null;
        }

        var text = match.Groups["version"].Value;
        var version = MigrationVersion.TryParseNumeric(text, out var numeric) ? numeric : MigrationVersion.Named(text);
        return new ScriptName(MigrationKind.Versioned, version, match.Groups["description"].Value);
    }
}
