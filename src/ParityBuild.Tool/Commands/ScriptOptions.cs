using System.CommandLine;
using ParityBuild.Core.Gate;
using ParityBuild.Tool.Scripts;
using ParityBuild.Tool.Settings;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// The options of every command that reads the scripts, as the package's properties and items give them: the project
/// folder, the manifest, the naming convention, and the scripts (--include globs, or an --items list).
/// </summary>
internal sealed class ScriptOptions
{
    public Option<string?> ProjectDir { get; } = new("--project-dir")
    {
        Description = "The folder that holds parity.json, and that the scripts, the manifest and every other path are relative to (MSBuild: the project's folder). Default: the current folder.",
        HelpName = "dir",
    };

    public Option<string> Manifest { get; } = new("--manifest")
    {
        Description = "The baseline manifest (ParityBaselineFile).",
        DefaultValueFactory = _ => "migrations.baseline.json",
        HelpName = "file",
    };

    public Option<string> Naming { get; } = new("--naming")
    {
        Description = "The naming convention (ParityNaming): auto, flyway, numbered, timestamp, dbup, or a regex with the named groups version and description.",
        DefaultValueFactory = _ => "auto",
        HelpName = "convention",
    };

    public Option<string[]> Include { get; } = new("--include")
    {
        Description = "Scripts to check, as a glob relative to --project-dir, optionally =SET for a migration set (repeatable; default Migrations/**/*.sql).",
        HelpName = "glob[=set]",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Items { get; } = new("--items")
    {
        Description = "A file listing the scripts, one per line: path<TAB>set<TAB>naming<TAB>link (the last three may be empty). Replaces --include.",
        HelpName = "file",
    };

    /// <summary>The package's stat cache under obj/ (internal: the targets pass it).</summary>
    public Option<string?> StatCache { get; } = new("--stat-cache") { Hidden = true };

    public IEnumerable<Option> All => [ProjectDir, Manifest, Naming, Include, Items, StatCache];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    public string ProjectDirectory(ParseResult parse) => Path.GetFullPath(parse.GetValue(ProjectDir) ?? ".");

    /// <summary>The scripts the settings name, as the package's ParityMigration items would list them.</summary>
    public List<ScriptItem> ScriptItems(CommandSettings settings, string projectDirectory) =>
        settings.Get(Items) is { Length: > 0 } items
            ? ItemsFile.Read(Path.GetFullPath(items, projectDirectory))
            : IncludePatterns.Expand(projectDirectory, settings.Get(Include) is { Length: > 0 } globs ? globs : [IncludePatterns.Default]);

    public string ManifestPath(CommandSettings settings, string projectDirectory) => Path.GetFullPath(settings.Get(Manifest), projectDirectory);

    public string? StatCachePath(CommandSettings settings, string projectDirectory) =>
        settings.Get(StatCache) is { Length: > 0 } file ? Path.GetFullPath(file, projectDirectory) : null;
}
