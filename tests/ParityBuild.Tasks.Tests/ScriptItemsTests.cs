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
    public void A_script_outside_the_project_is_a_finding_and_a_link_brings_it_in()
    {
        var findings = new List<Finding>();
        var outside = new TaskItem("../Elsewhere/V1__a.sql");
        var linked = new TaskItem("../Elsewhere/V2__b.sql", new Dictionary<string, string> { ["Link"] = "Migrations/V2__b.sql", ["Naming"] = "flyway" });

        var scripts = ScriptItems.Read([outside, linked], Project, "auto", findings);

        Assert.AreEqual("PARITY1011", findings.Single().Code, string.Join("\n", findings));
        Assert.AreEqual("Migrations/V2__b.sql", scripts.Single().RelativePath);
        Assert.AreEqual("flyway", scripts.Single().Naming);
    }
}
