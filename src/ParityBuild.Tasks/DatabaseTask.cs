using ParityBuild.Replica.Connection;

namespace ParityBuild.Tasks;

/// <summary>
/// What the tasks that connect to a database (CheckReplica, CaptureSchema, DryRunMigrations) take alike: the name of the
/// environment variable that holds the connection string — never the string itself —, the provider, a history table of
/// another name, and the three timeouts (strings, so that a wrong value is the task's coded error rather than MSBuild's).
/// </summary>
public abstract class DatabaseTask : MigrationTask
{
    protected DatabaseTask(string defaultVariable) => ConnectionVariable = defaultVariable;

    /// <summary>The name of the environment variable holding the connection string (not the string itself).</summary>
    public string ConnectionVariable { get; set; }

    public string Provider { get; set; } = "auto";

    public string HistoryTable { get; set; } = "";

    public string ConnectTimeout { get; set; } = "10";

    public string StatementTimeout { get; set; } = "30";

    public string LockTimeout { get; set; } = "3";

    /// <summary>The three timeouts, or null when one is not a whole number of seconds above 0.</summary>
    protected ReplicaTimeouts? Timeouts() => ConnectionSettings.Timeouts(ConnectTimeout, StatementTimeout, LockTimeout);
}
