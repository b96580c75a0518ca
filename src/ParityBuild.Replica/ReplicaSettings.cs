using ParityBuild.Core.Findings;
using ParityBuild.Replica.Connection;

namespace ParityBuild.Replica;

/// <summary>
/// How to check a replica. <see cref="ConnectionString"/> is the value of the environment variable
/// <see cref="VariableName"/> (read by the caller, never logged); the other values are the MSBuild properties as given
/// (empty or null for their defaults), parsed and validated by <see cref="ReplicaCheck"/> so that a wrong one is PARITY2008.
/// </summary>
public sealed record ReplicaSettings(string? ConnectionString, string VariableName = "PARITY_REPLICA")
{
    /// <summary>auto | postgres | mysql.</summary>
    public string? Provider { get; init; }

    /// <summary>auto | flyway | liquibase | dbup | efcore | schema_migrations | sqitch | postgrator | parity | grate | evolve (and the names <see cref="History.ToolDetection.ParseSetting"/> knows).</summary>
    public string? History { get; init; }

    public string? HistoryTable { get; init; }

    public string? HistorySchema { get; init; }

    /// <summary>A fleet's schema per tenant: the history schema is one of many in the database, which the lookup reads around.</summary>
    internal bool SchemaPerTenant { get; init; }

    /// <summary>The migration set the history table belongs to ("" for the default set).</summary>
    public string Set { get; init; } = "";

    /// <summary>How to compare the physical schema with the committed snapshot; null not to.</summary>
    public Schema.SchemaSettings? Schema { get; init; }

    public ReplicaTimeouts Timeouts { get; init; } = new();

    public Severity PendingSeverity { get; init; } = Severity.Message;

    /// <summary>The severity of "could not check": unreachable (PARITY2006) or locked (PARITY2005).</summary>
    public Severity FailureSeverity { get; init; } = Severity.Error;

    /// <summary>Reads message | warn | warning | error; null for anything else.</summary>
    public static Severity? ParseSeverity(string? text, Severity fallback) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" => fallback,
        "message" or "info" or "none" => Severity.Message,
        "warn" or "warning" => Severity.Warning,
        "error" => Severity.Error,
        _ => null,
    };
}
