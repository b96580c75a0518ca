using ParityBuild.Core.Checksums;
using static ParityBuild.Core.Tests.Checksums.ChecksumTestData;

namespace ParityBuild.Core.Tests.Checksums;

[TestClass]
public sealed class NormalizedSha256Tests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string AbSha256 = "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603";
    private const string ANewlineBNewlineSha256 = "911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2";

    [TestMethod]
    public void Plain_bytes_hash_to_their_standard_sha256()
    {
        Assert.AreEqual(EmptySha256, Text(Array.Empty<byte>()));
        Assert.AreEqual(AbSha256, Text(Bytes("ab")));
        Assert.AreEqual(ANewlineBNewlineSha256, Text(Bytes("a\nb\n")));
    }

    [TestMethod]
    public void Crlf_and_bom_do_not_change_the_text_checksum()
    {
        Assert.AreEqual(ANewlineBNewlineSha256, Text(Bytes("a\r\nb\r\n")));
        Assert.AreEqual(ANewlineBNewlineSha256, Text(Bytes("\uFEFFa\r\nb\r\n")));
        Assert.AreEqual(ANewlineBNewlineSha256, Text(Bytes("\uFEFFa\nb\n")));
    }

    [TestMethod]
    public void A_lone_cr_counts_as_a_line_break()
    {
        Assert.AreEqual(ANewlineBNewlineSha256, Text(Bytes("a\rb\r")));
        Assert.AreEqual(Text(Bytes("a\n\nb")), Text(Bytes("a\r\rb")));
        Assert.AreEqual(Text(Bytes("a\n\nb")), Text(Bytes("a\n\r\nb")));
    }

    [TestMethod]
    public void Only_a_leading_bom_is_removed()
    {
        Assert.AreEqual(EmptySha256, Text(Bytes("\uFEFF")));

        // The second BOM is content: the result is the SHA-256 of EF BB BF, as hashed from a file without a BOM.
        Assert.AreEqual(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Bytes("\uFEFF"))).ToLowerInvariant(), Text(Bytes("\uFEFF\uFEFF")));
        Assert.AreNotEqual(AbSha256, Text(Bytes("a\uFEFFb")));
    }

    [TestMethod]
    public void The_start_of_a_bom_without_its_end_is_content()
    {
        // EF BB alone, as the whole file: sha256sum of those two bytes.
        Assert.AreEqual("f257f0501a5e137710e26f1c35ddd32ce2b5752f20274a648cb6d0347849a5a9", Text([0xEF, 0xBB]));
        Assert.AreEqual(Text([0xEF, 0xBB]), Text([new byte[] { 0xEF }, new byte[] { 0xBB }]));
    }

    [TestMethod]
    public void Whitespace_and_case_still_count()
    {
        Assert.AreNotEqual(Text(Bytes("a b\n")), Text(Bytes("a  b\n")));
        Assert.AreNotEqual(Text(Bytes("a\n")), Text(Bytes("a\n\n")));
        Assert.AreNotEqual(Text(Bytes("A\n")), Text(Bytes("a\n")));
    }

    [TestMethod]
    public void A_finished_accumulator_refuses_more_input()
    {
        using var accumulator = new NormalizedSha256();
        accumulator.FinishHex();
        Assert.ThrowsExactly<InvalidOperationException>(() => accumulator.Append([1]));
    }
}
