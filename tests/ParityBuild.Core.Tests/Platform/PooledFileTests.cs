using ParityBuild.Core.Platform;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Platform;

[TestClass]
public sealed class PooledFileTests
{
    [TestMethod]
    public void A_file_is_handed_whole_to_the_parser_whether_small_pooled_or_large_in_memory_of_its_own()
    {
        using var folder = new TempFolder();
        var random = new Random(20261203);
        // Empty, small (the pool), and large (its own memory: 1 MB and more), one of them not a whole number of pages.
        foreach (var length in new[] { 0, 10_000, 1 << 20, (3 << 20) + 123 })
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            var path = folder.WriteBytes($"file-{length}.bin", bytes);

            var read = PooledFile.Read(path, content => content.ToArray());

            CollectionAssert.AreEqual(bytes, read, $"{length} bytes");
        }
    }

    [TestMethod]
    public void A_missing_file_throws_as_File_does()
    {
        using var folder = new TempFolder();

        Assert.ThrowsExactly<FileNotFoundException>(() => PooledFile.Read(folder.PathOf("missing.bin"), content => content.Length));
    }
}
