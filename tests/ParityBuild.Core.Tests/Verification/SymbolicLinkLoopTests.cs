using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

/// <summary>A script path that no stat can follow to a file: PARITY1011 naming the script, never an exception.</summary>
[TestClass]
public sealed class SymbolicLinkLoopTests
{
    [TestMethod]
    [DataRow("self", false, DisplayName = "a link to itself, on CI (no stat cache)")]
    [DataRow("self", true, DisplayName = "a link to itself, on a developer machine (stat cache)")]
    [DataRow("pair", false, DisplayName = "two links to each other, on CI")]
    [DataRow("pair", true, DisplayName = "two links to each other, on a developer machine")]
    [DataRow("folder", false, DisplayName = "a folder link to itself on the way, on CI")]
    [DataRow("folder", true, DisplayName = "a folder link to itself on the way, on a developer machine")]
    public void A_symbolic_link_loop_among_the_scripts_is_PARITY1011_for_that_script(string loop, bool statCache)
    {
        using var folder = new TempFolder();
        folder.Write("Migrations/V1__init.sql", "create table users (id int primary key);\n");
        var looping = loop switch
        {
            "self" => Link(folder, "Migrations/V2__loop.sql", "V2__loop.sql"),
            "pair" => Link(folder, "Migrations/V2__loop.sql", Link(folder, "Migrations/V3__other.sql", "V2__loop.sql")),
            _ => Link(folder, "Migrations/sub", "sub") + "/V2__loop.sql",
        };
        var relative = Path.GetRelativePath(folder.Root, looping).Replace('\\', '/');
        ScriptFile[] scripts =
        [
            new(folder.PathOf("Migrations/V1__init.sql"), "Migrations/V1__init.sql", "", "flyway"),
            new(looping, relative, "", "flyway"),
        ];
        var options = new VerifyOptions(folder.Root, folder.PathOf("migrations.baseline.json"), StatCachePath: statCache ? folder.PathOf("obj/parity.cache") : null);

        var result = Verifier.Run(scripts, options);

        var finding = Assert.ContainsSingle(result.Findings, string.Join("\n", result.Findings));
        Assert.AreEqual("PARITY1011", finding.Code, finding.ToString());
        Assert.AreEqual(looping, finding.File);
        StringAssert.StartsWith(finding.Message, relative + " cannot be read: ");
        Assert.IsFalse(File.Exists(options.ManifestPath), "A failed check writes no manifest.");
    }

    // Returns the link's full path; the target is relative to the link's folder.
    private static string Link(TempFolder folder, string relativePath, string target)
    {
        var path = folder.PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }
}
