using ParityBuild.Core.Baseline;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// What the repository holds for one history table: the migrations of one set, that set's manifest entries by path
/// (their stored peer checksums spare reading the scripts again), and EF Core's migration classes.
/// </summary>
public sealed record LocalSources(
    IReadOnlyList<Migration> Migrations,
    IReadOnlyDictionary<string, ManifestEntry> ManifestByPath,
    IReadOnlyList<ScriptFile> EfMigrations)
{
    public static LocalSources Create(IReadOnlyList<Migration> migrations, Manifest? manifest, string set, IReadOnlyList<ScriptFile>? efMigrations = null)
    {
        var byPath = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        foreach (var entry in manifest?.Entries ?? [])
        {
            if (entry.Set == set)
            {
                byPath.TryAdd(entry.Path, entry);
            }
        }

        return new LocalSources(migrations, byPath, efMigrations ?? []);
    }
}
