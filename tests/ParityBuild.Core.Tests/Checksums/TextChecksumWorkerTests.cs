using System.Security.Cryptography;
using System.Text;
using ParityBuild.Core.Checksums;

namespace ParityBuild.Core.Tests.Checksums;

/// <summary>
/// The gate's hasher keeps the digest as bytes and compares it with the manifest's hex without making a string; the
/// hex it gives when asked, and its equality, must be those of the checksum made from a string.
/// </summary>
[TestClass]
public sealed class TextChecksumWorkerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void The_digest_compares_with_the_manifest_hex_and_gives_the_same_text()
    {
        var path = Path.Combine(TestContext.TestRunDirectory!, $"{Guid.NewGuid():N}.sql");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("SELECT 1;\r\n")]);
        var expected = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("SELECT 1;\n"))).ToLowerInvariant();

        using var hasher = new TextChecksumWorker();
        var checksums = hasher.Hash(path);

        Assert.IsTrue(checksums.TextIs(expected));
        Assert.IsFalse(checksums.TextIs(expected[..^1] + (expected[^1] == '0' ? '1' : '0')), "one hex digit differs");
        Assert.IsFalse(checksums.TextIs(expected.ToUpperInvariant()), "the manifest's hex is lowercase");
        Assert.IsFalse(checksums.TextIs(expected[..62]), "too short");
        Assert.AreEqual(expected, checksums.Text);
        Assert.IsTrue(checksums.TextIs(expected), "still, once the text was made");
        Assert.AreEqual(new ScriptChecksums(expected, checksums.Length), checksums);
        Assert.AreEqual(new ScriptChecksums(expected, checksums.Length).GetHashCode(), checksums.GetHashCode());
    }

    [TestMethod]
    public void A_checksum_made_from_a_string_compares_by_that_string()
    {
        var checksums = new ScriptChecksums(new string('a', 64), 10);

        Assert.IsTrue(checksums.TextIs(new string('a', 64)));
        Assert.IsFalse(checksums.TextIs(new string('b', 64)));
        Assert.IsFalse((checksums with { Text = new string('b', 64) }).TextIs(new string('a', 64)));
    }

    [TestMethod]
    public void Hex_is_lowercase_and_compared_digit_by_digit()
    {
        byte[] bytes = [0x00, 0x0f, 0xa5, 0xff];

        Assert.AreEqual("000fa5ff", Hex.Lower(bytes));
        Assert.IsTrue(Hex.IsLower(bytes, "000fa5ff"));
        Assert.IsFalse(Hex.IsLower(bytes, "000FA5FF"));
        Assert.IsFalse(Hex.IsLower(bytes, "000fa5f"));
        Assert.AreEqual(new string('0', 512), Hex.Lower(new byte[256]));
    }
}
