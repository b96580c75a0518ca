using ParityBuild.Core.Schema;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Schema;

[TestClass]
public sealed class SnapshotFreshnessTests
{
    [TestMethod]
    public void A_snapshot_captured_for_the_manifest_s_digest_is_current()
    {
        using var folder = new TempFolder();
        var snapshot = folder.Write("migrations.schema.json", Snapshot("abc"));
        var manifest = folder.Write("migrations.baseline.json", Manifest("abc"));

        Assert.IsNull(SnapshotFreshness.Check(snapshot, manifest));
    }

    [TestMethod]
    public void A_snapshot_captured_for_another_digest_is_PARITY3005_at_the_snapshot_with_both_digests()
    {
        using var folder = new TempFolder();
        var snapshot = folder.Write("migrations.schema.json", Snapshot("abc"));
        var manifest = folder.Write("migrations.baseline.json", Manifest("def"));

        var finding = SnapshotFreshness.Check(snapshot, manifest);

        Assert.IsNotNull(finding);
        Assert.AreEqual("PARITY3005", finding.Code);
        Assert.AreEqual(snapshot, finding.File);
        StringAssert.Contains(finding.Message, "digest is abc, but the baseline manifest now has def");
    }

    [TestMethod]
    public void No_snapshot_no_manifest_or_an_unreadable_header_says_nothing()
    {
        using var folder = new TempFolder();
        var manifest = folder.Write("migrations.baseline.json", Manifest("def"));
        var damaged = folder.Write("damaged.json", "<<<<<<< HEAD\n");

        Assert.IsNull(SnapshotFreshness.Check(folder.PathOf("missing.json"), manifest));
        Assert.IsNull(SnapshotFreshness.Check(folder.Write("s.json", Snapshot("abc")), folder.PathOf("missing.json")));
        Assert.IsNull(SnapshotFreshness.Check(damaged, manifest));
    }

    [TestMethod]
    public void The_digest_is_read_from_files_as_the_writers_write_them()
    {
        using var folder = new TempFolder();
        var snapshot = new SchemaSnapshot("postgres", "15.0", "0123", ["public"], [], [], [], []);
        var path = folder.PathOf("migrations.schema.json");
        SnapshotWriter.Write(path, snapshot);

        Assert.IsNull(SnapshotFreshness.Check(path, folder.Write("m.json", Manifest("0123"))));
        Assert.IsNotNull(SnapshotFreshness.Check(path, folder.Write("n.json", Manifest("4567"))));
    }

    private static string Snapshot(string digest) =>
        $"{{\n  \"formatVersion\": 1,\n  \"engine\": \"postgres\",\n  \"serverVersion\": \"15\",\n  \"migrationsDigest\": \"{digest}\",\n  \"schemas\": [\"public\"]\n}}\n";

    private static string Manifest(string digest) =>
        $"{{\n  \"formatVersion\": 1,\n  \"algorithm\": \"sha256-bom-stripped-lf\",\n  \"digest\": \"{digest}\",\n  \"sets\": []\n}}\n";
}
