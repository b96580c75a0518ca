using System.Text.RegularExpressions;

namespace ParityBuild.Core.Scripts;

/// <summary>
/// Names that start with a number: plain numbered (<c>0001_init.sql</c>, <c>001-init.sql</c>, DbUp's <c>Script0001 - init.sql</c>)
/// and timestamped (<c>20240101120000_init.sql</c>). Also the up/down pairs of golang-migrate
/// (<c>20240101120000_init.up.sql</c> / <c>.down.sql</c>) and Diesel's folder per migration
/// (<c>2017-08-31-230457_invitations/up.sql</c>, whose dashes Diesel removes before comparing versions), and
/// postgrator's <c>001.do.create_users.sql</c> / <c>001.undo.create_users.sql</c>.
/// A <c>down</c> script is an undo script of the same version.
/// </summary>
public sealed partial class NumberedNaming : NamingConvention
{
    public static NumberedNaming Numbered { get; } = new("numbered", minimumDigits: 1);

    /// <summary>At least a date and a time to the minute: YYYYMMDDhhmm.</summary>
    public static NumberedNaming Timestamp { get; } = new("timestamp", minimumDigits: 12);

    // A version is digits, possibly in dash-separated groups (Diesel), followed by a separator and a description;
    // or postgrator's <version>.do.<name>.sql and <version>.undo.<name>.sql.
    [GeneratedRegex(@"^(?:Script)?(?<version>\d+(?:-\d+)*)(?:\.(?<direction>do|undo)(?:\.(?<description>.*?))?|(?:(?:\s*[-_ ]\s*|\s+)(?<description>.*?))?(?:\.(?<direction>up|down))?)\.sql$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex FileForm();

    [GeneratedRegex(@"^(?<version>\d+(?:-\d+)*)(?:[-_ ](?<description>.*))?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex FolderForm();

    [GeneratedRegex(@"^(?<direction>up|down)\.sql$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex FolderScript();

    private readonly int _minimumDigits;

    private NumberedNaming(string name, int minimumDigits)
    {
        Name = name;
        _minimumDigits = minimumDigits;
    }

    public override string Name { get; }

    public override string Expected => _minimumDigits > 1
        ? "<timestamp>_<description>.sql (at least YYYYMMDDhhmm), optionally .up.sql/.down.sql, or <timestamp>_<description>/up.sql"
        : "<number>_<description>.sql or <number>-<description>.sql, optionally .up.sql/.down.sql, or <number>_<description>/up.sql";

    public override ScriptName? Parse(string relativePath)
    {
        // The name as a span first: the common forms need no substring of the path.
        return ParseCommonForm(relativePath.AsSpan(relativePath.LastIndexOf('/') + 1)) ?? ParseByRegex(relativePath, FileName(relativePath));
    }

    /// <summary>Every form, by the regexes above.</summary>
    internal ScriptName? ParseByRegex(string relativePath, string fileName)
    {
        var folderScript = FolderScript().Match(fileName);
        if (folderScript.Success)
        {
            var folder = FolderForm().Match(ParentFolderName(relativePath));
            return folder.Success ? Create(folder.Groups["version"].Value, folderScript.Groups["direction"].Value, folder.Groups["description"].Value, ordinal: true) : null;
        }

        var match = FileForm().Match(fileName);
        return match.Success ? Create(match.Groups["version"].Value, match.Groups["direction"].Value, match.Groups["description"].Value, ordinal: false) : null;
    }

    /// <summary>
    /// The forms most projects use, read by hand (a regex match costs more than a kilobyte per script, and discovery
    /// reads every script in every build that checks them): ASCII digits, then <c>_</c> or <c>-</c> and a description,
    /// or <c>.</c> and postgrator's <c>do</c>/<c>undo</c> part, with an optional <c>.up</c>/<c>.down</c>, then <c>.sql</c>.
    /// Null for anything else, which <see cref="ParseByRegex"/> reads; where this reads a name, it reads it as the regex does.
    /// </summary>
    internal ScriptName? ParseCommonForm(ReadOnlySpan<char> name)
    {
        var digits = name.IndexOfAnyExceptInRange('0', '9');
        if (digits <= 0 || !name.EndsWith(".sql", StringComparison.Ordinal))
        {
            return null;
        }

        if (PostgratorScriptName.TryParse(name, out var version, out var undo, out var postgratorName))
        {
            return Create(version.ToString(), undo ? "undo" : "do", postgratorName.ToString(), ordinal: false);
        }

        var rest = name[digits..^4];
        string direction;
        ReadOnlySpan<char> description;
        if (rest.Length > 0 && rest[0] is '_' or '-')
        {
            // The regex reads "1-2" as the version 1-2 (Diesel's dashes) and its \d takes any Unicode digit: leave those to it.
            if (rest[0] == '-' && rest.Length > 1 && char.IsDigit(rest[1]))
            {
                return null;
            }

            description = rest[1..];
            direction = description.EndsWith(".up", StringComparison.Ordinal) ? "up" : description.EndsWith(".down", StringComparison.Ordinal) ? "down" : "";
            description = description[..^(direction.Length == 0 ? 0 : direction.Length + 1)];
        }
        else if (rest.IsEmpty || rest.SequenceEqual(".up") || rest.SequenceEqual(".down"))
        {
            direction = rest.IsEmpty ? "" : rest[1..].ToString();
            description = [];
        }
        else
        {
            return null;
        }

        return Create(name[..digits].ToString(), direction, description.ToString(), ordinal: false);
    }

    // Diesel compares the dash-stripped folder names as strings (2025-12-29-110242-0000 sorts before 2026-01-20-162913,
    // and 2026-05-27-120000 and 2026-05-27-120000-0000 are two versions); golang-migrate and the others compare numbers.
    private ScriptName? Create(string version, string direction, string description, bool ordinal)
    {
        var digits = version.Replace("-", "", StringComparison.Ordinal);
        if (digits.Length < _minimumDigits)
        {
            return null;
        }

        var kind = direction is "down" or "undo" ? MigrationKind.Undo : MigrationKind.Versioned;
        var parsed = ordinal ? MigrationVersion.Named(digits) : MigrationVersion.ParseNumeric(digits);
        return new ScriptName(kind, parsed, description.Trim());
    }
}
