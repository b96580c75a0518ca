using System.Text;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Scripts;
using ParityBuild.DbUp;
using ParityBuild.DbUp.DryRun;
using ParityBuild.Replica.Connection;

namespace ParityBuild.Replica;

/// <summary>
/// The dry run's entry point, which the MSBuild task and the <c>parity</c> tool call alike: it reads the settings, parses
/// the connection string (as the replica check does, so that no message quotes it), orders the set's scripts, and has
/// <see cref="ParityDryRun"/> run the pending ones in a transaction that is always rolled back.
/// </summary>
public static class DryRunCheck
{
    /// <param name="progress">Each script as it starts and ends, while the run goes on.</param>
    public static async Task<RunOutput> RunAsync(DryRunSettings settings, Action<string>? progress, CancellationToken cancellation)
    {
        var output = new RunOutput();
        var variable = settings.VariableName.Trim();
        if (!ReplicaRunSettings.IsVariableName(variable))
        {
            // Someone put the connection string itself here: say so without repeating it.
            return output.Invalid(Invalid("ParityDryRunConnectionVariable must name an environment variable (default PARITY_DRYRUN), not hold the connection string; put the string in that variable."));
        }

        if (ReplicaRunSettings.ParseTimeouts(settings.ConnectTimeout, settings.StatementTimeout, settings.LockTimeout) is not { } timeouts)
        {
            return output.Invalid(Invalid($"the dry run's timeouts must be whole numbers of seconds above 0 (ConnectTimeout '{settings.ConnectTimeout}', StatementTimeout '{settings.StatementTimeout}', LockTimeout '{settings.LockTimeout}')."));
        }

        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return output.Invalid(Invalid($"the environment variable {variable} is not set; set it to the staging database's connection string."));
        }

        ReplicaTarget target;
        try
        {
            target = ReplicaConnectionParser.Parse(settings.ConnectionString, settings.Provider, variable);
        }
        catch (ReplicaException exception)
        {
            return output.Invalid(Invalid(exception.Message.Replace("ParityReplicaProvider", "ParityDryRunProvider", StringComparison.Ordinal)));
        }

        var sets = MigrationDiscovery.Discover(settings.Scripts).Sets;
        var set = MigrationSet.Choose(sets, settings.Set.Trim());
        if (set is null && sets.Count > 0)
        {
            return output.Invalid(Invalid($"there is no migration set '{settings.Set}' to dry-run; the sets are {MigrationSet.List(sets)}. Set ParityDryRunSet."));
        }

        // The set's migrations in the order they are applied; what discovery reports (a bad name) ParityVerify reported already.
        List<DryRunScript> ordered = set is null ? [] : [.. set.Migrations
            .Where(migration => migration.Kind is MigrationKind.Versioned or MigrationKind.Repeatable)
            .Select(migration => new DryRunScript(Path.GetFileName(migration.File.FullPath), migration.File.FullPath, File.ReadAllText(migration.File.FullPath, Encoding.UTF8)))];
        var options = new DryRunOptions(target.ConnectionString, target.Provider == ReplicaProvider.MySql ? DryRunEngine.MySql : DryRunEngine.PostgreSql, target.Display)
        {
            ConnectSeconds = timeouts.ConnectSeconds,
            StatementSeconds = timeouts.StatementSeconds,
            LockSeconds = timeouts.LockSeconds,
            Schema = settings.HistorySchema.Trim().Length > 0 ? settings.HistorySchema.Trim() : null,
            Table = settings.HistoryTable.Trim().Length > 0 ? settings.HistoryTable.Trim() : ParityJournal.DefaultTable,
            Scrub = target.Scrub,
        };
        output.Say($"ParityBuild: dry run on {target} with the connection string from ${variable}, timeouts {timeouts.ConnectSeconds}/{timeouts.StatementSeconds}/{timeouts.LockSeconds} s, {ordered.Count} scripts.", Importance.Low);
        var result = await ParityDryRun.RunAsync(options, ordered, progress, cancellation).ConfigureAwait(false);
        output.AddRange(result.Findings);
        output.Say(result.Summary, Importance.High);
        return output;
    }

    private static Finding Invalid(string problem) => Diagnostics.DryRunSettingInvalid.At(null, problem);
}
