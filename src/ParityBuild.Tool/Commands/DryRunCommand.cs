using System.CommandLine;
using ParityBuild.Replica;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// <c>parity dry-run</c>: runs the scripts a staging database has not applied through DbUp, inside one transaction that
/// is always rolled back, as the ParityDryRun target does.
/// </summary>
internal static class DryRunCommand
{
    public static Command Create()
    {
        var scripts = new ScriptOptions();
        var database = new DatabaseOptions("PARITY_DRYRUN", "ParityDryRun");
        var historySchema = new Option<string>("--history-schema") { Description = "The journal's schema (ParityDryRunHistorySchema); default: the connection's.", DefaultValueFactory = _ => "", HelpName = "schema" };
        var set = new Option<string>("--set") { Description = "The migration set to dry-run (ParityDryRunSet), when the scripts form several.", DefaultValueFactory = _ => "", HelpName = "name" };
        var command = new Command("dry-run", """
            Runs the scripts the database has not applied yet (by ParityBuild.DbUp's journal and DbUp's schemaversions) in
            migration order, inside one transaction that is always rolled back: a script that would fail on deployment fails
            here, at its line, and the database is left as it was. PostgreSQL only (its DDL is transactional); a hot standby
            or a read-only session is refused. The connection string is read only from the environment variable
            --connection-variable names (PARITY_DRYRUN).

            Examples:
              PARITY_DRYRUN="Host=staging;Database=app;Username=deployer;Password=…" parity dry-run
              parity dry-run --set orders --history-schema orders --statement-timeout 120
              parity dry-run --report sarif dry-run.sarif
            """);
        scripts.AddTo(command);
        database.AddTo(command);
        command.Options.Add(historySchema);
        command.Options.Add(set);
        var report = new ReportOption();
        command.Options.Add(report.Report);
        CommandRunner.SetAction(command, scripts.ProjectDir, (settings, projectDirectory, output, cancellation) =>
        {
            var verbosity = database.Level(settings);
            var reports = report.Files(settings, projectDirectory);
            if (!database.Scripts(scripts, settings, projectDirectory, output, out var files))
            {
                return ExitCodes.Failed;
            }

            var run = new DryRunSettings(settings.Get(database.ConnectionVariable), database.ConnectionString(settings))
            {
                Scripts = files,
                Provider = settings.Get(database.Provider),
                HistoryTable = settings.Get(database.HistoryTable),
                HistorySchema = settings.Get(historySchema),
                Set = settings.Get(set),
                ConnectTimeout = settings.Get(database.ConnectTimeout),
                StatementTimeout = settings.Get(database.StatementTimeout),
                LockTimeout = settings.Get(database.LockTimeout),
            };
            // Each script as it starts and ends, while the run goes on.
            Action<string>? progress = verbosity is null ? null : output.Message;
            return DatabaseOptions.PrintAndReport(DryRunCheck.RunAsync(run, progress, cancellation).GetAwaiter().GetResult(), "dry-run", reports, scripts.ManifestPath(settings, projectDirectory), verbosity, output);
        });
        return command;
    }
}
