namespace ParityBuild.Core.Schema;

/// <summary>A snapshot as read from its file, with the line each object is written on, for findings to point at.</summary>
public sealed record SnapshotDocument(SchemaSnapshot Snapshot, IReadOnlyDictionary<string, int> Lines)
{
    public int LineOf(SchemaItem item) => Lines.GetValueOrDefault(item.Key);
}
