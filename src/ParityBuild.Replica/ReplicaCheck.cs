using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica;

/// <summary>
/// One replica check, start to end: parse the setting, open a read-only bounded session, find the history table,
/// look at its locks before touching it, read it with one query, and compare. Every failure becomes a coded finding
/// whose text holds no secret; nothing here throws except on cancellation.
/// </summary>
public static class ReplicaCheck
{
    // PostgreSQL's ACCESS EXCLUSIVE and MySQL's EXCLUSIVE / LOCK TABLES … WRITE block a SELECT; a request for one that is
    // still waiting blocks it too, because later requests queue behind it.
    private static readonly HashSet<string> BlockingModes = new(StringComparer.OrdinalIgnoreCase) { "AccessExclusiveLock", "EXCLUSIVE", "SHARED_NO_READ_WRITE" };

    // Modes a session takes while it writes rows or alters the table: a migration is running now.
    private static readonly HashSet<string> WritingModes = new(StringComparer.OrdinalIgnoreCase)
    {
        "RowExclusiveLock", "ShareRowExclusiveLock", "ExclusiveLock", "SHARED_WRITE", "SHARED_UPGRADABLE", "SHARED_NO_WRITE",
    };

    /// <param name="scripts">The ParityMigration items (already verified against the manifest by ParityVerify).</param>
    /// <param name="manifest">The baseline manifest, for its stored other tools' checksums; null when there is none.</param>
    /// <param name="efMigrations">The project's EF Core migration files (<c>Migrations/*.cs</c>).</param>
    /// <param name="discovery">The scripts' discovery when ParityVerify already made it (this node remembers it), else null.</param>
    /// <param name="rawDigests">Raw-bytes digests ParityVerify computed in this build (see <see cref="RepositorySide.RawDigests"/>), else null.</param>
    public static Task<ReplicaCheckResult> RunAsync(
        IReadOnlyList<ScriptFile> scripts,
        Manifest? manifest,
        IReadOnlyList<ScriptFile> efMigrations,
        ReplicaSettings settings,
        CancellationToken cancellation,
        MigrationDiscovery.Result? discovery = null,
        IReadOnlyDictionary<string, RawDigest>? rawDigests = null) =>
        RunAsync(settings, new RepositorySide(scripts, manifest, efMigrations, discovery ?? MigrationDiscovery.Discover(scripts), settings.Schema) { RawDigests = rawDigests }, cancellation);

    /// <summary>
    /// The check of the replica against <paramref name="repository"/>: the history, then the schema when a snapshot is set;
    /// on one of the <paramref name="shared"/> sessions when given (a fleet's tenants that can share them).
    /// </summary>
    internal static async Task<ReplicaCheckResult> RunAsync(ReplicaSettings settings, RepositorySide repository, CancellationToken cancellation, SharedSessions? shared = null)
    {
        // The set is resolved before anything connects: a project with several sets must say whose history table this is.
        var (set, problem) = ChooseSet(repository, settings);
        if (problem is not null)
        {
            return problem;
        }

        return await WithSessionAsync(settings, async (session, tool) =>
        {
            // A fleet's tenant fingerprints its catalog in the round trip that reads its history (only a tenant whose
            // fingerprint is not that of a clean one is captured).
            var fingerprintQuery = repository.Schema is { CleanCatalogs: { } clean } fleet ? SchemaCheck.FingerprintQuery(session, fleet, clean.Document) : null;
            var (result, history, catalog) = await CheckHistoryAsync(session, repository, set, settings, tool, fingerprintQuery, cancellation).ConfigureAwait(false);
            if (history is not null && repository.Schema is { } schema)
            {
                var fingerprint = catalog is null ? null : CatalogFingerprint.Read(catalog, session.ServerVersion);
                var compared = await SchemaCheck.CompareAsync(session, schema, history, HistoryTableSetting(settings), fingerprint, cancellation).ConfigureAwait(false);
                result = result with { Findings = [.. result.Findings, .. compared.Findings], Summary = $"{result.Summary}\n{compared.Summary}", Repairs = compared.Repairs, SchemaChecked = true };
            }

            // Realigning a reformatted script's checksum needs no schema snapshot: the manifest proves the texts equal.
            if (history is not null && result.Repairs.All(repair => repair.Name != SchemaCheck.HistoryRepairFile)
                && SchemaCheck.HistoryRepair(session, history, null, repository.Schema?.Now ?? DateTime.UtcNow) is { } realignment)
            {
                result = result with { Repairs = [.. result.Repairs, realignment] };
            }

            return result;
        }, cancellation, shared).ConfigureAwait(false);
    }

    /// <summary>The migration set whose history table this is, or the finding that says the setting does not name one.</summary>
    private static (MigrationSet? Set, ReplicaCheckResult? Problem) ChooseSet(RepositorySide repository, ReplicaSettings settings)
    {
        var sets = repository.Discovery.Sets;
        var set = MigrationSet.Choose(sets, settings.Set);
        if (set is not null || sets.Count == 0)
        {
            return (set, null);
        }

        var names = MigrationSet.List(sets);
        return (null, Failed(Diagnostics.ReplicaSettingInvalid.At(null, settings.Set.Length == 0
            ? $"the project has {sets.Count} migration sets ({names}), each with its own history table: name the set each replica check is for with ParityReplicaSet items (<ParityReplicaSet Include=\"orders\" HistoryTable=\"…\" />), or ParityReplicaSetName for one."
            : $"there is no migration set '{settings.Set}'; the project's sets are {names}."), null));
    }

    /// <summary>
    /// ParitySchemaCapture: reads the physical schema of the named schemas (empty: public, or the connection's database
    /// on MySQL) into a snapshot, through the same read-only bounded session as the check. Failures are findings.
    /// </summary>
    public static Task<ReplicaCheckResult> CaptureSchemaAsync(ReplicaSettings settings, IReadOnlyList<string> schemas, string? manifestDigest, CancellationToken cancellation) =>
        WithSessionAsync(settings, async (session, _) =>
        {
            var snapshot = await SchemaCheck.CaptureAsync(session, schemas, manifestDigest, HistoryTableSetting(settings), cancellation).ConfigureAwait(false);
            var summary = $"ParityBuild: captured the schema of {session.Target.Display} ({session.ServerVersion}): {string.Join(", ", snapshot.Schemas)}, "
                + $"{snapshot.Tables.Count} tables, {snapshot.Tables.Sum(table => table.Columns.Count)} columns, {snapshot.Views.Count} views.";
            return new ReplicaCheckResult([], [], summary) { Snapshot = snapshot };
        }, cancellation);

    private static string? HistoryTableSetting(ReplicaSettings settings) => string.IsNullOrWhiteSpace(settings.HistoryTable) ? null : settings.HistoryTable.Trim();

    /// <summary>
    /// Parses the setting, opens a read-only bounded session, runs <paramref name="work"/> on it, and turns every failure
    /// into a coded finding whose text holds no secret; nothing here throws except on cancellation.
    /// </summary>
    private static async Task<ReplicaCheckResult> WithSessionAsync(
        ReplicaSettings settings, Func<ReplicaSession, MigrationTool?, Task<ReplicaCheckResult>> work, CancellationToken cancellation, SharedSessions? shared = null)
    {
        ReplicaTarget? target = null;
        try
        {
            target = ReplicaConnectionParser.Parse(settings.ConnectionString, settings.Provider, settings.VariableName);
            var tool = ToolDetection.ParseSetting(settings.History);
            if (tool is { } chosen && HistoryReader.For(chosen) is null)
            {
                return Failed(Diagnostics.ReplicaSettingInvalid.At(null, $"ParityHistory={settings.History}: this version of ParityBuild does not read {chosen} history tables yet; it reads {string.Join(", ", HistoryReader.Supported)}."), target);
            }

            var timeouts = settings.Timeouts;
            if (timeouts.ConnectSeconds <= 0 || timeouts.StatementSeconds <= 0 || timeouts.LockSeconds <= 0)
            {
                return Failed(Diagnostics.ReplicaSettingInvalid.At(null, "every replica timeout (ParityReplicaConnectTimeout, ParityReplicaStatementTimeout, ParityReplicaLockTimeout) must be a whole number of seconds above 0."), target);
            }

            if (shared is not null)
            {
                return await shared.RunAsync(target, timeouts, session => work(session, tool), cancellation).ConfigureAwait(false);
            }

            await using var session = await ReplicaSession.OpenAsync(target, timeouts, cancellation).ConfigureAwait(false);
            return await work(session, tool).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (ReplicaException exception)
        {
            var finding = exception.Kind switch
            {
                ReplicaFailureKind.Configuration => Diagnostics.ReplicaSettingInvalid.At(null, exception.Message),
                ReplicaFailureKind.Locked => Diagnostics.HistoryLocked.At(null, "A table the check reads", target?.Display ?? "the replica", "is locked", exception.Message, NotWaited).WithSeverity(settings.FailureSeverity),
                _ => Diagnostics.ReplicaUnreachable.At(null, target?.Display ?? "the replica", exception.Message).WithSeverity(settings.FailureSeverity),
            };
            return Failed(finding, target);
        }
        catch (ArgumentException exception) when (target is not null)
        {
            // A driver's refusal of the parsed string would quote it: name the failure only.
            return Failed(Diagnostics.ReplicaSettingInvalid.At(null, $"the driver refused the connection string in {settings.VariableName} ({exception.GetType().Name}); its text is not shown, as it may hold the password."), target);
        }
        catch (Exception exception) when (target is null)
        {
            // The string could not even be parsed, so there is nothing to scrub a message with: name the failure only.
            return Failed(Diagnostics.ReplicaSettingInvalid.At(null, $"{settings.VariableName} cannot be read as a connection string ({exception.GetType().Name})."), target);
        }
        catch (Exception exception)
        {
            // A driver or runtime failure nobody foresaw: still a coded finding, still without the secret.
            return Failed(Diagnostics.ReplicaUnreachable.At(null, target!.Display, $"{exception.GetType().Name}: {target.Scrub(exception.Message)}").WithSeverity(settings.FailureSeverity), target);
        }
    }

    private const string NotWaited = "The check did not wait for it (it never queues behind a lock on a live database); run it again once the lock is released";

    /// <summary>
    /// Finds the history table, looks at its locks, reads it with one query, and compares it with the repository's side.
    /// <paramref name="alongside"/>, when given, is sent with the history's query, and its rows handed back.
    /// </summary>
    private static async Task<(ReplicaCheckResult Result, SchemaCheck.HistoryState? History, IReadOnlyList<object?[]>? Alongside)> CheckHistoryAsync(
        ReplicaSession session,
        RepositorySide side,
        MigrationSet? set,
        ReplicaSettings settings,
        MigrationTool? tool,
        string? alongside,
        CancellationToken cancellation)
    {
        var target = session.Target;
        var (table, problem) = await FindTableAsync(session, settings, tool, cancellation).ConfigureAwait(false);
        if (table is null)
        {
            return (Failed(problem!, target), null, null);
        }

        var reader = HistoryReader.For(table.Tool)!;
        var tableName = table.Display;
        var findings = new List<Finding>();

        var holders = await session.FindLocksAsync(table, cancellation).ConfigureAwait(false);
        var blocking = holders.Where(holder => BlockingModes.Contains(holder.Mode)).ToList();
        if (blocking.Count > 0)
        {
            return (Failed(Locked(tableName, target, "is locked by another session", blocking, settings), target, table), null, null);
        }

        var writers = holders.Where(holder => holder.Granted && WritingModes.Contains(holder.Mode)).ToList();
        if (writers.Count > 0)
        {
            findings.Add(Locked(tableName, target, "is being written: a migration is running now", writers, settings,
                "What follows may change when it completes; check again once it has finished"));
        }

        IReadOnlyList<IReadOnlyList<object?[]>> results;
        try
        {
            results = await session.QueryBatchAsync(alongside is null ? [reader.Query(table, session.Quote)] : [reader.Query(table, session.Quote), alongside], cancellation).ConfigureAwait(false);
        }
        catch (Exception exception) when (session.IsLockTimeout(exception))
        {
            // The lock was taken between our look and our read: say who holds it now.
            var now = await session.FindLocksAsync(table, cancellation).ConfigureAwait(false);
            return (Failed(Locked(tableName, target, $"was locked while the check read it (not granted within {session.Timeouts.LockSeconds} s)", now, settings), target, table), null, null);
        }

        var applied = reader.Read(table, results[0]);
        var manifest = await side.ManifestAsync().ConfigureAwait(false);
        var sources = LocalSources.Create(set?.Migrations ?? [], manifest, set?.Name ?? settings.Set, side.EfMigrations, side.Scripts) with { RawDigests = side.RawDigests };
        var locals = side.Locals(reader, set?.Name ?? settings.Set, () => reader.Locals(sources));
        var compared = HistoryComparison.Compare(reader, locals, applied, tableName, target.Display, settings.PendingSeverity, sources.ManifestByPath);
        findings.AddRange(compared.Findings);

        var summary = $"ParityBuild: replica {target.Display} ({session.ServerVersion}){MigrationSet.Describe(set?.Name ?? "")}, {reader.ToolName} history {tableName}: "
            + $"{applied.Count} rows, {compared.Count(ReplicaState.Applied)} applied, {compared.Count(ReplicaState.Pending)} pending, "
            + $"{compared.Count(ReplicaState.Missing)} without a script, {compared.Count(ReplicaState.Changed)} changed, {compared.Count(ReplicaState.Failed)} failed.";
        return (new ReplicaCheckResult(findings, compared.Statuses, summary, table), new SchemaCheck.HistoryState(reader, table, locals, applied, compared), alongside is null ? null : results[1]);
    }

    private static async Task<(HistoryTable? Table, Finding? Problem)> FindTableAsync(ReplicaSession session, ReplicaSettings settings, MigrationTool? tool, CancellationToken cancellation)
    {
        var tableSetting = string.IsNullOrWhiteSpace(settings.HistoryTable) ? null : settings.HistoryTable.Trim();
        var schema = string.IsNullOrWhiteSpace(settings.HistorySchema) ? null : settings.HistorySchema.Trim();
        var names = tableSetting is not null ? ToolDetection.NamesFor(tableSetting) : ToolDetection.CandidateTableNames;
        var columns = await session.ListColumnsAsync(names, schema, schema is not null && settings.SchemaPerTenant, cancellation).ConfigureAwait(false);
        var found = ToolDetection.Detect(columns, tool, tableSetting);
        var readable = WithoutAdopted(found.Where(table => HistoryReader.For(table.Tool) is not null).ToList());
        var inSchema = schema is null ? "" : $" in schema {schema}";
        var display = session.Target.Display;

        if (readable.Count == 1)
        {
            return (readable[0], null);
        }

        if (readable.Count > 1)
        {
            return (null, Diagnostics.ReplicaSettingInvalid.At(null,
                $"{display} holds several history tables ({string.Join(", ", readable.Select(table => $"{table.Display} ({table.Tool})"))}); name the one to check with ParityHistory, ParityHistoryTable and ParityHistorySchema."));
        }

        string lookedFor;
        if (found.Count > 0)
        {
            lookedFor = $"found {string.Join(", ", found.Select(table => $"{table.Display} ({table.Tool})"))}, which this version of ParityBuild does not read yet";
        }
        else if (tableSetting is not null && columns.Any(column => string.Equals(column.Table, tableSetting, StringComparison.OrdinalIgnoreCase)))
        {
            lookedFor = $"the table {tableSetting} exists, but its columns are not those of {(tool is null ? "any migration tool ParityBuild knows" : tool.ToString())}";
        }
        else
        {
            var tables = tableSetting is not null ? tableSetting : string.Join(", ", ToolDetection.CandidateTableNames);
            lookedFor = $"looked for {tables}";
        }

        return (null, Diagnostics.NoHistoryTable.At(null, display, inSchema, lookedFor,
            "If the table has another name or schema, set ParityHistoryTable and ParityHistorySchema; if it exists, grant the replica user SELECT on it (a user sees only the tables it may read)."));
    }

    // ParityBuild.DbUp's journal copies DbUp's schemaversions rows when it is created beside it and records every run
    // since, so a schemaversions table in the same schema says nothing the journal does not: it is not "another" table.
    private static List<HistoryTable> WithoutAdopted(List<HistoryTable> tables) =>
        [.. tables.Where(table => table.Tool != MigrationTool.DbUp
            || !tables.Any(other => other.Tool == MigrationTool.Parity && string.Equals(other.Schema, table.Schema, StringComparison.Ordinal)))];

    private static Finding Locked(string table, ReplicaTarget target, string what, IReadOnlyList<LockHolder> holders, ReplicaSettings settings, string? advice = null)
    {
        var who = holders.Count == 0
            ? "the holder is not visible to this user (PostgreSQL: pg_read_all_stats; MySQL: performance_schema with the metadata lock instrument)"
            : string.Join("; ", holders.Select(holder => holder.ToString()));
        return Diagnostics.HistoryLocked.At(null, $"The history table {table}", target.Display, what, who, advice ?? NotWaited).WithSeverity(settings.FailureSeverity);
    }

    private static ReplicaCheckResult Failed(Finding finding, ReplicaTarget? target, HistoryTable? table = null) =>
        new([finding], [], $"ParityBuild: replica {target?.Display ?? "(not configured)"}: {finding.Code}.", table);
}
