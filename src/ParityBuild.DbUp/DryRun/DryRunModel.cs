using ParityBuild.Core.Findings;

namespace ParityBuild.DbUp.DryRun;

/// <summary>The engine of the database a dry run is pointed at.</summary>
public enum DryRunEngine
{
    /// <summary>PostgreSQL, through Npgsql and dbup-postgresql.</summary>
    PostgreSql,

    /// <summary>MySQL and MariaDB: refused, since their DDL commits implicitly and cannot be rolled back.</summary>
    MySql,
}

/// <summary>A repository script, in migration order.</summary>
/// <param name="Name">Its name as DbUp records it when it is not embedded (the file name).</param>
/// <param name="Path">Where findings point (the full path of the file).</param>
/// <param name="Contents">Its text.</param>
public sealed record DryRunScript(string Name, string Path, string Contents);

/// <summary>
/// Where and how a dry run runs. <see cref="ConnectionString"/> holds the secret: it is only handed to the driver, and
/// messages name <see cref="Display"/> instead, passed through <see cref="Scrub"/>.
/// </summary>
public sealed record DryRunOptions(string ConnectionString, DryRunEngine Engine, string Display)
{
    /// <summary>Seconds to connect.</summary>
    public int ConnectSeconds { get; init; } = 10;

    /// <summary>Seconds one statement may run (the server's <c>statement_timeout</c>).</summary>
    public int StatementSeconds { get; init; } = 30;

    /// <summary>Seconds a lock may be waited for (the server's <c>lock_timeout</c>).</summary>
    public int LockSeconds { get; init; } = 3;

    /// <summary>The schema of the journal tables; null for the connection's current one.</summary>
    public string? Schema { get; init; }

    /// <summary>The journal table whose rows (with DbUp's <c>schemaversions</c>) say what is applied.</summary>
    public string Table { get; init; } = ParityJournal.DefaultTable;

    /// <summary>Lets a script that controls its own transaction run (tests only: to prove the check after each script).</summary>
    internal bool SkipTransactionControlCheck { get; init; }

    /// <summary>Removes secrets from a text that may quote the connection string (a driver's message).</summary>
    public Func<string, string> Scrub { get; init; } = text => text;
}

/// <summary>What a dry run found: findings (none that is an error when it passed), and the scripts it ran.</summary>
public sealed record DryRunResult(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Pending, IReadOnlyList<string> Ran, string Summary)
{
    /// <summary>Whether every pending script ran without error (or nothing was pending).</summary>
    public bool Passed => Findings.All(finding => finding.Severity != Severity.Error);
}
