using ParityBuild.Core.Findings;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Schema;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;

namespace ParityBuild.Replica.Schema;

/// <summary>
/// The physical schema part of the replica check, over the check's read-only session: capture a schema from the
/// catalog, or compare it with the committed snapshot and write (never run) the SQL that would repair the drift —
/// the DDL for the schema, and the history rows a tool lacks for migrations whose objects are already there.
/// </summary>
public static class SchemaCheck
{
    public const string SchemaRepairFile = "schema-repair.sql";

    public const string HistoryRepairFile = "history-repair.sql";

    /// <summary>What the comparison found and the repair files it wrote the text of.</summary>
    public sealed record Result(IReadOnlyList<Finding> Findings, IReadOnlyList<RepairFile> Repairs, string Summary);

    /// <summary>The history table the check read, and what it found, for the history repair.</summary>
    public sealed record HistoryState(HistoryReader Reader, HistoryTable Table, IReadOnlyList<LocalMigration> Locals, IReadOnlyList<AppliedMigration> Applied, HistoryComparison.Result Compared);

    /// <summary>Reads the named schemas (empty: public, or the connection's database on MySQL) into a snapshot.</summary>
    /// <exception cref="ReplicaException">A named schema does not exist (Configuration), or a query failed.</exception>
    public static async Task<SchemaSnapshot> CaptureAsync(ReplicaSession session, IReadOnlyList<string> schemas, string? manifestDigest, string? historyTable, CancellationToken cancellation)
    {
        var postgres = session.Target.Provider == ReplicaProvider.Postgres;
        if (schemas.Count == 0)
        {
            schemas = postgres ? ["public"]
                : await MySqlCatalog.CurrentDatabaseAsync(session, cancellation).ConfigureAwait(false) is { } database ? [database]
                : throw new ReplicaException(ReplicaFailureKind.Configuration, $"the connection to {session.Target.Display} names no database; name it in the connection string, or the databases to read in ParitySchemas.");
        }

        var existing = postgres
            ? await PostgresCatalog.ExistingSchemasAsync(session, schemas, cancellation).ConfigureAwait(false)
            : await MySqlCatalog.ExistingSchemasAsync(session, schemas, cancellation).ConfigureAwait(false);
        var absent = schemas.Where(schema => !existing.Contains(schema, StringComparer.Ordinal)).ToList();
        if (absent.Count > 0)
        {
            throw new ReplicaException(ReplicaFailureKind.Configuration, $"{session.Target.Display} has no {(postgres ? "schema" : "database")} {string.Join(", ", absent)} (or this user cannot see it); check ParitySchemas.");
        }

        var content = postgres
            ? await PostgresCatalog.ReadAsync(session, schemas, cancellation).ConfigureAwait(false)
            : await MySqlCatalog.ReadAsync(session, schemas, cancellation).ConfigureAwait(false);
        return content.ToSnapshot(postgres ? SchemaSnapshot.Postgres : SchemaSnapshot.MySql, session.ServerVersion, schemas, manifestDigest, historyTable);
    }

    /// <summary>Compares the replica with the snapshot file; nothing to say when there is no snapshot.</summary>
    /// <param name="history">The history the check read, or null when it could not read one (no history repair then).</param>
    public static Task<Result> CompareAsync(ReplicaSession session, SchemaSettings settings, HistoryState? history, string? historyTable, CancellationToken cancellation) =>
        CompareAsync(session, settings, history, historyTable, null, cancellation);

    /// <summary>
    /// Compares the replica with the snapshot file; nothing to say when there is no snapshot. In a fleet
    /// (<see cref="SchemaSettings.CleanCatalogs"/>) the snapshot was read once, and a tenant whose catalog has the
    /// <paramref name="fingerprint"/> of one that matched it is not captured again.
    /// </summary>
    /// <param name="history">The history the check read, or null when it could not read one (no history repair then).</param>
    public static async Task<Result> CompareAsync(ReplicaSession session, SchemaSettings settings, HistoryState? history, string? historyTable, string? fingerprint, CancellationToken cancellation)
    {
        var path = settings.SnapshotFile;
        var document = settings.CleanCatalogs?.Document;
        if (document is null)
        {
            if (!File.Exists(path))
            {
                return new Result([], [], $"ParityBuild: no schema snapshot at {path}; the physical schema was not compared (capture one with -t:ParitySchemaCapture).");
            }

            var (read, problem) = ReadSnapshot(path);
            if (read is null)
            {
                return Failed(problem!);
            }

            document = read;
        }

        var target = session.Target;
        var expected = document.Snapshot;
        var engine = target.Provider == ReplicaProvider.Postgres ? SchemaSnapshot.Postgres : SchemaSnapshot.MySql;
        if (expected.Engine != engine)
        {
            return Failed(Diagnostics.SchemaEngineMismatch.At(path, expected.Engine, expected.ServerVersion, target.Display, session.ServerVersion));
        }

        var stale = expected.MigrationsDigest is not null && settings.ManifestDigest is not null && expected.MigrationsDigest != settings.ManifestDigest;
        List<Finding> Stale() => stale ? [Diagnostics.SchemaSnapshotStale.At(path, expected.MigrationsDigest, settings.ManifestDigest)] : [];
        string Summary(int missing, int unexpected, int different, string how = "") =>
            $"ParityBuild: schema of {target.Display} against {Path.GetFileName(path)}{how}: {SchemaItem.Flatten(expected, name => name).Count} objects, {missing} missing, {unexpected} unexpected, {different} different.";

        var schemas = SchemasToRead(settings, expected, engine == SchemaSnapshot.Postgres);
        if (settings.CleanCatalogs is { } clean && fingerprint is not null)
        {
            return await clean.CompareAsync(fingerprint, CaptureAndCompareAsync, () =>
            {
                var repairs = history is not null && HistoryRepair(session, history, !stale, settings.Now) is { } historyRepair ? [historyRepair] : new List<RepairFile>();
                return new Result(Stale(), repairs, Summary(0, 0, 0, " (by its catalog's fingerprint, that of a tenant that matched it)"));
            }).ConfigureAwait(false);
        }

        return (await CaptureAndCompareAsync().ConfigureAwait(false)).Result;

        async Task<(Result Result, bool Matches)> CaptureAndCompareAsync()
        {
            var findings = Stale();
            var actual = await CaptureAsync(session, schemas, null, historyTable, cancellation).ConfigureAwait(false);
            var compared = SchemaComparison.Compare(document, path, actual, target.Display, settings.DriftSeverity);
            findings.AddRange(compared.Findings);

            var repairs = new List<RepairFile>();
            if (RepairScript.Generate(compared, engine, target.Display, session.ServerVersion, settings.Now) is { } schemaRepair)
            {
                repairs.Add(new RepairFile(SchemaRepairFile, schemaRepair, $"{compared.Findings.Count} schema findings", target.Display));
            }

            if (history is not null && HistoryRepair(session, history, compared.IsClean && !stale, settings.Now) is { } historyRepair)
            {
                repairs.Add(historyRepair);
            }

            var summary = Summary(
                compared.Drifts.Count(drift => drift.Kind == DriftKind.Missing && !drift.InNewTable),
                compared.Drifts.Count(drift => drift.Kind == DriftKind.Unexpected && !drift.InNewTable),
                compared.Drifts.Where(drift => drift.Kind == DriftKind.Differs).Select(drift => drift.Item.Key).Distinct().Count());
            return (new Result(findings, repairs, summary), compared.IsClean);
        }
    }

    /// <summary>The committed snapshot, or the PARITY3004 that says why it cannot be read.</summary>
    public static (SnapshotDocument? Document, Finding? Problem) ReadSnapshot(string path)
    {
        try
        {
            return (SnapshotReader.Read(path), null);
        }
        catch (SnapshotException exception)
        {
            return (null, Diagnostics.SchemaSnapshotInvalid.AtLine(path, exception.Line, exception.Message));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, Diagnostics.SchemaSnapshotInvalid.At(path, $"it cannot be read ({exception.Message})."));
        }
    }

    /// <summary>
    /// The query that fingerprints, on the server, the catalog rows a comparison with the fleet's snapshot would capture
    /// (<see cref="CatalogFingerprint"/>); sent with the history's own query, so it costs no round trip.
    /// </summary>
    internal static string FingerprintQuery(ReplicaSession session, SchemaSettings settings, SnapshotDocument document) =>
        CatalogFingerprint.Query(session.Target.Provider, session.ServerVersion, SchemasToRead(settings, document.Snapshot, session.Target.Provider == ReplicaProvider.Postgres), settings.SchemaPerTenant);

    /// <summary>
    /// The schemas a comparison reads: ParitySchemas, else the snapshot's — except that a MySQL snapshot names the
    /// database it was captured from, and by default the connection's own is read instead (none named). PostgreSQL's
    /// default is public.
    /// </summary>
    private static IReadOnlyList<string> SchemasToRead(SchemaSettings settings, SchemaSnapshot expected, bool postgres)
    {
        var schemas = settings.Schemas.Count > 0 ? settings.Schemas
            : !postgres && expected.Schemas.Count == 1 ? []
            : expected.Schemas;
        return postgres && schemas.Count == 0 ? ["public"] : schemas;
    }

    /// <summary>
    /// The rows the history table lacks, and the stored checksums of reformatted scripts to realign (PARITY2011). Only
    /// when the schema matches a snapshot captured for the current baseline do the migrations' objects already exist, so
    /// only then are the INSERTs written to run; otherwise they are written commented out, with the reason, for after the
    /// schema repair (<paramref name="schemaMatches"/> null: no snapshot was compared, and no INSERT is written). The
    /// UPDATEs need no snapshot: the manifest proves the texts semantically identical.
    /// </summary>
    internal static RepairFile? HistoryRepair(ReplicaSession session, HistoryState history, bool? schemaMatches, DateTime now)
    {
        var mySql = session.Target.Provider == ReplicaProvider.MySql;
        var statements = schemaMatches is null
            ? []
            : history.Compared.Pending
                .Select(local => (Local: local, Sql: history.Reader.RecordStatement(history.Table, local, history.Locals, history.Applied, session.Quote, mySql)))
                .Where(pair => pair.Sql is not null)
                .ToList();
        var realignments = history.Compared.Realignable
            .Select(pair => (pair.Local, Sql: history.Reader.RealignStatement(history.Table, pair.Local, pair.Row, session.Quote, mySql)))
            .Where(pair => pair.Sql is not null)
            .ToList();
        if (statements.Count == 0 && realignments.Count == 0)
        {
            return null;
        }

        var text = new System.Text.StringBuilder(RepairScript.Header("history repair", session.Target.Display, session.ServerVersion, now, mySql ? SqlEngine.MySql : SqlEngine.PostgreSql));
        if (statements.Count > 0)
        {
            text.Append('\n').Append(SqlText.Comment($"{history.Table.Display} ({history.Reader.ToolName}) records no row for {statements.Count} of the repository's migrations.")).Append('\n');
            text.Append(schemaMatches == true
                ? "-- The replica's schema matches the schema snapshot, captured for the current baseline: these migrations' objects are\n-- already there. Record them, so that the migration tool does not run them again.\n"
                : "-- The replica's schema does not match the schema snapshot (or the snapshot is of other migrations), so ParityBuild cannot\n-- tell whether these migrations' objects are there: run the migration tool, or repair the schema first; the next check\n-- writes these statements uncommented once the schema matches.\n");
            foreach (var (local, sql) in statements)
            {
                text.Append('\n').Append(SqlText.Comment(local.Path)).Append('\n');
                text.Append(schemaMatches == true ? sql : SqlText.CommentOut(sql!, local.Path)).Append('\n');
            }
        }

        if (realignments.Count > 0)
        {
            text.Append('\n').Append(SqlText.Comment($"{history.Table.Display} ({history.Reader.ToolName}) stores, for {realignments.Count} reformatted script(s), the checksum of an earlier text that the manifest holds as semantically identical (PARITY2011).")).Append('\n');
            text.Append("-- Each UPDATE sets that one row's checksum to the script's current one, and only while it still holds the earlier one.\n");
            foreach (var (local, sql) in realignments)
            {
                text.Append('\n').Append(SqlText.Comment(local.Path)).Append('\n').Append(sql).Append('\n');
            }
        }

        var description = string.Join(", ", new[]
        {
            statements.Count == 0 ? null : $"{statements.Count} history rows{(schemaMatches == true ? "" : ", commented out until the schema matches")}",
            realignments.Count == 0 ? null : $"{realignments.Count} checksums realigned",
        }.Where(part => part is not null));
        return new RepairFile(HistoryRepairFile, text.ToString(), description, session.Target.Display);
    }

    private static Result Failed(Finding finding) => new([finding], [], $"ParityBuild: schema not compared: {finding.Code}.");
}
