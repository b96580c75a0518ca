using DbUp.Builder;
using DbUp.Engine;
using ParityBuild.DbUp;

// In DbUp's own style, the extensions live in the global namespace so that no using is needed to find them.

/// <summary>Switches a DbUp upgrade to ParityBuild's checksum journal, and backfills checksums for adopted scripts.</summary>
public static class ParityJournalExtensions
{
    /// <summary>
    /// Records every script DbUp runs in <c>parity_journal</c>, with ParityBuild's checksum, its version, the time and
    /// the duration, in place of DbUp's own journal: <c>DeployChanges.To.PostgresqlDatabase(cs).WithScriptsEmbeddedInAssembly(a).JournalToParity().Build()</c>.
    /// Scripts already recorded in DbUp's own <c>schemaversions</c> stay applied. Call it after the database is chosen.
    /// </summary>
    /// <param name="builder">The builder, after the database is chosen (<c>PostgresqlDatabase</c>).</param>
    /// <param name="schema">The schema of the journal (and of DbUp's table it adopts); null for the connection's current one.</param>
    /// <param name="table">The journal table; ParityBuild's replica check looks for <c>parity_journal</c> unless told otherwise (ParityHistoryTable).</param>
    /// <param name="dbUpTable">DbUp's own journal table to adopt, when it was given another name or schema; null to adopt none.</param>
    public static UpgradeEngineBuilder JournalToParity(
        this UpgradeEngineBuilder builder,
        string? schema = null,
        string table = ParityJournal.DefaultTable,
        string? dbUpTable = ParityJournal.DbUpTable)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configure(configuration =>
        {
            var journal = new ParityJournal(() => configuration.ConnectionManager, () => configuration.Log, schema, table, dbUpTable);
            configuration.Journal = journal;
            if (configuration.ScriptExecutor is { } executor)
            {
                configuration.ScriptExecutor = new TimedScriptExecutor(executor, journal);
            }
        });
        return builder;
    }

    /// <summary>
    /// Records, once, the checksums of the scripts adopted from DbUp's own table, from the builder's scripts as they are
    /// now (see <see cref="ParityJournal.BackfillChecksums"/>); runs no script. The builder must use <see cref="JournalToParity"/>.
    /// </summary>
    public static ParityBackfillResult BackfillParityChecksums(this UpgradeEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.BuildConfiguration();
        if (configuration.Journal is not ParityJournal journal)
        {
            throw new InvalidOperationException("BackfillParityChecksums needs the ParityBuild journal: call JournalToParity() on the builder first.");
        }

        using (configuration.ConnectionManager.OperationStarting(configuration.Log, []))
        {
            var scripts = configuration.ScriptProviders.SelectMany(provider => provider.GetScripts(configuration.ConnectionManager)).ToList();
            return journal.BackfillChecksums(scripts);
        }
    }
}
