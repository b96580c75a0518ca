namespace ParityBuild.Core.Findings;

// The fleet check (PARITY6xxx): many tenant databases against one set of scripts. Each tenant's own findings keep the
// replica check's codes (PARITY2xxx), grouped over the tenants; these codes are about the fleet as a whole.
public static partial class Diagnostics
{
    public static readonly Diagnostic FleetSettingInvalid = new(
        "PARITY6001", Severity.Error, "The fleet check is misconfigured",
        "The fleet check is misconfigured: {0}");

    public static readonly Diagnostic TenantListInvalid = new(
        "PARITY6002", Severity.Error, "The tenant list is invalid",
        "The tenant list is invalid: {0}");

    public static readonly Diagnostic TenantQueryFailed = new(
        "PARITY6003", Severity.Error, "The tenant query failed",
        "The tenant query (ParityFleetQuery) could not be run: {0}");

    public static readonly Diagnostic NoTenants = new(
        "PARITY6004", Severity.Error, "The fleet has no tenants",
        "The fleet check found no tenants{0}: give them as ParityTenant items, in ParityFleetTenantsFile, or with ParityFleetQuery.");

    public static readonly Diagnostic TooManyUnreachable = new(
        "PARITY6005", Severity.Error, "Too many tenants could not be reached",
        "{0} of {1} tenants could not be reached, more than ParityFleetMaxUnreachable allows ({2}); each one is reported above with its cause.");

    public static readonly Diagnostic ShardReportInvalid = new(
        "PARITY6006", Severity.Error, "The shard reports do not make one fleet",
        "The shard reports cannot be merged: {0}");

    /// <summary>The fleet diagnostics, for <see cref="All"/>.</summary>
    private static IReadOnlyList<Diagnostic> FleetDiagnostics =>
        [FleetSettingInvalid, TenantListInvalid, TenantQueryFailed, NoTenants, TooManyUnreachable, ShardReportInvalid];
}
