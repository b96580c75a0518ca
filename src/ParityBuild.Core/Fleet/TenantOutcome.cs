using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Fleet;

/// <summary>Where a tenant stands, worst first as <see cref="TenantOutcome.State"/> picks it.</summary>
public enum TenantState
{
    Clean,
    Pending,
    Drifted,
    NotChecked,
    Locked,
    Unreachable,
}

/// <summary>
/// One tenant's replica check: its findings as the check made them (messages naming its database) and the scripts
/// still pending there, by path.
/// </summary>
public sealed record TenantOutcome(string Tenant, IReadOnlyList<Finding> Findings, IReadOnlyList<string> Pending)
{
    // Findings that say nothing is wrong with the tenant: pending scripts, a checksum a tool stores none of, and a schema
    // snapshot captured for other migrations (the same for every tenant).
    private static readonly HashSet<string> Benign = new(StringComparer.Ordinal)
    {
        Diagnostics.PendingMigrations.Code, Diagnostics.ChecksumNotCompared.Code, Diagnostics.SchemaSnapshotStale.Code,
    };

    private static readonly HashSet<string> Unchecked = new(StringComparer.Ordinal)
    {
        Diagnostics.NoHistoryTable.Code, Diagnostics.ReplicaSettingInvalid.Code, Diagnostics.InternalError.Code,
    };

    public TenantState State
    {
        get
        {
            if (Has(Diagnostics.ReplicaUnreachable.Code))
            {
                return TenantState.Unreachable;
            }

            if (Findings.Any(finding => finding.Code == Diagnostics.HistoryLocked.Code && finding.Severity != Severity.Message))
            {
                return TenantState.Locked;
            }

            if (Findings.Any(finding => Unchecked.Contains(finding.Code)))
            {
                return TenantState.NotChecked;
            }

            return Findings.Any(finding => !Benign.Contains(finding.Code)) ? TenantState.Drifted
                : Pending.Count > 0 || Has(Diagnostics.PendingMigrations.Code) ? TenantState.Pending
                : TenantState.Clean;
        }
    }

    private bool Has(string code) => Findings.Any(finding => finding.Code == code);
}
