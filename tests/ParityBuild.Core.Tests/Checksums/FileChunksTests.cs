using System.Buffers;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Checksums;

/// <summary>
/// FileChunks through a small buffer, so that every boundary case of the read loop is reached: the read a build makes
/// (on Linux, open and pread) and the portable read other platforms make, run here as well.
/// </summary>
[TestClass]
public sealed class FileChunksTests
{
    private delegate long Reader(string path, byte[] buffer, List<byte> received, ReadOnlySpanAction<byte, List<byte>> consume);

    private static Reader Of(string read) => read == "portable" ? FileChunks.ReadPortable : FileChunks.Read;

    [TestMethod]
    [DataRow("build", 0)]
    [DataRow("build", 1)]
    [DataRow("build", 7)]
    [DataRow("build", 8)]
    [DataRow("build", 16)]
    [DataRow("build", 17)]
    [DataRow("build", 100_003)]
    [DataRow("portable", 0)]
    [DataRow("portable", 1)]
    [DataRow("portable", 7)]
    [DataRow("portable", 8)]
    [DataRow("portable", 16)]
    [DataRow("portable", 17)]
    [DataRow("portable", 100_003)]
    public void Every_byte_arrives_once_in_order_whatever_the_length(string read, int length)
    {
        using var folder = new TempFolder();
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();
        var path = folder.WriteBytes("a.sql", bytes);
        var received = new List<byte>();

        var reported = Of(read)(path, new byte[8], received, static (chunk, list) => list.AddRange(chunk.ToArray()));

        Assert.AreEqual(length, reported);
        CollectionAssert.AreEqual(bytes, received.ToArray());
    }

    [TestMethod]
    [DataRow("build")]
    [DataRow("portable")]
    public void A_folder_or_a_missing_file_is_the_usual_exception_not_a_crash(string read)
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.PathOf("x.sql"));

        Assert.ThrowsExactly<UnauthorizedAccessException>(() => Of(read)(folder.PathOf("x.sql"), new byte[8], [], static (_, _) => { }));
        Assert.ThrowsExactly<FileNotFoundException>(() => Of(read)(folder.PathOf("missing.sql"), new byte[8], [], static (_, _) => { }));
    }
}
