using ParityBuild.Core.Schema;
using ParityBuild.Replica.Fleet;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica.Tests.Schema;

/// <summary>
/// How the tenants of a fleet share their schema verdicts, without a database: captures are stand-ins that say whether
/// the tenant matched, and are held open to make several tenants arrive before the first verdict is known.
/// </summary>
[TestClass]
public sealed class CleanCatalogsTests
{
    private static CleanCatalogs New() =>
        new(new SnapshotDocument(new SchemaSnapshot(SchemaSnapshot.Postgres, "PostgreSQL 17", null, ["public"], [], [], [], [], null), new Dictionary<string, int>()));

    [TestMethod]
    public async Task Tenants_that_arrive_while_the_first_with_their_fingerprint_is_captured_wait_for_its_verdict_and_are_not_captured()
    {
        var clean = New();
        var release = new TaskCompletionSource();
        var captures = 0;
        async Task<(string, bool)> Capture()
        {
            Interlocked.Increment(ref captures);
            await release.Task;
            return ("captured", true);
        }

        var tenants = Enumerable.Range(0, 8).Select(_ => clean.CompareAsync("fp", Capture, () => "matched")).ToList();
        release.SetResult();
        var results = await Task.WhenAll(tenants);

        Assert.AreEqual(1, captures);
        Assert.AreEqual(1, results.Count(result => result == "captured"));
        Assert.AreEqual(7, results.Count(result => result == "matched"));
        Assert.AreEqual((1, 7), (clean.Captured, clean.MatchedByFingerprint));
    }

    [TestMethod]
    public async Task Every_tenant_with_a_drifted_fingerprint_is_captured_for_its_own_findings()
    {
        var clean = New();

        var results = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await clean.CompareAsync("drifted", () => Task.FromResult(($"tenant {i}", false)), () => "matched"));
        }

        CollectionAssert.AreEqual(new[] { "tenant 0", "tenant 1", "tenant 2" }, results);
        Assert.AreEqual((3, 0), (clean.Captured, clean.MatchedByFingerprint));
    }

    [TestMethod]
    public async Task Only_a_fingerprint_that_matched_spares_a_capture()
    {
        var clean = New();
        await clean.CompareAsync("a", () => Task.FromResult(("captured", true)), () => "matched");

        Assert.AreEqual("matched", await clean.CompareAsync("a", () => Task.FromResult(("captured", true)), () => "matched"));
        Assert.AreEqual("captured", await clean.CompareAsync("b", () => Task.FromResult(("captured", true)), () => "matched"));
    }

    [TestMethod]
    public async Task When_the_first_capture_fails_the_next_tenant_with_the_fingerprint_captures_and_its_verdict_counts()
    {
        var clean = New();
        var release = new TaskCompletionSource();
        var attempts = 0;
        async Task<(string, bool)> FailsFirst()
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await release.Task;
                throw new TimeoutException("unreachable");
            }

            return ("captured", true);
        }

        var first = clean.CompareAsync("fp", FailsFirst, () => "matched");
        var waiting = Enumerable.Range(0, 3).Select(_ => clean.CompareAsync("fp", FailsFirst, () => "matched")).ToList();
        release.SetResult();

        await Assert.ThrowsExactlyAsync<TimeoutException>(() => first);
        var results = await Task.WhenAll(waiting);
        Assert.AreEqual(2, attempts);
        CollectionAssert.AreEquivalent(new[] { "captured", "matched", "matched" }, results);
        Assert.AreEqual("matched", await clean.CompareAsync("fp", FailsFirst, () => "matched"));
    }

    [TestMethod]
    public void A_tenant_s_schemas_are_ParitySchemas_with_its_name_or_else_its_history_schema_when_that_names_it()
    {
        var fleet = new ReplicaSettings("Host=db;Database=app", "PARITY_FLEET") { HistorySchema = "{tenant}" };
        var tenant = new FleetTenant("acme");

        CollectionAssert.AreEqual(new[] { "acme" }, tenant.Schema(new SchemaSettings("s.json"), fleet).Schemas.ToArray());
        CollectionAssert.AreEqual(new[] { "app_acme", "shared" }, tenant.Schema(new SchemaSettings("s.json") { Schemas = ["app_{tenant}", "shared"] }, fleet).Schemas.ToArray());
        CollectionAssert.AreEqual(new[] { "legacy" }, (tenant with { HistorySchema = "legacy" }).Schema(new SchemaSettings("s.json"), fleet).Schemas.ToArray(), "a tenant's own history schema");
        Assert.AreEqual(0, tenant.Schema(new SchemaSettings("s.json"), fleet with { HistorySchema = "public" }).Schemas.Count, "a database per tenant reads the snapshot's schemas");
    }

    [TestMethod]
    public void A_fingerprint_is_the_server_version_and_every_part_and_none_when_a_part_with_rows_could_not_be_hashed()
    {
        object?[][] rows = [[1L, 3L, "b"], [-1L, 1L, ""], [0L, 2L, "a"]];

        Assert.AreEqual("PostgreSQL 17|-1:1:|0:2:a|1:3:b", CatalogFingerprint.Read(rows, "PostgreSQL 17"));
        Assert.AreNotEqual(CatalogFingerprint.Read(rows, "PostgreSQL 17"), CatalogFingerprint.Read(rows, "PostgreSQL 18"));
        Assert.IsNull(CatalogFingerprint.Read([[0L, 2L, null]], "11.4.5-MariaDB"));
        Assert.AreEqual("11.4.5-MariaDB|0:0:", CatalogFingerprint.Read([[0L, 0L, null]], "11.4.5-MariaDB"));
    }
}
