using System.Text;
using ParityBuild.Core.Checksums.Tools;

namespace ParityBuild.Core.Tests.Checksums.Tools;

[TestClass]
public sealed class SqitchAndPostgratorChecksumTests
{
    /// <summary>sqitchers/sqitch t/change.t: "Deploy script hash should be correct".</summary>
    [TestMethod]
    public void Sqitch_hashes_the_raw_bytes_as_its_own_test_expects()
    {
        Assert.AreEqual("d48866b846300912570f643c99b2ceec4ba29f5c", SqitchChecksum.Compute(Encoding.UTF8.GetBytes("Foo\nBar\nBøz\n亜唖娃阿")));
    }

    [TestMethod]
    public void Sqitch_sees_every_byte()
    {
        var lf = SqitchChecksum.Compute("select 1;\n"u8);
        Assert.AreNotEqual(lf, SqitchChecksum.Compute("select 1;\r\n"u8));
        Assert.AreNotEqual(lf, SqitchChecksum.Compute("\uFEFFselect 1;\n"u8));
    }

    /// <summary>
    /// Expected values from Node 20 running the body of postgrator's lib/utils.js checksum() (MD5 of
    /// Buffer.toString("utf8") after content.replace(/\r\n|\r|\n/g, ending)) over these bytes.
    /// </summary>
    [TestMethod]
    [DataRow("435245415445205441424c4520742028696420696e74293b0d0a494e5345525420494e544f20742056414c554553202831293b0a", "2199172bf3484cecb3f592795cfcf05a", "53063bd3bbc7f606eb3997371dcb0288", "4c0f54f9ee95cf185f0e00f089acc5ad", "0c63cf4b63b1a0ab1484e79a555503d1")]
    [DataRow("efbbbf53454c45435420313b0a", "4dc7eb1fd44addf5246b6ede6e55c214", "4dc7eb1fd44addf5246b6ede6e55c214", "2774cd93ddbe487c20029c540a6f067d", "a9d26e7e198a8ad96451ceca5d148d02")]
    [DataRow("61c0af62eda08063f090800a", "b443ed485c45ad243fa286677358087a", "b443ed485c45ad243fa286677358087a", "74bfe5687f8e812e4bcc55520f20c466", "18ac6553d3bfd9353c67a617db73d6a1")]
    [DataRow("610d620d0a630a", "ad4d3cece1f498b23cab3c65e89f1890", "40c53c58fdafacc83cfff6ee3d2f6d69", "8c8f2ff0bac61ccfb16c5bfc3a9b5c6a", "e18d0a882afbbf05580f02812e55ce70")]
    public void Postgrator_checksums_match_node_for_each_newline_option(string hex, string none, string lf, string crlf, string cr)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.AreEqual(none, PostgratorChecksum.Compute(bytes));
        Assert.AreEqual(lf, PostgratorChecksum.Compute(bytes, PostgratorNewline.LF));
        Assert.AreEqual(crlf, PostgratorChecksum.Compute(bytes, PostgratorNewline.CRLF));
        Assert.AreEqual(cr, PostgratorChecksum.Compute(bytes, PostgratorNewline.CR));
    }

    [TestMethod]
    [DataRow("a\nb\n", "a\r\nb\r\n", true)]
    [DataRow("a\rb", "a\nb", true)]
    [DataRow("a\r\n\nb", "a\n\nb", true)]
    [DataRow("a\nb", "a\nb", false)]
    [DataRow("a\nb", "a\n\nb", false)]
    [DataRow("a\nb", "a b", false)]
    [DataRow("a\n", "a", false)]
    [DataRow("\uFEFFa\n", "a\r\n", false)]
    public void Line_ending_only_differences_are_recognised(string a, string b, bool expected)
    {
        Assert.AreEqual(expected, LineEndings.DifferOnlyInLineEndings(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b)));
        Assert.AreEqual(expected, LineEndings.DifferOnlyInLineEndings(Encoding.UTF8.GetBytes(b), Encoding.UTF8.GetBytes(a)));
    }
}
