using System.Text;
using ParityBuild.Core.Checksums.Tools;

namespace ParityBuild.Core.Tests.Checksums.Tools;

[TestClass]
public sealed class GrateAndEvolveChecksumTests
{
    /// <summary>
    /// Expected values: the text_hash grate 2.3.0 itself stored in ScriptsRun for these bytes (PostgreSQL and MariaDB
    /// alike): CRLF with a doubled quote, a UTF-8 BOM, non-ASCII text, lone CRs.
    /// </summary>
    [TestMethod]
    [DataRow("435245415445205441424c452074312028696420696e742c206e616d65207661726368617228353029293b0d0a494e5345525420494e544f2074312056414c5545532028312c2027697427277327293b0d0a", "pxIuRx8IV54SadW65EF2eQ==")]
    [DataRow("efbbbf435245415445205441424c452074322028696420696e74293b0a", "G89FEjajmzGg0fAMZ1Q/Vw==")]
    [DataRow("435245415445205441424c4520743320286e616d65207661726368617228323029293b0a494e5345525420494e544f2074332056414c5545532028275a6fc3ab20e29c9320e697a5e69cac27293b0a", "TzWAdXBadJax4j8ZTlenhQ==")]
    [DataRow("435245415445205441424c452074342028696420696e74293b0d494e5345525420494e544f2074342056414c554553202834293b0d", "/ExC1TklQ/NeRKxctOBnDA==")]
    public void Grate_text_hash_is_what_grate_stored_for_each_probe(string hex, string expected) =>
        Assert.AreEqual(expected, GrateChecksum.Compute(Convert.FromHexString(hex)));

    [TestMethod]
    public void Grate_sees_neither_line_endings_nor_a_byte_order_mark_but_every_quote()
    {
        var lf = GrateChecksum.Compute("select 'a';\n"u8);
        Assert.AreEqual(lf, GrateChecksum.Compute("select 'a';\r\n"u8));
        Assert.AreEqual(lf, GrateChecksum.Compute("select 'a';\r"u8));
        Assert.AreEqual(lf, GrateChecksum.Compute("\uFEFFselect 'a';\n"u8));
        Assert.AreEqual(lf, GrateChecksum.Compute(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("select 'a';\n")).ToArray()));
        Assert.AreNotEqual(lf, GrateChecksum.Compute("select \"a\";\n"u8));
        Assert.AreEqual(24, lf.Length, "base64 of 16 bytes");
    }

    [TestMethod]
    public void Evolve_normalizes_CRLF_but_not_a_lone_CR_and_drops_the_byte_order_mark()
    {
        var lf = EvolveChecksum.Compute("select 1;\nselect 2;\n"u8);
        Assert.AreEqual(lf, EvolveChecksum.Compute("select 1;\r\nselect 2;\r\n"u8));
        Assert.AreEqual(lf, EvolveChecksum.Compute("\uFEFFselect 1;\nselect 2;\n"u8));
        Assert.AreNotEqual(lf, EvolveChecksum.Compute("select 1;\rselect 2;\r"u8));
        Assert.AreEqual(lf.ToUpperInvariant(), lf);
        Assert.AreEqual(32, lf.Length);
    }

    [TestMethod]
    public void Evolve_before_1_8_hashed_the_raw_bytes()
    {
        var crlf = "select 1;\r\n"u8;
        Assert.AreEqual(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(crlf.ToArray())), EvolveChecksum.ComputeBeforeV18(crlf));
        Assert.AreNotEqual(EvolveChecksum.Compute(crlf), EvolveChecksum.ComputeBeforeV18(crlf));
    }

    [TestMethod]
    public void Malformed_UTF_8_becomes_the_replacement_character_as_File_ReadAllText_reads_it()
    {
        var path = Path.GetTempFileName();
        try
        {
            byte[] bytes = [.. "-- "u8, 0xC3, 0x28, 0xFF, .. "\nselect 1;\n"u8];
            File.WriteAllBytes(path, bytes);
            Assert.AreEqual(File.ReadAllText(path), DotNetScriptText.Read(bytes));
            Assert.AreEqual(File.ReadAllText(path, Encoding.UTF8), DotNetScriptText.Read(bytes));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
