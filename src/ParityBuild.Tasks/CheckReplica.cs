using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;

namespace ParityBuild.Tasks;

/// <summary>
/// ParityReplicaCheck (and ParityStatus's replica table): compares a live database's migration history with the
/// repository. The connection string is read here from the environment variable <see cref="DatabaseTask.ConnectionVariable"/>
/// names — never a task parameter, so it is never in a log or a binary log. All logic lives in <see cref="ReplicaRun"/>.
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

    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation)
    {
        var efFindings = new List<Finding>();
        var settings = new ReplicaRunSettings(ProjectDirectory, ConnectionVariable, ConnectionString)
        {
            Scripts = scripts,
            EfMigrations = ScriptItems.Read(EfMigrations, ProjectDirectory, Naming, efFindings),
            ManifestFile = BaselineFile,
            Provider = Provider,
            History = History,
            HistoryTable = HistoryTable,
            HistorySchema = HistorySchema,
            Set = Set,
            Pending = Pending,
            Failure = Failure,
            ConnectTimeout = ConnectTimeout,
            StatementTimeout = StatementTimeout,
            LockTimeout = LockTimeout,
            SchemaFile = SchemaFile,
            Schemas = Schemas,
            SchemaCompare = SchemaCompare,
            SchemaDrift = SchemaDrift,
            RepairDirectory = RepairDirectory,
            ReportPartFile = ReportPartFile,
        };
        LogOutput(Run(() => ShowStatus ? ReplicaRun.StatusAsync(settings, cancellation) : ReplicaRun.CheckAsync(settings, cancellation), "replica check"));
    }
}
