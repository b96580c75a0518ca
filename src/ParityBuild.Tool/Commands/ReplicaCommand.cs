using System.CommandLine;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Reports;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;
using ParityBuild.Tool.Scripts;
using ParityBuild.Tool.Settings;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// <c>parity replica</c>: the replica check (ParityReplicaCheck), with the schema comparison when the snapshot exists, or
/// with --status the replica's status table (ParityStatus with ParityReplica=true). The connection string comes only from
/// the environment variable --connection-variable names.
/// </summary>
internal static class ReplicaCommand
{
    public static Command Create()
    {
        var scripts = new ScriptOptions();
        var database = new DatabaseOptions("PARITY_REPLICA", "ParityReplica");
        var failure = new Option<string>("--failure") { Description = "How an unreachable or locked replica is reported (ParityReplicaFailure): error or warn.", DefaultValueFactory = _ => "error", HelpName = "level" };
        var efMigrations = new Option<string[]>("--ef-migrations") { Description = "EF Core's migration classes, for an __EFMigrationsHistory (ParityEfMigration items): globs (repeatable; default Migrations/*.cs without *.Designer.cs).", HelpName = "glob" };
        var history = new HistoryOptions();
        var schema = new SchemaOptions();
        var repairDir = new Option<string>("--repair-dir") { Description = "Where the repair SQL for the drift found is written (never run).", DefaultValueFactory = _ => Path.Combine("obj", "parity"), HelpName = "dir" };
        var report = new ReportOption();
        var status = new Option<bool>("--status") { Description = "Print every migration's state on the replica (applied, pending, missing, changed, failed) instead of reporting drift; fails only when the table cannot be made." };
        var reportPart = new Option<string?>("--report-part") { Hidden = true };
        // The package's ParityEfMigration items, as --items lists the scripts; they replace --ef-migrations. No file: none
        // (MSBuild's WriteLinesToFile deletes a file it has no lines for).
        var efMigrationItems = new Option<string?>("--ef-migration-items") { Hidden = true };
        var command = new Command("replica", """
            Compares the migration history of a live database (a read replica, or production read-only) with the scripts and
            the baseline manifest: a migration applied without a script, an applied script edited since, a failed migration,
            a lock held on the history table. When the schema snapshot exists, the physical schema is compared with it too,
            and repair SQL is written under obj/parity/ (never run). The session is read-only, with bounded timeouts.
            The connection string is read only from the environment variable --connection-variable names (PARITY_REPLICA).

            Examples:
              PARITY_REPLICA="Host=replica;Database=app;Username=reader;Password=…" parity replica
              parity replica --history flyway --pending warn
              parity replica --status
              parity replica --connection-variable ORDERS_REPLICA --set orders --history-schema orders
              parity replica --report sarif replica.sarif --report json replica.json
            """);
        scripts.AddTo(command);
        database.AddTo(command);
        history.AddTo(command);
        schema.AddTo(command);
        foreach (var option in new Option[] { failure, efMigrations, repairDir, status, reportPart, efMigrationItems, report.Report })
        {
            command.Options.Add(option);
        }

        CommandRunner.SetAction(command, scripts.ProjectDir, (settings, projectDirectory, output, cancellation) =>
        {
            var verbosity = database.Level(settings);
            var reports = report.Files(settings, projectDirectory);
            if (!database.Scripts(scripts, settings, projectDirectory, output, out var files))
            {
                return ExitCodes.Failed;
            }

            var run = new ReplicaRunSettings(projectDirectory, settings.Get(database.ConnectionVariable), database.ConnectionString(settings))
            {
                Scripts = files,
                EfMigrations = settings.Get(efMigrationItems) is { Length: > 0 } efItems
                    ? EfMigrationItems(Path.GetFullPath(efItems, projectDirectory), projectDirectory, settings.Get(scripts.Naming))
                    : EfMigrations(settings.Get(efMigrations), projectDirectory),
                ManifestFile = settings.Get(scripts.Manifest),
                Provider = settings.Get(database.Provider),
                History = settings.Get(history.History),
                HistoryTable = settings.Get(database.HistoryTable),
                HistorySchema = settings.Get(history.HistorySchema),
                Set = settings.Get(history.Set),
                Pending = settings.Get(history.Pending),
                Failure = settings.Get(failure),
                ConnectTimeout = settings.Get(database.ConnectTimeout),
                StatementTimeout = settings.Get(database.StatementTimeout),
                LockTimeout = settings.Get(database.LockTimeout),
                SchemaFile = settings.Get(schema.SchemaFile),
                Schemas = settings.Get(schema.Schemas),
                SchemaCompare = settings.Get(schema.Compare),
                SchemaDrift = settings.Get(schema.Drift),
                RepairDirectory = settings.Get(repairDir),
                ReportPartFile = settings.Get(reportPart) ?? "",
            };
            var result = settings.Get(status) ? ReplicaRun.StatusAsync(run, cancellation) : ReplicaRun.CheckAsync(run, cancellation);
            return DatabaseOptions.PrintAndReport(result.GetAwaiter().GetResult(), "replica", reports, scripts.ManifestPath(settings, projectDirectory), verbosity, output);
        });
        return command;
    }

    // The package's ParityEfMigration items, read as the task reads them (one outside the project without a Link is left out).
    private static List<ScriptFile> EfMigrationItems(string file, string projectDirectory, string naming) =>
        File.Exists(file) ? ScriptItem.ToScripts(ItemsFile.Read(file), projectDirectory, naming, []) : [];

    // As the package's _ParityEfMigrations target lists them: the migration classes, not their designer files.
    private static List<ScriptFile> EfMigrations(string[]? globs, string projectDirectory)
    {
        var given = globs is { Length: > 0 };
        if (!given && !Directory.Exists(Path.Combine(projectDirectory, "Migrations")))
        {
            return [];
        }

        return [.. IncludePatterns.Expand(projectDirectory, given ? globs! : ["Migrations/*.cs"])
            .Where(item => given || !item.Path.EndsWith(".Designer.cs", StringComparison.OrdinalIgnoreCase))
            .Select(item => new ScriptFile(Path.GetFullPath(item.Path, projectDirectory), Path.GetRelativePath(projectDirectory, Path.GetFullPath(item.Path, projectDirectory)).Replace('\\', '/')))];
    }
}

/// <summary>
/// The options of the commands that connect to a database (replica, schema-capture, dry-run), each the MSBuild property of
/// the same meaning, and what they do alike: read the connection string from the named environment variable, print an
/// entry point's lines, and pick the exit code.
/// </summary>
internal sealed class DatabaseOptions(string defaultVariable, string property)
{
    public Option<string> ConnectionVariable { get; } = new("--connection-variable")
    {
        Description = $"The environment variable that holds the connection string ({property}ConnectionVariable); never the string itself.",
        DefaultValueFactory = _ => defaultVariable,
        HelpName = "name",
    };

    public Option<string> Provider { get; } = new("--provider") { Description = $"The database's engine ({property}Provider): auto, postgres or mysql.", DefaultValueFactory = _ => "auto", HelpName = "engine" };

    public Option<string> HistoryTable { get; } = new("--history-table") { Description = "The history table's name when it is not the tool's default (ParityHistoryTable).", DefaultValueFactory = _ => "", HelpName = "table" };

    public Option<string> ConnectTimeout { get; } = new("--connect-timeout") { Description = $"Seconds to connect ({property}ConnectTimeout).", DefaultValueFactory = _ => "10", HelpName = "seconds" };

    public Option<string> StatementTimeout { get; } = new("--statement-timeout") { Description = $"Seconds one statement may run ({property}StatementTimeout).", DefaultValueFactory = _ => "30", HelpName = "seconds" };

    public Option<string> LockTimeout { get; } = new("--lock-timeout") { Description = $"Seconds to wait for a lock ({property}LockTimeout).", DefaultValueFactory = _ => "3", HelpName = "seconds" };

    public Option<string?> Verbosity { get; } = new("--verbosity", "-v")
    {
        Description = "What to print besides the findings: quiet (nothing), minimal (what you asked for), normal (the summary), detailed (settings).",
        DefaultValueFactory = _ => "normal",
        HelpName = "level",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { ConnectionVariable, Provider, HistoryTable, ConnectTimeout, StatementTimeout, LockTimeout, Verbosity })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The connection string from the environment, or null: an option that holds no variable's name is not read.</summary>
    public string? ConnectionString(CommandSettings settings) =>
        settings.Get(ConnectionVariable).Trim() is var name && ReplicaRunSettings.IsVariableName(name) ? Environment.GetEnvironmentVariable(name) : null;

    /// <summary>The scripts the options name; false (their findings printed) when one cannot be used.</summary>
    public bool Scripts(ScriptOptions options, CommandSettings settings, string projectDirectory, ToolOutput output, out List<ScriptFile> scripts)
    {
        var findings = new List<Finding>();
        scripts = ScriptItem.ToScripts(options.ScriptItems(settings, projectDirectory), projectDirectory, settings.Get(options.Naming), findings);
        output.Report(findings);
        return findings.Count == 0;
    }

    /// <summary>The least important message to print (null: findings only); a wrong value is exit code 2 before anything runs.</summary>
    public Importance? Level(CommandSettings settings) => settings.Get(Verbosity)?.ToLowerInvariant() switch
    {
        "quiet" or "q" => null,
        "minimal" or "m" => Importance.High,
        "normal" or "n" or null => Importance.Normal,
        "detailed" or "d" or "diagnostic" or "diag" => Importance.Low,
        var other => throw new SettingsException(Diagnostics.ToolUsage.At(null, $"--verbosity is '{other}'; expected quiet, minimal, normal or detailed.", settings.CommandName)),
    };

    /// <summary>Prints an entry point's lines in order, and returns the exit code: 2 for a wrong setting, 1 for an error.</summary>
    public static int Print(RunOutput result, Importance? verbosity, ToolOutput output)
    {
        foreach (var line in result.Lines)
        {
            if (line.Finding is { } finding)
            {
                output.Report(finding);
            }
            else if (line.Importance <= verbosity)
            {
                // A summary may hold several lines (the history's and the schema's).
                foreach (var text in line.Text.Split('\n'))
                {
                    output.Message(text);
                }
            }
        }

        return result.SettingsInvalid ? ExitCodes.Usage : result.HasErrors ? ExitCodes.Failed : ExitCodes.Clean;
    }

    /// <summary>Prints an entry point's lines and writes the reports --report asks for; returns the exit code.</summary>
    public static int PrintAndReport(RunOutput result, string name, (string? Sarif, string? Json) reports, string manifestPath, Importance? verbosity, ToolOutput output)
    {
        var exitCode = Print(result, verbosity, output);
        if (reports.Sarif is not null || reports.Json is not null)
        {
            // A part of its own (the replica check's), or the findings and the first line that is no detail (the summary).
            var part = result.Part ?? new ReportPart(name, result.Lines.FirstOrDefault(line => line.Finding is null && line.Importance != Importance.Low)?.Text ?? "", [.. result.Findings], []);
            ReportOption.Write(new ReportRequest(manifestPath, [], new SeverityPolicy(), reports.Sarif, reports.Json), [part], output, verbosity);
        }

        return exitCode;
    }
}
