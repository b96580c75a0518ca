using System.Text;
using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.DbUp.DryRun;
using ParityBuild.Replica.Connection;

namespace ParityBuild.Tasks;

/// <summary>
/// ParityDryRun: runs the scripts the staging database has not applied through DbUp inside one transaction that is
/// always rolled back. The connection string is read here from the environment variable <see cref="ConnectionVariable"/>
/// names — never a task parameter, so it is in no log or binary log. All logic lives in <see cref="ParityDryRun"/>.
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
        var variable = ConnectionVariable.Trim();
        if (!ConnectionSettings.IsVariableName(variable))
        {
            // Someone put the connection string itself here: say so without repeating it.
            Fail("ParityDryRunConnectionVariable must name an environment variable (default PARITY_DRYRUN), not hold the connection string; put the string in that variable.");
            return;
        }

        if (Timeouts() is not { } timeouts)
        {
            Fail($"the dry run's timeouts must be whole numbers of seconds above 0 (ConnectTimeout '{ConnectTimeout}', StatementTimeout '{StatementTimeout}', LockTimeout '{LockTimeout}').");
            return;
        }

        ReplicaTarget target;
        try
        {
            var raw = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(raw))
            {
                Fail($"the environment variable {variable} is not set; set it to the staging database's connection string.");
                return;
            }

            target = ReplicaConnectionParser.Parse(raw, Provider, variable);
        }
        catch (ReplicaException exception)
        {
            Fail(exception.Message.Replace("ParityReplicaProvider", "ParityDryRunProvider", StringComparison.Ordinal));
            return;
        }

        var ordered = Ordered(scripts);
        if (ordered is null)
        {
            return;
        }

        var options = new DryRunOptions(target.ConnectionString, target.Provider == ReplicaProvider.MySql ? DryRunEngine.MySql : DryRunEngine.PostgreSql, target.Display)
        {
            ConnectSeconds = timeouts.ConnectSeconds,
            StatementSeconds = timeouts.StatementSeconds,
            LockSeconds = timeouts.LockSeconds,
            Schema = HistorySchema.Trim().Length > 0 ? HistorySchema.Trim() : null,
            Table = HistoryTable.Trim().Length > 0 ? HistoryTable.Trim() : DbUp.ParityJournal.DefaultTable,
            Scrub = target.Scrub,
        };
        Log.LogMessage(MessageImportance.Low, $"ParityBuild: dry run on {target} with the connection string from ${variable}, timeouts {timeouts.ConnectSeconds}/{timeouts.StatementSeconds}/{timeouts.LockSeconds} s, {ordered.Count} scripts.");
        var result = ParityDryRun.RunAsync(options, ordered, line => Log.LogMessage(MessageImportance.High, line), cancellation).GetAwaiter().GetResult();
        FindingLogger.LogAll(Log, result.Findings);
        Log.LogMessage(MessageImportance.High, result.Summary);
    }

    // The set's migrations in the order they are applied; what discovery reports (a bad name) ParityVerify reported already.
    private List<DryRunScript>? Ordered(IReadOnlyList<ScriptFile> scripts)
    {
        var sets = MigrationDiscovery.Discover(scripts).Sets;
        var set = MigrationSet.Choose(sets, Set.Trim());
        if (set is null)
        {
            if (sets.Count > 0)
            {
                Fail($"there is no migration set '{Set}' to dry-run; the sets are {MigrationSet.List(sets)}. Set ParityDryRunSet.");
                return null;
            }

            return [];
        }

        return [.. set.Migrations
            .Where(migration => migration.Kind is MigrationKind.Versioned or MigrationKind.Repeatable)
            .Select(migration => new DryRunScript(Path.GetFileName(migration.File.FullPath), migration.File.FullPath, File.ReadAllText(migration.File.FullPath, Encoding.UTF8)))];
    }

    private void Fail(string problem) => FindingLogger.Log(Log, Diagnostics.DryRunSettingInvalid.At(null, problem));
}
