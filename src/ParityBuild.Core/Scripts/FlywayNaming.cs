namespace ParityBuild.Core.Scripts;

/// <summary>
/// Flyway's default SQL naming: <c>V1__desc.sql</c>, <c>V1.2__desc.sql</c>, <c>V1_2__desc.sql</c>, <c>V6.5.0.1.sql</c>
/// (no description), undo <c>U3__desc.sql</c>, repeatable <c>R__desc.sql</c>, and callbacks such as
/// <c>beforeMigrate.sql</c> or <c>afterMigrate__reference_data.sql</c>. The description is the part after <c>__</c>
/// with underscores read as spaces, as Flyway records it.
/// </summary>
public sealed class FlywayNaming : NamingConvention
{
    public static FlywayNaming Instance { get; } = new();

    // Flyway's callback events that can be written as SQL scripts (org.flywaydb.core.api.callback.Event).
    internal static readonly HashSet<string> CallbackEvents = new(StringComparer.Ordinal)
    {
        "beforeMigrate", "beforeRepeatables", "beforeEachMigrate", "beforeEachMigrateStatement",
        "afterEachMigrateStatement", "afterEachMigrateStatementError", "afterEachMigrate", "afterEachMigrateError",
        "afterMigrate", "afterMigrateApplied", "afterVersioned", "afterMigrateError", "beforeUndo", "beforeEachUndo",
        "beforeEachUndoStatement", "afterEachUndoStatement", "afterEachUndoStatementError", "afterEachUndo",
        "afterEachUndoError", "afterUndo", "afterUndoError", "beforeClean", "afterClean", "afterCleanError",
        "beforeInfo", "afterInfo", "afterInfoError", "beforeValidate", "afterValidate", "afterValidateError",
        "beforeBaseline", "afterBaseline", "afterBaselineError", "beforeRepair", "afterRepair", "afterRepairError",
        "createSchema", "beforeCreateSchema", "beforeConnect", "afterConnect",
    };

    public override string Name => "flyway";

    public override string Expected => "V<version>__<description>.sql, U<version>__<description>.sql, R__<description>.sql or a callback such as beforeMigrate__<description>.sql";

    // Parsed by hand rather than by regex: it runs for every script in every build that checks them.
    public override ScriptName? Parse(string relativePath)
    {
        // The name as a span of the path: a substring per script would only be garbage.
        var fileName = relativePath.AsSpan(relativePath.LastIndexOf('/') + 1);
        if (!fileName.EndsWith(".sql", StringComparison.Ordinal))
        {
            return null;
        }

        var stem = fileName[..^4];
        if (stem.Length > 1 && stem[0] is 'V' or 'U' && char.IsAsciiDigit(stem[1]))
        {
            var end = VersionEnd(stem);
            var rest = stem[end..];
            if (rest.Length > 0 && !rest.StartsWith("__"))
            {
                return null;
            }

            var kind = stem[0] == 'V' ? MigrationKind.Versioned : MigrationKind.Undo;
            var description = rest.Length == 0 ? "" : Describe(rest[2..]);
            return new ScriptName(kind, MigrationVersion.ParseNumeric(stem[1..end].ToString()), description);
        }

        if (stem.StartsWith("R__") && stem.Length > 3)
        {
            return new ScriptName(MigrationKind.Repeatable, null, Describe(stem[3..]));
        }

        // Every event starts so: other names (a numbered script's, say) make no string here.
        if (!stem.StartsWith("before", StringComparison.Ordinal) && !stem.StartsWith("after", StringComparison.Ordinal) && !stem.StartsWith("create", StringComparison.Ordinal))
        {
            return null;
        }

        var separator = stem.IndexOf("__");
        var callback = (separator < 0 ? stem : stem[..separator]).ToString();
        if (!CallbackEvents.Contains(callback))
        {
            return null;
        }

        var suffix = separator < 0 ? "" : Describe(stem[(separator + 2)..]);
        return new ScriptName(MigrationKind.Callback, null, suffix.Length == 0 ? callback : $"{callback} {suffix}");
    }

    // Digits, with '.' or '_' between groups of digits: V1_2__x has version 1_2, the "__" that follows is no separator.
    private static int VersionEnd(ReadOnlySpan<char> stem)
    {
        var i = 1;
        while (i < stem.Length)
        {
            if (char.IsAsciiDigit(stem[i]))
            {
                i++;
            }
            else if (stem[i] is '.' or '_' && i + 1 < stem.Length && char.IsAsciiDigit(stem[i + 1]))
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    // One string per description, not a copy and then its replacement.
    private static string Describe(ReadOnlySpan<char> description)
    {
        if (description.IsEmpty)
        {
            return "";
        }

        Span<char> buffer = description.Length <= 256 ? stackalloc char[description.Length] : new char[description.Length];
        description.Replace(buffer, '_', ' ');
        return new string(buffer);
    }
}
