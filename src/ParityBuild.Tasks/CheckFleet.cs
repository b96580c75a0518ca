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

    /// <summary>ParitySchemaFile: the committed schema snapshot; each tenant's schema is compared with it when it exists.</summary>
    public string SchemaFile { get; set; } = "";

    /// <summary>ParitySchemas, with {tenant} where a tenant's schema goes; empty for the snapshot's (or the tenant's history schema).</summary>
    public string Schemas { get; set; } = "";

    public bool SchemaCompare { get; set; } = true;

    /// <summary>error | warn | message: how schema drift is reported.</summary>
    public string SchemaDrift { get; set; } = "error";

    /// <summary>message | warn | error: how pending migrations are reported.</summary>
    public string Pending { get; set; } = "message";

    /// <summary>ParityFleetReportFile: the JSON report (all tenants), which is also what a shard hands to ParityFleetReport.</summary>
    public string ReportFile { get; set; } = "";

    public string SarifFile { get; set; } = "";

    /// <summary>Append the Markdown summary to the file $GITHUB_STEP_SUMMARY names, when it is set.</summary>
    public bool StepSummary { get; set; } = true;

    /// <summary>Where each tenant's repair SQL goes, a folder per tenant (obj/parity/fleet/).</summary>
    public string RepairDirectory { get; set; } = "";

    /// <summary>Merge these shard reports instead of checking (ParityFleetReport).</summary>
    public bool Merge { get; set; }

    public ITaskItem[]? MergeReports { get; set; }

    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation)
    {
        var stepSummary = StepSummary ? Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") : null;
        var settings = new FleetRunSettings(ProjectDirectory, ConnectionVariable, ConnectionString)
        {
            Scripts = scripts,
            ManifestFile = BaselineFile,
            Tenants = [.. (Tenants ?? []).Select(item => new FleetTenant(item.ItemSpec)
            {
                Provider = Metadata(item, "Provider"),
                History = Metadata(item, "History"),
                HistoryTable = Metadata(item, "HistoryTable"),
                HistorySchema = Metadata(item, "HistorySchema"),
                Set = Metadata(item, "Set"),
            })],
            TenantsFile = TenantsFile,
            Query = Query,
            Concurrency = Concurrency,
            MaxUnreachable = MaxUnreachable,
            Shard = Shard,
            Provider = Provider,
            History = History,
            HistoryTable = HistoryTable,
            HistorySchema = HistorySchema,
            Set = Set,
            SchemaFile = SchemaFile,
            Schemas = Schemas,
            SchemaCompare = SchemaCompare,
            SchemaDrift = SchemaDrift,
            Pending = Pending,
            ConnectTimeout = ConnectTimeout,
            StatementTimeout = StatementTimeout,
            LockTimeout = LockTimeout,
            ReportFile = ReportFile,
            SarifFile = SarifFile,
            RepairDirectory = RepairDirectory,
            StepSummaryFile = string.IsNullOrWhiteSpace(stepSummary) ? null : stepSummary,
            ProjectFile = Path.GetFullPath(BuildEngine.ProjectFileOfTaskNode, ProjectDirectory),
            MergeReports = [.. (MergeReports ?? []).Select(item => item.ItemSpec)],
        };
        LogOutput(Merge ? FleetRun.Merge(settings) : Run(() => Check(settings, cancellation), "fleet check"));
    }

    private Task<RunOutput> Check(FleetRunSettings settings, CancellationToken cancellation)
    {
        var done = 0;
        var total = 0;

        // This thread logs (MSBuild's logger is the task's), while the checks run on the thread pool.
        var run = FleetRun.CheckAsync(settings, (checkedSoFar, count) =>
        {
            Volatile.Write(ref total, count);
            Volatile.Write(ref done, checkedSoFar);
        }, cancellation);
        while (!run.Wait(ProgressEvery, cancellation))
        {
            Log.LogMessage(MessageImportance.Normal, $"ParityBuild fleet: {Volatile.Read(ref done)}/{Volatile.Read(ref total)} tenants checked.");
        }

        return run;
    }

    private static string? Metadata(ITaskItem item, string name) => item.GetMetadata(name) is { Length: > 0 } value ? value : null;
}
