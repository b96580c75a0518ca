namespace ParityBuild.Core.Findings;

/// <summary>
/// Every diagnostic ParityBuild reports. Codes are stable once shipped; each has an entry in
/// docs/diagnostics.md and a row in its table (a test checks both).
/// </summary>
public static partial class Diagnostics
{
    public const string DocsUrl = "https://github.com/paritybuild/paritybuild/blob/main/docs/diagnostics.md";

    private const string HowToAccept = "If the change is intended, run 'dotnet build -t:ParityAccept' and commit the manifest.";

    public static readonly Diagnostic ScriptChanged = new(
        "PARITY1001", Severity.Error, "A baselined migration was changed",
        "{0} was changed after it was baselined (sha256 {1} -> {2}). An applied migration must never be edited: add a new migration instead. " + HowToAccept);

    public static readonly Diagnostic ScriptMissing = new(
        "PARITY1002", Severity.Error, "A baselined migration is missing",
        "{0} is in the baseline manifest (version {1}) but the script no longer exists. " + HowToAccept);

    public static readonly Diagnostic ScriptNotInManifest = new(
        "PARITY1003", Severity.Error, "A migration is not in the baseline manifest",
        "{0} is not in the baseline manifest {1}. {2}");

    public static readonly Diagnostic OutOfOrder = new(
        "PARITY1004", Severity.Error, "A new migration sorts before the newest baselined one",
        "{0} has version {1}, which sorts before the newest baselined version {2}{3}: databases that already applied {2} would skip it or refuse it. Give it a higher version, or set ParityAllowOutOfOrder=true if your migration tool runs out-of-order migrations.");

    public static readonly Diagnostic DuplicateVersion = new(
        "PARITY1005", Severity.Error, "Two migrations share a version",
        "{0} and {1} both have version {2}{3}. Each migration needs its own version.");

    public static readonly Diagnostic ManifestInvalid = new(
        "PARITY1006", Severity.Error, "The baseline manifest is invalid",
        "The baseline manifest is invalid: {0} {1}");

    /// <summary>What became of an invalid manifest, for <see cref="ManifestInvalid"/>'s second argument.</summary>
    public const string ManifestLeftUntouched = "The file was left untouched; fix it (or restore it from version control) and build again.";

    public static readonly Diagnostic NonVersionedScriptChanged = new(
        "PARITY1007", Severity.Message, "A repeatable migration, callback or undo script changed",
        "{0} ({1}) changed since it was baselined{2}. The manifest will be updated when you accept it with 'dotnet build -t:ParityAccept'.");

    public static readonly Diagnostic NamingConvention = new(
        "PARITY1008", Severity.Error, "A file name does not follow the naming convention",
        "{0} does not follow the '{1}' naming convention ({2}). Rename it, or remove it from the ParityMigration items if it is not a migration.");

    public static readonly Diagnostic CosmeticChange = new(
        "PARITY1009", Severity.Warning, "A baselined migration was reformatted",
        "{0} was reformatted after it was baselined: only whitespace or comments changed, its SQL is the same (sha256 {1} -> {2}). Other tools that checksum the text (Flyway, Liquibase) will still report a checksum mismatch. " + HowToAccept);

    public static readonly Diagnostic ScriptRenamed = new(
        "PARITY1010", Severity.Error, "A baselined migration was renamed",
        "{0} was renamed to {1} after it was baselined (same content{2}). Databases that applied it know it by its old name. " + HowToAccept);

    public static readonly Diagnostic ScriptUnreadable = new(
        "PARITY1011", Severity.Error, "A migration script cannot be read",
        "{0} cannot be read: {1}");

    public static readonly Diagnostic NotUtf8 = new(
        "PARITY1012", Severity.Warning, "A migration script is not valid UTF-8",
        "{0} is not valid UTF-8 (first invalid byte at offset {1}): {2}. ParityBuild checksums its bytes, but migration tools that decode it as UTF-8 (Flyway, Liquibase, DbUp) may compute other checksums or mangle its text. UTF-16 with a byte-order mark is decoded as SQL Server reads it.");

    public static readonly Diagnostic MSBuildTooOld = new(
        "PARITY1013", Severity.Warning, "The check was skipped: this MSBuild cannot run it",
        "ParityBuild's check was skipped: it needs the .NET SDK's MSBuild, or Visual Studio 2026 (MSBuild 18) or later, which runs .NET tasks. This MSBuild is {0} ({1}). Build with 'dotnet build' to run the check.");

    public static readonly Diagnostic ManifestMissingInLockedMode = new(
        "PARITY1014", Severity.Error, "The baseline manifest does not exist (locked mode)",
        "The baseline manifest {0} does not exist, and locked mode (CI) never creates it. Run 'dotnet build' on a developer machine (or 'dotnet build -t:ParityAccept'), then commit {0}.");

    public static readonly Diagnostic ManifestUnwritable = new(
        "PARITY1015", Severity.Error, "The baseline manifest cannot be written",
        "The baseline manifest cannot be written: {0}");

    public static readonly Diagnostic ReportUnwritable = new(
        "PARITY1016", Severity.Warning, "A report cannot be written",
        "The report {0} cannot be written: {1} The check itself ran; its findings are in the build log.");

    public static readonly Diagnostic ManifestReadOnly = new(
        "PARITY1017", Severity.Error, "The baseline manifest is read-only",
        "The baseline manifest {0} is read-only, so it was left as it is, but this build would change it ({1}). Make it writable (chmod u+w, clear its read-only attribute, or check it out for editing) and build again; or build in locked mode (-p:ParityLockedMode=true), which checks the scripts against the manifest without ever writing it.");

    // The `parity` command line tool (ParityBuild.Tool): its settings, whose problems exit with code 2.
    public static readonly Diagnostic ToolSettingsInvalid = new(
        "PARITY1018", Severity.Error, "The parity.json settings file is invalid",
        "{0} Fix parity.json, or remove it to use the defaults (see 'parity <command> --help').");

    public static readonly Diagnostic ToolUsage = new(
        "PARITY1019", Severity.Error, "The parity command line is invalid",
        "{0} Run 'parity {1} --help' for the options and examples.");

    public static readonly Diagnostic ToolItemsInvalid = new(
        "PARITY1020", Severity.Error, "The script list given with --items is invalid",
        "{0}: {1}. Each line is path<TAB>set<TAB>naming<TAB>link; the last three may be empty.");

    public static readonly Diagnostic InternalError = new(
        "PARITY1000", Severity.Error, "ParityBuild failed unexpectedly",
        "ParityBuild failed unexpectedly ({0}: {1}). This is a bug: please report it with this message.");

    // The replica check (PARITY2xxx): what a live database's history table says against the repository.
    public static readonly Diagnostic AppliedWithoutScript = new(
        "PARITY2001", Severity.Error, "A migration is applied on the replica but has no script in the repository",
        "{0} is applied on the replica ({1} in {2}{3}) but the repository has no script for it. A hand-run hotfix? Commit the script that was run, so that every other database gets it too.");

    public static readonly Diagnostic AppliedChecksumDiffers = new(
        "PARITY2002", Severity.Error, "An applied migration's checksum differs from the repository's",
        "{0} differs from what the replica applied: {1} in {2} records checksum {3}, the repository's script has {4}. The script was edited after it was applied: revert the edit and put the change in a new migration.");

    public static readonly Diagnostic FailedMigrationRecorded = new(
        "PARITY2003", Severity.Error, "A failed or dirty migration is recorded on the replica",
        "{0} is recorded as {1} in {2} on {3}{4}: it did not complete, and the database may be half-migrated. Fix the database, then {5}.");

    public static readonly Diagnostic PendingMigrations = new(
        "PARITY2004", Severity.Message, "Migrations are pending on the replica",
        "{0} not applied on the replica {1} yet: {2}.{3}");

    public static readonly Diagnostic HistoryLocked = new(
        "PARITY2005", Severity.Error, "The history table is locked, or a migration is running now",
        "{0} on {1} {2}: {3}. {4}");

    public static readonly Diagnostic ReplicaUnreachable = new(
        "PARITY2006", Severity.Error, "The replica is unreachable",
        "The replica check could not reach {0}: {1}");

    public static readonly Diagnostic NoHistoryTable = new(
        "PARITY2007", Severity.Error, "No history table was found on the replica",
        "No migration history table was found on {0}{1}: {2}. {3}");

    public static readonly Diagnostic ChecksumNotCompared = new(
        "PARITY2010", Severity.Message, "An applied checksum could not be compared",
        "The checksum of {0}{1} in {2} was not compared: {3}. The rows count as applied.");

    public static readonly Diagnostic AppliedChecksumRealignable = new(
        "PARITY2011", Severity.Warning, "An applied checksum is the one of a semantically identical earlier text",
        "{0} was reformatted after it was applied: {1} in {2} records checksum {3}, the one of an earlier text that the manifest holds as semantically identical (PARITY1009, accepted); the repository's script has {4}. history-repair.sql holds the UPDATE that sets the stored checksum to the script's (generated, never run): review it and run it, and the tool accepts the database again.");

    public static readonly Diagnostic ReplicaSettingInvalid = new(
        "PARITY2008", Severity.Error, "The replica check is misconfigured",
        "The replica check is misconfigured: {0}");

    public static readonly Diagnostic AppliedDescriptionDiffers = new(
        "PARITY2009", Severity.Error, "An applied migration's description differs from the repository's",
        "{0} is applied on the replica with the description '{1}' ({2}), but the repository's script says '{3}'. The script was renamed after it was applied; {4} fails on this. Restore the old name.");

    public static readonly Diagnostic DryRunScriptFailed = new(
        "PARITY5001", Severity.Error, "A pending script failed in the dry run",
        "{0} failed in the dry run at line {1}: {2} The statement: `{3}`. Nothing was changed: the transaction was rolled back.");

    public static readonly Diagnostic DryRunNotTransactional = new(
        "PARITY5002", Severity.Error, "A pending script cannot be dry-run in a transaction",
        "{0} line {1}: {2} cannot be dry-run in a transaction (PostgreSQL refuses it inside one{3}), so no script was run. Put it in a script of its own and test it on a copy of the database; the dry run covers the others once it is applied.");

    public static readonly Diagnostic DryRunEngineRefused = new(
        "PARITY5003", Severity.Error, "The dry run was refused: this database commits DDL implicitly",
        "{0} is {1}, which commits every CREATE, ALTER and DROP at once, so a dry run could not be rolled back; nothing was run. Dry-run on PostgreSQL, or test the scripts on a copy of the database.");

    public static readonly Diagnostic DryRunReadOnly = new(
        "PARITY5004", Severity.Error, "The dry run was refused: the database is read-only",
        "{0} {1}, so the scripts cannot run there even inside a transaction; nothing was run. Point the dry run at the primary of the staging database.");

    public static readonly Diagnostic DryRunSettingInvalid = new(
        "PARITY5005", Severity.Error, "The dry run is misconfigured, or the database is unreachable",
        "The dry run could not start: {0}");

    public static readonly Diagnostic DryRunTransactionControl = new(
        "PARITY5006", Severity.Error, "A pending script controls its own transaction",
        "{0}{1}: {2}. {3}");

    /// <summary>All diagnostics, for the documentation test and for reports.</summary>
    /// <remarks>Computed on each call: the parts of this partial class initialize their fields in no set order.</remarks>
    public static IReadOnlyList<Diagnostic> All =>
    [
        ScriptChanged, ScriptMissing, ScriptNotInManifest, OutOfOrder, DuplicateVersion, ManifestInvalid,
        NonVersionedScriptChanged, NamingConvention, CosmeticChange, ScriptRenamed, ScriptUnreadable, NotUtf8,
        MSBuildTooOld, ManifestMissingInLockedMode, ManifestUnwritable, ReportUnwritable, ManifestReadOnly, InternalError,
        ToolSettingsInvalid, ToolUsage, ToolItemsInvalid,
        AppliedWithoutScript, AppliedChecksumDiffers, FailedMigrationRecorded, PendingMigrations, HistoryLocked,
        ReplicaUnreachable, NoHistoryTable, ReplicaSettingInvalid, AppliedDescriptionDiffers, ChecksumNotCompared,
        DryRunScriptFailed, DryRunNotTransactional, DryRunEngineRefused, DryRunReadOnly, DryRunSettingInvalid,
        DryRunTransactionControl,
        .. SchemaDiagnostics, .. RuleDiagnostics, .. FleetDiagnostics,
    ];
}
