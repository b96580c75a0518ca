using System.Security.Cryptography;
using System.Text;

namespace ParityBuild.Core.Baseline;

/// <summary>
/// The committed baseline: every entry in migration order, set by set, and a digest over them. Two branches that each
/// add a migration both change the digest line, so git reports a conflict instead of merging them silently.
/// </summary>
public sealed record Manifest(IReadOnlyList<ManifestEntry> Entries)
{
    public const int CurrentFormatVersion = 1;

    /// <summary>The text checksum's algorithm, named in the file so that a future one can be told apart.</summary>
    public const string Algorithm = "sha256-bom-stripped-lf";

    public string Digest => ComputeDigest(Entries);

    public static string ComputeDigest(IEnumerable<ManifestEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(entry.Set).Append('\t')
                .Append(ManifestFormat.KindName(entry.Kind)).Append('\t')
                .Append(entry.Version).Append('\t')
                .Append(entry.Path).Append('\t')
                .Append(entry.Sha256).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }
}
