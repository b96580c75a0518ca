namespace ParityBuild.Replica.Comparison;

/// <summary>Where one migration stands on the replica.</summary>
public enum ReplicaState
{
    /// <summary>Applied with the repository's checksum (or the tool stores none), or covered by a baseline.</summary>
    Applied,

    /// <summary>In the repository, not applied yet (or a repeatable whose new text will be re-applied).</summary>
    Pending,

    /// <summary>Applied on the replica, no script in the repository.</summary>
    Missing,

    /// <summary>Applied with another checksum or description than the repository's script.</summary>
    Changed,

    /// <summary>Recorded as failed or dirty.</summary>
    Failed,
}

/// <summary>One row of a replica status table (for ParityStatus): the migration, both checksums, its state.</summary>
public sealed record ReplicaMigrationStatus(
    string? Version,
    string Description,
    string? Path,
    string? RepositoryChecksum,
    string? ReplicaChecksum,
    ReplicaState State,
    DateTime? AppliedOn);
