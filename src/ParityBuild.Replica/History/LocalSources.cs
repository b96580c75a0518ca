using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// What the repository holds for one history table: the migrations of one set, that set's manifest entries by path
/// (their stored other tools' checksums spare reading the scripts again), EF Core's migration classes, and the set's scripts as
/// they were handed over — Liquibase changelogs, postgrator's <c>001.do.name.sql</c> and sqitch's <c>deploy/&lt;change&gt;.sql</c>
/// follow no naming convention of ours, so their readers take the files themselves.
/// </summary>
public sealed record LocalSources(
    IReadOnlyList<Migration> Migrations,
    IReadOnlyDictionary<string, ManifestEntry> ManifestByPath,
    IReadOnlyList<ScriptFile> EfMigrations)
{
    private IReadOnlyList<ScriptFile>? _scripts;
    private Func<IReadOnlyList<ScriptFile>>? _listScripts;

    /// <summary>Raw-bytes digests ParityVerify computed while it read the scripts, by full path (see <see cref="RepositorySide"/>).</summary>
    public IReadOnlyDictionary<string, RawDigest>? RawDigests { get; init; }

    /// <summary>The set's scripts, each path once; listed on first use, since most readers go by <see cref="Migrations"/>.</summary>
    public IReadOnlyList<ScriptFile> Scripts
    {
        get => _scripts ??= _listScripts?.Invoke() ?? [];
        init => _scripts = value;
    }

    public static LocalSources Create(IReadOnlyList<Migration> migrations, Manifest? manifest, string set, IReadOnlyList<ScriptFile>? efMigrations = null, IReadOnlyList<ScriptFile>? scripts = null)
    {
        // The gate indexed this manifest already (one index per manifest instance): no second dictionary of its entries.
        var byPath = manifest is null ? new Dictionary<string, ManifestEntry>() : ManifestIndex.Of(manifest).ByPath(set);
        return new LocalSources(migrations, byPath, efMigrations ?? []) { _listScripts = () => OfSet(scripts ?? [], set) };
    }

    private static List<ScriptFile> OfSet(IReadOnlyList<ScriptFile> scripts, string set)
    {
        var seen = new HashSet<string>(scripts.Count, StringComparer.Ordinal);
        var ofSet = new List<ScriptFile>(scripts.Count);
        foreach (var script in scripts)
        {
            if (script.Set == set && seen.Add(script.RelativePath))
            {
                ofSet.Add(script);
            }
        }

        return ofSet;
    }
}
