using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

/// <summary>
/// A stat gives what FileInfo gives for the same file, to the tick (the stat cache written by one build is read by the
/// next), and says what a path that is not a regular file is.
/// </summary>
[TestClass]
public sealed class FileStatTests
{
    private string folder = null!;

    [TestInitialize]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "paritybuild-filestat", Guid.NewGuid().ToString("N")));

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

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
            var path = Path.Combine(folder, $"V{i}__x.sql");
            File.WriteAllText(path, new string('x', 100 * i) + "\n");
            File.SetLastWriteTimeUtc(path, times[i]);
            var info = new FileInfo(path);

            var stat = FileStat.Of(path);

            Assert.AreEqual(new FileStat(info.Length, info.LastWriteTimeUtc.Ticks, null), stat, path);
        }
    }

    [TestMethod]
    public void A_folder_a_missing_path_and_links_are_told_apart()
    {
        var target = Path.Combine(folder, "target.sql");
        File.WriteAllText(target, "SELECT 1;\n");
        File.SetLastWriteTimeUtc(target, new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        Directory.CreateDirectory(Path.Combine(folder, "dir.sql"));
        File.CreateSymbolicLink(Path.Combine(folder, "link.sql"), target);
        File.CreateSymbolicLink(Path.Combine(folder, "dangling.sql"), Path.Combine(folder, "gone.sql"));

        var link = FileStat.Of(Path.Combine(folder, "link.sql"));

        Assert.AreEqual(new FileStat(10, new FileInfo(target).LastWriteTimeUtc.Ticks, null, target), link);
        Assert.AreEqual("it is a folder, not a file", FileStat.Of(Path.Combine(folder, "dir.sql")).Problem);
        Assert.AreEqual("it does not exist (an item that names no file)", FileStat.Of(Path.Combine(folder, "none.sql")).Problem);
        StringAssert.StartsWith(FileStat.Of(Path.Combine(folder, "dangling.sql")).Problem, "it is a symbolic link to '");
    }
}
