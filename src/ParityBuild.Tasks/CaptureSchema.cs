using Microsoft.Build.Framework;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;

namespace ParityBuild.Tasks;

/// <summary>
/// ParitySchemaCapture: reads the physical schema of the database the environment variable <see cref="DatabaseTask.ConnectionVariable"/>
/// points at (read-only, as the replica check) and writes the snapshot file the replica check compares with, stamped
/// with the baseline manifest's digest. The connection string is read here, never a task parameter. All logic lives in
/// <see cref="ReplicaRun.CaptureSchemaAsync"/>.
/// </summary>
public sealed class CaptureSchema : DatabaseTask
{
    public CaptureSchema()
        : base("PARITY_REPLICA")
    {
    }

    [Required]
    public string SchemaFile { get; set; } = "";

    /// <summary>ParitySchemas: ';'-separated; empty for public, or the connection's database on MySQL.</summary>
    public string Schemas { get; set; } = "";

    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation)
    {
        var settings = new ReplicaRunSettings(ProjectDirectory, ConnectionVariable, ConnectionString)
        {
            ManifestFile = BaselineFile,
            Provider = Provider,
            HistoryTable = HistoryTable,
            ConnectTimeout = ConnectTimeout,
            StatementTimeout = StatementTimeout,
            LockTimeout = LockTimeout,
            SchemaFile = SchemaFile,
            Schemas = Schemas,
        };
        LogOutput(Run(() => ReplicaRun.CaptureSchemaAsync(settings, cancellation), "schema capture"));
    }
}
