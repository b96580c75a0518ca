using ParityBuild.Core.Checksums;
using static ParityBuild.Core.Tests.Checksums.ChecksumTestData;

namespace ParityBuild.Core.Tests.Checksums;

[TestClass]
public sealed class Utf8ValidatorTests
{
    [TestMethod]
    [DataRow("")]
    [DataRow("53454c454354")]
    [DataRow("efbbbf53454c454354")]
    [DataRow("c3a9e282acf09f9880")]
    [DataRow("ed9fbf")]
    [DataRow("f48fbfbf")]
    public void Valid_utf8_has_no_invalid_offset(string hex)
    {
        var content = Convert.FromHexString(hex);
        for (var size = 1; size <= Math.Max(1, content.Length); size++)
        {
            Assert.AreEqual(-1L, FirstInvalidUtf8(Chunks(content, size)), $"chunk size {size}");
        }
    }

    [TestMethod]
    [DataRow("618062", 1L)]
    [DataRow("61c0af", 1L)]
    [DataRow("616263e08080", 3L)]
    [DataRow("61eda080", 1L)]
    [DataRow("61f4908080", 1L)]
    [DataRow("61f5", 1L)]
    [DataRow("61e1800a", 1L)]
    [DataRow("6162c3", 2L)]
    [DataRow("61f09080", 1L)]
    [DataRow("c3a9c3a9ff", 4L)]
    [DataRow("c3a9e282ac41c3", 6L)]
    public void The_offset_is_where_the_first_ill_formed_sequence_starts(string hex, long expected)
    {
        var content = Convert.FromHexString(hex);
        for (var size = 1; size <= content.Length; size++)
        {
            Assert.AreEqual(expected, FirstInvalidUtf8(Chunks(content, size)), $"chunk size {size}");
        }
    }

    [TestMethod]
    public void A_long_ascii_prefix_is_counted_in_the_offset()
    {
        var content = Concat(Bytes(new string('x', 200_000)), [0xC3, 0x28]);
        Assert.AreEqual(200_000L, FirstInvalidUtf8(Chunks(content, 65_536)));
    }

    [TestMethod]
    public void A_reset_validator_judges_the_next_input_alone()
    {
        var validator = new Utf8Validator();
        validator.Append([0x61, 0xC3]);
        Assert.AreEqual(1L, validator.FinishFirstInvalidOffset(), "An input that ends inside a sequence is ill-formed there.");

        validator.Reset();
        validator.Append([0xA9, 0x62]);
        Assert.AreEqual(0L, validator.FinishFirstInvalidOffset(), "The held lead byte of the last input is gone: a continuation byte first is ill-formed.");

        validator.Reset();
        validator.Append([0xC3]);
        validator.Append([0xA9, 0x62]);
        Assert.AreEqual(-1L, validator.FinishFirstInvalidOffset());
    }
}
