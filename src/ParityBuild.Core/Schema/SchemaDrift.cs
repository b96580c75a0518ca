namespace ParityBuild.Core.Schema;

/// <summary>How a replica's object differs from the snapshot.</summary>
public enum DriftKind
{
    /// <summary>In the snapshot, not on the replica.</summary>
    Missing,

    /// <summary>On the replica, not in the snapshot.</summary>
    Unexpected,

    /// <summary>On both, with another value of <see cref="SchemaDrift.Attribute"/>.</summary>
    Differs,
}

/// <summary>
/// One difference. <see cref="Item"/> is the snapshot's object (the replica's for <see cref="DriftKind.Unexpected"/>);
/// <see cref="Found"/> the replica's when it differs. <see cref="InNewTable"/>: the object belongs to a table that is
/// itself missing or unexpected, so it is no finding of its own, only part of that table's repair.
/// </summary>
public sealed record SchemaDrift(
    DriftKind Kind,
    SchemaItem Item,
    SchemaItem? Found = null,
    string? Attribute = null,
    string? Expected = null,
    string? Actual = null,
    bool InNewTable = false);
