using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests;

/// <summary>
/// Which migration set a replica check is for, decided before anything connects: the connection string points at a
/// documentation address (TEST-NET-3) that would only time out, so a finding that comes back at once never connected.
/// </summary>
[TestClass]
public sealed class MigrationSetSettingTests
{
    private const string Unreachable = "Host=203.0.113.7;Port=5432;Database=app;Username=u;Password=p;Timeout=30";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Several_sets_without_a_named_one_are_PARITY2008_naming_the_sets_without_connecting()
    {
        using var project = new TestProject();
        var scripts = Sets(project);

        var result = await ReplicaCheck.RunAsync(scripts, null, [], new ReplicaSettings(Unreachable) { Provider = "postgres" }, TestContext.CancellationToken);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2008", finding.Code);
        StringAssert.Contains(finding.Message, "the project has 2 migration sets ('billing', 'orders')");
        StringAssert.Contains(finding.Message, "ParityReplicaSet");
    }

    [TestMethod]
    public async Task A_set_name_the_project_does_not_have_is_PARITY2008_listing_the_sets()
    {
        using var project = new TestProject();
        var scripts = Sets(project);

        var result = await ReplicaCheck.RunAsync(scripts, null, [], new ReplicaSettings(Unreachable) { Provider = "postgres", Set = "invoices" }, TestContext.CancellationToken);

        StringAssert.Contains(result.Findings.Single().Message, "there is no migration set 'invoices'; the project's sets are 'billing', 'orders'");
    }

    private static IReadOnlyList<ScriptFile> Sets(TestProject project)
    {
        project.Script("Migrations/orders/V1__a.sql", "SELECT 1;\n").Script("Migrations/billing/V1__a.sql", "SELECT 1;\n");
        return [.. project.Scripts.Select(script => script with { Set = script.RelativePath.Split('/')[1] })];
    }
}
