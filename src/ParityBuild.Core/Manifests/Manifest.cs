using System.Security.Cryptography;
using System.Text;

using ParityBuild.Core.Checksums;

namespace ParityBuild.Core.Manifests;

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

    /// <summary>The digest the file holds, as a reader that did not verify it (ParityAccept's) read it; null otherwise.</summary>
    public string? RecordedDigest { get; init; }

    /// <summary>
    /// SHA-256 over one line per entry: set, kind, version, path and checksum, tab-separated; an entry with earlier
    /// texts (<see cref="ManifestEntry.Previous"/>, which realign the tools' stored checksums) adds a tab and the list as
    /// the manifest writes it, so that a hand edit of it fails as any other, while every entry without one hashes the
    /// line it always did (manifests written before <c>previous</c> existed still verify).
    /// </summary>
    public static string ComputeDigest(IEnumerable<ManifestEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[4096];
        foreach (var entry in entries)
        {
            Append(hash, ref buffer, entry.Set, (byte)'\t');
            Append(hash, ref buffer, ManifestFormat.KindName(entry.Kind), (byte)'\t');
            Append(hash, ref buffer, entry.Version ?? "", (byte)'\t');
            Append(hash, ref buffer, entry.Path, (byte)'\t');

            var end = entry.Previous is { Count: > 0 } ? (byte)'\t' : (byte)'\n';

            // The checksum's hex from its bytes, as read: no string per entry.
            if (entry.TryWriteSha256(buffer))
            {
                buffer[64] = end;
                hash.AppendData(buffer, 0, 65);
            }
            else
            {
                Append(hash, ref buffer, entry.Sha256, end);
            }

            if (entry.Previous is { Count: > 0 } previous)
            {
                var text = new StringBuilder();
                ManifestWriter.AppendPrevious(text, previous);
                Append(hash, ref buffer, text.ToString(), (byte)'\n');
            }
        }

        return Hex.Lower(hash.GetHashAndReset());
    }

    // The digest runs over every entry of every build: fields go to the hash as UTF-8 without building lines.
    private static void Append(IncrementalHash hash, ref byte[] buffer, string field, byte separator)
    {
        var length = Encoding.UTF8.GetMaxByteCount(field.Length) + 1;
        if (length > buffer.Length)
        {
            buffer = new byte[length];
        }

        var written = Encoding.UTF8.GetBytes(field, buffer);
        buffer[written] = separator;
        hash.AppendData(buffer, 0, written + 1);
    }
}
