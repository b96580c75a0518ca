using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Fleet;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;
using ParityBuild.Replica.Fleet;

namespace ParityBuild.Tasks;

/// <summary>
/// ParityFleetCheck: the replica check on every tenant of a fleet (<see cref="FleetCheck"/>), or with
/// <see cref="MergeReports"/> (ParityFleetReport) the shard reports merged into one result. The connection string is
/// read here from the environment variable <see cref="DatabaseTask.ConnectionVariable"/> names, never a parameter.
/// </summary>
public sealed class CheckFleet : DatabaseTask
{
    // How often a long fleet check says how far it is, at normal verbosity.
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    public CheckFleet()
        : base("PARITY_FLEET")
    {
    }

    /// <summary>ParityTenant items; metadata Provider, History, HistoryTable, HistorySchema and Set override the fleet's.</summary>
    public ITaskItem[]? Tenants { get; set; }

    public string TenantsFile { get; set; } = "";

    public string Query { get; set; } = "";

    public string Concurrency { get; set; } = "";

    public string MaxUnreachable { get; set; } = "";

    public string Shard { get; set; } = "";

    public string History { get; set; } = "auto";

    public string HistorySchema { get; set; } = "";

    public string Set { get; set; } = "";

    /// <summary>message | warn | error: how pending migrations are reported.</summary>
    public string Pending { get; set; } = "message";

    /// <summary>ParityFleetReportFile: the JSON report (all tenants), which is also what a shard hands to ParityFleetReport.</summary>
    public string ReportFile { get; set; } = "";

    public string SarifFile { get; set; } = "";

    /// <summary>Append the Markdown summary to the file $GITHUB_STEP_SUMMARY names, when it is set.</summary>
    public bool StepSummary { get; set; } = true;

    /// <summary>Merge these shard reports instead of checking (ParityFleetReport).</summary>
    public bool Merge { get; set; }

    public ITaskItem[]? MergeReports { get; set; }

    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation)
    {
        var findings = new List<Finding>();
        var result = Merge ? MergeShards(findings) : Check(scripts, findings, cancellation);
        FindingLogger.LogAll(Log, findings);
        if (result is null)
        {
            return;
        }

        FindingLogger.LogAll(Log, result.Findings);
        Log.LogMessage(MessageImportance.High, $"ParityBuild fleet: {result.Summary}");
        var stepSummary = StepSummary ? Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") : null;
        try
        {
            foreach (var file in FleetReport.WriteFiles(result, Path.GetFullPath(BuildEngine.ProjectFileOfTaskNode, ProjectDirectory), Full(ReportFile), Full(SarifFile), string.IsNullOrWhiteSpace(stepSummary) ? null : stepSummary))
            {
                Log.LogMessage(MessageImportance.Normal, $"ParityBuild: wrote the report {file}");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            FindingLogger.Log(Log, Diagnostics.ReportUnwritable.At(null, Full(ReportFile) ?? Full(SarifFile) ?? stepSummary, exception.Message));
        }
    }

    private FleetResult? MergeShards(List<Finding> findings)
    {
        if (UnreachableLimit.Parse(MaxUnreachable) is not { } limit)
        {
            findings.Add(Diagnostics.FleetSettingInvalid.At(null, $"ParityFleetMaxUnreachable is '{MaxUnreachable}'; expected a count (5) or a percentage (10%)."));
            return null;
        }

        var files = (MergeReports ?? []).Select(item => Path.GetFullPath(item.ItemSpec, ProjectDirectory)).Where(File.Exists).Distinct().Order(StringComparer.Ordinal).ToList();
        Log.LogMessage(MessageImportance.Normal, $"ParityBuild fleet: merging {files.Count} shard reports: {string.Join(", ", files)}.");
        return FleetReport.Merge(files, limit, findings);
    }

    private FleetResult? Check(IReadOnlyList<ScriptFile> scripts, List<Finding> findings, CancellationToken cancellation)
    {
        var variable = ConnectionVariable.Trim();
        var pending = ReplicaSettings.ParseSeverity(Pending, Severity.Message);
        var timeouts = ReplicaRunSettings.ParseTimeouts(ConnectTimeout, StatementTimeout, LockTimeout);
        if (!ReplicaRunSettings.IsVariableName(variable) || pending is null || timeouts is null)
        {
            findings.Add(Diagnostics.FleetSettingInvalid.At(null,
                !ReplicaRunSettings.IsVariableName(variable) ? "ParityFleetConnectionVariable must name an environment variable (default PARITY_FLEET), not hold the connection string; put the string in that variable."
                : pending is null ? $"ParityPending is '{Pending}'; expected message, warn or error."
                : $"the replica timeouts must be whole numbers of seconds above 0 (ParityReplicaConnectTimeout '{ConnectTimeout}', ParityReplicaStatementTimeout '{StatementTimeout}', ParityReplicaLockTimeout '{LockTimeout}')."));
            return null;
        }

        var request = new FleetRequest(new ReplicaSettings(Environment.GetEnvironmentVariable(variable), variable)
        {
            Provider = Provider,
            History = History,
            HistoryTable = HistoryTable,
            HistorySchema = HistorySchema,
            Set = Set.Trim(),
            Timeouts = timeouts,
            PendingSeverity = pending.Value,
        })
        {
            Tenants = [.. (Tenants ?? []).Select(item => new FleetTenant(item.ItemSpec)
            {
                Provider = Metadata(item, "Provider"),
                History = Metadata(item, "History"),
                HistoryTable = Metadata(item, "HistoryTable"),
                HistorySchema = Metadata(item, "HistorySchema"),
                Set = Metadata(item, "Set"),
            })],
            TenantsFile = Full(TenantsFile) ?? "",
            Query = Query,
            Concurrency = Concurrency,
            MaxUnreachable = MaxUnreachable,
            Shard = Shard,
        };
        Log.LogMessage(MessageImportance.Low, $"ParityBuild fleet: connection string from ${variable}, {request.Tenants.Count} ParityTenant items, tenants file '{TenantsFile}', query '{Query}', concurrency '{Concurrency}', max unreachable '{MaxUnreachable}', shard '{Shard}', history {History}, table '{HistoryTable}', schema '{HistorySchema}', timeouts {timeouts.ConnectSeconds}/{timeouts.StatementSeconds}/{timeouts.LockSeconds} s.");

        // The repository's side once for every tenant: the scripts' discovery and the manifest's checksums.
        var repository = new RepositorySide(scripts, ReplicaRun.TryReadManifest(Path.GetFullPath(BaselineFile, ProjectDirectory)), [], MigrationDiscovery.Discover(scripts), null);
        var done = 0;
        var total = 0;

        // This thread logs (MSBuild's logger is the task's), while the checks run on the thread pool.
        var run = FleetCheck.RunAsync(request, repository, (checkedSoFar, count) =>
        {
            Volatile.Write(ref total, count);
            Volatile.Write(ref done, checkedSoFar);
        }, cancellation);
        while (!run.Wait(ProgressEvery, cancellation))
        {
            Log.LogMessage(MessageImportance.Normal, $"ParityBuild fleet: {Volatile.Read(ref done)}/{Volatile.Read(ref total)} tenants checked.");
        }

        var outcome = run.GetAwaiter().GetResult();
        findings.AddRange(outcome.Problems);
        return outcome.Result;
    }

    private static string? Metadata(ITaskItem item, string name) => item.GetMetadata(name) is { Length: > 0 } value ? value : null;

    private string? Full(string path) => path.Trim().Length > 0 ? Path.GetFullPath(path.Trim(), ProjectDirectory) : null;
}
