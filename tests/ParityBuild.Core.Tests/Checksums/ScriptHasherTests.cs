using System.Text;
using ParityBuild.Core.Checksums;
using static ParityBuild.Core.Tests.Checksums.ChecksumTestData;

namespace ParityBuild.Core.Tests.Checksums;

[TestClass]
public sealed class ScriptHasherTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Only_the_requested_checksums_are_computed()
    {
        var content = Bytes("SELECT 1;\n");
        var text = ScriptHasher.Hash(content, ChecksumKinds.Text);
        Assert.AreEqual("b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd", text.Text);
        Assert.AreEqual(10L, text.Length);
        Assert.IsNull(text.Semantic);
        Assert.IsNull(text.Flyway);
        Assert.AreEqual(-1L, text.FirstInvalidUtf8Offset);

        var all = ScriptHasher.Hash(content, ChecksumKinds.All);
        Assert.AreEqual(text.Text, all.Text);
        Assert.IsNotNull(all.Semantic);
        Assert.AreEqual(Flyway(content), all.Flyway);
    }

    [TestMethod]
    public void A_file_larger_than_the_buffer_hashes_like_the_same_bytes_in_memory()
    {
        // CRLF, a multi-byte character and a BOM-free start at every offset: some of them straddle the 128 KiB reads.
        var builder = new StringBuilder();
        for (var i = 0; builder.Length < 400_000; i++)
        {
            builder.Append(CultureInfoInvariant($"INSERT INTO t VALUES ({i}, 'é{i}');\r\n"));
        }

        var content = Concat([0xEF, 0xBB, 0xBF], Bytes(builder.ToString()), [0xFF]);
        var path = Path.Combine(TestContext.TestRunDirectory ?? Path.GetTempPath(), $"{Guid.NewGuid():N}.sql");
        File.WriteAllBytes(path, content);
        try
        {
            var fromFile = ScriptHasher.Hash(path, ChecksumKinds.All);
            Assert.AreEqual(ScriptHasher.Hash(content, ChecksumKinds.All), fromFile);
            Assert.AreEqual(content.LongLength, fromFile.Length);
            Assert.AreEqual(content.LongLength - 1, fromFile.FirstInvalidUtf8Offset);
            Assert.IsNull(fromFile.Semantic);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void A_missing_file_throws_an_io_exception()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.sql");
        Assert.Throws<IOException>(() => ScriptHasher.Hash(path, ChecksumKinds.Text));
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
