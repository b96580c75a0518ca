using System.Text.Json;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Fleet;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Fleet;

[TestClass]
public sealed class FleetResultTests
{
    private static readonly UnreachableLimit None = new(0, false);

    private static TenantOutcome Clean(string tenant) => new(tenant, [], []);

    private static TenantOutcome Pending(string tenant, string script = "Migrations/V43__audit.sql") =>
        new(tenant, [Diagnostics.PendingMigrations.At(script, "1 script is", $"127.0.0.1/{tenant}", script, "")], [script]);

    private static TenantOutcome Edited(string tenant) =>
        new(tenant, [Diagnostics.AppliedChecksumDiffers.At("/repo/Migrations/V2__email.sql", "Migrations/V2__email.sql", "version 2", $"{tenant}.parity_journal", "aa", "bb")], []);

    private static TenantOutcome Unreachable(string tenant) =>
        new(tenant, [Diagnostics.ReplicaUnreachable.At(null, $"127.0.0.1/{tenant}", $"127.0.0.1/{tenant} answered 3D000: database \"{tenant}\" does not exist")], []);

    [TestMethod]
    public void Tenants_with_the_same_problem_are_one_finding_naming_the_first_five_and_the_count()
    {
        var result = new FleetResult([.. Enumerable.Range(1, 7).Select(i => Edited($"tenant_{i:000}")), Clean("tenant_100")], None);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2002", finding.Code);
        StringAssert.StartsWith(finding.Message, "7 tenants (tenant_001, tenant_002, tenant_003, tenant_004, tenant_005 and 2 more): ");
        StringAssert.Contains(finding.Message, "in {tenant}.parity_journal records checksum aa");
        Assert.AreEqual(7, result.Problems.Single().Tenants.Count);
        Assert.IsTrue(result.HasErrors);
    }

    [TestMethod]
    public void The_summary_counts_each_state_and_says_what_is_pending_and_who_drifted()
    {
        var result = new FleetResult([Clean("a"), Clean("b"), Pending("c"), Pending("d"), Pending("e", "Migrations/V42__x.sql"), Edited("globex"), Edited("acme")], None);

        Assert.AreEqual("7 tenants: 2 clean, 3 pending (from V43__audit.sql: 2; from V42__x.sql: 1), 2 drifted (acme, globex), 0 unreachable.", result.Summary);
        Assert.IsTrue(result.HasErrors);
    }

    [TestMethod]
    public void Unreachable_tenants_within_the_allowance_are_warnings_and_past_it_errors_with_PARITY6005()
    {
        var tenants = new[] { Clean("a"), Clean("b"), Clean("c"), Unreachable("d"), Unreachable("e") };

        var within = new FleetResult(tenants, UnreachableLimit.Parse("40%")!);
        var past = new FleetResult(tenants, UnreachableLimit.Parse("1")!);

        Assert.IsFalse(within.HasErrors, string.Join("\n", within.Findings));
        Assert.AreEqual(Severity.Warning, within.Findings.Single().Severity);
        StringAssert.Contains(within.Findings.Single().Message, "could not reach 127.0.0.1/{tenant}: 127.0.0.1/{tenant} answered 3D000: database \"{tenant}\" does not exist");
        Assert.IsTrue(past.HasErrors);
        CollectionAssert.AreEqual(new[] { "PARITY2006", "PARITY6005" }, past.Findings.Select(finding => finding.Code).ToArray());
        StringAssert.StartsWith(past.Findings.Last().Message, "2 of 5 tenants could not be reached, more than ParityFleetMaxUnreachable allows (1)");
    }

    [TestMethod]
    public void A_shard_is_chosen_by_a_stable_hash_and_the_shards_split_the_fleet_exactly()
    {
        var names = Enumerable.Range(0, 1000).Select(i => $"tenant_{i}").ToList();
        var shards = Enumerable.Range(1, 3).Select(k => new FleetShard(k, 3)).ToList();

        var shares = shards.Select(shard => names.Where(shard.Includes).ToList()).ToList();

        Assert.AreEqual(1000, shares.Sum(share => share.Count));
        CollectionAssert.AreEquivalent(names, shares.SelectMany(share => share).ToList());
        Assert.IsTrue(shares.All(share => share.Count is > 250 and < 420), string.Join(", ", shares.Select(share => share.Count)));

        // The same name always falls in the same shard: these values are the hash's, on every machine and run.
        CollectionAssert.AreEqual(new[] { "2", "1", "2" }, new[] { "acme", "globex", "initech" }.Select(name => shards.Single(shard => shard.Includes(name)).Index.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            string.Join(",", new[] { "acme", "globex", "initech" }.Select(name => shards.Single(shard => shard.Includes(name)).Index)));
    }

    [TestMethod]
    [DataRow("0/2")]
    [DataRow("3/2")]
    [DataRow("1")]
    [DataRow("a/b")]
    public void A_shard_that_is_not_k_of_n_is_refused(string text) => Assert.IsNull(FleetShard.Parse(text));

    [TestMethod]
    public void A_tenants_file_skips_comments_and_blank_lines_and_a_bad_name_is_PARITY6002_at_its_line()
    {
        using var folder = new TempFolder();
        var good = Path.Combine(folder.Root, "tenants.txt");
        File.WriteAllText(good, "# our customers\nacme\n\n  globex   # since 2024\ninitech\nacme\n");
        var bad = Path.Combine(folder.Root, "bad.txt");
        File.WriteAllText(bad, "acme\nglobex;Host=evil\n");

        var findings = new List<Finding>();
        var names = TenantList.Distinct(TenantList.ReadFile(good, findings), "the file", findings);
        var refused = TenantList.ReadFile(bad, findings);

        CollectionAssert.AreEqual(new[] { "acme", "globex", "initech" }, names.ToArray());
        Assert.AreEqual(0, refused.Count);
        var finding = findings.Single();
        Assert.AreEqual(("PARITY6002", bad, 2), (finding.Code, finding.File, finding.Line));
        StringAssert.Contains(finding.Message, "'globex;Host=evil', which is not a tenant name");
    }

    [TestMethod]
    [DataRow("..")]
    [DataRow(".")]
    [DataRow("acme/..")]
    [DataRow("a b")]
    [DataRow("")]
    public void A_name_that_could_change_the_connection_string_or_leave_its_repair_folder_is_no_tenant_name(string name)
    {
        Assert.IsFalse(TenantList.IsValidName(name));
        Assert.IsTrue(TenantList.IsValidName("tenant.eu-1$" + name.Replace(" ", "", StringComparison.Ordinal).Replace("/", "", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Two_shard_reports_merged_give_the_unsharded_result_and_a_missing_shard_is_PARITY6006()
    {
        using var folder = new TempFolder();
        var tenants = new[] { Clean("a"), Pending("b"), Edited("acme"), Unreachable("gone"), Clean("e"), Edited("globex") };
        var whole = new FleetResult(tenants, None);
        var files = Enumerable.Range(1, 2).Select(k =>
        {
            var shard = new FleetShard(k, 2);
            var file = Path.Combine(folder.Root, $"shard-{k}.json");
            File.WriteAllBytes(file, FleetReport.WriteJson(new FleetResult(tenants.Where(tenant => shard.Includes(tenant.Tenant)), None, shard)));
            return file;
        }).ToList();

        var findings = new List<Finding>();
        var merged = FleetReport.Merge(files, None, findings)!;
        var incomplete = FleetReport.Merge([files[0]], None, findings);

        Assert.AreEqual(whole.Summary, merged.Summary);
        CollectionAssert.AreEqual(whole.Findings.ToList(), merged.Findings.ToList());
        Assert.AreEqual(whole.HasErrors, merged.HasErrors);
        Assert.IsNull(incomplete);
        Assert.AreEqual("PARITY6006", findings.Single().Code);
        StringAssert.Contains(findings.Single().Message, "shards 2 of 2 are missing or given twice");
    }

    [TestMethod]
    public void The_SARIF_log_has_one_result_per_problem_with_its_tenants_and_is_valid()
    {
        using var folder = new TempFolder();
        var result = new FleetResult([Edited("acme"), Edited("globex"), Unreachable("gone"), Clean("a")], None);

        var sarif = FleetReport.WriteSarif(result, Path.Combine(folder.Root, "app.csproj"));

        using var document = JsonDocument.Parse(sarif);
        Assert.IsTrue(Core.Tests.Reports.ReportTests.SarifSchema.Value.Evaluate(document.RootElement).IsValid);
        var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.AreEqual(3, results.Count, "PARITY2002 once for two tenants, PARITY2006, PARITY6005");
        var edited = results.Single(item => item.GetProperty("ruleId").GetString() == "PARITY2002");
        CollectionAssert.AreEqual(new[] { "acme", "globex" }, edited.GetProperty("properties").GetProperty("tenants").EnumerateArray().Select(name => name.GetString()).ToArray());
        StringAssert.Contains(FleetReport.WriteMarkdown(result), "| [PARITY2002](");
    }
}
