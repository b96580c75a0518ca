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
    public static async Task<Result> CompareAsync(ReplicaSession session, SchemaSettings settings, HistoryState? history, string? historyTable, CancellationToken cancellation)
    {
        var path = settings.SnapshotFile;
        if (!File.Exists(path))
        {
            return new Result([], [], $"ParityBuild: no schema snapshot at {path}; the physical schema was not compared (capture one with -t:ParitySchemaCapture).");
        }

        SnapshotDocument document;
        try
        {
            document = SnapshotReader.Read(path);
        }
        catch (SnapshotException exception)
        {
            return Failed(Diagnostics.SchemaSnapshotInvalid.AtLine(path, exception.Line, exception.Message));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Failed(Diagnostics.SchemaSnapshotInvalid.At(path, $"it cannot be read ({exception.Message})."));
        }

        var target = session.Target;
        var expected = document.Snapshot;
        var engine = target.Provider == ReplicaProvider.Postgres ? SchemaSnapshot.Postgres : SchemaSnapshot.MySql;
        if (expected.Engine != engine)
        {
            return Failed(Diagnostics.SchemaEngineMismatch.At(path, expected.Engine, expected.ServerVersion, target.Display, session.ServerVersion));
        }

        var findings = new List<Finding>();
        var stale = expected.MigrationsDigest is not null && settings.ManifestDigest is not null && expected.MigrationsDigest != settings.ManifestDigest;
        if (stale)
        {
            findings.Add(Diagnostics.SchemaSnapshotStale.At(path, expected.MigrationsDigest, settings.ManifestDigest));
        }

        // A MySQL snapshot names the database it was captured from: by default the replica's own is read instead.
        var schemas = settings.Schemas.Count > 0 ? settings.Schemas
            : engine == SchemaSnapshot.MySql && expected.Schemas.Count == 1 ? []
            : expected.Schemas;
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

        var summary = $"ParityBuild: schema of {target.Display} against {Path.GetFileName(path)}: {SchemaItem.Flatten(expected, name => name).Count} objects, "
            + $"{compared.Drifts.Count(drift => drift.Kind == DriftKind.Missing && !drift.InNewTable)} missing, "
            + $"{compared.Drifts.Count(drift => drift.Kind == DriftKind.Unexpected && !drift.InNewTable)} unexpected, "
            + $"{compared.Drifts.Where(drift => drift.Kind == DriftKind.Differs).Select(drift => drift.Item.Key).Distinct().Count()} different.";
        return new Result(findings, repairs, summary);
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
