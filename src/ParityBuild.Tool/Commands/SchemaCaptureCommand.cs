using System.CommandLine;
using ParityBuild.Replica;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// <c>parity schema-capture</c>: reads a database's physical schema (read-only, bounded, as the replica check) and writes
/// the snapshot the replica check compares with, as the ParitySchemaCapture target does.
/// </summary>
internal static class SchemaCaptureCommand
{
    public static Command Create()
    {
        var scripts = new ScriptOptions();
        var database = new DatabaseOptions("PARITY_REPLICA", "ParityReplica");
        var schemaFile = new Option<string>("--schema-file") { Description = "The snapshot to write (ParitySchemaFile); commit it.", DefaultValueFactory = _ => "migrations.schema.json", HelpName = "file" };
        var schemas = new Option<string>("--schemas") { Description = "The schemas to read (ParitySchemas), separated by ';'; default: public, or the connection's database on MySQL.", DefaultValueFactory = _ => "", HelpName = "names" };
        var command = new Command("schema-capture", """
            Reads the tables, columns, indexes, constraints, views and routines of a database (read-only, with bounded
            timeouts) and writes them to the schema snapshot, stamped with the baseline manifest's digest. 'parity replica'
            then compares every replica's physical schema with it. The connection string is read only from the
            environment variable --connection-variable names (PARITY_REPLICA).

            Examples:
              PARITY_REPLICA="Host=staging;Database=app;Username=reader;Password=…" parity schema-capture
              parity schema-capture --schemas "public;audit" --schema-file db/schema.json
              parity schema-capture --report json capture.json
            """);
        scripts.AddTo(command);
        database.AddTo(command);
        command.Options.Add(schemaFile);
        command.Options.Add(schemas);
        var report = new ReportOption();
        command.Options.Add(report.Report);
        CommandRunner.SetAction(command, scripts.ProjectDir, (settings, projectDirectory, output, cancellation) =>
        {
            var verbosity = database.Level(settings);
            var reports = report.Files(settings, projectDirectory);
            var run = new ReplicaRunSettings(projectDirectory, settings.Get(database.ConnectionVariable), database.ConnectionString(settings))
            {
                ManifestFile = settings.Get(scripts.Manifest),
                Provider = settings.Get(database.Provider),
                HistoryTable = settings.Get(database.HistoryTable),
                ConnectTimeout = settings.Get(database.ConnectTimeout),
                StatementTimeout = settings.Get(database.StatementTimeout),
                LockTimeout = settings.Get(database.LockTimeout),
                SchemaFile = settings.Get(schemaFile),
                Schemas = settings.Get(schemas),
            };
            return DatabaseOptions.PrintAndReport(ReplicaRun.CaptureSchemaAsync(run, cancellation).GetAwaiter().GetResult(), "schema-capture", reports, scripts.ManifestPath(settings, projectDirectory), verbosity, output);
        });
        return command;
    }
}
