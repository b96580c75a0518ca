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

    private readonly int minimumDigits;

    private NumberedNaming(string name, int minimumDigits)
    {
        Name = name;
        this.minimumDigits = minimumDigits;
    }

    public override string Name { get; }

    public override string Expected => minimumDigits > 1
        ? "<timestamp>_<description>.sql (at least YYYYMMDDhhmm), optionally .up.sql/.down.sql, or <timestamp>_<description>/up.sql"
        : "<number>_<description>.sql or <number>-<description>.sql, optionally .up.sql/.down.sql, or <number>_<description>/up.sql";

    public override ScriptName? Parse(string relativePath)
    {
        var fileName = FileName(relativePath);
        var folderScript = FolderScript().Match(fileName);
        if (folderScript.Success)
        {
            var folder = FolderForm().Match(ParentFolderName(relativePath));
            return folder.Success ? Create(folder, folderScript.Groups["direction"].Value, ordinal: true) : null;
        }

        var match = FileForm().Match(fileName);
        return match.Success ? Create(match, match.Groups["direction"].Value, ordinal: false) : null;
    }

    // Diesel compares the dash-stripped folder names as strings (2025-12-29-110242-0000 sorts before 2026-01-20-162913,
    // and 2026-05-27-120000 and 2026-05-27-120000-0000 are two versions); golang-migrate and the others compare numbers.
    private ScriptName? Create(Match match, string direction, bool ordinal)
    {
        var digits = match.Groups["version"].Value.Replace("-", "", StringComparison.Ordinal);
        if (digits.Length < minimumDigits)
        {
            return null;
        }

        var kind = direction is "down" or "undo" ? MigrationKind.Undo : MigrationKind.Versioned;
        var version = ordinal ? MigrationVersion.Named(digits) : MigrationVersion.ParseNumeric(digits);
        return new ScriptName(kind, version, match.Groups["description"].Value.Trim());
    }
}
