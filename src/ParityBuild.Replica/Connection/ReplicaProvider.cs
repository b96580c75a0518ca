namespace ParityBuild.Replica.Connection;

/// <summary>The database engine of a replica.</summary>
public enum ReplicaProvider
{
    Postgres,

    /// <summary>MySQL and MariaDB, through MySqlConnector.</summary>
    MySql,
}
