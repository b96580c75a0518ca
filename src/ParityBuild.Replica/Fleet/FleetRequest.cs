using ParityBuild.Core.Fleet;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica.Fleet;

/// <summary>
/// One tenant as a ParityTenant item gives it: its name, and the settings its metadata overrides (null: the fleet's).
/// </summary>
public sealed record FleetTenant(string Name)
{
    public string? Provider { get; init; }

    public string? History { get; init; }

    public string? HistoryTable { get; init; }

    public string? HistorySchema { get; init; }

    public string? Set { get; init; }

    /// <summary>The replica check's settings for this tenant: the fleet's, overridden, with <c>{tenant}</c> put in the connection string and the history schema.</summary>
    internal ReplicaSettings Settings(ReplicaSettings fleet) => fleet with
    {
        ConnectionString = fleet.ConnectionString?.Replace(FleetRequest.Placeholder, Name, StringComparison.Ordinal),
        Provider = Provider ?? fleet.Provider,
        History = History ?? fleet.History,
        HistoryTable = HistoryTable ?? fleet.HistoryTable,
        HistorySchema = (HistorySchema ?? fleet.HistorySchema)?.Replace(FleetRequest.Placeholder, Name, StringComparison.Ordinal),
        SchemaPerTenant = (HistorySchema ?? fleet.HistorySchema)?.Contains(FleetRequest.Placeholder, StringComparison.Ordinal) == true,
        Set = Set ?? fleet.Set,
    };

    /// <summary>
    /// The schema comparison's settings for this tenant: <c>{tenant}</c> put in ParitySchemas; with none given, in a
    /// fleet whose ParityHistorySchema holds <c>{tenant}</c> (a schema per tenant) the tenant's history schema is the
    /// schema compared, not the snapshot's.
    /// </summary>
    internal SchemaSettings Schema(SchemaSettings schema, ReplicaSettings fleet)
    {
        var schemas = schema.Schemas.Count > 0 ? schema.Schemas
            : fleet.HistorySchema?.Contains(FleetRequest.Placeholder, StringComparison.Ordinal) == true ? [(HistorySchema ?? fleet.HistorySchema).Trim()]
            : [];
        return schema with
        {
            Schemas = [.. schemas.Select(name => name.Replace(FleetRequest.Placeholder, Name, StringComparison.Ordinal))],
            SchemaPerTenant = schemas.Any(name => name.Contains(FleetRequest.Placeholder, StringComparison.Ordinal)),
        };
    }
}

/// <summary>
/// What ParityFleetCheck is asked: where the tenants come from (items, a file, a catalog query — all that are given, each
/// name once), the replica check's settings for all of them with <c>{tenant}</c> in the connection string (the value of
/// the environment variable <see cref="ReplicaSettings.VariableName"/>, never logged) or in the history schema (and the
/// schema comparison's, <see cref="ReplicaSettings.Schema"/>, when a snapshot is committed), how many
/// tenants to check at once, how many may be unreachable, and which shard of the fleet this run checks. The texts are
/// the MSBuild properties as given; <see cref="FleetCheck"/> reads them and reports a wrong one as PARITY6001.
/// </summary>
public sealed record FleetRequest(ReplicaSettings Replica)
{
    public const string Placeholder = "{tenant}";

    public IReadOnlyList<FleetTenant> Tenants { get; init; } = [];

    /// <summary>ParityFleetTenantsFile: a full path, or empty.</summary>
    public string TenantsFile { get; init; } = "";

    /// <summary>ParityFleetQuery: a query whose first column lists the tenants, run where <c>{tenant}</c> is empty.</summary>
    public string Query { get; init; } = "";

    public string Concurrency { get; init; } = "";

    public string MaxUnreachable { get; init; } = "";

    public string Shard { get; init; } = "";

    /// <summary>Whether tenants that can share sessions do (see <see cref="SharedSessions"/>); off only to measure what sharing saves.</summary>
    internal bool ShareSessions { get; init; } = true;
}
