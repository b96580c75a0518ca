using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Schema;

/// <summary>
/// The schema check's judgement, without a database: a replica's captured schema against the committed snapshot, both
/// normalized. Objects are matched by kind, schema, table and name; each one missing, unexpected, or with an attribute
/// of another value is a finding that points at the snapshot's line. Objects of a missing or unexpected table are part
/// of that table's finding, not findings of their own.
/// </summary>
public static class SchemaComparison
{
    public sealed record Result(IReadOnlyList<SchemaDrift> Drifts, IReadOnlyList<Finding> Findings, IReadOnlyDictionary<string, string> ReplicaSchemas)
    {
        public bool IsClean => Drifts.Count == 0;
    }

    /// <param name="snapshotPath">The snapshot file, where findings point.</param>
    /// <param name="replica">How messages name the replica: its host and database, never credentials.</param>
    public static Result Compare(SnapshotDocument expected, string snapshotPath, SchemaSnapshot actual, string replica, Severity severity = Severity.Error)
    {
        // A MySQL snapshot names the database it was captured from; the replica's is another: schemas pair by position.
        var toExpected = new Dictionary<string, string>(StringComparer.Ordinal);
        var toReplica = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < actual.Schemas.Count; i++)
        {
            var name = i < expected.Snapshot.Schemas.Count && actual.Schemas.Count == expected.Snapshot.Schemas.Count ? expected.Snapshot.Schemas[i] : actual.Schemas[i];
            toExpected[actual.Schemas[i]] = name;
            toReplica[name] = actual.Schemas[i];
        }

        // Functions and procedures are compared only when both sides captured them: a snapshot that did not cannot say
        // which of the replica's are expected, and a replica whose account cannot list them would miss them all.
        var routinesOnBoth = expected.Snapshot.Routines is not null && actual.Routines is not null;
        var wanted = SchemaItem.Flatten(routinesOnBoth ? expected.Snapshot : expected.Snapshot with { Routines = null }, schema => schema);
        var found = SchemaItem.Flatten(routinesOnBoth ? actual : actual with { Routines = null }, schema => toExpected.GetValueOrDefault(schema, schema));
        var foundByKey = new Dictionary<string, SchemaItem>(found.Count, StringComparer.Ordinal);
        foreach (var item in found)
        {
            foundByKey.TryAdd(item.Key, item);
        }

        var wantedKeys = wanted.Select(item => item.Key).ToHashSet(StringComparer.Ordinal);
        var drifts = new List<SchemaDrift>();
        var findings = new List<Finding>();
        var missingTables = wanted.Where(item => item.Kind == SchemaObjectKind.Table && !foundByKey.ContainsKey(item.Key)).Select(item => item.Key).ToHashSet(StringComparer.Ordinal);
        var unexpectedTables = found.Where(item => item.Kind == SchemaObjectKind.Table && !wantedKeys.Contains(item.Key)).Select(item => item.Key).ToHashSet(StringComparer.Ordinal);
        string Display(SchemaItem item) => Capitalize((item with { Schema = toReplica.GetValueOrDefault(item.Schema, item.Schema) }).Display);
        string TableKey(SchemaItem item) => SchemaItem.KeyOf(SchemaObjectKind.Table, item.Schema, null, item.Table!);

        foreach (var item in wanted)
        {
            var line = expected.LineOf(item);
            if (!foundByKey.TryGetValue(item.Key, out var other))
            {
                var inNewTable = item.Table is not null && missingTables.Contains(TableKey(item));
                drifts.Add(new SchemaDrift(DriftKind.Missing, item, InNewTable: inNewTable));
                if (!inNewTable)
                {
                    findings.Add(Diagnostics.SchemaObjectMissing.AtLine(snapshotPath, line, Display(item), replica).WithSeverity(severity));
                }

                continue;
            }

            // A routine body one side's account could not read is unknown, not different.
            if (item.Source is RoutineSchema { Definition: null } || other.Source is RoutineSchema { Definition: null })
            {
                continue;
            }

            foreach (var (name, value) in item.Attributes)
            {
                var actualValue = other.Attributes.FirstOrDefault(attribute => attribute.Name == name).Value;
                if (!string.Equals(value, actualValue, StringComparison.Ordinal))
                {
                    drifts.Add(new SchemaDrift(DriftKind.Differs, item, other, name, value, actualValue));
                    findings.Add(Diagnostics.SchemaObjectDiffers.AtLine(snapshotPath, line, Display(item), replica, name, Show(actualValue), Show(value)).WithSeverity(severity));
                }
            }
        }

        foreach (var item in found)
        {
            if (wantedKeys.Contains(item.Key))
            {
                continue;
            }

            var inNewTable = item.Table is not null && unexpectedTables.Contains(TableKey(item));
            drifts.Add(new SchemaDrift(DriftKind.Unexpected, item, InNewTable: inNewTable));
            if (!inNewTable)
            {
                var line = item.Table is null ? 0 : expected.Lines.GetValueOrDefault(TableKey(item));
                findings.Add(Diagnostics.SchemaObjectUnexpected.AtLine(snapshotPath, line, Display(item), replica).WithSeverity(severity));
            }
        }

        return new Result(drifts, findings, toReplica);
    }

    private static string Show(string? value) => value is null ? "(none)" : $"'{value}'";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
