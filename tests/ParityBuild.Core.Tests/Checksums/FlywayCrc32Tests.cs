using ParityBuild.Core.Checksums;
using static ParityBuild.Core.Tests.Checksums.ChecksumTestData;

namespace ParityBuild.Core.Tests.Checksums;

[TestClass]
public sealed class FlywayCrc32Tests
{
    private const string PublishedScript = "alter table location_history add column valid_until timestamp with time zone;";
    private const int PublishedChecksum = -1039259818;

    [TestMethod]
    public void The_published_one_line_script_has_the_published_checksum()
    {
        Assert.AreEqual(PublishedChecksum, Flyway(Bytes(PublishedScript)));
    }

    [TestMethod]
    [DataRow("\n")]
    [DataRow("\r\n")]
    [DataRow("\r")]
    [DataRow("\n\n\n")]
    public void Line_endings_after_the_published_script_do_not_change_its_checksum(string ending)
    {
        Assert.AreEqual(PublishedChecksum, Flyway(Bytes(PublishedScript + ending)));
    }

    [TestMethod]
    public void A_bom_before_the_published_script_does_not_change_its_checksum()
    {
        Assert.AreEqual(PublishedChecksum, Flyway(Bytes("\uFEFF" + PublishedScript + "\r\n")));
    }

    [TestMethod]
    public void Line_breaks_are_left_out_but_spaces_count()
    {
        var split = PublishedScript.Replace(" add ", " \r\nadd ", StringComparison.Ordinal);
        Assert.AreEqual(PublishedChecksum, Flyway(Bytes(split)));
        Assert.AreNotEqual(PublishedChecksum, Flyway(Bytes(PublishedScript.Replace(" add ", "  add ", StringComparison.Ordinal))));
    }

    [TestMethod]
    public void Empty_and_blank_scripts_have_checksum_zero()
    {
        Assert.AreEqual(0, Flyway(Array.Empty<byte>()));
        Assert.AreEqual(0, Flyway(Bytes("\n\r\r\n")));
        Assert.AreEqual(0, Flyway(Bytes("\uFEFF")));
    }

    /// <summary>
    /// Expected values from Java 17 running Flyway's loop (BufferedReader.readLine, BOM filter on the first line,
    /// CRC32 of each line's UTF-8 bytes) over an InputStreamReader with UTF-8 in REPLACE mode; the last column says
    /// whether current Flyway, whose decoder reports malformed input, refuses the script instead.
    /// </summary>
    [TestMethod]
    [DataRow("618062", -793145054, true)]
    [DataRow("61c0af62", 1032453237, true)]
    [DataRow("61e0808062", -1561271829, true)]
    [DataRow("61eda08062", -793145054, true)]
    [DataRow("61eda0", -689068639, true)]
    [DataRow("61f09080", -689068639, true)]
    [DataRow("61f0908062", -793145054, true)]
    [DataRow("61f490808062", -2083991286, true)]
    [DataRow("61f58062", 1032453237, true)]
    [DataRow("61e1800a62", -793145054, true)]
    [DataRow("61e10a62", -793145054, true)]
    [DataRow("efbb", -1955449911, true)]
    [DataRow("ef", -1955449911, true)]
    [DataRow("efbb78", 1861164708, true)]
    [DataRow("efbbbfefbbbf", 17864673, false)]
    [DataRow("61fffe0d62", 1032453237, true)]
    [DataRow("78c3", -67322444, true)]
    [DataRow("78c3a9e282acf09f9880", 1690661906, false)]
    [DataRow("f0808080", -1275445659, true)]
    [DataRow("f888808080", -641516850, true)]
    [DataRow("e0a0", -1955449911, true)]
    [DataRow("e09f80", -1554187535, true)]
    [DataRow("c2", -1955449911, true)]
    [DataRow("c2c2a9", -1292420580, true)]
    [DataRow("ed9fbf", -209935831, false)]
    [DataRow("f48fbfbf", -89514437, false)]
    [DataRow("f48fbf", -1955449911, true)]
    [DataRow("f48fbf7a", -2132705400, true)]
    [DataRow("f1807a80", 469683878, true)]
    [DataRow("0d0aefbbbf", 17864673, false)]
    [DataRow("0a0d0d0a", 0, false)]
    public void Invalid_utf8_is_replaced_exactly_as_java_replaces_it(string hex, int expected, bool malformed)
    {
        var content = Convert.FromHexString(hex);
        var accumulator = new FlywayCrc32();
        accumulator.Append(content);
        Assert.AreEqual(expected, accumulator.FinishChecksum());
        Assert.AreEqual(malformed, accumulator.SawMalformedUtf8);
        for (var size = 1; size <= content.Length; size++)
        {
            Assert.AreEqual(expected, Flyway(Chunks(content, size)), $"chunk size {size}");
        }
    }

    [TestMethod]
    public void A_finished_accumulator_refuses_more_input()
    {
        var accumulator = new FlywayCrc32();
        accumulator.FinishChecksum();
        Assert.ThrowsExactly<InvalidOperationException>(() => accumulator.Append([1]));
    }
}
