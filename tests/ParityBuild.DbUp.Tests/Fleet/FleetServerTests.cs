using ParityBuild.Core.Findings;
using ParityBuild.Core.Fleet;
using ParityBuild.Replica;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Fleet;

namespace ParityBuild.DbUp.Tests.Fleet;

/// <summary>
/// The fleet check on real tenant fleets, migrated by DbUp through ParityBuild's journal (or with Flyway's history):
/// drift made by hand in a few tenants (a hotfix row, a row deleted, a row's checksum edited, a failed row, a database
/// dropped after it was listed, a history table locked), and exactly those tenants reported, each with its code; the
/// others clean. One fleet per class.
/// </summary>
public abstract class FleetServerTests
{
    protected const int Hotfix = 3;
    protected const int Deleted = 17;
    protected const int Edited = 42;
    protected const int Dropped = 47;
    protected const int Locked = 48;
    protected const int Failed = 5;

    public TestContext TestContext { get; set; } = null!;

    protected abstract TenantFleet Fleet { get; }

    protected abstract string TenantsFile { get; }

    /// <summary>The tenants with drift, and the codes each must have; every other tenant must have none.</summary>
    protected abstract IReadOnlyDictionary<int, string[]> Expected { get; }

    /// <summary>ParityHistory for the fleet; null to let each tenant's table be detected.</summary>
    protected virtual string? History => null;

    /// <summary>Makes the drift in a migrated fleet and writes the tenants file, then drops one listed tenant.</summary>
    protected static async Task<string> DriftAsync(TenantFleet fleet, bool dropOne, bool lockOne)
    {
        await fleet.TenantAsync(fleet.Tenant(Hotfix), "INSERT INTO parity_journal (script_name, sha256, version, applied_at, duration_ms, source) VALUES ('0004_hotfix.sql', NULL, NULL, CURRENT_TIMESTAMP, 1, 'executed')");
        await fleet.TenantAsync(fleet.Tenant(Deleted), "DELETE FROM parity_journal WHERE script_name LIKE '%0003_orders.sql'");
        await fleet.TenantAsync(fleet.Tenant(Edited), "UPDATE parity_journal SET sha256 = '" + new string('0', 64) + "' WHERE script_name LIKE '%0002_email.sql'");
        var file = await TenantsFileAsync(fleet);
        if (dropOne)
        {
            await fleet.DropAsync(fleet.Tenant(Dropped));
        }

        if (lockOne)
        {
            await fleet.LockJournalAsync(fleet.Tenant(Locked));
        }

        return file;
    }

    /// <summary>Lists every tenant in a file, as a nightly job does.</summary>
    protected static async Task<string> TenantsFileAsync(TenantFleet fleet)
    {
        var file = Path.Combine(fleet.Folder, "tenants.txt");
        await File.WriteAllTextAsync(file, "# every tenant, as a nightly job lists them\n" + string.Join("\n", fleet.Tenants) + "\n");
        return file;
    }

    protected FleetRequest Request(string? tenantsFile = null) =>
        new(new ReplicaSettings(Fleet.Template, "PARITY_FLEET")
        {
            Provider = Fleet.IsPostgres ? "postgres" : "mysql",
            History = History ?? "auto",
            HistorySchema = Fleet.SharedDatabase is null ? null : "{tenant}",
            Timeouts = new ReplicaTimeouts(ConnectSeconds: 5, StatementSeconds: 10, LockSeconds: 2),
        })
        {
            TenantsFile = tenantsFile ?? TenantsFile,
            MaxUnreachable = "1",
        };

    protected async Task<FleetResult> RunAsync(FleetRequest request)
    {
        var outcome = await FleetCheck.RunAsync(request, Fleet.Repository, null, TestContext.CancellationToken);
        Assert.AreEqual(0, outcome.Problems.Count, string.Join("\n", outcome.Problems));
        return outcome.Result!;
    }

    /// <summary>
    /// A database made like a clean tenant, listed by <paramref name="query"/> with the fleet's (all but the one dropped
    /// before), then dropped before any tenant is checked: that one is unreachable, the others go on, and with
    /// ParityFleetMaxUnreachable=0 it fails the build.
    /// </summary>
    protected async Task DroppedAfterListingAsync(string query)
    {
        var late = Fleet.Prefix + "_late";
        await Fleet.AddCleanAsync(late);
        try
        {
            var request = Request(tenantsFile: "") with { Query = query, MaxUnreachable = "0" };
            var outcome = await FleetCheck.RunAsync(request, Fleet.Repository, (done, _) =>
            {
                if (done == 0)
                {
                    Fleet.DropAsync(late).GetAwaiter().GetResult();
                }
            }, TestContext.CancellationToken);
            var result = outcome.Result!;

            Assert.AreEqual(Fleet.Tenants.Count, result.Tenants.Count, result.Summary);
            CollectionAssert.AreEqual(new[] { late }, result.Tenants.Where(tenant => tenant.State == TenantState.Unreachable).Select(tenant => tenant.Tenant).ToArray(), result.Summary);
            Assert.AreEqual(Fleet.Tenants.Count - 5, result.Count(TenantState.Clean), "the others go on (a hotfix, a row deleted, a row edited, a table locked): " + result.Summary);
            Assert.AreEqual("PARITY6005", result.FleetFindings.Single().Code, "0 unreachable allowed: the one fails the build");
            Assert.AreEqual(Severity.Error, result.Findings.Single(finding => finding.Code == "PARITY2006").Severity);

            var allowed = new FleetResult(result.Tenants, UnreachableLimit.Parse("1")!);
            Assert.AreEqual(0, allowed.FleetFindings.Count, "1 allows it");
            Assert.AreEqual(Severity.Warning, allowed.Findings.Single(finding => finding.Code == "PARITY2006").Severity);
        }
        finally
        {
            await Fleet.DropAsync(late, ifExists: true);
        }
    }

    [TestMethod]
    public async Task Exactly_the_drifted_tenants_are_reported_each_with_its_code_and_the_others_are_clean()
    {
        var result = await RunAsync(Request());

        Assert.AreEqual(Fleet.Tenants.Count, result.Tenants.Count);
        foreach (var tenant in result.Tenants)
        {
            var index = Fleet.Tenants.IndexOf(tenant.Tenant);
            var expected = Expected.TryGetValue(index, out var codes) ? codes : [];
            CollectionAssert.AreEquivalent(expected, tenant.Findings.Select(finding => finding.Code).Distinct().ToArray(), $"{tenant.Tenant}: {string.Join("\n", tenant.Findings)}");
        }

        foreach (var problem in result.Problems)
        {
            Assert.AreEqual(1, problem.Tenants.Count, $"each drift is in one tenant: {problem.Finding}");
        }

        Assert.AreEqual(Fleet.Tenants.Count - Expected.Count, result.Count(TenantState.Clean), result.Summary);
        Assert.IsTrue(result.HasErrors, "an edited checksum and a hotfix fail the build");
    }

    [TestMethod]
    public async Task Two_shards_merged_give_the_unsharded_result()
    {
        var whole = await RunAsync(Request());
        var files = new List<string>();
        foreach (var k in new[] { 1, 2 })
        {
            var shard = await RunAsync(Request() with { Shard = $"{k}/2" });
            Assert.IsTrue(shard.Tenants.Count > 0 && shard.Tenants.Count < whole.Tenants.Count, shard.Summary);
            var file = Path.Combine(Fleet.Folder, $"shard-{k}.json");
            await File.WriteAllBytesAsync(file, FleetReport.WriteJson(shard));
            files.Add(file);
        }

        var findings = new List<Finding>();
        var merged = FleetReport.Merge(files, UnreachableLimit.Parse("1")!, findings);

        Assert.AreEqual(0, findings.Count, string.Join("\n", findings));
        Assert.AreEqual(whole.Summary, merged!.Summary);
        CollectionAssert.AreEqual(whole.Findings.Select(finding => finding.ToString()).ToList(), merged.Findings.Select(finding => finding.ToString()).ToList());
        Assert.AreEqual(whole.HasErrors, merged.HasErrors);
    }
}

[TestClass]
public sealed class PostgresFleetTests : FleetServerTests
{
    private static TenantFleet _fleet = null!;
    private static string _file = "";

    protected override TenantFleet Fleet => _fleet;

    protected override string TenantsFile => _file;

    protected override IReadOnlyDictionary<int, string[]> Expected { get; } = new Dictionary<int, string[]>
    {
        [Hotfix] = ["PARITY2001"], [Deleted] = ["PARITY2004"], [Edited] = ["PARITY2002"], [Dropped] = ["PARITY2006"], [Locked] = ["PARITY2005"],
    };

    [ClassInitialize]
    public static async Task CreateFleetAsync(TestContext _)
    {
        _fleet = await TenantFleet.DatabasesAsync(postgres: true, 100);
        _file = await DriftAsync(_fleet, dropOne: true, lockOne: true);
    }

    [ClassCleanup]
    public static async Task DropFleetAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task The_summary_counts_the_fleet_and_the_unreachable_tenant_is_a_warning_within_the_allowance()
    {
        var result = await RunAsync(Request());

        Assert.AreEqual($"100 tenants: 95 clean, 1 pending (from 0003_orders.sql: 1), 2 drifted ({_fleet.Tenant(Hotfix)}, {_fleet.Tenant(Edited)}), 1 unreachable, 1 locked.", result.Summary);
        Assert.AreEqual(Severity.Warning, result.Findings.Single(finding => finding.Code == "PARITY2006").Severity);
        StringAssert.Contains(result.Findings.Single(finding => finding.Code == "PARITY2006").Message, $"1 tenant ({_fleet.Tenant(Dropped)}): The replica check could not reach 127.0.0.1/{{tenant}}");
        Assert.AreEqual(0, result.FleetFindings.Count);
    }

    [TestMethod]
    public async Task Tenants_from_a_catalog_query_are_the_databases_that_exist()
    {
        var result = await RunAsync(Request(tenantsFile: "") with { Query = $"SELECT datname FROM pg_database WHERE datname LIKE '{_fleet.Prefix}\\_%' ORDER BY 1" });

        Assert.AreEqual(99, result.Tenants.Count, result.Summary);
        Assert.AreEqual(0, result.Unreachable);
        Assert.AreEqual(2, result.Count(TenantState.Drifted), result.Summary);
    }

    [TestMethod]
    public Task A_database_dropped_after_the_catalog_query_listed_it_is_unreachable_alone_and_ParityFleetMaxUnreachable_decides() =>
        DroppedAfterListingAsync($"SELECT datname FROM pg_database WHERE datname LIKE '{_fleet.Prefix}\\_%' ORDER BY 1");

    [TestMethod]
    public async Task Every_tenant_is_compared_with_one_reading_of_the_scripts_made_once_for_the_fleet()
    {
        var clean = Enumerable.Range(0, 12).Where(i => !Expected.ContainsKey(i)).Select(_fleet.Tenant).ToList();
        var tenants = Path.Combine(_fleet.Folder, "clean-12.txt");
        await File.WriteAllLinesAsync(tenants, clean);
        var script = Path.Combine(_fleet.Folder, "Scripts", "0002_email.sql");
        var text = await File.ReadAllTextAsync(script);
        try
        {
            // One tenant at a time; once the first is checked the script changes: a tenant that read it again would differ.
            var outcome = await FleetCheck.RunAsync(Request(tenants) with { Concurrency = "1" }, _fleet.Repository, (done, _) =>
            {
                if (done == 1)
                {
                    File.AppendAllText(script, "ALTER TABLE users ADD phone varchar(20);\n");
                }
            }, TestContext.CancellationToken);

            Assert.AreEqual(clean.Count, outcome.Result!.Count(TenantState.Clean), outcome.Result.Summary);
        }
        finally
        {
            await File.WriteAllTextAsync(script, text);
        }
    }

    [TestMethod]
    public async Task Each_tenant_costs_three_queries_after_its_session_is_open()
    {
        var clean = Enumerable.Range(0, 40).Where(i => !Expected.ContainsKey(i)).Select(_fleet.Tenant).ToHashSet();
        var tenants = Path.Combine(_fleet.Folder, "clean.txt");
        await File.WriteAllLinesAsync(tenants, clean);

        using var statements = new DriverStatements("Npgsql", clean);

        var result = await RunAsync(Request(tenants));

        Assert.AreEqual(clean.Count, result.Count(TenantState.Clean), result.Summary);
        // No query while the session opens (PostgreSQL 14 and later report it read-only as it starts), then three: find
        // the table, its locks, its rows.
        Assert.AreEqual(3 * clean.Count, statements.Texts.Count, statements.Counts);
    }
}

[TestClass]
public sealed class PostgresSchemaFleetTests : FleetServerTests
{
    private static TenantFleet _fleet = null!;
    private static string _file = "";

    protected override TenantFleet Fleet => _fleet;

    protected override string TenantsFile => _file;

    protected override IReadOnlyDictionary<int, string[]> Expected { get; } = new Dictionary<int, string[]>
    {
        [Hotfix] = ["PARITY2001"], [Deleted] = ["PARITY2004"], [Edited] = ["PARITY2002"], [Locked] = ["PARITY2005"],
    };

    [ClassInitialize]
    public static async Task CreateFleetAsync(TestContext _)
    {
        _fleet = await TenantFleet.SchemasAsync(50);
        _file = await DriftAsync(_fleet, dropOne: false, lockOne: true);
    }

    [ClassCleanup]
    public static async Task DropFleetAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task A_schema_per_tenant_names_the_tenant_s_history_table()
    {
        var result = await RunAsync(Request());

        Assert.AreEqual(2, result.Count(TenantState.Drifted), result.Summary);
        StringAssert.Contains(result.Problems.Single(problem => problem.Finding.Code == "PARITY2002").Finding.Message, "in {tenant}.parity_journal");
    }
}

[TestClass]
public sealed class MariaDbFleetTests : FleetServerTests
{
    private static TenantFleet _fleet = null!;
    private static string _file = "";

    protected override TenantFleet Fleet => _fleet;

    protected override string TenantsFile => _file;

    protected override IReadOnlyDictionary<int, string[]> Expected { get; } = new Dictionary<int, string[]>
    {
        [Hotfix] = ["PARITY2001"], [Deleted] = ["PARITY2004"], [Edited] = ["PARITY2002"], [Dropped] = ["PARITY2006"], [Locked] = ["PARITY2005"],
    };

    [ClassInitialize]
    public static async Task CreateFleetAsync(TestContext _)
    {
        _fleet = await TenantFleet.DatabasesAsync(postgres: false, 50);
        _file = await DriftAsync(_fleet, dropOne: true, lockOne: true);
    }

    [ClassCleanup]
    public static async Task DropFleetAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }

    [TestMethod]
    public Task A_database_dropped_after_the_catalog_query_listed_it_is_unreachable_alone_and_ParityFleetMaxUnreachable_decides() =>
        DroppedAfterListingAsync($"SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '{_fleet.Prefix}\\_%' ORDER BY 1");

    [TestMethod]
    public async Task A_journal_locked_by_LOCK_TABLES_WRITE_is_that_tenant_s_PARITY2005_and_the_others_are_checked()
    {
        var result = await RunAsync(Request());

        var locked = result.Tenants.Single(tenant => tenant.State == TenantState.Locked);
        Assert.AreEqual(_fleet.Tenant(Locked), locked.Tenant, result.Summary);
        StringAssert.Contains(locked.Findings.Single().Message, "parity_journal");
        Assert.AreEqual(45, result.Count(TenantState.Clean), result.Summary);
    }
}

[TestClass]
public sealed class PostgresFlywayFleetTests : FleetServerTests
{
    private static TenantFleet _fleet = null!;
    private static string _file = "";

    protected override TenantFleet Fleet => _fleet;

    protected override string TenantsFile => _file;

    protected override string? History => "flyway";

    protected override IReadOnlyDictionary<int, string[]> Expected { get; } = new Dictionary<int, string[]>
    {
        [Failed] = ["PARITY2003"], [Hotfix] = ["PARITY2001"],
    };

    [ClassInitialize]
    public static async Task CreateFleetAsync(TestContext _)
    {
        _fleet = await TenantFleet.FlywayAsync(20);

        // Flyway records a failed migration (on a database without transactional DDL) with success = false.
        await _fleet.TenantAsync(_fleet.Tenant(Failed), "UPDATE flyway_schema_history SET success = FALSE WHERE version = '3'");
        await _fleet.TenantAsync(_fleet.Tenant(Hotfix), "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES (4, '4', 'hotfix', 'SQL', 'V4__hotfix.sql', 1, 'ops', 1, TRUE)");
        _file = await TenantsFileAsync(_fleet);
    }

    [ClassCleanup]
    public static async Task DropFleetAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task A_failed_row_in_Flyway_s_history_is_that_tenant_s_PARITY2003_alone()
    {
        var result = await RunAsync(Request());

        var failed = result.Problems.Single(problem => problem.Finding.Code == "PARITY2003");
        CollectionAssert.AreEqual(new[] { _fleet.Tenant(Failed) }, failed.Tenants.ToArray());
        Assert.AreEqual(Severity.Error, failed.Finding.Severity);
        Assert.AreEqual(18, result.Count(TenantState.Clean), result.Summary);
    }
}
