using System.Globalization;
using System.Text.RegularExpressions;
using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Fleet;

/// <summary>One distinct problem of the fleet: a finding with its tenant's name put as <c>{tenant}</c>, and every tenant that has it.</summary>
public sealed record FleetProblem(Finding Finding, IReadOnlyList<string> Tenants);

/// <summary>
/// The fleet's findings grouped: every distinct problem once with its tenants, the summary line, and whether the build
/// fails. The same from one run or from merged shard reports: it is computed from the tenants' outcomes alone.
/// </summary>
public sealed class FleetResult
{
    /// <summary>How many tenants an MSBuild message names before it says how many more there are.</summary>
    public const int NamedInMessage = 5;

    public FleetResult(IEnumerable<TenantOutcome> tenants, UnreachableLimit limit, FleetShard? shard = null)
    {
        Tenants = [.. tenants.OrderBy(tenant => tenant.Tenant, StringComparer.Ordinal)];
        Limit = limit;
        Shard = shard;
        Unreachable = Tenants.Count(tenant => tenant.State == TenantState.Unreachable);

        // A tenant unreachable within the allowance is a warning; past it every one is an error, and the fleet says why.
        var unreachableSeverity = Unreachable > limit.Allowed(Tenants.Count) ? Severity.Error : Severity.Warning;
        Problems = [.. Tenants
            .SelectMany(tenant => tenant.Findings.Select(finding => (tenant.Tenant, Finding: Generalize(finding, tenant.Tenant, unreachableSeverity))))
            .GroupBy(pair => pair.Finding)
            .Select(group => new FleetProblem(group.Key, [.. group.Select(pair => pair.Tenant).Distinct()]))
            .OrderByDescending(problem => problem.Finding.Severity)
            .ThenBy(problem => problem.Finding.Code, StringComparer.Ordinal)
            .ThenBy(problem => problem.Finding.Message, StringComparer.Ordinal)];
        if (unreachableSeverity == Severity.Error && Unreachable > 0)
        {
            FleetFindings = [Diagnostics.TooManyUnreachable.At(null, Unreachable, Tenants.Count, limit)];
        }
    }

    public IReadOnlyList<TenantOutcome> Tenants { get; }

    public UnreachableLimit Limit { get; }

    /// <summary>The shard this result is of; null for the whole fleet (one run, or merged shards).</summary>
    public FleetShard? Shard { get; }

    public int Unreachable { get; }

    public IReadOnlyList<FleetProblem> Problems { get; }

    /// <summary>Findings about the fleet as a whole (PARITY6005).</summary>
    public IReadOnlyList<Finding> FleetFindings { get; } = [];

    public int Count(TenantState state) => Tenants.Count(tenant => tenant.State == state);

    public bool HasErrors => FleetFindings.Concat(Problems.Select(problem => problem.Finding)).Any(finding => finding.Severity == Severity.Error);

    /// <summary>What the build log shows: each problem once, naming its first tenants and how many there are.</summary>
    public IEnumerable<Finding> Findings => Problems
        .Select(problem => problem.Finding with { Message = $"{Describe(problem.Tenants)}: {problem.Finding.Message}" })
        .Concat(FleetFindings);

    /// <summary>"1000 tenants: 987 clean, 10 pending (from V43__audit.sql: 10), 3 drifted (acme, globex, initech), 0 unreachable".</summary>
    public string Summary
    {
        get
        {
            var pending = Tenants.Where(tenant => tenant.State == TenantState.Pending).ToList();
            var drifted = Tenants.Where(tenant => tenant.State == TenantState.Drifted).Select(tenant => tenant.Tenant).ToList();
            var pendingDetail = pending.Count == 0 ? "" : " (" + string.Join("; ", pending
                .GroupBy(tenant => tenant.Pending.Count == 0 ? "" : Path.GetFileName(tenant.Pending[0]))
                .OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => group.Key.Length == 0 ? Invariant(group.Count()) : $"from {group.Key}: {Invariant(group.Count())}")) + ")";
            var driftedDetail = drifted.Count == 0 ? "" : $" ({Names(drifted)})";
            var text = $"{Invariant(Tenants.Count)} tenants{(Shard is null ? "" : $" (shard {Shard})")}: {Invariant(Count(TenantState.Clean))} clean, "
                + $"{Invariant(pending.Count)} pending{pendingDetail}, {Invariant(drifted.Count)} drifted{driftedDetail}, {Invariant(Unreachable)} unreachable";
            var locked = Count(TenantState.Locked);
            var notChecked = Count(TenantState.NotChecked);
            return text + (locked > 0 ? $", {Invariant(locked)} locked" : "") + (notChecked > 0 ? $", {Invariant(notChecked)} not checked" : "") + ".";
        }
    }

    /// <summary>"3 tenants (acme, globex, initech)", "1 tenant (acme)", "12 tenants (a, b, c, d, e and 7 more)".</summary>
    public static string Describe(IReadOnlyList<string> tenants) =>
        $"{Invariant(tenants.Count)} {(tenants.Count == 1 ? "tenant" : "tenants")} ({Names(tenants)})";

    private static string Names(IReadOnlyList<string> tenants) =>
        tenants.Count <= NamedInMessage ? string.Join(", ", tenants) : $"{string.Join(", ", tenants.Take(NamedInMessage))} and {Invariant(tenants.Count - NamedInMessage)} more";

    /// <summary>
    /// The finding as every tenant with the same problem has it: the tenant's name (in its database's, host's or
    /// schema's name) written <c>{tenant}</c>, and an unreachable tenant at the fleet's severity.
    /// </summary>
    public static Finding Generalize(Finding finding, string tenant, Severity unreachableSeverity)
    {
        var message = Regex.Replace(finding.Message, $"(?<![A-Za-z0-9]){Regex.Escape(tenant)}(?![A-Za-z0-9])", "{tenant}", RegexOptions.CultureInvariant);
        var severity = finding.Code == Diagnostics.ReplicaUnreachable.Code ? unreachableSeverity : finding.Severity;
        return finding with { Message = message, Severity = severity };
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
