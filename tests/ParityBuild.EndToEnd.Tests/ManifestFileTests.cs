using System.Diagnostics;
using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>What a real build does to the manifest file itself: a read-only one is never replaced, and ParityAccept's messages say what it did.</summary>
[TestClass]
public sealed class ManifestFileTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_read_only_manifest_and_a_new_script_fail_the_build_with_PARITY1017_and_leave_the_file_as_it_is()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        Assert.IsTrue(consumer.Build().Succeeded);
        var readOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(consumer.ManifestPath, readOnly);
        var bytes = File.ReadAllBytes(consumer.ManifestPath);
        var inode = Inode(consumer.ManifestPath);
        consumer.Script("Migrations/V3__add_orders.sql", Scripts.AddOrders);

        var build = consumer.Build();

        Assert.IsFalse(build.Succeeded, build.ToString());
        var error = Assert.ContainsSingle(build.Errors, build.Output);
        Assert.AreEqual("PARITY1017", error.Code);
        Assert.AreEqual(consumer.ManifestPath, error.File);
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(consumer.ManifestPath));
        Assert.AreEqual(readOnly, File.GetUnixFileMode(consumer.ManifestPath));
        Assert.AreEqual(inode, Inode(consumer.ManifestPath));
    }

    [TestMethod]
    public void ParityAccept_over_an_invalid_manifest_says_that_it_replaced_it_and_not_that_it_left_it_untouched()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        File.WriteAllText(consumer.ManifestPath, "{ \"formatVersion\": 1, ");

        var accept = consumer.Build("-t:ParityAccept");

        Assert.IsTrue(accept.Succeeded, accept.ToString());
        Assert.DoesNotContain("The file was left untouched", accept.Output);
        Assert.Contains("ParityAccept replaced it with a manifest rebuilt from the scripts", accept.Output);
        Assert.Contains("\"formatVersion\": 1,\n  \"algorithm\"", consumer.Read("migrations.baseline.json"));
        Assert.IsTrue(consumer.Build().Succeeded);
    }

    // .NET has no API for it; stat(1) has.
    private static string Inode(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return inode;
    }
}
