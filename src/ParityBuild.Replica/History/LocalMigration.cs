using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// A migration of the repository as its tool's history table names it. <see cref="Key"/> is compared with
/// <see cref="AppliedMigration.Key"/>; <see cref="Checksum"/> is in the tool's own format, or null when the tool stores none.
/// <see cref="FullPath"/> is where findings point; <see cref="Path"/> is how messages name it.
/// </summary>
public sealed record LocalMigration(
    string Key,
    MigrationVersion? Version,
    string Description,
    string? Checksum,
    string FullPath,
    string Path,
    bool Repeatable = false);
