using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Replica;

namespace ParityBuild.Tasks;

/// <summary>
/// What the tasks that connect to a database (CheckReplica, CaptureSchema, DryRunMigrations) take alike: the name of the
/// environment variable that holds the connection string — never the string itself —, the provider, a history table of
/// another name, and the three timeouts (strings, so that a wrong value is the entry point's coded error rather than
/// MSBuild's). Each reads its parameters, calls one entry point in ParityBuild.Replica and logs what comes back.
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

    /// <summary>
    /// The connection string, read here from the environment so that it is in no parameter, log or binary log; null when
    /// the variable is not set, or when <see cref="ConnectionVariable"/> holds no variable's name (the entry point says so).
    /// </summary>
    protected string? ConnectionString =>
        ReplicaRunSettings.IsVariableName(ConnectionVariable.Trim()) ? Environment.GetEnvironmentVariable(ConnectionVariable.Trim()) : null;

    /// <summary>Logs an entry point's lines in order: findings as errors, warnings and messages, the rest at their importance.</summary>
    protected void LogOutput(RunOutput output)
    {
        foreach (var line in output.Lines)
        {
            if (line.Finding is { } finding)
            {
                FindingLogger.Log(Log, finding);
            }
            else
            {
                Log.LogMessage(Importance(line.Importance), line.Text);
            }
        }
    }

    /// <summary>Runs an entry point; an exception from it (a bug: they turn every failure into a finding) names no secret.</summary>
    protected RunOutput Run(Func<Task<RunOutput>> entryPoint, string what)
    {
        try
        {
            return entryPoint().GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var output = new RunOutput();
            output.Add(Diagnostics.InternalError.At(null, exception.GetType().Name, $"the {what} failed; run with -v:diag for the settings used (never the connection string)"));
            return output;
        }
    }

    private static MessageImportance Importance(Importance importance) => importance switch
    {
        Core.Gate.Importance.Low => MessageImportance.Low,
        Core.Gate.Importance.Normal => MessageImportance.Normal,
        _ => MessageImportance.High,
    };
}
