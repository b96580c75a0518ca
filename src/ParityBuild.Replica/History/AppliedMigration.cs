namespace ParityBuild.Replica.History;

/// <summary>What a history row says about one migration.</summary>
public enum AppliedState
{
    Applied,

    /// <summary>Recorded as failed (Flyway <c>success = false</c>, Liquibase <c>FAILED</c>).</summary>
    Failed,

    /// <summary>Recorded as dirty: it started and never finished (golang-migrate).</summary>
    Dirty,

    /// <summary>A baseline marker: everything up to its version counts as applied without a script.</summary>
    Baseline,
}

/// <summary>
/// One migration as a history table records it, in terms common to every tool. <see cref="Key"/> is what the tool
/// identifies the migration by (a version, a script name, a migration id, a changeset's id::author::file);
/// <see cref="Checksum"/> is in the tool's own format, as stored, or null when the tool stores none.
/// <see cref="CoversEarlier"/>: every version below it counts as applied (a baseline; golang-migrate's single row).
/// <see cref="StoredKey"/>: the row's key columns exactly as stored, where <see cref="Key"/> folds them (Liquibase's
/// ID, AUTHOR and FILENAME), for a statement that must name that one row.
/// </summary>
public sealed record AppliedMigration(
    string Key,
    string? Version,
    string Description,
    string? Checksum,
    AppliedState State,
    DateTime? AppliedOn,
    bool Repeatable = false,
    bool CoversEarlier = false,
    IReadOnlyList<string>? StoredKey = null);
