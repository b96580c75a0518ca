using System.Diagnostics;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

/// <summary>
/// A manifest marked read-only is never replaced (the atomic write's rename would do it whatever the file's mode says,
/// even for a user who may not write the file), and a writable one keeps its mode when it is. The mode bits decide, not
/// an attempt to open the file: these tests may run as root, who may open anything.
/// </summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyManifestTests
{
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [TestMethod]
    [DataRow(false, DisplayName = "a developer build with a new script")]
    [DataRow(true, DisplayName = "ParityAccept with a new script")]
    public void A_read_only_manifest_the_build_would_change_is_left_as_it_is_with_PARITY1017(bool accept)
    {
        RequireUnix();
        using var folder = Baselined();
        var manifest = folder.PathOf("migrations.baseline.json");
        File.SetUnixFileMode(manifest, ReadOnly);
        var before = (Bytes: File.ReadAllBytes(manifest), Inode: Inode(manifest), Written: File.GetLastWriteTimeUtc(manifest));
        folder.Write("Migrations/V3__add_phone.sql", "alter table users add phone text;\n");

        var result = Run(folder, accept);

        // A developer build also says that the script is new (PARITY1003, a message); the one error is the manifest's.
        var finding = Assert.ContainsSingle(result.Findings.Where(finding => finding.Severity == Severity.Error), string.Join("\n", result.Findings));
        Assert.AreEqual("PARITY1017", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.AreEqual(manifest, finding.File);
        Assert.Contains("migrations.baseline.json is read-only", finding.Message);
        Assert.Contains("added Migrations/V3__add_phone.sql", finding.Message);
        Assert.Contains("ParityLockedMode=true", finding.Message);
        Assert.IsFalse(result.ManifestWritten);
        CollectionAssert.AreEqual(before.Bytes, File.ReadAllBytes(manifest));
        Assert.AreEqual(ReadOnly, File.GetUnixFileMode(manifest));
        Assert.AreEqual(before.Inode, Inode(manifest));
        Assert.AreEqual(before.Written, File.GetLastWriteTimeUtc(manifest));
        Assert.IsEmpty(Directory.GetFiles(folder.Root, ".migrations.baseline.json.*"), "No temporary file is left behind.");
    }

    [TestMethod]
    public void A_read_only_manifest_the_scripts_match_is_no_finding()
    {
        RequireUnix();
        using var folder = Baselined();
        File.SetUnixFileMode(folder.PathOf("migrations.baseline.json"), ReadOnly);

        var result = Run(folder);

        Assert.IsEmpty(result.Findings, string.Join("\n", result.Findings));
    }

    [TestMethod]
    public void Locked_mode_reads_a_read_only_manifest_and_reports_the_new_script_as_usual()
    {
        RequireUnix();
        using var folder = Baselined();
        File.SetUnixFileMode(folder.PathOf("migrations.baseline.json"), ReadOnly);
        folder.Write("Migrations/V3__add_phone.sql", "alter table users add phone text;\n");

        var result = Run(folder, locked: true);

        Assert.AreEqual("PARITY1003", Assert.ContainsSingle(result.Findings).Code);
    }

    [TestMethod]
    [DataRow(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead, DisplayName = "664")]
    [DataRow(UnixFileMode.UserRead | UnixFileMode.UserWrite, DisplayName = "600")]
    [DataRow(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, DisplayName = "460: writable by its group only")]
    public void A_writable_manifest_keeps_its_mode_when_it_is_replaced(UnixFileMode mode)
    {
        RequireUnix();
        using var folder = Baselined();
        var manifest = folder.PathOf("migrations.baseline.json");
        File.SetUnixFileMode(manifest, mode);
        var inode = Inode(manifest);
        folder.Write("Migrations/V3__add_phone.sql", "alter table users add phone text;\n");

        var result = Run(folder);

        Assert.AreEqual("PARITY1003", Assert.ContainsSingle(result.Findings).Code);
        Assert.IsTrue(result.ManifestWritten);
        Assert.AreNotEqual(inode, Inode(manifest), "The manifest is replaced through a rename.");
        Assert.AreEqual(mode, File.GetUnixFileMode(manifest));
        Assert.Contains("V3__add_phone.sql", File.ReadAllText(manifest));
    }

    private static TempFolder Baselined()
    {
        var folder = FlywayProject.WithTwoScripts();
        var result = Run(folder);
        Assert.IsTrue(result.ManifestCreated, string.Join("\n", result.Findings));
        return folder;
    }

    private static VerifyResult Run(TempFolder folder, bool accept = false, bool locked = false) => FlywayProject.Run(folder, accept, locked);

    // .NET has no API for it; stat(1) has.
    private static string Inode(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        Assert.AreEqual(0, stat.ExitCode);
        return inode;
    }

    private static void RequireUnix()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Unix file modes and inodes.");
        }
    }
}
