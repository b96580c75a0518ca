using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// A migration of the repository as its tool's history table names it. <see cref="Key"/> is compared with
/// <see cref="AppliedMigration.Key"/>; <see cref="Checksum"/> is in the tool's own format, or null when the tool stores none.
/// <see cref="FullPath"/> and <see cref="Line"/> (1-based, 0 for the whole file) are where findings point;
/// <see cref="Path"/> is how messages name it. <see cref="Verify"/>, when set, judges a stored checksum instead of a
/// plain comparison with <see cref="Checksum"/>: for tools whose stored value depends on its own version (Liquibase's
/// <c>8:</c> / <c>9:</c>) or whose mismatch deserves a cause (only the line endings differ).
/// <see cref="Optional"/>: the tool runs the script only in circumstances the replica cannot show (grate's
/// <c>runAfterCreateDatabase</c>, run only on a database grate created; its environment scripts), so a missing row
/// does not make it pending.
/// </summary>
public sealed record LocalMigration(
    string Key,
    MigrationVersion? Version,
    string Description,
    string? Checksum,
    string FullPath,
    string Path,
    bool Repeatable = false,
    int Line = 0,
    Func<string, ChecksumVerdict>? Verify = null,
    bool Optional = false);
