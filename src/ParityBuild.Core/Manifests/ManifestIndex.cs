using System.Runtime.CompilerServices;

namespace ParityBuild.Core.Manifests;

/// <summary>
/// A manifest's entries by set and, within a set, by path: built once per manifest instance, since a reused MSBuild
/// node hands every build the same instance until the file changes, and ten thousand entries cost milliseconds to index.
/// Read-only once built, so the rules may ask from several threads.
/// </summary>
public sealed class ManifestIndex
{
    private static readonly ConditionalWeakTable<Manifest, ManifestIndex> Indexes = new();

    private readonly Dictionary<string, Dictionary<string, ManifestEntry>> _byPath = new(StringComparer.Ordinal);

    private ManifestIndex(Manifest manifest)
    {
        var bySet = new Dictionary<string, List<ManifestEntry>>(StringComparer.Ordinal);
        foreach (var entry in manifest.Entries)
        {
            if (!bySet.TryGetValue(entry.Set, out var list))
            {
                // The manifest lists sets one after the other, and a single set is the common case: size it once.
                list = new List<ManifestEntry>(bySet.Count == 0 ? manifest.Entries.Count : 4);
                bySet.Add(entry.Set, list);
                _byPath.Add(entry.Set, new Dictionary<string, ManifestEntry>(list.Capacity, StringComparer.Ordinal));
            }

            list.Add(entry);
            _byPath[entry.Set][entry.Path] = entry;
        }

        BySet = bySet.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<ManifestEntry>)pair.Value, StringComparer.Ordinal);
    }

    /// <summary>Each set's entries, in manifest order. Shared by every build that has this manifest: read-only.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ManifestEntry>> BySet { get; }

    public static ManifestIndex Of(Manifest manifest) => Indexes.GetValue(manifest, static manifest => new ManifestIndex(manifest));

    /// <summary>A set's entries by path (empty for a set the manifest does not have).</summary>
    public IReadOnlyDictionary<string, ManifestEntry> ByPath(string set) =>
        _byPath.TryGetValue(set, out var entries) ? entries : EmptyByPath;

    /// <summary>Whether the manifest holds this script with this text checksum.</summary>
    public bool Holds(string set, string path, string sha256) =>
        _byPath.TryGetValue(set, out var entries) && entries.TryGetValue(path, out var entry) && entry.Sha256 == sha256;

    private static readonly Dictionary<string, ManifestEntry> EmptyByPath = new(StringComparer.Ordinal);
}
