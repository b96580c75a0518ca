namespace ParityBuild.Core.Findings;

// Physical schema drift (PARITY3xxx): a replica's catalog against the committed schema snapshot.
public static partial class Diagnostics
{
    private const string RepairNote = "The repair SQL ParityBuild wrote under obj/parity/ (named in the build output) holds the statement; review it and run it on a staging clone first.";

    public static readonly Diagnostic SchemaObjectMissing = new(
        "PARITY3001", Severity.Error, "A schema object is missing on the replica",
        "{0} is in the schema snapshot but missing on the replica {1}. A migration that did not run there, or an object dropped by hand? " + RepairNote);

    public static readonly Diagnostic SchemaObjectUnexpected = new(
        "PARITY3002", Severity.Error, "An unexpected schema object is on the replica",
        "{0} exists on the replica {1} but not in the schema snapshot: made by hand, or by a migration the repository does not hold? Put it in a migration (and capture the snapshot again), or drop it: the repair SQL has the DROP statement, commented out.");

    public static readonly Diagnostic SchemaObjectDiffers = new(
        "PARITY3003", Severity.Error, "A schema object's definition differs on the replica",
        "{0} differs on the replica {1}: its {2} is {3}, the schema snapshot has {4}. " + RepairNote);

    public static readonly Diagnostic SchemaSnapshotInvalid = new(
        "PARITY3004", Severity.Error, "The schema snapshot is invalid",
        "The schema snapshot is invalid: {0} The schema was not compared; fix the file (or capture it again with 'dotnet build -t:ParitySchemaCapture').");

    public static readonly Diagnostic SchemaSnapshotStale = new(
        "PARITY3005", Severity.Warning, "The schema snapshot was captured for other migrations",
        "The schema snapshot was captured for the migrations whose baseline digest is {0}, but the baseline manifest now has {1}: a migration was added or changed since, so the comparison may report its objects as drift. Capture the snapshot again from a database migrated with the current scripts ('dotnet build -t:ParitySchemaCapture') and commit it.");

    public static readonly Diagnostic SchemaRepairWritten = new(
        "PARITY3006", Severity.Message, "Repair SQL was written",
        "Repair SQL for {0} was written to {1} ({2}). ParityBuild never runs it: review it, and run it on a staging clone first.");

    public static readonly Diagnostic SchemaEngineMismatch = new(
        "PARITY3007", Severity.Error, "The schema snapshot is of another engine",
        "The schema snapshot was captured from {0} ({1}), but the replica {2} is {3}: the schemas cannot be compared. Capture the snapshot from a database of the replica's engine.");

    public static readonly Diagnostic SchemaCaptureFailed = new(
        "PARITY3008", Severity.Error, "The schema snapshot cannot be captured or written",
        "The schema snapshot was not written: {0}");

    private static IReadOnlyList<Diagnostic> SchemaDiagnostics =>
    [
        SchemaObjectMissing, SchemaObjectUnexpected, SchemaObjectDiffers, SchemaSnapshotInvalid, SchemaSnapshotStale,
        SchemaRepairWritten, SchemaEngineMismatch, SchemaCaptureFailed,
    ];
}
