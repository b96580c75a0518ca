using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Baseline;

/// <summary>
/// One baselined script. <see cref="Path"/> is relative to the project with <c>/</c> separators;
/// <see cref="Sha256"/> is the normalized text checksum the gate compares; <see cref="Semantic"/> tells a cosmetic edit
/// from a real one; <see cref="Flyway"/> lets a replica check compare with flyway_schema_history without reading files.
/// </summary>
public sealed record ManifestEntry(
    string Set,
    MigrationKind Kind,
    string? Version,
    string Description,
    string Path,
    string Sha256,
    string? Semantic,
    int? Flyway);
