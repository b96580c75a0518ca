using DbUp.Engine;

namespace ParityBuild.DbUp;

/// <summary>
/// Wraps the database's own script executor to tell the journal when each script starts: DbUp calls the journal only
/// after a script has run, so without this the journal could not record how long it took.
/// </summary>
internal sealed class TimedScriptExecutor(IScriptExecutor inner, ParityJournal journal) : IScriptExecutor
{
    public int? ExecutionTimeoutSeconds
    {
        get => inner.ExecutionTimeoutSeconds;
        set => inner.ExecutionTimeoutSeconds = value;
    }

    public void Execute(SqlScript script)
    {
        journal.ScriptStarting(script);
        inner.Execute(script);
    }

    public void Execute(SqlScript script, IDictionary<string, string> variables)
    {
        journal.ScriptStarting(script);
        inner.Execute(script, variables);
    }

    public void VerifySchema() => inner.VerifySchema();
}
