using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Baseline;

/// <summary>
/// One baselined script. <see cref="Path"/> is relative to the project with <c>/</c> separators;
/// <see cref="Sha256"/> is the normalized text checksum the gate compares; <see cref="Semantic"/> tells a cosmetic edit
/// from a real one; <see cref="Flyway"/> lets a replica check compare with flyway_schema_history without reading files.
/// <see cref="Md5"/> and <see cref="Sha1"/> (only when the project's history is postgrator's or sqitch's, which store
/// those hashes of a script's raw bytes) are the hashes of the same text as <see cref="Sha256"/>: the raw bytes of a
/// checkout with LF line endings and no BOM, whose hash the replica check then takes from here instead of computing it.
/// </summary>
public sealed record ManifestEntry(
    string Set,
    MigrationKind Kind,
    string? Version,
    string Description,
    string Path,
    string Sha256,
    string? Semantic,
    int? Flyway,
    string? Md5 = null,
    string? Sha1 = null);
