using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Manifests;

/// <summary>Where one migration stands against the baseline.</summary>
public enum MigrationState
{
    Baselined,
    New,
    Changed,
    Reformatted,
    Renamed,
    Missing,
}

/// <summary>One row of ParityStatus: a migration (or a baselined script that no longer exists) and its state.</summary>
public sealed record MigrationStatus(string Set, MigrationKind Kind, string? Version, string Description, string Path, string? Sha256, MigrationState State);
