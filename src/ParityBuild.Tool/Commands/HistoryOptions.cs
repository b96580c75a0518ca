using System.CommandLine;

namespace ParityBuild.Tool.Commands;

/// <summary>The options that say which history table to read and how to report what it lacks: `parity replica` and `parity fleet`.</summary>
internal sealed class HistoryOptions
{
    public Option<string> History { get; } = new("--history")
    {
        Description = "The history table's tool (ParityHistory): auto, flyway, liquibase, dbup, efcore, schema_migrations, sqitch, postgrator, parity, grate or evolve.",
        DefaultValueFactory = _ => "auto",
        HelpName = "tool",
    };

    public Option<string> HistorySchema { get; } = new("--history-schema")
    {
        Description = "The history table's schema (ParityHistorySchema); default: the connection's.",
        DefaultValueFactory = _ => "",
        HelpName = "schema",
    };

    public Option<string> Set { get; } = new("--set")
    {
        Description = "The migration set whose history table this is (ParityReplicaSetName), when the scripts form several.",
        DefaultValueFactory = _ => "",
        HelpName = "name",
    };

    public Option<string> Pending { get; } = new("--pending")
    {
        Description = "How migrations not applied yet are reported (ParityPending): message, warn or error.",
        DefaultValueFactory = _ => "message",
        HelpName = "level",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { History, HistorySchema, Set, Pending })
        {
            command.Options.Add(option);
        }
    }
}

/// <summary>The options of the physical schema's comparison with the committed snapshot: `parity replica` and `parity fleet`.</summary>
internal sealed class SchemaOptions
{
    public Option<string> SchemaFile { get; } = new("--schema-file")
    {
        Description = "The committed schema snapshot (ParitySchemaFile); the physical schema is compared with it when it exists.",
        DefaultValueFactory = _ => "migrations.schema.json",
        HelpName = "file",
    };

    public Option<string> Schemas { get; } = new("--schemas")
    {
        Description = "The schemas to compare (ParitySchemas), separated by ';'; default: the snapshot's.",
        DefaultValueFactory = _ => "",
        HelpName = "names",
    };

    public Option<bool> Compare { get; } = new("--schema-compare")
    {
        Description = "Compare the physical schema with the snapshot (ParitySchemaCompare).",
        DefaultValueFactory = _ => true,
    };

    public Option<string> Drift { get; } = new("--schema-drift")
    {
        Description = "How schema drift is reported (ParitySchemaDrift): error, warn or message.",
        DefaultValueFactory = _ => "error",
        HelpName = "level",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { SchemaFile, Schemas, Compare, Drift })
        {
            command.Options.Add(option);
        }
    }
}
