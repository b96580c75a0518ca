using ParityBuild.Core.Manifests;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Verification;

/// <summary>What PARITY1006 says became of an invalid manifest is what became of it.</summary>
[TestClass]
public sealed class AcceptInvalidManifestTests
{
    private const string Corrupt = "{ \"formatVersion\": 1, ";

    [TestMethod]
    public void ParityAccept_says_that_it_replaced_an_invalid_manifest_and_does()
    {
        using var folder = FlywayProject.WithTwoScripts();
        var manifest = folder.Write("migrations.baseline.json", Corrupt);

        var result = FlywayProject.Run(folder, accept: true);

        var finding = Assert.ContainsSingle(result.Findings, string.Join("\n", result.Findings));
        Assert.AreEqual("PARITY1006", finding.Code);
        Assert.AreEqual(Severity.Message, finding.Severity);
        Assert.DoesNotContain("untouched", finding.Message);
        Assert.Contains("ParityAccept replaced it with a manifest rebuilt from the scripts", finding.Message);
        Assert.IsTrue(result.ManifestWritten);
        Assert.HasCount(2, ManifestReader.Read(manifest).Entries);
    }

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ParityAccept_says_that_it_left_an_invalid_manifest_it_could_not_replace_untouched()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Unix file modes.");
        }

        using var folder = FlywayProject.WithTwoScripts();
        var manifest = folder.Write("migrations.baseline.json", Corrupt);
        File.SetUnixFileMode(manifest, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = FlywayProject.Run(folder, accept: true);

        var invalid = Assert.ContainsSingle(result.Findings.Where(finding => finding.Code == "PARITY1006"), string.Join("\n", result.Findings));
        Assert.Contains("The file was left untouched", invalid.Message);
        Assert.DoesNotContain("replaced", invalid.Message);
        Assert.AreEqual("PARITY1017", Assert.ContainsSingle(result.Findings.Where(finding => finding.Severity == Severity.Error)).Code);
        Assert.AreEqual(Corrupt, File.ReadAllText(manifest));
    }

    [TestMethod]
    public void A_build_says_that_it_left_an_invalid_manifest_untouched_and_does()
    {
        using var folder = FlywayProject.WithTwoScripts();
        var manifest = folder.Write("migrations.baseline.json", Corrupt);

        var result = FlywayProject.Run(folder, accept: false);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1006", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        StringAssert.EndsWith(finding.Message, "The file was left untouched; fix it (or restore it from version control) and build again.");
        Assert.AreEqual(Corrupt, File.ReadAllText(manifest));
    }
}
