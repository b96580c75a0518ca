namespace ParityBuild.Replica.Connection;

/// <summary>
/// Bounds on every replica session, so that the check can never hang a build or wait on production:
/// the connect timeout, the server-side statement timeout, and how long a lock may be waited for.
/// </summary>
public sealed record ReplicaTimeouts(int ConnectSeconds = 10, int StatementSeconds = 30, int LockSeconds = 3);
