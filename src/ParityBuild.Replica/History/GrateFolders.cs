namespace ParityBuild.Replica.History;

/// <summary>How grate runs the scripts of one of its folders.</summary>
public enum GrateScriptKind
{
    /// <summary>Run once; a changed script is an error (grate's <c>up</c>).</summary>
    Once,

    /// <summary>Run again whenever its text changes (<c>views</c>, <c>sprocs</c>, <c>functions</c>, …).</summary>
    AnyTime,

    /// <summary>Run on every migration whatever its text (<c>beforeMigration</c>, <c>permissions</c>, <c>afterMigration</c>, <c>*.everytime.*</c>).</summary>
    EveryTime,
}

/// <summary>
/// grate's default folders in the order it runs them, each with the kind of its scripts; a script's name in
/// <c>ScriptsRun</c> is its path below its folder, with <c>/</c>. <c>createDatabase</c> and <c>dropDatabase</c> are
/// run without a row, so they are not among them.
/// </summary>
/// <remarks>
/// erikbra/grate src/grate.core/Configuration/FoldersConfiguration.cs (<c>Default</c>), docs/ConfigurationOptions/FolderConfiguration.md;
/// everytime names and environment scripts: src/grate.core/Migration/DbMigrator.cs (<c>IsEverytimeScript</c>, <c>InCorrectEnvironment</c>).
/// </remarks>
public static class GrateFolders
{
    /// <summary>The folders in grate's order. <c>runAfterCreateDatabase</c> runs only on a database grate has just created.</summary>
    public static IReadOnlyList<(string Name, GrateScriptKind Kind)> InOrder { get; } =
    [
        ("beforeMigration", GrateScriptKind.EveryTime),
        ("alterDatabase", GrateScriptKind.AnyTime),
        ("runAfterCreateDatabase", GrateScriptKind.AnyTime),
        ("runBeforeUp", GrateScriptKind.AnyTime),
        ("up", GrateScriptKind.Once),
        ("runFirstAfterUp", GrateScriptKind.AnyTime),
        ("functions", GrateScriptKind.AnyTime),
        ("views", GrateScriptKind.AnyTime),
        ("sprocs", GrateScriptKind.AnyTime),
        ("triggers", GrateScriptKind.AnyTime),
        ("indexes", GrateScriptKind.AnyTime),
        ("runAfterOtherAnyTimeScripts", GrateScriptKind.AnyTime),
        ("permissions", GrateScriptKind.EveryTime),
        ("afterMigration", GrateScriptKind.EveryTime),
    ];

    public const string RunAfterCreateDatabase = "runAfterCreateDatabase";

    /// <summary>
    /// The grate folder a script's relative path lies in (the first segment that names one, ignoring case), its name
    /// as grate records it, and its kind; null for a path in no grate folder.
    /// </summary>
    public static (int Order, string Folder, string ScriptName, GrateScriptKind Kind)? Classify(string relativePath)
    {
        if (!relativePath.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var segments = relativePath.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            for (var order = 0; order < InOrder.Count; order++)
            {
                var (name, kind) = InOrder[order];
                if (string.Equals(segments[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    var scriptName = string.Join('/', segments[(i + 1)..]);
                    return (order, name, scriptName, IsEveryTimeName(segments[^1]) ? GrateScriptKind.EveryTime : kind);
                }
            }
        }

        return null;
    }

    /// <summary>grate runs <c>everytime.x.sql</c> and <c>x.everytime.sql</c> on every migration, in any folder.</summary>
    public static bool IsEveryTimeName(string fileName) =>
        fileName.StartsWith("everytime.", StringComparison.OrdinalIgnoreCase) || fileName.Contains(".everytime.", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An environment script (<c>x.env.prod.sql</c>, <c>prod.env.x.sql</c>) runs only with grate's <c>--env</c>, which
    /// the replica cannot show: a row is compared, a missing one is not pending.
    /// </summary>
    public static bool IsEnvironmentName(string fileName) =>
        fileName.Contains(".env.", StringComparison.OrdinalIgnoreCase);
}
