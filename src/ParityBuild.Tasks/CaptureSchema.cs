using Microsoft.Build.Framework;
using ParityBuild.Core.Baseline;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Schema;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Tasks;

/// <summary>
/// ParitySchemaCapture: reads the physical schema of the database the environment variable <see cref="ConnectionVariable"/>
/// points at (read-only, as the replica check) and writes the snapshot file the replica check compares with, stamped
/// with the baseline manifest's digest. The connection string is read here, never a task parameter. All logic lives in
/// <see cref="ReplicaCheck.CaptureSchemaAsync"/> and <see cref="SnapshotWriter"/>.
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
        var variable = ConnectionVariable.Trim();
        var schemas = SchemaSettings.ParseSchemas(Schemas);
        var timeouts = Timeouts();
        if (!ConnectionSettings.IsVariableName(variable) || schemas is null || timeouts is null)
        {
            FindingLogger.Log(Log, Diagnostics.ReplicaSettingInvalid.At(null,
                !ConnectionSettings.IsVariableName(variable) ? "ParityReplicaConnectionVariable must name an environment variable (default PARITY_REPLICA), not hold the connection string; put the string in that variable."
                : schemas is null ? $"ParitySchemas is '{Schemas}'; expected schema names separated by ';' (no backslashes)."
                : $"the replica timeouts must be whole numbers of seconds above 0 ('{ConnectTimeout}', '{StatementTimeout}', '{LockTimeout}')."));
            return;
        }

        var path = Path.GetFullPath(SchemaFile.Trim(), ProjectDirectory);
        Log.LogMessage(MessageImportance.Low, $"ParityBuild: capturing the schema with the connection string from ${variable}, provider {Provider}, schemas '{Schemas}', into {path}.");
        var settings = new ReplicaSettings(Environment.GetEnvironmentVariable(variable), variable) { Provider = Provider, HistoryTable = HistoryTable, Timeouts = timeouts };
        var result = ReplicaCheck.CaptureSchemaAsync(settings, schemas, TryReadManifest()?.Digest, cancellation).GetAwaiter().GetResult();
        FindingLogger.LogAll(Log, result.Findings);
        if (result.Snapshot is not { } snapshot)
        {
            return;
        }

        try
        {
            var written = SnapshotWriter.Write(path, snapshot);
            Log.LogMessage(MessageImportance.High, $"{result.Summary} {(written ? "Wrote" : "Unchanged:")} {path}; commit it.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            FindingLogger.Log(Log, Diagnostics.SchemaCaptureFailed.At(path, $"{path} cannot be written ({exception.Message})."));
        }
    }
}
