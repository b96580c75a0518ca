using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ParityBuild.Core.Findings;

namespace ParityBuild.Tasks.Tests;

[TestClass]
public sealed class ScriptItemsTests
{
    private static readonly string Project = Path.Combine(Path.GetTempPath(), "paritybuild-items", "App");

    private static ITaskItem[] Items(params (string Spec, string Set)[] items) =>
        [.. items.Select(item => new TaskItem(item.Spec, new Dictionary<string, string> { ["Set"] = item.Set }))];

    [TestMethod]
    public void A_relative_spec_is_resolved_against_the_project_and_named_relative_to_it()
    {
        var findings = new List<Finding>();

        var scripts = ScriptItems.Read(Items(("Migrations/V1__a.sql", " orders ")), Project, "auto", findings);

        Assert.IsEmpty(findings);
        Assert.AreEqual(Path.Combine(Project, "Migrations", "V1__a.sql"), scripts.Single().FullPath);
        Assert.AreEqual("Migrations/V1__a.sql", scripts.Single().RelativePath);
        Assert.AreEqual("orders", scripts.Single().Set);
    }

    [TestMethod]
    public void The_same_items_give_back_the_remembered_list_and_any_change_is_read_anew()
    {
        var memory = new ScriptItems.Memory();
        var first = ScriptItems.Read(Items(("Migrations/V1__a.sql", ""), ("Migrations/V2__b.sql", "")), Project, "auto", [], memory);

        var same = ScriptItems.Read(Items(("Migrations/V1__a.sql", ""), ("Migrations/V2__b.sql", "")), Project, "auto", [], memory);
        var otherSet = ScriptItems.Read(Items(("Migrations/V1__a.sql", ""), ("Migrations/V2__b.sql", "billing")), Project, "auto", [], memory);
        var otherSpec = ScriptItems.Read(Items(("Migrations/V1__a.sql", ""), ("Migrations/V3__c.sql", "billing")), Project, "auto", [], memory);
        var otherNaming = ScriptItems.Read(Items(("Migrations/V1__a.sql", ""), ("Migrations/V3__c.sql", "billing")), Project, "flyway", [], memory);

        Assert.AreSame(first, same);
        Assert.AreEqual("billing", otherSet[1].Set);
        Assert.AreEqual("Migrations/V3__c.sql", otherSpec[1].RelativePath);
        Assert.AreEqual("flyway", otherNaming[0].Naming);
    }

    [TestMethod]
    public void A_script_outside_the_project_is_a_finding_and_is_not_remembered()
    {
        var memory = new ScriptItems.Memory();
        var findings = new List<Finding>();
        var items = Items(("../Elsewhere/V1__a.sql", ""));

        ScriptItems.Read(items, Project, "auto", findings, memory);
        var again = new List<Finding>();
        ScriptItems.Read(items, Project, "auto", again, memory);

        Assert.AreEqual("PARITY1011", findings.Single().Code, string.Join("\n", findings));
        Assert.HasCount(1, again, "The second read finds it again rather than a remembered, empty list.");
    }
}
