using System.Text.RegularExpressions;

namespace ParityBuild.Core.Scripts;

/// <summary>
/// Flyway's default SQL naming: <c>V1__desc.sql</c>, <c>V1.2__desc.sql</c>, <c>V1_2__desc.sql</c>, <c>V6.5.0.1.sql</c>
/// (no description), undo <c>U3__desc.sql</c>, repeatable <c>R__desc.sql</c>, and callbacks such as
/// <c>beforeMigrate.sql</c> or <c>afterMigrate__reference_data.sql</c>. The description is the part after <c>__</c>
/// with underscores read as spaces, as Flyway records it.
/// </summary>
public sealed partial class FlywayNaming : NamingConvention
{
    public static FlywayNaming Instance { get; } = new();

    // Source-generated: no regex interpreter or runtime compilation on the path every build takes for every script.
    [GeneratedRegex(@"^(?<prefix>[VU])(?<version>\d+(?:[._]\d+)*)(?:__(?<description>.*))?\.sql$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Versioned();

    [GeneratedRegex(@"^R__(?<description>.+)\.sql$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Repeatable();

    // Flyway's callback events that can be written as SQL scripts (org.flywaydb.core.api.callback.Event).
    [GeneratedRegex(@"^(?<event>beforeMigrate|beforeRepeatables|beforeEachMigrate|beforeEachMigrateStatement|afterEachMigrateStatement|afterEachMigrateStatementError|afterEachMigrate|afterEachMigrateError|afterMigrate|afterMigrateApplied|afterVersioned|afterMigrateError|beforeUndo|beforeEachUndo|beforeEachUndoStatement|afterEachUndoStatement|afterEachUndoStatementError|afterEachUndo|afterEachUndoError|afterUndo|afterUndoError|beforeClean|afterClean|afterCleanError|beforeInfo|afterInfo|afterInfoError|beforeValidate|afterValidate|afterValidateError|beforeBaseline|afterBaseline|afterBaselineError|beforeRepair|afterRepair|afterRepairError|createSchema|beforeCreateSchema|beforeConnect|afterConnect')(?:__(?<description>.*))?\.sql$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Callback();

    public override string Name => "flyway";

    public override string Expected => "V<version>__<description>.sql, U<version>__<description>.sql, R__<description>.sql or a callback such as beforeMigrate__<description>.sql";

    public override ScriptName? Parse(string relativePath)
    {
        var fileName = FileName(relativePath);
        var match = Versioned().Match(fileName);
        if (match.Success)
        {
            var kind = match.Groups["prefix"].Value == "V" ? MigrationKind.Versioned : MigrationKind.Undo;
            return new ScriptName(kind, MigrationVersion.ParseNumeric(match.Groups["version"].Value), Describe(match));
        }

        match = Repeatable().Match(fileName);
        if (match.Success)
        {
            return new ScriptName(MigrationKind.Repeatable, null, Describe(match));
        }

        match = Callback().Match(fileName);
        if (match.Success)
        {
            var description = match.Groups["description"].Success ? Describe(match) : "";
            return new ScriptName(MigrationKind.Callback, null, description.Length == 0 ? match.Groups["event"].Value : $"{match.Groups["event"].Value} {description}");
        }

        return null;
    }

    private static string Describe(Match match) => match.Groups["description"].Value.Replace('_', ' ');
}
