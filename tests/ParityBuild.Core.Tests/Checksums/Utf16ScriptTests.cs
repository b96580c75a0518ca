using System.Text;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Checksums;

/// <summary>
/// SQL Server Management Studio saves scripts as "Unicode": UTF-16 LE with a byte-order mark. SQL Server and DbUp read
/// them as text; so does the gate.
/// </summary>
[TestClass]
public sealed class Utf16ScriptTests
{
    private const string Script = "Migrations/Script0001 - customers.sql";
    private const string Sql = "-- Kunden (Straße, Ærø)\r\nCREATE TABLE [dbo].[Customers] ([Name] nvarchar(50) NOT NULL DEFAULT N'😀')\r\nGO\r\n";

    [TestMethod]
    [DataRow("utf-16LE")]
    [DataRow("utf-16BE")]
    public void A_UTF16_script_has_the_checksums_of_its_UTF8_twin(string form)
    {
        var encoding = Encoding.GetEncoding(form);
        var utf16 = encoding.GetPreamble().Concat(encoding.GetBytes(Sql)).ToArray();
        var twin = ScriptHasher.Hash(Encoding.UTF8.GetBytes(Sql.Replace("\r\n", "\n", StringComparison.Ordinal)), ChecksumKinds.All);

        var decoded = ScriptHasher.Hash(utf16, ChecksumKinds.All);

        Assert.AreEqual(twin.Text, decoded.Text, form);
        Assert.IsNotNull(decoded.Semantic, form);
        Assert.AreEqual(twin.Semantic, decoded.Semantic, form);
        Assert.AreEqual(twin.Flyway, decoded.Flyway, form);
        Assert.AreEqual(-1L, decoded.FirstInvalidUtf8Offset, form);
        Assert.IsNotNull(decoded.RawBytesText, form);
        Assert.IsNull(twin.RawBytesText, form);
    }

    [TestMethod]
    public void The_main_loop_and_the_full_pass_agree_on_a_UTF16_file_larger_than_a_read_buffer()
    {
        using var folder = new TempFolder();
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(string.Concat(Enumerable.Repeat(Sql, 4000)))).ToArray();
        var path = folder.WriteBytes(Script, bytes);
        using var hasher = new TextChecksumWorker();

        var loop = hasher.Hash(path);
        var full = ScriptHasher.Hash(path, ChecksumKinds.All);

        Assert.AreEqual(full.Text, loop.Text);
        var twin = ScriptHasher.Hash(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Sql, 4000)).Replace("\r\n", "\n", StringComparison.Ordinal)), ChecksumKinds.Text);
        Assert.AreEqual(twin.Text, full.Text);
    }

    [TestMethod]
    public void A_UTF16_script_is_not_PARITY1012_and_is_baselined_by_its_text()
    {
        using var project = new TempFolder();
        project.WriteBytes(Script, Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Sql)).ToArray());
        var options = new VerifyOptions(project.Root, project.PathOf("migrations.baseline.json"));

        var result = Verifier.Run(Scripts(project), options);

        Assert.IsEmpty(result.Findings, string.Join("\n", result.Findings));
        var entry = Assert.ContainsSingle(ManifestReader.Read(options.ManifestPath).Entries);
        Assert.AreEqual(ScriptHasher.Hash(Encoding.UTF8.GetBytes(Sql), ChecksumKinds.Text).Text, entry.Sha256);
    }

    [TestMethod]
    public void A_manifest_that_recorded_a_UTF16_script_by_its_raw_bytes_still_matches_it_and_is_rerecorded_by_its_text()
    {
        using var project = new TempFolder();
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Sql)).ToArray();
        project.WriteBytes(Script, utf16);
        var options = new VerifyOptions(project.Root, project.PathOf("migrations.baseline.json"));
        Verifier.Run(Scripts(project), options);

        // The entry as an earlier ParityBuild wrote it: the text checksum of the raw bytes, no semantic checksum.
        var raw = new NormalizedSha256();
        raw.Append(utf16);
        var old = ManifestReader.Read(options.ManifestPath).Entries.Single() with { Sha256 = raw.FinishHex(), Semantic = null };
        ManifestWriter.Write(options.ManifestPath, new Manifest([old]));

        var locked = Verifier.Run(Scripts(project), options with { Locked = true });
        Assert.IsEmpty(locked.Findings, string.Join("\n", locked.Findings));
        Assert.IsFalse(locked.ManifestWritten);

        var developer = Verifier.Run(Scripts(project), options);
        Assert.IsEmpty(developer.Findings, string.Join("\n", developer.Findings));
        Assert.IsTrue(developer.ManifestWritten);
        Assert.AreEqual(ScriptHasher.Hash(Encoding.UTF8.GetBytes(Sql), ChecksumKinds.Text).Text, ManifestReader.Read(options.ManifestPath).Entries.Single().Sha256);

        // An edit after the upgrade is still an edit.
        project.WriteBytes(Script, Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Sql + "DROP TABLE [dbo].[Customers]\r\n")).ToArray());
        ManifestWriter.Write(options.ManifestPath, new Manifest([old]));
        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(Verifier.Run(Scripts(project), options with { Locked = true }).Findings).Code);
    }

    [TestMethod]
    [DataRow("UTF-16 LE without a byte-order mark", "utf-16le")]
    [DataRow("Windows-1252", "windows-1252")]
    [DataRow("Shift-JIS", "shift_jis")]
    public void PARITY1012_names_the_likely_encoding(string expected, string encodingName)
    {
        using var project = new TempFolder();
        var text = encodingName == "shift_jis" ? "-- 顧客テーブル\nCREATE TABLE customers (name text);\n" : "-- Kunden: Straße, café\nCREATE TABLE customers (name text);\n";
        project.WriteBytes(Script, (CodePagesEncodingProvider.Instance.GetEncoding(encodingName) ?? Encoding.GetEncoding(encodingName)).GetBytes(text));

        var result = Verifier.Run(Scripts(project), new VerifyOptions(project.Root, project.PathOf("migrations.baseline.json")));

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1012", finding.Code);
        StringAssert.Contains(finding.Message, expected);
    }

    [TestMethod]
    public void The_decoder_gives_the_same_text_whatever_the_chunks()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Sql)).ToArray();
        var expected = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Sql)).ToArray();
        foreach (var size in new[] { 1, 2, 3, 7, utf16.Length })
        {
            using var decoder = new Utf16Decoder();
            var output = new List<byte>();
            for (var at = 0; at < utf16.Length; at += size)
            {
                output.AddRange(decoder.Process(utf16.AsSpan(at, Math.Min(size, utf16.Length - at))).ToArray());
            }

            output.AddRange(decoder.Flush().ToArray());
            CollectionAssert.AreEqual(expected, output, $"chunks of {size}");
        }

        using var plain = new Utf16Decoder();
        var ascii = Encoding.UTF8.GetBytes("S");
        Assert.IsEmpty(plain.Process(ascii).ToArray());
        CollectionAssert.AreEqual(ascii, plain.Flush().ToArray(), "a one-byte file is handed on whole");
    }

    private static ScriptFile[] Scripts(TempFolder project) => [new(project.PathOf(Script), Script, "", "dbup")];
}
