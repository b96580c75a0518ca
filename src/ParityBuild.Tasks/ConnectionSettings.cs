using System.Globalization;
using ParityBuild.Replica.Connection;

namespace ParityBuild.Tasks;

/// <summary>What the tasks that connect to a database (CheckReplica, DryRunMigrations) read from their parameters alike.</summary>
internal static class ConnectionSettings
{
    /// <summary>
    /// Whether a parameter that must name an environment variable does: a value with '=' or ';' is the connection
    /// string itself, put where its name belongs (and then it must not be repeated in any message).
    /// </summary>
    public static bool IsVariableName(string variable) =>
        variable.Length > 0 && !variable.Contains('=', StringComparison.Ordinal) && !variable.Contains(';', StringComparison.Ordinal);

    /// <summary>Reads the three timeouts (strings, so that a wrong value is a coded error rather than MSBuild's own).</summary>
    public static ReplicaTimeouts? Timeouts(string connect, string statement, string lockWait) =>
        TrySeconds(connect, out var connectSeconds) && TrySeconds(statement, out var statementSeconds) && TrySeconds(lockWait, out var lockSeconds)
            ? new ReplicaTimeouts(connectSeconds, statementSeconds, lockSeconds)
            : null;

    private static bool TrySeconds(string text, out int seconds) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds > 0 && seconds <= 3600;
}
