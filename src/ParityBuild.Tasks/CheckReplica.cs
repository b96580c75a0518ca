using Microsoft.Build.Framework;
using ParityBuild.Core.Baseline;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Reports;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Tasks;

/// <summary>
/// ParityReplicaCheck: compares a live database's migration history with the repository. The connection string is
/// read here from the environment variable <see cref="ConnectionVariable"/> names — never a task parameter, so it is
/// never in a log or a binary log. All logic lives in <see cref="ReplicaCheck"/>.
/// </summary>
public sealed class CheckReplica : DatabaseTask
{
    public CheckReplica()
        : base("PARITY_REPLICA")
    {
    }

    public string History { get; set; } = "auto";

    public string HistorySchema { get; set; } = "";

    /// <summary>The migration set whose history table this is; empty for the default set (or the only one).</summary>
    public string Set { get; set; } = "";

    /// <summary>message | warn | error: how pending migrations are reported.</summary>
    public string Pending { get; set; } = "message";

    /// <summary>error | warn: how an unreachable or locked replica is reported.</summary>
    public string Failure { get; set; } = "error";

    /// <summary>EF Core's migration files (<c>Migrations/*.cs</c>); only read when the history is EF Core's.</summary>
    public ITaskItem[]? EfMigrations { get; set; }

    /// <summary>Where to write this check's findings and status table for the reports; empty for nowhere.</summary>
    public string ReportPartFile { get; set; } = "";

    /// <summary>ParityStatus: print every migration's state on the replica instead of reporting drift as findings.</summary>
    public bool ShowStatus { get; set; }

    /// <summary>The committed schema snapshot; the physical schema is compared when the file exists.</summary>
    public string SchemaFile { get; set; } = "";

    /// <summary>ParitySchemas: the schemas to compare, ';'-separated; empty for the snapshot's.</summary>
    public string Schemas { get; set; } = "";

    /// <summary>ParitySchemaCompare: false leaves the physical schema alone even when a snapshot exists.</summary>
    public bool SchemaCompare { get; set; } = true;

    /// <summary>error | warn | message: how schema drift is reported.</summary>
    public string SchemaDrift { get; set; } = "error";

    /// <summary>Where the repair SQL goes (obj/parity/); it is written there, never run.</summary>
    public string RepairDirectory { get; set; } = "";

    // In a status report drift is a state in the table; only what keeps the table from being made is reported.
    private static readonly HashSet<string> Blocking = new(StringComparer.Ordinal)
    {
        Diagnostics.HistoryLocked.Code, Diagnostics.ReplicaUnreachable.Code, Diagnostics.NoHistoryTable.Code, Diagnostics.ReplicaSettingInvalid.Code,
    };

    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation)
    {
        var variable = ConnectionVariable.Trim();
        var settings = Settings(variable, out var problem);
        if (settings is null)
        {
            FindingLogger.Log(Log, Diagnostics.ReplicaSettingInvalid.At(null, problem));
            return;
        }

        Log.LogMessage(MessageImportance.Low, $"ParityBuild: replica check with the connection string from ${variable}, provider {Provider}, history {History}, table '{HistoryTable}', schema '{HistorySchema}', timeouts {settings.Timeouts.ConnectSeconds}/{settings.Timeouts.StatementSeconds}/{settings.Timeouts.LockSeconds} s, pending {settings.PendingSeverity}, failure {settings.FailureSeverity}.");
        var efFindings = new List<Finding>();
        var efMigrations = ScriptItems.Read(EfMigrations, ProjectDirectory, Naming, efFindings);
        var manifest = TryReadManifest();
        if (!ShowStatus && SchemaCompare && SchemaFile.Trim().Length > 0)
        {
            var drift = ReplicaSettings.ParseSeverity(SchemaDrift, Severity.Error);
            var schemas = SchemaSettings.ParseSchemas(Schemas);
            if (drift is null || schemas is null)
            {
                FindingLogger.Log(Log, Diagnostics.ReplicaSettingInvalid.At(null, drift is null
                    ? $"ParitySchemaDrift is '{SchemaDrift}'; expected error, warn or message."
                    : $"ParitySchemas is '{Schemas}'; expected schema names separated by ';' (no backslashes)."));
                return;
            }

            settings = settings with { Schema = new SchemaSettings(Path.GetFullPath(SchemaFile.Trim(), ProjectDirectory)) { Schemas = schemas, DriftSeverity = drift.Value, ManifestDigest = manifest?.Digest } };
            Log.LogMessage(MessageImportance.Low, $"ParityBuild: schema snapshot {settings.Schema.SnapshotFile}, schemas '{Schemas}', drift {drift.Value}, repair SQL under '{RepairDirectory}'.");
        }

        ReplicaCheckResult result;
        try
        {
            var discovery = SharedDiscovery(scripts);
            var rawDigests = SharedRawDigests();
            if (rawDigests is not null)
            {
                Log.LogMessage(MessageImportance.Low, $"ParityBuild: {rawDigests.Count} raw-bytes digests ({rawDigests.Values.FirstOrDefault()?.Kind}) from ParityVerify's read in this build; the check reads only the other scripts.");
            }

            result = ReplicaCheck.RunAsync(scripts, manifest, efMigrations, settings, cancellation, discovery, rawDigests).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // ReplicaCheck turns every failure into a finding; this is for a bug in it, and still names no secret.
            FindingLogger.Log(Log, Diagnostics.InternalError.At(null, exception.GetType().Name, "the replica check failed; run with -v:diag for the settings used (never the connection string)"));
            return;
        }

        if (ShowStatus)
        {
            FindingLogger.LogAll(Log, result.Findings.Where(finding => Blocking.Contains(finding.Code)));
            Log.LogMessage(MessageImportance.High, $"ParityStatus: {result.Summary}");
            foreach (var line in ReplicaStatusTable.Format(result.Statuses))
            {
                Log.LogMessage(MessageImportance.High, line);
            }

            return;
        }

        FindingLogger.LogAll(Log, result.Findings);
        Log.LogMessage(MessageImportance.Normal, result.Summary);
        var repairs = result.SchemaChecked ? WriteRepairs(result) : [];
        FindingLogger.LogAll(Log, repairs);
        if (ReportPartFile.Length > 0)
        {
            var table = result.Statuses.Count == 0 ? [] : ReplicaStatusTable.Format(result.Statuses);
            ReportWriter.WritePart(Path.GetFullPath(ReportPartFile, ProjectDirectory), new ReportPart("replica", result.Summary, [.. result.Findings, .. repairs], table));
        }
    }

    // The files are named in the build output; a file a previous check wrote and this one has nothing for is removed,
    // so that what lies in obj/parity/ is always about the replica as it is now (a replica that could not be reached
    // says nothing about that, and leaves the files alone).
    private List<Finding> WriteRepairs(ReplicaCheckResult result)
    {
        var findings = new List<Finding>();
        var directory = Path.GetFullPath(RepairDirectory.Trim().Length > 0 ? RepairDirectory.Trim() : Path.Combine("obj", "parity"), ProjectDirectory);
        foreach (var repair in result.Repairs)
        {
            var path = Path.Combine(directory, repair.Name);
            try
            {
                AtomicFile.WriteIfChanged(path, new System.Text.UTF8Encoding(false).GetBytes(repair.Text), durable: false);
                findings.Add(Diagnostics.SchemaRepairWritten.At(path, repair.Replica, path, repair.Description));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                findings.Add(Diagnostics.SchemaCaptureFailed.At(path, $"the repair SQL {path} cannot be written ({exception.Message})."));
            }
        }

        foreach (var name in new[] { SchemaCheck.SchemaRepairFile, SchemaCheck.HistoryRepairFile }.Where(name => result.Repairs.All(repair => repair.Name != name)))
        {
            var stale = Path.Combine(directory, name);
            if (File.Exists(stale))
            {
                File.Delete(stale);
            }
        }

        return findings;
    }

    private ReplicaSettings? Settings(string variable, out string problem)
    {
        problem = "";
        if (!ConnectionSettings.IsVariableName(variable))
        {
            // Someone put the connection string itself here: say so without repeating it.
            problem = "ParityReplicaConnectionVariable must name an environment variable (default PARITY_REPLICA), not hold the connection string; put the string in that variable.";
            return null;
        }

        var pending = ReplicaSettings.ParseSeverity(Pending, Severity.Message);
        var failure = ReplicaSettings.ParseSeverity(Failure, Severity.Error);
        if (pending is null || failure is null || failure == Severity.Message)
        {
            problem = pending is null
                ? $"ParityPending is '{Pending}'; expected message, warn or error."
                : $"ParityReplicaFailure is '{Failure}'; expected error or warn.";
            return null;
        }

        if (Timeouts() is not { } timeouts)
        {
            problem = $"the replica timeouts must be whole numbers of seconds above 0 (ParityReplicaConnectTimeout '{ConnectTimeout}', ParityReplicaStatementTimeout '{StatementTimeout}', ParityReplicaLockTimeout '{LockTimeout}').";
            return null;
        }

        return new ReplicaSettings(Environment.GetEnvironmentVariable(variable), variable)
        {
            Provider = Provider,
            History = History,
            HistoryTable = HistoryTable,
            HistorySchema = HistorySchema,
            Set = Set.Trim(),
            Timeouts = timeouts,
            PendingSeverity = pending.Value,
            FailureSeverity = failure.Value,
        };
    }
}
