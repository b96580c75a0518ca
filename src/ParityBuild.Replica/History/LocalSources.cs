using ParityBuild.Core.Baseline;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// What the repository holds for one history table: the migrations of one set, that set's manifest entries by path
/// (their stored peer checksums spare reading the scripts again), EF Core's migration classes, and the set's scripts as
/// they were handed over — Liquibase changelogs, postgrator's <c>001.do.name.sql</c> and sqitch's <c>deploy/&lt;change&gt;.sql</c>
/// follow no naming convention of ours, so their readers take the files themselves.
/// </summary>
public sealed record LocalSources(
    IReadOnlyList<Migration> Migrations,
    IReadOnlyDictionary<string, ManifestEntry> ManifestByPath,
    IReadOnlyList<ScriptFile> EfMigrations)
{
    public IReadOnlyList<ScriptFile> Scripts { get; init; } = [];

    public static LocalSources Create(IReadOnlyList<Migration> migrations, Manifest? manifest, string set, IReadOnlyList<ScriptFile>? efMigrations = null, IReadOnlyList<ScriptFile>? scripts = null)
    {
        var byPath = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        foreach (var entry in manifest?.Entries ?? [])
        {
            if (entry.Set == set)
            {
                byPath.TryAdd(entry.Path, entry);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ofSet = (scripts ?? []).Where(script => script.Set == set && seen.Add(script.RelativePath)).ToList();
        return new LocalSources(migrations, byPath, efMigrations ?? []) { Scripts = ofSet };
    }
}
