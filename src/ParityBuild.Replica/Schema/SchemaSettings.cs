using ParityBuild.Core.Findings;

namespace ParityBuild.Replica.Schema;

/// <summary>
/// How the replica check compares the physical schema: the committed snapshot file (the comparison is skipped when it
/// does not exist), the schemas to read (empty: the snapshot's, or public / the connection's database), how drift is
/// reported, and the baseline manifest's digest now, to tell a snapshot captured for other migrations.
/// </summary>
public sealed record SchemaSettings(string SnapshotFile)
{
    public IReadOnlyList<string> Schemas { get; init; } = [];

    public Severity DriftSeverity { get; init; } = Severity.Error;

    public string? ManifestDigest { get; init; }

    /// <summary>The time written into repair files (a parameter so that tests see a fixed one).</summary>
    public DateTime Now { get; init; } = DateTime.UtcNow;

    /// <summary>In a fleet check, what its tenants share: the snapshot, read once, and the fingerprints of clean catalogs; null for one replica.</summary>
    public CleanCatalogs? CleanCatalogs { get; init; }

    /// <summary>A fleet's schema per tenant: the database holds every tenant's schema, which the fingerprint reads around (<see cref="CatalogFingerprint.Query"/>).</summary>
    internal bool SchemaPerTenant { get; init; }

    /// <summary>
    /// ParitySchemaFile (a full path), ParitySchemas and ParitySchemaDrift as given: the settings, or why one is wrong
    /// (for the caller's own code).
    /// </summary>
    public static (SchemaSettings? Settings, string? Problem) Parse(string snapshotFile, string schemas, string drift, string? manifestDigest)
    {
        var severity = ReplicaSettings.ParseSeverity(drift, Severity.Error);
        var names = ParseSchemas(schemas);
        return severity is null ? (null, $"ParitySchemaDrift is '{drift}'; expected error, warn or message.")
            : names is null ? (null, $"ParitySchemas is '{schemas}'; expected schema names separated by ';' (no backslashes).")
            : (new SchemaSettings(snapshotFile) { Schemas = names, DriftSeverity = severity.Value, ManifestDigest = manifestDigest }, null);
    }

    /// <summary>Reads ParitySchemas: names separated by ';' or ','; null when one cannot be a schema name.</summary>
    public static IReadOnlyList<string>? ParseSchemas(string? text)
    {
        var names = (text ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Names go into catalog queries as literals; a backslash means something else to MySQL, so no name may hold one.
        return names.Any(name => name.Contains('\\', StringComparison.Ordinal) || name.Any(char.IsControl)) ? null : names.Distinct(StringComparer.Ordinal).ToList();
    }
}
