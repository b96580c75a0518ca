using ParityBuild.Core.Manifests;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Corpora;

/// <summary>The whole gate over each real project, read in place; the manifest goes to a temp folder, never into the corpus.</summary>
[TestClass]
public sealed class CorpusVerificationTests
{
    [TestMethod]
    [DataRow(CorpusLayout.Uaa, DisplayName = "cloudfoundry/uaa")]
    [DataRow(CorpusLayout.Stroom, DisplayName = "gchq/stroom")]
    [DataRow(CorpusLayout.Dataverse, DisplayName = "IQSS/dataverse")]
    [DataRow(CorpusLayout.OpengehEdi, DisplayName = "Energinet-DataHub/opengeh-edi")]
    [DataRow(CorpusLayout.CratesIo, DisplayName = "rust-lang/crates.io")]
    [DataRow(CorpusLayout.Openmeter, DisplayName = "openmeterio/openmeter")]
    [DataRow(CorpusLayout.EdFi, DisplayName = "Ed-Fi-Alliance-OSS/Ed-Fi-ODS")]
    public void A_real_project_is_baselined_without_a_finding_and_then_passes(string corpus)
    {
        var layout = CorpusLayout.For(corpus);
        var scripts = layout.Scripts();
        using var first = new TempFolder();
        using var second = new TempFolder();
        var options = new VerifyOptions(layout.Location, first.PathOf("migrations.baseline.json"));

        var baselined = Verifier.Run(scripts, options);

        Assert.IsEmpty(baselined.Findings, string.Join(Environment.NewLine, baselined.Findings.Take(20)));
        Assert.IsTrue(baselined.ManifestCreated);
        Assert.AreEqual(scripts.Count, baselined.Migrations);

        var rerun = Verifier.Run(scripts, options);

        Assert.IsEmpty(rerun.Findings, string.Join(Environment.NewLine, rerun.Findings.Take(20)));
        Assert.IsFalse(rerun.ManifestWritten);

        var locked = Verifier.Run(scripts, options with { Locked = true });

        Assert.IsEmpty(locked.Findings, string.Join(Environment.NewLine, locked.Findings.Take(20)));

        Verifier.Run(scripts, options with { ManifestPath = second.PathOf("migrations.baseline.json") });

        CollectionAssert.AreEqual(first.ReadBytes("migrations.baseline.json"), second.ReadBytes("migrations.baseline.json"));
        Assert.HasCount(scripts.Count, ManifestReader.Read(options.ManifestPath).Entries);
    }
}
