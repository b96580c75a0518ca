using ParityBuild.Core.Checksums;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Checksums;

/// <summary>FileChunks through a small buffer, so that every boundary case of the read loop is reached.</summary>
[TestClass]
public sealed class FileChunksTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(8)]
    [DataRow(16)]
    [DataRow(17)]
    [DataRow(100_003)]
    public void Every_byte_arrives_once_in_order_whatever_the_length(int length)
    {
        using var folder = new TempFolder();
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();
        var path = folder.WriteBytes("a.sql", bytes);
        var received = new List<byte>();

        var reported = FileChunks.Read(path, new byte[8], received, static (chunk, list) => list.AddRange(chunk.ToArray()));

        Assert.AreEqual(length, reported);
        CollectionAssert.AreEqual(bytes, received.ToArray());
    }

    [TestMethod]
    public void A_folder_or_a_missing_file_is_the_usual_exception_not_a_crash()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.PathOf("x.sql"));

        Assert.ThrowsExactly<UnauthorizedAccessException>(() => FileChunks.Read(folder.PathOf("x.sql"), new byte[8], 0, static (_, _) => { }));
        Assert.ThrowsExactly<FileNotFoundException>(() => FileChunks.Read(folder.PathOf("missing.sql"), new byte[8], 0, static (_, _) => { }));
    }
}
