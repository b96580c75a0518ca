using System.Text;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Reports;
using ParityBuild.Core.Schema;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Verification;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica;

/// <summary>
/// The entry points the MSBuild tasks and the <c>parity</c> tool call alike: a replica check (with the schema comparison
/// when a snapshot is set), a replica status table, and a schema capture. Each takes the settings as written, reads the
/// manifest, runs, writes what it writes (repair SQL, the snapshot, the report part) and hands back the lines to print.
/// Nothing here throws except on cancellation, and no line holds the connection string.
/// </summary>
public static class ReplicaRun
{
    // In a status table drift is a state in the table; only what keeps the table from being made is reported.
    private static readonly HashSet<string> StatusBlocking = new(StringComparer.Ordinal)
    {
        Diagnostics.HistoryLocked.Code, Diagnostics.ReplicaUnreachable.Code, Diagnostics.NoHistoryTable.Code, Diagnostics.ReplicaSettingInvalid.Code,
    };

    /// <summary>ParityReplicaCheck: the replica's history (and schema, when a snapshot is set) against the repository.</summary>
    public static async Task<RunOutput> CheckAsync(ReplicaRunSettings settings, CancellationToken cancellation)
    {
        var output = new RunOutput();
        if (Parse(settings, output) is not { } replica)
        {
            return output;
        }

        // Only the comparison needs the manifest (a 10,000-entry one takes about 20 ms to read and check): it is read
        // while the session opens and the history is read, unless the snapshot's or the recorded digests' check needs it first.
        var manifestRead = Task.Run(() => TryReadManifest(settings), cancellation);
        if (settings.SchemaCompare && settings.SchemaFile.Trim().Length > 0)
        {
            var manifest = await manifestRead.ConfigureAwait(false);
            var (schema, problem) = SchemaSettings.Parse(FullPath(settings, settings.SchemaFile), settings.Schemas, settings.SchemaDrift, manifest?.Digest);
            if (schema is null)
            {
                return output.Invalid(Diagnostics.ReplicaSettingInvalid.At(null, problem!));
            }

            replica = replica with { Schema = schema };
            output.Say($"ParityBuild: schema snapshot {schema.SnapshotFile}, schemas '{settings.Schemas}', drift {schema.DriftSeverity}, repair SQL under '{RepairDirectory(settings)}'.", Importance.Low);
        }

        var rawDigests = HistoryReader.RawDigestFor(settings.History) == RawDigestKind.None ? null : RecordedDigests(settings.Scripts, await manifestRead.ConfigureAwait(false), settings.History, cancellation);
        var repository = new RepositorySide(settings.Scripts, null, settings.EfMigrations, MigrationDiscovery.Discover(settings.Scripts), replica.Schema)
        {
            ManifestRead = manifestRead,
            RawDigests = rawDigests,
        };
        var result = await ReplicaCheck.RunAsync(replica, repository, cancellation).ConfigureAwait(false);
        await manifestRead.ConfigureAwait(false);
        output.AddRange(result.Findings);
        output.Say(result.Summary, Importance.Normal);
        var repairs = result.SchemaChecked ? WriteRepairs(result.Repairs, RepairDirectory(settings)) : [];
        output.AddRange(repairs);
        output.SetPart(() => new ReportPart("replica", result.Summary, [.. result.Findings, .. repairs], result.Statuses.Count == 0 ? [] : ReplicaStatusTable.Format(result.Statuses)));
        if (settings.ReportPartFile.Trim().Length > 0)
        {
            ReportWriter.WritePart(FullPath(settings, settings.ReportPartFile), output.Part!);
        }

        MarkSettingsProblem(output);
        return output;
    }

    /// <summary>ParityStatus with ParityReplica=true: every migration's state on the replica, as a table; drift is no finding.</summary>
    public static async Task<RunOutput> StatusAsync(ReplicaRunSettings settings, CancellationToken cancellation)
    {
        var output = new RunOutput();
        if (Parse(settings, output) is not { } replica)
        {
            return output;
        }

        var result = await ReplicaCheck.RunAsync(settings.Scripts, TryReadManifest(settings), settings.EfMigrations, replica, cancellation).ConfigureAwait(false);
        output.AddRange(result.Findings.Where(finding => StatusBlocking.Contains(finding.Code)));
        output.Say($"ParityStatus: {result.Summary}", Importance.High);
        foreach (var line in ReplicaStatusTable.Format(result.Statuses))
        {
            output.Say(line, Importance.High);
        }

        MarkSettingsProblem(output);
        return output;
    }

    /// <summary>
    /// ParitySchemaCapture: reads the physical schema (read-only, bounded, as the check) and writes the snapshot to
    /// <see cref="ReplicaRunSettings.SchemaFile"/>, stamped with the manifest's digest.
    /// </summary>
    public static async Task<RunOutput> CaptureSchemaAsync(ReplicaRunSettings settings, CancellationToken cancellation)
    {
        var output = new RunOutput();
        var schemas = SchemaSettings.ParseSchemas(settings.Schemas);
        if (settings.SchemaFile.Trim().Length == 0)
        {
            return output.Invalid(Diagnostics.ReplicaSettingInvalid.At(null, "ParitySchemaFile is empty; name the snapshot file to write (such as schema.snapshot.json)."));
        }

        if (schemas is null)
        {
            return output.Invalid(Diagnostics.ReplicaSettingInvalid.At(null, $"ParitySchemas is '{settings.Schemas}'; expected schema names separated by ';' (no backslashes)."));
        }

        if (Parse(settings, output) is not { } replica)
        {
            return output;
        }

        var path = FullPath(settings, settings.SchemaFile);
        output.Say($"ParityBuild: capturing the schema with the connection string from ${replica.VariableName}, provider {settings.Provider}, schemas '{settings.Schemas}', into {path}.", Importance.Low);
        var result = await ReplicaCheck.CaptureSchemaAsync(replica, schemas, TryReadManifest(settings)?.Digest, cancellation).ConfigureAwait(false);
        output.AddRange(result.Findings);
        MarkSettingsProblem(output);
        if (result.Snapshot is not { } snapshot)
        {
            return output;
        }

        try
        {
            var written = SnapshotWriter.Write(path, snapshot);
            output.Say($"{result.Summary} {(written ? "Wrote" : "Unchanged:")} {path}; commit it.", Importance.High);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            output.Add(Diagnostics.SchemaCaptureFailed.At(path, $"{path} cannot be written ({exception.Message})."));
        }

        return output;
    }

    /// <summary>The check's settings, or null (and the coded finding in <paramref name="output"/>) when one is wrong.</summary>
    private static ReplicaSettings? Parse(ReplicaRunSettings settings, RunOutput output)
    {
        var variable = settings.VariableName.Trim();
        string? problem = null;
        var pending = ReplicaSettings.ParseSeverity(settings.Pending, Severity.Message);
        var failure = ReplicaSettings.ParseSeverity(settings.Failure, Severity.Error);
        var timeouts = ReplicaRunSettings.ParseTimeouts(settings.ConnectTimeout, settings.StatementTimeout, settings.LockTimeout);
        if (!ReplicaRunSettings.IsVariableName(variable))
        {
            // Someone put the connection string itself here: say so without repeating it.
            problem = "ParityReplicaConnectionVariable must name an environment variable (default PARITY_REPLICA), not hold the connection string; put the string in that variable.";
        }
        else if (pending is null)
        {
            problem = $"ParityPending is '{settings.Pending}'; expected message, warn or error.";
        }
        else if (failure is null || failure == Severity.Message)
        {
            problem = $"ParityReplicaFailure is '{settings.Failure}'; expected error or warn.";
        }
        else if (timeouts is null)
        {
            problem = $"the replica timeouts must be whole numbers of seconds above 0 (ParityReplicaConnectTimeout '{settings.ConnectTimeout}', ParityReplicaStatementTimeout '{settings.StatementTimeout}', ParityReplicaLockTimeout '{settings.LockTimeout}').";
        }

        if (problem is not null)
        {
            output.Invalid(Diagnostics.ReplicaSettingInvalid.At(null, problem));
            return null;
        }

        output.Say($"ParityBuild: replica check with the connection string from ${variable}, provider {settings.Provider}, history {settings.History}, table '{settings.HistoryTable}', schema '{settings.HistorySchema}', timeouts {timeouts!.ConnectSeconds}/{timeouts.StatementSeconds}/{timeouts.LockSeconds} s, pending {pending}, failure {failure}.", Importance.Low);
        return new ReplicaSettings(settings.ConnectionString, variable)
        {
            Provider = settings.Provider,
            History = settings.History,
            HistoryTable = settings.HistoryTable,
            HistorySchema = settings.HistorySchema,
            Set = settings.Set.Trim(),
            Timeouts = timeouts,
            PendingSeverity = pending!.Value,
            FailureSeverity = failure!.Value,
        };
    }

    // A PARITY2008 the check itself found (no variable set, a string that is no connection string, several history
    // tables and none named, no such migration set) is a setting to fix too: nothing was compared.
    private static void MarkSettingsProblem(RunOutput output)
    {
        if (output.Findings.Any(finding => finding.Code == Diagnostics.ReplicaSettingInvalid.Code))
        {
            output.MarkInvalid();
        }
    }

    /// <summary>
    /// The manifest, for its stored checksums and digest; null when there is none or it cannot be read (ParityVerify,
    /// which runs first, reported that).
    /// </summary>
    private static Manifest? TryReadManifest(ReplicaRunSettings settings) => TryReadManifest(FullPath(settings, settings.ManifestFile));

    /// <summary>
    /// For a history named postgrator or sqitch, whose tools hash the raw bytes: the manifest's record of that hash for
    /// each script whose bytes are its unchanged text, which spares computing it for every script; else null.
    /// </summary>
    internal static IReadOnlyDictionary<string, RawDigest>? RecordedDigests(IReadOnlyList<ScriptFile> scripts, Manifest? manifest, string history, CancellationToken cancellation) =>
        manifest is null ? null : RecordedRawDigests.Read(scripts, manifest, HistoryReader.RawDigestFor(history), cancellation);

    /// <summary>The manifest at <paramref name="path"/>, or null when there is none or it cannot be read (ParityVerify reported that).</summary>
    public static Manifest? TryReadManifest(string path)
    {
        try
        {
            return File.Exists(path) ? ManifestReader.Read(path) : null;
        }
        catch (Exception exception) when (exception is ManifestException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string RepairDirectory(ReplicaRunSettings settings) =>
        FullPath(settings, settings.RepairDirectory.Trim().Length > 0 ? settings.RepairDirectory.Trim() : Path.Combine("obj", "parity"));

    private static string FullPath(ReplicaRunSettings settings, string path) => Path.GetFullPath(path.Trim(), settings.ProjectDirectory);

    // The files are named in the output; a file a previous check wrote and this one has nothing for is removed, so that
    // what lies in the repair folder is always about the replica as it is now (a replica that could not be reached says
    // nothing about that, and leaves the files alone).
    internal static List<Finding> WriteRepairs(IReadOnlyList<RepairFile> repairs, string directory)
    {
        var findings = new List<Finding>();
        foreach (var repair in repairs)
        {
            var path = Path.Combine(directory, repair.Name);
            try
            {
                AtomicFile.WriteIfChanged(path, new UTF8Encoding(false).GetBytes(repair.Text), durable: false);
                findings.Add(Diagnostics.SchemaRepairWritten.At(path, repair.Replica, path, repair.Description));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                findings.Add(Diagnostics.SchemaCaptureFailed.At(path, $"the repair SQL {path} cannot be written ({exception.Message})."));
            }
        }

        foreach (var name in new[] { SchemaCheck.SchemaRepairFile, SchemaCheck.HistoryRepairFile }.Where(name => repairs.All(repair => repair.Name != name)))
        {
            var stale = Path.Combine(directory, name);
            if (File.Exists(stale))
            {
                File.Delete(stale);
            }
        }

        return findings;
    }
}
