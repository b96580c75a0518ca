namespace ParityBuild.Replica.Connection;

/// <summary>
/// A failure of the replica check whose message is safe to print: it never holds the connection string or a password.
/// Driver exceptions are translated into one of these before they leave the replica code.
/// </summary>
public sealed class ReplicaException(ReplicaFailureKind kind, string message) : Exception(message)
{
    public ReplicaFailureKind Kind { get; } = kind;
}

/// <summary>Why the replica check could not be done.</summary>
public enum ReplicaFailureKind
{
    /// <summary>The setting is wrong: no variable, a string that cannot be parsed, no provider.</summary>
    Configuration,

    /// <summary>The server could not be reached, refused the login, or did not answer in time.</summary>
    Unreachable,

    /// <summary>The history table is locked by another session.</summary>
    Locked,

    /// <summary>A query failed (permissions, an unexpected table shape).</summary>
    Query,
}
