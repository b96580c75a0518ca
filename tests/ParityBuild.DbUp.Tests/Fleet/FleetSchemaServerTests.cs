using ParityBuild.Core.Fleet;
using ParityBuild.Core.Schema;
using ParityBuild.Replica;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Fleet;
using ParityBuild.Replica.Schema;

namespace ParityBuild.DbUp.Tests.Fleet;

/// <summary>
/// The fleet check's schema drift on real tenant fleets, migrated by DbUp through ParityBuild's journal, with an index
/// made in every tenant and a snapshot captured from the first: a column added by hand or an index dropped in a few
/// tenants, and exactly those tenants reported with the replica check's codes; the others clean by their catalog's
/// fingerprint alone, without a capture. One fleet per class.
/// </summary>
public abstract class FleetSchemaServerTests
{
    public TestContext TestContext { get; set; } = null!;

    protected abstract TenantFleet Fleet { get; }

    protected abstract string SnapshotFile { get; }

    /// <summary>The tenants with schema drift, and the codes each must have; every other tenant must have none.</summary>
    protected abstract IReadOnlyDictionary<int, string[]> Expected { get; }

    /// <summary>Gives every tenant an index, captures the first tenant's schema into a snapshot, then runs <paramref name="drift"/>.</summary>
    protected static async Task<string> SnapshotThenDriftAsync(TenantFleet fleet, Func<TenantFleet, Task> drift)
    {
        foreach (var tenant in fleet.Tenants)
        {
            await fleet.TenantAsync(tenant, "CREATE INDEX orders_user ON orders (user_id)");
        }

        var first = fleet.Tenants[0];
        var captured = await ReplicaCheck.CaptureSchemaAsync(
            new ReplicaSettings(fleet.Template.Replace("{tenant}", first, StringComparison.Ordinal), "PARITY_FLEET") { Provider = fleet.IsPostgres ? "postgres" : "mysql" },
            fleet.SharedDatabase is null ? [] : [first],
            null,
            CancellationToken.None);
        Assert.IsNotNull(captured.Snapshot, string.Join("\n", captured.Findings));
        var file = Path.Combine(fleet.Folder, "migrations.schema.json");
        SnapshotWriter.Write(file, captured.Snapshot);
        await drift(fleet);
        return file;
    }

    protected static async Task DropAsync(TenantFleet? fleet)
    {
        if (fleet is not null)
        {
            await fleet.DisposeAsync();
        }
    }

    protected FleetRequest Request() =>
        new(new ReplicaSettings(Fleet.Template, "PARITY_FLEET")
        {
            Provider = Fleet.IsPostgres ? "postgres" : "mysql",
            HistorySchema = Fleet.SharedDatabase is null ? null : "{tenant}",
            Timeouts = new ReplicaTimeouts(ConnectSeconds: 5, StatementSeconds: 10, LockSeconds: 2),
            Schema = new SchemaSettings(SnapshotFile),
        })
        {
            Tenants = [.. Fleet.Tenants.Select(tenant => new FleetTenant(tenant))],
        };

    protected async Task<FleetCheck.Outcome> RunAsync(FleetRequest request)
    {
        var outcome = await FleetCheck.RunAsync(request, Fleet.Repository, null, TestContext.CancellationToken);
        Assert.AreEqual(0, outcome.Problems.Count, string.Join("\n", outcome.Problems));
        return outcome;
    }

    /// <summary>
    /// Counts the statements the driver traces on the clean tenants of a fleet of databases, but for those that open a
    /// session (<paramref name="opening"/>: the start of each and how many a session sends as it opens): three each, and for one of them a
    /// <paramref name="capture"/>.
    /// </summary>
    protected async Task AssertStatementsOfCleanTenantsAsync(string driver, (string Start, int PerTenant)[] opening, int capture)
    {
        var clean = Fleet.Tenants.Where((_, index) => !Expected.ContainsKey(index)).ToHashSet();
        using var statements = new DriverStatements(driver, clean);

        var outcome = await RunAsync(Request());

        Assert.AreEqual(clean.Count, outcome.Result!.Count(TenantState.Clean), outcome.Result.Summary);
        var counts = statements.Counts;
        foreach (var (start, perTenant) in opening)
        {
            Assert.AreEqual(perTenant * clean.Count, statements.Texts.Count(text => text.StartsWith(start, StringComparison.Ordinal)), $"'{start}…' as sessions open\n{counts}");
        }

        var queries = statements.Texts.Where(text => !opening.Any(open => text.StartsWith(open.Start, StringComparison.Ordinal))).ToList();
        Assert.AreEqual(3 * clean.Count + capture, queries.Count, counts);
    }

    [TestMethod]
    public async Task Exactly_the_tenants_with_schema_drift_are_reported_with_the_replica_check_s_codes_and_the_others_are_clean()
    {
        AssertExpected((await RunAsync(Request())).Result!);
    }

    /// <summary>Exactly the <see cref="Expected"/> tenants are drifted, each with its codes, and the others clean.</summary>
    protected void AssertExpected(FleetResult result)
    {
        Assert.AreEqual(Fleet.Tenants.Count, result.Tenants.Count);
        foreach (var tenant in result.Tenants)
        {
            var expected = Expected.TryGetValue(Fleet.Tenants.IndexOf(tenant.Tenant), out var codes) ? codes : [];
            CollectionAssert.AreEquivalent(expected, tenant.Findings.Select(finding => finding.Code).Distinct().ToArray(), $"{tenant.Tenant}: {string.Join("\n", tenant.Findings)}");
        }

        var drifted = Expected.Keys.Order().Select(Fleet.Tenant).ToList();
        Assert.AreEqual(
            $"{Fleet.Tenants.Count} tenants: {Fleet.Tenants.Count - drifted.Count} clean, 0 pending, {drifted.Count} drifted ({string.Join(", ", drifted)}), 0 unreachable.",
            result.Summary);
        Assert.IsTrue(result.HasErrors, "schema drift fails the build, as in the replica check");
    }

    [TestMethod]
    public async Task Only_the_first_clean_tenant_and_the_drifted_ones_are_captured_the_others_match_by_their_fingerprint()
    {
        var outcome = await RunAsync(Request());

        // However many sessions run at once: a fingerprint that matched is captured once, a drifted tenant always.
        Assert.AreEqual((1 + Expected.Count, Fleet.Tenants.Count - 1 - Expected.Count), outcome.Schemas, outcome.Result!.Summary);
    }

    [TestMethod]
    public async Task Each_drifted_tenant_gets_its_own_repair_sql_a_clean_tenant_loses_an_earlier_check_s_and_a_check_without_schemas_leaves_them()
    {
        var folder = Path.Combine(Fleet.Folder, "repairs-" + Guid.NewGuid().ToString("N"));
        var clean = Fleet.Tenants.Where((_, index) => !Expected.ContainsKey(index)).First();
        Directory.CreateDirectory(Path.Combine(folder, clean));
        File.WriteAllText(Path.Combine(folder, clean, SchemaCheck.SchemaRepairFile), "-- an earlier check's, when this tenant had drifted");

        var settings = new FleetRunSettings(Fleet.Folder, "PARITY_FLEET", Fleet.Template)
        {
            Scripts = Fleet.Repository.Scripts,
            Tenants = [.. Fleet.Tenants.Select(tenant => new FleetTenant(tenant))],
            Provider = Fleet.IsPostgres ? "postgres" : "mysql",
            HistorySchema = Fleet.SharedDatabase is null ? "" : "{tenant}",
            SchemaFile = SnapshotFile,
            RepairDirectory = folder,
            ConnectTimeout = "5",
            StatementTimeout = "10",
            LockTimeout = "2",
        };
        var output = await FleetRun.CheckAsync(settings, null, TestContext.CancellationToken);

        var drifted = Expected.Keys.Order().Select(Fleet.Tenant).ToList();
        CollectionAssert.AreEquivalent(drifted, Directory.GetDirectories(folder).Select(Path.GetFileName).ToList(), string.Join("\n", output.Lines.Select(line => line.Text)));
        foreach (var tenant in drifted)
        {
            // The replica check's own repair for that tenant: it names the tenant's database (or schema), and undoes its drift.
            var sql = File.ReadAllText(Path.Combine(folder, tenant, SchemaCheck.SchemaRepairFile));
            StringAssert.Contains(sql, tenant);
            Assert.IsTrue(sql.Contains("DROP COLUMN", StringComparison.Ordinal) || sql.Contains("CREATE INDEX", StringComparison.Ordinal), sql);
        }

        var line = output.Lines.Single(line => line.Text.StartsWith("ParityBuild fleet: repair SQL", StringComparison.Ordinal)).Text;
        StringAssert.Contains(line, $"for {FleetResult.Describe(drifted)}, a folder each in {folder}");

        // A check that compares no schema says nothing about it: the drifted tenants' repair SQL stays.
        await FleetRun.CheckAsync(settings with { SchemaCompare = false }, null, TestContext.CancellationToken);
        CollectionAssert.AreEquivalent(drifted, Directory.GetDirectories(folder).Select(Path.GetFileName).ToList());
        Assert.IsTrue(drifted.All(tenant => File.Exists(Path.Combine(folder, tenant, SchemaCheck.SchemaRepairFile))));
    }

    [TestMethod]
    public async Task A_problem_shared_by_several_tenants_is_reported_once_with_them_all()
    {
        var result = (await RunAsync(Request())).Result!;

        foreach (var group in Expected.SelectMany(pair => pair.Value.Select(code => (Code: code, Tenant: Fleet.Tenant(pair.Key)))).GroupBy(pair => pair.Code))
        {
            var problems = result.Problems.Where(problem => problem.Finding.Code == group.Key).ToList();
            CollectionAssert.AreEquivalent(group.Select(pair => pair.Tenant).ToList(), problems.SelectMany(problem => problem.Tenants).ToList(), group.Key);
        }
    }
}

[TestClass]
public sealed class PostgresFleetSchemaTests : FleetSchemaServerTests
{
    private const int FirstColumn = 5;
    private const int SecondColumn = 9;
    private const int NoIndex = 13;

    private static TenantFleet _fleet = null!;
    private static string _snapshot = "";

    protected override TenantFleet Fleet => _fleet;

    protected override string SnapshotFile => _snapshot;

    protected override IReadOnlyDictionary<int, string[]> Expected { get; } = new Dictionary<int, string[]>
    {
        [FirstColumn] = ["PARITY3002"], [SecondColumn] = ["PARITY3002"], [NoIndex] = ["PARITY3001"],
    };

    [ClassInitialize]
    public static async Task CreateFleetAsync(TestContext _)
    {
        _fleet = await TenantFleet.DatabasesAsync(postgres: true, 20);
        _snapshot = await SnapshotThenDriftAsync(_fleet, async fleet =>
        {
            await fleet.TenantAsync(fleet.Tenant(FirstColumn), "ALTER TABLE users ADD nickname text");
            await fleet.TenantAsync(fleet.Tenant(SecondColumn), "ALTER TABLE users ADD nickname text");
            await fleet.TenantAsync(fleet.Tenant(NoIndex), "DROP INDEX orders_user");
        });
    }

    [ClassCleanup]
    public static Task DropFleetAsync() => DropAsync(_fleet);

    [TestMethod]
    public async Task The_column_added_in_two_tenants_is_one_problem_naming_both()
    {
        var result = (await RunAsync(Request())).Result!;

        var problem = result.Problems.Single(problem => problem.Finding.Code == "PARITY3002");
        CollectionAssert.AreEqual(new[] { _fleet.Tenant(FirstColumn), _fleet.Tenant(SecondColumn) }, problem.Tenants.ToArray());
        StringAssert.Contains(problem.Finding.Message, "public.users.nickname");
    }

    [TestMethod]
    public async Task A_clean_tenant_costs_three_queries_after_its_session_opens_and_only_one_clean_tenant_is_captured()
    {
        // After the session proves itself read-only: three (the history's rows and the catalog's fingerprint in one); a
        // full capture is nine more (the schemas, then one per kind of object), for one clean tenant only.
        await AssertStatementsOfCleanTenantsAsync("Npgsql", [("SHOW transaction_read_only", 0)], capture: 9);
    }
}

[TestClass]
public sealed class PostgresSchemaPerTenantFleetSchemaTests : FleetSchemaServerTests
{
    private const int Column = 2;
    private const int NoIndex = 6;

    private static TenantFleet _fleet = null!;
    private static string _snapshot = "";

    protected override TenantFleet Fleet => _fleet;

    protected override string SnapshotFile => _snapshot;

    protected override IReadOnlyDictionary<int, string[]> Expected { get; } = new Dictionary<int, string[]>
    {
        [Column] = ["PARITY3002"], [NoIndex] = ["PARITY3001"],
    };

    [ClassInitialize]
    public static async Task CreateFleetAsync(TestContext _)
    {
        _fleet = await TenantFleet.SchemasAsync(10);

        // A key whose definition the server prints with the referenced table's schema unless that schema is on the search
        // path: a tenant read on a session still on another tenant's search path would not match the snapshot.
        foreach (var tenant in _fleet.Tenants)
        {
            await _fleet.TenantAsync(tenant, "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)");
        }

        _snapshot = await SnapshotThenDriftAsync(_fleet, async fleet =>
        {
            await fleet.TenantAsync(fleet.Tenant(Column), "ALTER TABLE users ADD nickname text");
            await fleet.TenantAsync(fleet.Tenant(NoIndex), "DROP INDEX orders_user");
        });
    }

    [ClassCleanup]
    public static Task DropFleetAsync() => DropAsync(_fleet);

    [TestMethod]
    public async Task Each_tenant_s_own_schema_is_compared_and_named_in_its_finding()
    {
        var result = (await RunAsync(Request())).Result!;

        StringAssert.Contains(result.Problems.Single(problem => problem.Finding.Code == "PARITY3002").Finding.Message, "{tenant}.users.nickname");
        StringAssert.Contains(result.Problems.Single(problem => problem.Finding.Code == "PARITY3001").Finding.Message, "orders_user on {tenant}.orders");
    }

    [TestMethod]
    public async Task The_tenants_take_turns_on_as_many_sessions_as_are_checked_at_once_each_on_its_own_search_path()
    {
        var outcome = await RunAsync(Request() with { Concurrency = "2" });

        Assert.IsTrue(outcome.SharedSessions is 1 or 2, $"{outcome.SharedSessions} sessions for {_fleet.Tenants.Count} tenants, 2 at once");
        AssertExpected(outcome.Result!);
    }

    [TestMethod]
    public async Task Without_sharing_each_tenant_has_its_own_session_and_the_result_is_the_same()
    {
        var outcome = await RunAsync(Request() with { ShareSessions = false });

        Assert.IsNull(outcome.SharedSessions);
        AssertExpected(outcome.Result!);
    }
}

[TestClass]
public sealed class MariaDbFleetSchemaTests : FleetSchemaServerTests
{
    private const int Column = 3;

    private static TenantFleet _fleet = null!;
    private static string _snapshot = "";

    protected override TenantFleet Fleet => _fleet;

    protected override string SnapshotFile => _snapshot;

    protected override IReadOnlyDictionary<int, string[]> Expected { get; } = new Dictionary<int, string[]>
    {
        [Column] = ["PARITY3002"],
    };

    [ClassInitialize]
    public static async Task CreateFleetAsync(TestContext _)
    {
        _fleet = await TenantFleet.DatabasesAsync(postgres: false, 8);
        _snapshot = await SnapshotThenDriftAsync(_fleet, fleet => fleet.TenantAsync(fleet.Tenant(Column), "ALTER TABLE users ADD nickname varchar(40)"));
    }

    [ClassCleanup]
    public static Task DropFleetAsync() => DropAsync(_fleet);

    [TestMethod]
    public async Task A_clean_tenant_costs_three_queries_after_its_session_opens_and_only_one_clean_tenant_is_captured()
    {
        // After the session's settings and the proof it is read-only: three; a full capture is ten more (the connection's
        // database, its existence, then one per kind of object and the routine privileges).
        await AssertStatementsOfCleanTenantsAsync("MySqlConnector", [("SET SESSION ", 1), ("SELECT @@session.", 0)], capture: 10);
    }
}
