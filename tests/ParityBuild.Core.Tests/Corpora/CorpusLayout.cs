using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Corpora;

/// <summary>
/// How each real project would declare its scripts to ParityBuild (see ../shared/corpora/SOURCES.md): the naming
/// convention, which files are scripts, and which migration set (one history table) each belongs to.
/// The corpus folder plays the project directory; relative paths are relative to it.
/// </summary>
internal sealed record CorpusLayout(string Name, string Naming, Func<string, bool> IsScript, Func<string, string> SetOf)
{
    public const string Uaa = "cloudfoundry__uaa";
    public const string Stroom = "gchq__stroom";
    public const string Dataverse = "IQSS__dataverse";
    public const string OpengehEdi = "Energinet-DataHub__opengeh-edi";
    public const string CratesIo = "rust-lang__crates.io";
    public const string Openmeter = "openmeterio__openmeter";
    public const string EdFi = "Ed-Fi-Alliance-OSS__Ed-Fi-ODS";

    /// <summary>Every corpus, in SOURCES.md's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Uaa, Stroom, Dataverse, OpengehEdi, CratesIo, Openmeter, EdFi];

    public static CorpusLayout For(string corpus) => corpus switch
    {
        // Flyway, one history per dialect folder: hsqldb/, mysql/, postgresql/.
        Uaa => new(corpus, "flyway", _ => true, FirstSegment),

        // Flyway, each module has its own history table: one set per module's db/migration folder.
        Stroom => new(corpus, "flyway", _ => true, Folder),

        Dataverse => new(corpus, "flyway", _ => true, _ => ""),

        // DbUp embedded scripts; Permissions/ runs only in some environments, so it is its own set.
        OpengehEdi => new(corpus, "dbup", _ => true, FirstSegment),

        // Diesel reads <version>_<name>/up.sql and down.sql only; the loose data_oauth_github.sql is not a migration.
        CratesIo => new(corpus, "timestamp", IsDieselScript, _ => ""),

        Openmeter => new(corpus, "timestamp", _ => true, _ => ""),

        // Ed-Fi's deploy tool runs DbUp one folder at a time (Changes/ and RecordOwnership/ are optional features,
        // each its own step), so each folder is a set; the .xml files beside the scripts are not migrations.
        EdFi => new(corpus, "dbup", path => path.EndsWith(".sql", StringComparison.Ordinal), Folder),

        _ => throw new ArgumentException($"Unknown corpus '{corpus}'.", nameof(corpus)),
    };

    public string Location => Corpus.RequireFolder(Name);

    /// <summary>Every file of the corpus, relative to its folder, in ordinal order.</summary>
    public IReadOnlyList<string> AllFiles() => Corpus.Files(Location);

    public IReadOnlyList<ScriptFile> Scripts(bool includeEverything = false)
    {
        var folder = Location;
        return [.. AllFiles()
            .Where(path => includeEverything || IsScript(path))
            .Select(path => new ScriptFile(Path.Combine(folder, path), path, SetOf(path), Naming))];
    }

    public static bool IsDieselScript(string relativePath)
    {
        var segments = relativePath.Split('/');
        return segments.Length == 2 && segments[1] is "up.sql" or "down.sql";
    }

    private static string FirstSegment(string relativePath) => relativePath[..relativePath.IndexOf('/', StringComparison.Ordinal)];

    private static string Folder(string relativePath) => relativePath[..relativePath.LastIndexOf('/')];
}
