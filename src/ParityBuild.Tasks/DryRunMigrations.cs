using Microsoft.Build.Framework;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;

namespace ParityBuild.Tasks;

/// <summary>
/// ParityDryRun: runs the scripts the staging database has not applied through DbUp inside one transaction that is
/// always rolled back. The connection string is read here from the environment variable <see cref="DatabaseTask.ConnectionVariable"/>
/// names — never a task parameter, so it is in no log or binary log. All logic lives in <see cref="DryRunCheck"/>.
/// </summary>
public sealed class DryRunMigrations : DatabaseTask
{
    public DryRunMigrations()
        : base("PARITY_DRYRUN")
    {
    }

    public string HistorySchema { get; set; } = "";

    /// <summary>The migration set to dry-run; empty for the default set (or the only one).</summary>
    public string Set { get; set; } = "";

    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation)
    {
        var settings = new DryRunSettings(ConnectionVariable, ConnectionString)
        {
            Scripts = scripts,
            Provider = Provider,
            HistoryTable = HistoryTable,
            HistorySchema = HistorySchema,
            Set = Set,
            ConnectTimeout = ConnectTimeout,
            StatementTimeout = StatementTimeout,
            LockTimeout = LockTimeout,
        };
        LogOutput(Run(() => DryRunCheck.RunAsync(settings, line => Log.LogMessage(MessageImportance.High, line), cancellation), "dry run"));
    }
}
