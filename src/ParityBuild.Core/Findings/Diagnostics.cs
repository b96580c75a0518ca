namespace ParityBuild.Core.Findings;

/// <summary>
/// Every diagnostic ParityBuild reports. Codes are stable once shipped; each has an entry in
/// docs/diagnostics.md and a row in the README (a test checks both).
/// </summary>
public static class Diagnostics
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
        "The baseline manifest is invalid: {0} The file was left untouched; fix it (or restore it from version control) and build again.");

    public static readonly Diagnostic NonVersionedScriptChanged = new(
        "PARITY1007", Severity.Message, "A repeatable migration, callback or undo script changed",
        "{0} ({1}) changed since it was baselined{2}. The manifest will be updated when you accept it with 'dotnet build -t:ParityAccept'.");

    public static readonly Diagnostic NamingConvention = new(
        "PARITY1008", Severity.Error, "A file name does not follow the naming convention",
        "{0} does not follow the '{1}' naming convention ({2}). Rename it, or remove it from the ParityMigration items if it is not a migration.");

    public static readonly Diagnostic CosmeticChange = new(
        "PARITY1009", Severity.Warning, "A baselined migration was reformatted",
        "{0} was reformatted after it was baselined: only whitespace or comments changed, its SQL is the same (sha256 {1} -> {2}). Peer tools that checksum the text (Flyway, Liquibase) will still report a checksum mismatch. " + HowToAccept);

    public static readonly Diagnostic ScriptRenamed = new(
        "PARITY1010", Severity.Error, "A baselined migration was renamed",
        "{0} was renamed to {1} after it was baselined (same content{2}). Databases that applied it know it by its old name. " + HowToAccept);

    public static readonly Diagnostic ScriptUnreadable = new(
        "PARITY1011", Severity.Error, "A migration script cannot be read",
        "{0} cannot be read: {1}");

    public static readonly Diagnostic NotUtf8 = new(
        "PARITY1012", Severity.Warning, "A migration script is not valid UTF-8",
        "{0} is not valid UTF-8 (first invalid byte at offset {1}). ParityBuild checksums its bytes, but migration tools that decode it as UTF-8 (Flyway, Liquibase) may compute other checksums or mangle its text. Save it as UTF-8.");

    public static readonly Diagnostic MSBuildTooOld = new(
        "PARITY1013", Severity.Warning, "The check was skipped: this MSBuild cannot run it",
        "ParityBuild's check was skipped: it needs the .NET SDK's MSBuild, or Visual Studio 2026 (MSBuild 18) or later, which runs .NET tasks. This MSBuild is {0} ({1}). Build with 'dotnet build' to run the check.");

    public static readonly Diagnostic ManifestMissingInLockedMode = new(
        "PARITY1014", Severity.Error, "The baseline manifest does not exist (locked mode)",
        "The baseline manifest {0} does not exist, and locked mode (CI) never creates it. Run 'dotnet build' on a developer machine (or 'dotnet build -t:ParityAccept'), then commit {0}.");

    public static readonly Diagnostic ManifestUnwritable = new(
        "PARITY1015", Severity.Error, "The baseline manifest cannot be written",
        "The baseline manifest cannot be written: {0}");

    public static readonly Diagnostic InternalError = new(
        "PARITY1000", Severity.Error, "ParityBuild failed unexpectedly",
        "ParityBuild failed unexpectedly ({0}: {1}). This is a bug: please report it with this message.");

    /// <summary>All diagnostics, for the documentation test and for reports.</summary>
    public static IReadOnlyList<Diagnostic> All { get; } =
    [
        ScriptChanged, ScriptMissing, ScriptNotInManifest, OutOfOrder, DuplicateVersion, ManifestInvalid,
        NonVersionedScriptChanged, NamingConvention, CosmeticChange, ScriptRenamed, ScriptUnreadable, NotUtf8,
        MSBuildTooOld, ManifestMissingInLockedMode, ManifestUnwritable, InternalError,
    ];
}
