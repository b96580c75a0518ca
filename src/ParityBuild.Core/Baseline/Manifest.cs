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

    /// <summary>SHA-256 over one line per entry: set, kind, version, path and checksum, tab-separated.</summary>
    public static string ComputeDigest(IEnumerable<ManifestEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[4096];
        foreach (var entry in entries)
        {
            var line = $"{entry.Set}\t{ManifestFormat.KindName(entry.Kind)}\t{entry.Version}\t{entry.Path}\t{entry.Sha256}\n";
            var length = Encoding.UTF8.GetMaxByteCount(line.Length);
            if (length > buffer.Length)
            {
                buffer = new byte[length];
            }

            hash.AppendData(buffer, 0, Encoding.UTF8.GetBytes(line, buffer));
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
