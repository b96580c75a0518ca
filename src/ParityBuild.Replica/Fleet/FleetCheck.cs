using ParityBuild.Core.Findings;
using ParityBuild.Core.Fleet;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica.Fleet;

/// <summary>
/// ParityFleetCheck: the replica check on every tenant of a fleet against one repository side — the scripts hashed and
/// discovered once, by the caller — with at most <see cref="FleetRequest.Concurrency"/> sessions at once, each one
/// read-only and under the replica timeouts. A tenant that cannot be reached or is locked is that tenant's finding; the
/// others go on. Each tenant costs the replica check's three queries after connecting (find the history table, look at
/// its locks, read it). With a schema snapshot, the third also fingerprints the tenant's catalog on the server, and only
/// a tenant whose fingerprint is not that of a tenant that matched the snapshot is captured and compared in full
/// (<see cref="CleanCatalogs"/>).
/// </summary>
public static class FleetCheck
{
    public const int DefaultConcurrency = 16;

    /// <summary>The outcome of a run: the grouped result, or the findings that kept it from running (a wrong setting, no tenants).</summary>
    public sealed record Outcome(FleetResult? Result, IReadOnlyList<Finding> Problems, int Concurrency)
    {
        /// <summary>How the schemas were compared, when a snapshot was: tenants captured in full, and tenants that matched by their fingerprint.</summary>
        public (int Captured, int MatchedByFingerprint)? Schemas { get; init; }

        /// <summary>Each tenant this run checked with its repair SQL (none for a clean one), in the tenants' order.</summary>
        public IReadOnlyList<TenantRepairs> Repairs { get; init; } = [];

        /// <summary>The sessions the tenants took turns on (a schema per tenant: <see cref="SharedSessions"/>); null when each had its own.</summary>
        public int? SharedSessions { get; init; }
    }

    /// <summary>
    /// The repair scripts a tenant's check made (never run), as the replica check makes them for one replica; null when
    /// its schema was not compared (unreachable, locked, no snapshot), which says nothing about an earlier check's files.
    /// </summary>
    public sealed record TenantRepairs(TenantOutcome Tenant, IReadOnlyList<RepairFile>? Files);

    /// <param name="progress">Told the number of tenants checked so far and the number to check, after each tenant.</param>
    public static async Task<Outcome> RunAsync(FleetRequest request, RepositorySide repository, Action<int, int>? progress, CancellationToken cancellation)
    {
        var problems = new List<Finding>();
        var shard = FleetShard.Parse(request.Shard);
        var limit = UnreachableLimit.Parse(request.MaxUnreachable);
        var concurrency = ParseConcurrency(request.Concurrency);
        if (shard is null || limit is null || concurrency is null)
        {
            problems.Add(Diagnostics.FleetSettingInvalid.At(null,
                shard is null ? $"ParityFleetShard is '{request.Shard}'; expected k/n with 1 ≤ k ≤ n (this job's share of n), or empty for the whole fleet."
                : limit is null ? $"ParityFleetMaxUnreachable is '{request.MaxUnreachable}'; expected a count (5) or a percentage (10%)."
                : $"ParityFleetConcurrency is '{request.Concurrency}'; expected a whole number from 1 to 256."));
            return new Outcome(null, problems, 0);
        }

        var template = request.Replica.ConnectionString;
        if (string.IsNullOrWhiteSpace(template))
        {
            problems.Add(Diagnostics.FleetSettingInvalid.At(null, $"the environment variable {request.Replica.VariableName} is not set (or empty). Set it to the connection string with {FleetRequest.Placeholder} where each tenant's database goes, e.g. {request.Replica.VariableName}='Host=db;Database={FleetRequest.Placeholder};Username=reader;Password=…'."));
            return new Outcome(null, problems, concurrency.Value);
        }

        if (!template.Contains(FleetRequest.Placeholder, StringComparison.Ordinal)
            && request.Replica.HistorySchema?.Contains(FleetRequest.Placeholder, StringComparison.Ordinal) != true
            && request.Tenants.All(tenant => tenant.HistorySchema?.Contains(FleetRequest.Placeholder, StringComparison.Ordinal) != true))
        {
            // Without the placeholder every tenant would be the same database: say so rather than check it N times.
            problems.Add(Diagnostics.FleetSettingInvalid.At(null, $"the connection string in {request.Replica.VariableName} holds no {FleetRequest.Placeholder}, and neither does ParityHistorySchema: put {FleetRequest.Placeholder} where each tenant's database (or schema) name goes."));
            return new Outcome(null, problems, concurrency.Value);
        }

        var tenants = await ListTenantsAsync(request, problems, cancellation).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return new Outcome(null, problems, concurrency.Value);
        }

        var mine = tenants.Where(tenant => shard.Includes(tenant.Name)).ToList();
        if (tenants.Count == 0)
        {
            problems.Add(Diagnostics.NoTenants.At(null, ""));
            return new Outcome(null, problems, concurrency.Value);
        }

        // The snapshot is read once for the whole fleet; an unreadable one is the fleet's problem, not each tenant's.
        CleanCatalogs? clean = null;
        if (request.Replica.Schema is { } schema)
        {
            var (document, problem) = SchemaCheck.ReadSnapshot(schema.SnapshotFile);
            if (document is null)
            {
                return new Outcome(null, [problem!], concurrency.Value);
            }

            clean = new CleanCatalogs(document);
            request = request with { Replica = request.Replica with { Schema = schema with { CleanCatalogs = clean } } };
        }

        await using var shared = request.ShareSessions ? Share(mine, request.Replica) : null;
        var checks = await CheckAsync(mine, request.Replica, repository, concurrency.Value, progress, cancellation, shared).ConfigureAwait(false);
        return new Outcome(new FleetResult([.. checks.Select(check => check.Tenant)], limit, shard.Count == 1 ? null : shard), [], concurrency.Value)
        {
            Schemas = clean is null ? null : (clean.Captured, clean.MatchedByFingerprint),
            Repairs = checks,
            SharedSessions = shared?.Opened,
        };
    }

    /// <summary>
    /// Sessions the tenants can take turns on, when two tenants' connection strings show that they may (a schema per
    /// tenant, in one PostgreSQL database); null when each tenant needs its own (a database per tenant), or cannot say.
    /// </summary>
    private static SharedSessions? Share(IReadOnlyList<FleetTenant> tenants, ReplicaSettings fleet)
    {
        if (tenants.Count < 2)
        {
            return null;
        }

        try
        {
            ReplicaTarget Target(FleetTenant tenant) => ReplicaConnectionParser.Parse(tenant.Settings(fleet).ConnectionString, tenant.Settings(fleet).Provider, fleet.VariableName);
            return SharedSessions.For(Target(tenants[0]), Target(tenants[1]));
        }
        catch (Exception)
        {
            // A connection string that cannot be read: each tenant's check reports it, without the secret.
            return null;
        }
    }

    /// <summary>Runs the replica check on each tenant, <paramref name="concurrency"/> at once, in the tenants' order.</summary>
    internal static async Task<IReadOnlyList<TenantRepairs>> CheckAsync(
        IReadOnlyList<FleetTenant> tenants, ReplicaSettings fleet, RepositorySide repository, int concurrency, Action<int, int>? progress, CancellationToken cancellation,
        SharedSessions? shared = null)
    {
        var outcomes = new TenantRepairs[tenants.Count];
        var done = 0;
        progress?.Invoke(0, tenants.Count);
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellation };
        await Parallel.ForEachAsync(Enumerable.Range(0, tenants.Count), options, async (index, token) =>
        {
            var tenant = tenants[index];
            var side = fleet.Schema is { } schema ? repository with { Schema = tenant.Schema(schema, fleet) } : repository;
            var result = await ReplicaCheck.RunAsync(tenant.Settings(fleet), side, token, shared).ConfigureAwait(false);
            var pending = result.Statuses.Where(status => status.State == ReplicaState.Pending).Select(status => status.Path ?? status.Description).ToList();
            outcomes[index] = new TenantRepairs(new TenantOutcome(tenant.Name, result.Findings, pending), result.SchemaChecked ? result.Repairs : null);
            progress?.Invoke(Interlocked.Increment(ref done), tenants.Count);
        }).ConfigureAwait(false);
        return outcomes;
    }

    private static int? ParseConcurrency(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? DefaultConcurrency
            : int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 256 ? value
            : null;
    }

    /// <summary>The items, then the file's names, then the query's, each name once (the first one's metadata wins).</summary>
    private static async Task<IReadOnlyList<FleetTenant>> ListTenantsAsync(FleetRequest request, List<Finding> problems, CancellationToken cancellation)
    {
        var tenants = new List<FleetTenant>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(FleetTenant tenant)
        {
            if (seen.Add(tenant.Name))
            {
                tenants.Add(tenant);
            }
        }

        var itemNames = TenantList.Distinct(request.Tenants.Select(tenant => tenant.Name), "A ParityTenant item", problems);
        foreach (var tenant in request.Tenants.Where(tenant => itemNames.Contains(tenant.Name.Trim())))
        {
            Add(tenant with { Name = tenant.Name.Trim() });
        }

        if (request.TenantsFile.Trim().Length > 0)
        {
            foreach (var name in TenantList.ReadFile(request.TenantsFile.Trim(), problems))
            {
                Add(new FleetTenant(name));
            }
        }

        if (request.Query.Trim().Length > 0)
        {
            foreach (var name in TenantList.Distinct(await QueryTenantsAsync(request, problems, cancellation).ConfigureAwait(false), "ParityFleetQuery", problems))
            {
                Add(new FleetTenant(name));
            }
        }

        return tenants;
    }

    /// <summary>
    /// Runs ParityFleetQuery on a read-only session where <c>{tenant}</c> is empty (PostgreSQL: the user's default
    /// database; MySQL: none), and takes its first column. A failure is PARITY6003, without the connection string.
    /// </summary>
    private static async Task<IReadOnlyList<string>> QueryTenantsAsync(FleetRequest request, List<Finding> problems, CancellationToken cancellation)
    {
        var settings = request.Replica;
        ReplicaTarget? target = null;
        try
        {
            target = ReplicaConnectionParser.Parse(settings.ConnectionString?.Replace(FleetRequest.Placeholder, "", StringComparison.Ordinal), settings.Provider, settings.VariableName);
            await using var session = await ReplicaSession.OpenAsync(target, settings.Timeouts, cancellation).ConfigureAwait(false);
            var rows = await session.QueryAsync(request.Query, cancellation).ConfigureAwait(false);
            return [.. rows.Select(row => Convert.ToString(row.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture) ?? "")];
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (ReplicaException exception)
        {
            problems.Add(Diagnostics.TenantQueryFailed.At(null, exception.Message));
        }
        catch (Exception exception)
        {
            // A driver's text may quote what it refused; it is shown only when it holds no secret, and never before parsing.
            problems.Add(Diagnostics.TenantQueryFailed.At(null, target is null
                ? $"{settings.VariableName} cannot be read as a connection string ({exception.GetType().Name})."
                : $"{exception.GetType().Name}: {target.Scrub(exception.Message)}"));
        }

        return [];
    }
}
