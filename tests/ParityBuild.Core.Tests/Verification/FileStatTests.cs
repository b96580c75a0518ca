using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

/// <summary>
/// A stat gives what FileInfo gives for the same file, to the tick (the stat cache written by one build is read by the
/// next), on Linux with the inode and the change time besides, and says what a path that is not a regular file is.
/// .NET's own way (<see cref="FileStat.Portable"/>), which other platforms take, runs here too.
/// </summary>
[TestClass]
public sealed class FileStatTests
{
    private string _folder = null!;

    [TestInitialize]
    public void CreateFolder() => Directory.CreateDirectory(_folder = Path.Combine(Path.GetTempPath(), "paritybuild-filestat", Guid.NewGuid().ToString("N")));

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void A_regular_file_has_FileInfos_length_and_modification_ticks_to_the_tick()
    {
        var times = new[]
        {
            new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_567),
            new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
            DateTime.UtcNow,
        };
        for (var i = 0; i < times.Length; i++)
        {
            var path = Path.Combine(_folder, $"V{i}__x.sql");
            File.WriteAllText(path, new string('x', 100 * i) + "\n");
            File.SetLastWriteTimeUtc(path, times[i]);
            var info = new FileInfo(path);

            var stat = FileStat.Of(path);

            Assert.AreEqual((info.Length, info.LastWriteTimeUtc.Ticks, (string?)null, (string?)null), (stat.Length, stat.ModifiedTicks, stat.Problem, stat.LinkTarget), path);
            Assert.AreEqual(new FileStat(info.Length, info.LastWriteTimeUtc.Ticks, null), FileStat.Portable(path), path);
        }
    }

    [TestMethod]
    public void On_Linux_a_stat_has_the_inode_and_a_change_time_that_putting_the_modification_time_back_does_not_restore()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("statx is Linux's.");
        }

        var path = Path.Combine(_folder, "V1__x.sql");
        File.WriteAllText(path, "SELECT 1;\n");
        var settled = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, settled);
        var before = FileStat.Of(path);
        var linked = Path.Combine(_folder, "linked.sql");
        File.CreateSymbolicLink(linked, path);

        Thread.Sleep(20);
        File.WriteAllText(path, "SELECT 2;\n");
        File.SetLastWriteTimeUtc(path, settled);
        var after = FileStat.Of(path);

        Assert.AreNotEqual(0UL, before.Inode);
        Assert.AreEqual(before.Inode, after.Inode, "rewritten in place");
        Assert.AreEqual((before.Length, before.ModifiedTicks), (after.Length, after.ModifiedTicks), "what a stat without the change time sees: nothing");
        Assert.IsGreaterThan(before.ChangedTicks, after.ChangedTicks);
        Assert.AreEqual(after with { LinkTarget = path }, FileStat.Of(linked), "a link is keyed by its target's stat");
        Assert.AreEqual((0UL, 0L), (FileStat.Portable(path).Inode, FileStat.Portable(path).ChangedTicks), "the portable stat knows neither");
    }

    [TestMethod]
    public void A_folder_a_missing_path_and_links_are_told_apart()
    {
        var target = Path.Combine(_folder, "target.sql");
        File.WriteAllText(target, "SELECT 1;\n");
        File.SetLastWriteTimeUtc(target, new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        Directory.CreateDirectory(Path.Combine(_folder, "dir.sql"));
        File.CreateSymbolicLink(Path.Combine(_folder, "link.sql"), target);
        File.CreateSymbolicLink(Path.Combine(_folder, "dangling.sql"), Path.Combine(_folder, "gone.sql"));

        foreach (var stat in new Func<string, FileStat>[] { FileStat.Of, FileStat.Portable })
        {
            var link = stat(Path.Combine(_folder, "link.sql"));

            Assert.AreEqual((10L, new FileInfo(target).LastWriteTimeUtc.Ticks, (string?)null, target), (link.Length, link.ModifiedTicks, link.Problem, link.LinkTarget));
            Assert.AreEqual("it is a folder, not a file", stat(Path.Combine(_folder, "dir.sql")).Problem);
            Assert.AreEqual("it does not exist (an item that names no file)", stat(Path.Combine(_folder, "none.sql")).Problem);
            StringAssert.StartsWith(stat(Path.Combine(_folder, "dangling.sql")).Problem, "it is a symbolic link to '");
        }
    }

    [TestMethod]
    public void Without_inode_and_change_time_the_stat_cache_is_keyed_by_size_and_modification_time_alone()
    {
        // What a platform without statx gets: a rerun trusts an unchanged file and reads one whose time or size changed,
        // but an edit that keeps both is not seen (the README says so).
        var path = Path.Combine(_folder, "V1__x.sql");
        File.WriteAllText(path, "SELECT 1;\n");
        var settled = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, settled);
        var cache = StatCache.Empty();
        var stat = FileStat.Portable(path);
        cache.Set(path, new StatCache.Entry(stat.Length, stat.ModifiedTicks, stat.Inode, stat.ChangedTicks, new ParityBuild.Core.Checksums.ScriptChecksums(new string('a', 64), stat.Length), Full: false), DateTime.UtcNow);

        Assert.IsNotNull(cache.Lookup(path, FileStat.Portable(path)), "unchanged");
        File.WriteAllText(path, "SELECT 2;\n");
        File.SetLastWriteTimeUtc(path, settled);
        Assert.IsNotNull(cache.Lookup(path, FileStat.Portable(path)), "the same size and time: the portable key cannot tell");
        File.SetLastWriteTimeUtc(path, settled.AddSeconds(1));
        Assert.IsNull(cache.Lookup(path, FileStat.Portable(path)), "another time");
    }
}
