using static ParityBuild.Core.Tests.Checksums.ChecksumTestData;

namespace ParityBuild.Core.Tests.Checksums;

/// <summary>Every accumulator must give the one-shot result whatever the chunk boundaries.</summary>
[TestClass]
public sealed class ChunkBoundaryTests
{
    private static IEnumerable<byte[]> Contents()
    {
        yield return Bytes("\uFEFFSELECT 1;\r\nSELECT 'é€😀';\r\rx\n\r");
        yield return Bytes("\r\n\r\n\uFEFF\r");
        yield return [0xEF, 0xBB, 0xBF];
        yield return [0xEF, 0xBB, 0x41, 0x0D];
        yield return [0xEF, 0x41];
        yield return [.. Bytes("a\u00e9"), 0x80, 0xE1, 0x80, 0x0D, 0x0A, 0xF0, 0x90, 0x80, 0xED, 0xA0, 0x80, 0xC3];
        yield return Bytes("SELECT 1e-5, 1e--c\n, a<--b\n, a</**/=b, x$y$z, $1, $ab, $ab$ q $a $ab$;");
        yield return Bytes("SELECT 'a''b', \"c\"\"d\", `e``f`, [g]]h], /*! x */ /*M!1 y */ /*+ z */ /*M */ /* a /* b */ c */ 1 --x\r\n");
        yield return Bytes("DELIMITER ;\n");
        yield return Bytes("SELECT 'a'\r\n'b', 'c' 'd' # x");
        foreach (var script in SemanticSha256Tests.TrickyScripts)
        {
            yield return Bytes(script.Replace("\n", "\r\n", StringComparison.Ordinal));
        }
    }

    [TestMethod]
    public void Every_chunk_size_gives_the_one_shot_result()
    {
        foreach (var content in Contents())
        {
            var text = Text(content);
            var semantic = Semantic([content]);
            var flyway = Flyway(content);
            var utf8 = FirstInvalidUtf8(content);
            for (var size = 1; size <= content.Length; size++)
            {
                var label = $"size {size} of {Convert.ToHexString(content)}";
                Assert.AreEqual(text, Text(Chunks(content, size)), label);
                Assert.AreEqual(semantic, Semantic(Chunks(content, size)), label);
                Assert.AreEqual(flyway, Flyway(Chunks(content, size)), label);
                Assert.AreEqual(utf8, FirstInvalidUtf8(Chunks(content, size)), label);
            }
        }
    }

    [TestMethod]
    public void Random_chunks_including_empty_ones_give_the_one_shot_result()
    {
        var random = new Random(20240601);
        foreach (var content in Contents())
        {
            for (var round = 0; round < 50; round++)
            {
                var chunks = RandomChunks(content, random, 7).ToList();
                Assert.AreEqual(Text(content), Text(chunks));
                Assert.AreEqual(Semantic([content]), Semantic(chunks));
                Assert.AreEqual(Flyway(content), Flyway(chunks));
                Assert.AreEqual(FirstInvalidUtf8(content), FirstInvalidUtf8(chunks));
            }
        }
    }

    [TestMethod]
    public void Tokens_longer_than_the_internal_buffers_hash_like_their_one_shot_result()
    {
        for (var length = 8_180; length <= 8_200; length++)
        {
            var content = Bytes($"SELECT '{new string('x', length)}', $$ {new string('y', length)} $$, {new string('z', length)};");
            var expected = Semantic([content]);
            Assert.IsNotNull(expected);
            Assert.AreEqual(expected, Semantic(Chunks(content, 4_096)), $"length {length}");
            Assert.AreEqual(expected, Semantic(Chunks(content, 1)), $"length {length}");
        }
    }
}
