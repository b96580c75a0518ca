using System.Text;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Manifests;

[TestClass]
public sealed class ManifestWriterTests
{
    [TestMethod]
    public void The_manifest_has_one_entry_per_line_with_a_two_space_indent()
    {
        var manifest = ManifestSamples.Sample();
        var v1 = Checksum.Of("Migrations/V1__init.sql");
        var v2 = Checksum.Of("Migrations/V2__add_email.sql");
        var r = Checksum.Of("Migrations/R__views.sql");
        var semantic = Checksum.Of("semantic:Migrations/R__views.sql");

        var expected =
            "{\n" +
            "  \"formatVersion\": 1,\n" +
            "  \"algorithm\": \"sha256-bom-stripped-lf\",\n" +
            $"  \"digest\": \"{manifest.Digest}\",\n" +
            "  \"sets\": [\n" +
            "    {\n" +
            "      \"name\": \"\",\n" +
            "      \"migrations\": [\n" +
            $"        {{ \"version\": \"1\", \"description\": \"V1__init\", \"kind\": \"versioned\", \"path\": \"Migrations/V1__init.sql\", \"sha256\": \"{v1}\" }},\n" +
            $"        {{ \"version\": \"2\", \"description\": \"V2__add_email\", \"kind\": \"versioned\", \"path\": \"Migrations/V2__add_email.sql\", \"sha256\": \"{v2}\" }},\n" +
            $"        {{ \"description\": \"R__views\", \"kind\": \"repeatable\", \"path\": \"Migrations/R__views.sql\", \"sha256\": \"{r}\", \"semantic\": \"{semantic}\", \"flyway\": -12345 }}\n" +
            "      ]\n" +
            "    }\n" +
            "  ]\n" +
            "}\n";

        Assert.AreEqual(expected, ManifestWriter.Serialize(manifest));
    }

    [TestMethod]
    public void The_manifest_uses_LF_and_ends_with_one_newline()
    {
        var text = ManifestSamples.SampleText();

        Assert.DoesNotContain("\r", text);
        Assert.EndsWith("}\n", text);
        Assert.IsFalse(text.EndsWith("\n\n", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Every_indent_is_a_multiple_of_two_spaces()
    {
        foreach (var line in ManifestSamples.SampleText().TrimEnd('\n').Split('\n'))
        {
            var indent = line.Length - line.TrimStart(' ').Length;
            Assert.AreEqual(0, indent % 2, $"'{line}'");
            Assert.DoesNotContain("\t", line);
        }
    }

    [TestMethod]
    public void A_manifest_read_and_written_again_is_byte_identical()
    {
        using var folder = new TempFolder();
        var original = ManifestSamples.Utf8(ManifestWriter.Serialize(new Manifest(
        [
            ManifestSamples.Versioned("1.5.2", "db/hsqldb/V1_5_2__initial_db.sql", "hsqldb"),
            ManifestSamples.Versioned("07.00.00.001", "db/hsqldb/V07_00_00_001__x.sql", "hsqldb", "x"),
            ManifestSamples.Versioned("1.5.2", "db/mysql/V1_5_2__initial_db.sql", "mysql"),
            ManifestSamples.Repeatable("db/mysql/R__views.sql", "mysql"),
            new ManifestEntry("mysql", MigrationKind.Callback, null, "afterMigrate", "db/mysql/afterMigrate.sql", Checksum.Of("cb"), null, 0),
            new ManifestEntry("mysql", MigrationKind.Undo, "2", "undo \"quoted\" \\ back", "db/mysql/U2__x.sql", Checksum.Of("u"), null, int.MinValue),
        ])));
        var path = folder.WriteBytes("migrations.baseline.json", original);

        var written = ManifestWriter.Write(path, ManifestReader.Read(path));

        Assert.IsFalse(written, "the same content must not be rewritten");
        CollectionAssert.AreEqual(original, folder.ReadBytes("migrations.baseline.json"));
        CollectionAssert.AreEqual(original, ManifestSamples.Utf8(ManifestWriter.Serialize(ManifestReader.Parse(original))));
    }

    [TestMethod]
    public void Earlier_texts_checksums_are_written_on_their_entrys_line_and_read_back_unchanged()
    {
        PreviousText[] previous = [new(Checksum.Of("b"), -7, new string('a', 32), new string('c', 40)), new(Checksum.Of("a"), null)];
        var entry = ManifestSamples.Versioned("1", "db/V1__init.sql") with { Previous = previous };
        var text = ManifestWriter.Serialize(new Manifest([entry, ManifestSamples.Versioned("2", "db/V2__more.sql")]));

        var lines = text.Split('\n');
        var line = Assert.ContainsSingle(lines.Where(line => line.Contains("V1__init", StringComparison.Ordinal)));
        StringAssert.EndsWith(line, $", \"previous\": [{{ \"sha256\": \"{Checksum.Of("b")}\", \"flyway\": -7, \"md5\": \"{new string('a', 32)}\", \"sha1\": \"{new string('c', 40)}\" }}, {{ \"sha256\": \"{Checksum.Of("a")}\" }}] }},");
        Assert.AreEqual(1, lines.Count(line => line.Contains("previous", StringComparison.Ordinal)), "an entry never reformatted writes no 'previous'");
        var read = ManifestReader.Parse(ManifestSamples.Utf8(text));
        Assert.AreSequenceEqual(previous, read.Entries[0].Previous!.ToArray());
        Assert.IsNull(read.Entries[1].Previous);
        Assert.AreEqual(entry, read.Entries[0]);
        Assert.AreNotEqual(entry with { Previous = null }, read.Entries[0]);
        Assert.AreEqual(text, ManifestWriter.Serialize(read));
    }

    [TestMethod]
    public void An_earlier_texts_grate_hash_and_Liquibase_checksums_are_written_and_read_back_as_they_were()
    {
        PreviousText earlier = new(Checksum.Of("b"), 1, new string('a', 32)) { Grate = "q1/+Xw==", Liquibase = ["alice:1 9:" + new string('d', 32), "alice:1 8:" + new string('e', 32)] };
        var entry = ManifestSamples.Versioned("1", "db/V1__init.sql") with { Previous = [earlier] };
        var text = ManifestWriter.Serialize(new Manifest([entry]));

        StringAssert.Contains(text, $"\"grate\": \"q1/+Xw==\", \"liquibase\": [\"alice:1 9:{new string('d', 32)}\", \"alice:1 8:{new string('e', 32)}\"] }}]");
        var read = ManifestReader.Parse(ManifestSamples.Utf8(text));
        Assert.AreEqual(earlier, read.Entries[0].Previous!.Single());
        Assert.AreNotEqual(earlier with { Liquibase = ["alice:1 9:" + new string('d', 32)] }, read.Entries[0].Previous!.Single());
        Assert.AreEqual(text, ManifestWriter.Serialize(read));
    }

    // samples/Inventory's manifest as the first release wrote it (aba7842), before entries had earlier texts.
    private const string FirstReleaseManifest = """
        {
          "formatVersion": 1,
          "algorithm": "sha256-bom-stripped-lf",
          "digest": "022d1e10f88360657f7d9e6f0678759bebe8223f505493e23866a2d137064f81",
          "sets": [
            {
              "name": "",
              "migrations": [
                { "version": "1", "description": "create products", "kind": "versioned", "path": "Migrations/V1__create_products.sql", "sha256": "28d64f6a9c8050cc396387c8b6e538abfb04c8c59840078acf41689d3e358747", "semantic": "2d954d7f148bd7231b5e931cf0d5007e38cd6cb3be1ec6e3bcbed80cb0fcc412", "flyway": 433641293 },
                { "version": "2", "description": "add stock levels", "kind": "versioned", "path": "Migrations/V2__add_stock_levels.sql", "sha256": "7a0ad035fa284888d686c7648e2d120eed2a1b587f1e1bc7b9e9bea830084a87", "semantic": "3eb20c1ae9612c0b638ff9112537baf6d30d5e918d0d97de7bdc714f7950313a", "flyway": -1167311931 },
                { "version": "3", "description": "add reorder threshold", "kind": "versioned", "path": "Migrations/V3__add_reorder_threshold.sql", "sha256": "96a5c99cd0107c4dfff054d6629ac788bb7b08d398f5e93dccda7d8ec0e8ef31", "semantic": "962019281acec2325553a71194aba538a81b6084d74b08850fd117bb0b5a0166", "flyway": -1968616129 },
                { "description": "low stock view", "kind": "repeatable", "path": "Migrations/R__low_stock_view.sql", "sha256": "4cfd25189d5cd84811e573e10533fee9ed976db4e7d3608d331257885a6b2651", "semantic": "9310878eb035ad631c89c4361993d6dad2261ba719dd91425045b78d1dde1425", "flyway": -1942771891 }
              ]
            }
          ]
        }
        """;

    [TestMethod]
    public void A_manifest_written_before_previous_existed_still_verifies_and_keeps_its_digest()
    {
        var read = ManifestReader.Parse(ManifestSamples.Utf8(FirstReleaseManifest + "\n"));

        Assert.AreEqual("022d1e10f88360657f7d9e6f0678759bebe8223f505493e23866a2d137064f81", read.Digest);
        Assert.AreEqual(4, read.Entries.Count);
    }

    [TestMethod]
    public void A_hand_edit_of_an_entrys_previous_list_is_a_digest_mismatch()
    {
        PreviousText earlier = new(Checksum.Of("b"), 1, new string('a', 32)) { Liquibase = ["alice:1 9:" + new string('d', 32)] };
        var text = ManifestWriter.Serialize(new Manifest([ManifestSamples.Versioned("1", "db/V1__init.sql") with { Previous = [earlier] }, ManifestSamples.Versioned("2", "db/V2__more.sql")]));
        Assert.AreEqual(2, ManifestReader.Parse(ManifestSamples.Utf8(text)).Entries.Count);

        string[] edits =
        [
            text.Replace(new string('a', 32), new string('b', 32), StringComparison.Ordinal),
            text.Replace("\"flyway\": 1 }", "\"flyway\": 2 }", StringComparison.Ordinal).Replace("\"flyway\": 1,", "\"flyway\": 2,", StringComparison.Ordinal),
            text.Replace("alice:1 9:", "alice:2 9:", StringComparison.Ordinal),
            text.Replace($", \"previous\": [{{ \"sha256\": \"{Checksum.Of("b")}\", \"flyway\": 1, \"md5\": \"{new string('a', 32)}\", \"liquibase\": [\"alice:1 9:{new string('d', 32)}\"] }}]", "", StringComparison.Ordinal),
            text.Replace("\"path\": \"db/V2__more.sql\", \"sha256\"", $"\"path\": \"db/V2__more.sql\", \"previous\": [{{ \"sha256\": \"{Checksum.Of("c")}\" }}], \"sha256\"", StringComparison.Ordinal),
        ];
        foreach (var edited in edits)
        {
            Assert.AreNotEqual(text, edited);
            var refusal = Assert.ThrowsExactly<ManifestException>(() => ManifestReader.Parse(ManifestSamples.Utf8(edited)));
            StringAssert.Contains(refusal.Message, "its digest does not match its entries");
        }
    }

    [TestMethod]
    public void A_manifest_with_earlier_texts_as_this_release_writes_it_verifies_and_is_written_back_byte_for_byte()
    {
        using var folder = new TempFolder();
        var original = ManifestSamples.Utf8(ReleaseWithPreviousManifest + "\n");
        var path = folder.WriteBytes("migrations.baseline.json", original);

        var read = ManifestReader.Read(path);

        Assert.AreEqual("bdd7987452d5db8c5e80145e157b721457bc9f2b929b832f8bb2a8e5ef4f6025", read.Digest);
        Assert.AreEqual("2i2yZUCVz9OOd8EI5x12Kw==", read.Entries[1].Previous!.Single().Grate);
        Assert.IsFalse(ManifestWriter.Write(path, read), "the same content must not be rewritten");
        CollectionAssert.AreEqual(original, ManifestSamples.Utf8(ManifestWriter.Serialize(read)));
    }

    [TestMethod]
    [DataRow("\"md5\": \"f4be62c80b39dcb4c768050db493007e\"", "\"md5\": \"00000000000000000000000000000000\"")]
    [DataRow("\"flyway\": 1940754427", "\"flyway\": -687174709")]
    [DataRow("\"sha1\": \"57dfae961630e5603992632eea2f31b5199f97be\"", "\"sha1\": \"57dfae961630e5603992632eea2f31b5199f97bf\"")]
    [DataRow(", \"grate\": \"2i2yZUCVz9OOd8EI5x12Kw==\"", "")]
    public void An_earlier_checksum_edited_by_hand_in_such_a_manifest_is_PARITY1006_at_the_digest_line(string value, string edit)
    {
        using var folder = new TempFolder();
        folder.WriteBytes("Migrations/V1__create_products.sql", "-- Copyright 2026 Example Ltd.\nCREATE TABLE products (\n    id int PRIMARY KEY,\n    name text NOT NULL\n);\n"u8.ToArray());
        Assert.AreEqual(1, CountOf(ReleaseWithPreviousManifest, value));
        var path = folder.WriteBytes("migrations.baseline.json", ManifestSamples.Utf8(ReleaseWithPreviousManifest.Replace(value, edit, StringComparison.Ordinal) + "\n"));

        var result = Verifier.Run(
            [new ScriptFile(folder.PathOf("Migrations/V1__create_products.sql"), "Migrations/V1__create_products.sql", "", "flyway")],
            new VerifyOptions(folder.Root, path));

        var invalid = Assert.ContainsSingle(result.Findings, string.Join("\n", result.Findings));
        Assert.AreEqual("PARITY1006", invalid.Code);
        Assert.AreEqual(Severity.Error, invalid.Severity);
        Assert.AreEqual(path, invalid.File);
        Assert.AreEqual(4, invalid.Line, "the digest's line");
        StringAssert.Contains(invalid.Message, "its digest does not match its entries");
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    // What this release's ParityAccept wrote after a licence header was added to two committed scripts (one with quotes,
    // so grate's hash differs from the md5's): a manifest in a user's repository that every later release must verify.
    private const string ReleaseWithPreviousManifest = """
        {
          "formatVersion": 1,
          "algorithm": "sha256-bom-stripped-lf",
          "digest": "bdd7987452d5db8c5e80145e157b721457bc9f2b929b832f8bb2a8e5ef4f6025",
          "sets": [
            {
              "name": "",
              "migrations": [
                { "version": "1", "description": "create products", "kind": "versioned", "path": "Migrations/V1__create_products.sql", "sha256": "183a931216bad13781b879eca3c1b7e4fac7d893cecf6a93f120d6f1d844d76a", "semantic": "ca39487cbb4fe3297ea64a0abf62b4d1e1f214361568a5310af26aa705e1b10e", "flyway": -687174709, "previous": [{ "sha256": "b6fb24703f925b3c7f344917f6285c8f75b40141a2b116fbd29e8b4cdf50049c", "flyway": 1940754427, "md5": "f4be62c80b39dcb4c768050db493007e", "sha1": "36a4a86557cb0719af12811616c4c4c04a388715" }] },
                { "version": "2", "description": "seed", "kind": "versioned", "path": "Migrations/V2__seed.sql", "sha256": "eecfc7501c8442d9d04b352ff4aa0ea9a980a39e64eaef8d4f7481e733e71709", "semantic": "a0b4fa2caf29744dd488db0fc1fa8530d3d5ab12155b37ef7e4667669bf3adcc", "flyway": -907349576, "previous": [{ "sha256": "14c6b7d5e9c0dc91916e108cfb384ea8908ea69231148651e6a33f6fa9458f7f", "flyway": 1536099887, "md5": "e5f91fa5acdc3688b1fb991f439f739a", "sha1": "57dfae961630e5603992632eea2f31b5199f97be", "grate": "2i2yZUCVz9OOd8EI5x12Kw==" }] },
                { "description": "product names", "kind": "repeatable", "path": "Migrations/R__product_names.sql", "sha256": "9912c3199c351c7a7f4552c6ef74c6bb0e82a9381d7e228430f3c37edf3ceba0", "semantic": "3a389ad3511f8a716fee649e495c12b677684d1b85cb69fba0f8da7f05c1dfab", "flyway": -1583159324 }
              ]
            }
          ]
        }
        """;

    [TestMethod]
    public void A_malformed_previous_is_refused_with_its_line()
    {
        var good = ManifestWriter.Serialize(new Manifest([ManifestSamples.Versioned("1", "db/V1__init.sql") with { Previous = [new(Checksum.Of("a"), 1)] }]));
        string[] hostile =
        [
            "\"previous\": {}",
            "\"previous\": [1]",
            "\"previous\": [{ \"flyway\": 1 }]",
            "\"previous\": [{ \"sha256\": \"ABC\" }]",
            $"\"previous\": [{{ \"sha256\": \"{Checksum.Of("a")}\", \"flyway\": \"1\" }}]",
            $"\"previous\": [{{ \"sha256\": \"{Checksum.Of("a")}\", \"md5\": \"xyz\" }}]",
            $"\"previous\": [{{ \"sha256\": \"{Checksum.Of("a")}\", \"sha1\": 5 }}]",
            "\"previous\": [{ \"sha256\": ",
        ];
        var start = good.IndexOf("\"previous\"", StringComparison.Ordinal);
        var end = good.IndexOf("] }", start, StringComparison.Ordinal) + 1;
        foreach (var value in hostile)
        {
            var text = good[..start] + value + good[end..];
            var exception = Assert.ThrowsExactly<ManifestException>(() => ManifestReader.Parse(ManifestSamples.Utf8(text), verifyDigest: false), value);
            Assert.IsTrue(exception.Line == 9 || (exception.Line == 0 && value.EndsWith(": ", StringComparison.Ordinal)), $"{value}: line {exception.Line}: {exception.Message}");
        }
    }

    [TestMethod]
    public void Non_ASCII_descriptions_are_written_readably_and_read_back_unchanged()
    {
        const string description = "añadir columna für Größe – 日本語 «ü»";
        var manifest = new Manifest([ManifestSamples.Versioned("7", "Migrations/V7__x.sql", description: description)]);

        var text = ManifestWriter.Serialize(manifest);
        var reread = ManifestReader.Parse(ManifestSamples.Utf8(text));

        Assert.Contains(description, text);
        Assert.AreEqual(description, Assert.ContainsSingle(reread.Entries).Description);
        Assert.AreEqual(text, ManifestWriter.Serialize(reread));
    }

    [TestMethod]
    public void Quotes_backslashes_and_control_characters_are_escaped()
    {
        const string description = "a \"quoted\" \\ path\twith\nbreaks";
        var manifest = new Manifest([ManifestSamples.Versioned("7", "Migrations/V7__x.sql", description: description)]);

        var text = ManifestWriter.Serialize(manifest);

        Assert.HasCount(14, text.Split('\n'), "the description must not break the entry's line");
        Assert.AreEqual(description, ManifestReader.Parse(ManifestSamples.Utf8(text)).Entries[0].Description);
    }

    [TestMethod]
    public void The_file_is_written_as_UTF8_without_a_BOM()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("sub/migrations.baseline.json");

        Assert.IsTrue(ManifestWriter.Write(path, ManifestSamples.Sample()));

        var bytes = File.ReadAllBytes(path);
        Assert.AreNotEqual((byte)0xEF, bytes[0]);
        Assert.AreEqual(ManifestSamples.SampleText(), Encoding.UTF8.GetString(bytes));
    }

    [TestMethod]
    public void Writing_leaves_no_temporary_file_behind()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("migrations.baseline.json");

        ManifestWriter.Write(path, ManifestSamples.Sample());
        ManifestWriter.Write(path, new Manifest([.. ManifestSamples.Sample().Entries.Take(1)]));

        Assert.AreSequenceEqual(new[] { "migrations.baseline.json" }, Directory.GetFiles(folder.Root).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void Writing_twice_gives_byte_identical_files()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        ManifestWriter.Write(first.PathOf("m.json"), ManifestSamples.Sample());
        ManifestWriter.Write(second.PathOf("m.json"), ManifestSamples.Sample());

        CollectionAssert.AreEqual(first.ReadBytes("m.json"), second.ReadBytes("m.json"));
    }

    [TestMethod]
    public void The_digest_changes_when_an_entry_is_added()
    {
        var before = ManifestSamples.Sample();
        var after = new Manifest([.. before.Entries, ManifestSamples.Versioned("3", "Migrations/V3__orders.sql")]);

        Assert.AreNotEqual(before.Digest, after.Digest);
        Assert.AreEqual(before.Digest, ManifestSamples.Sample().Digest);
        Assert.MatchesRegex("^[0-9a-f]{64}$", before.Digest);
    }

    [TestMethod]
    public void Two_branches_that_each_add_a_different_migration_change_the_digest_differently()
    {
        var ours = new Manifest([.. ManifestSamples.Sample().Entries, ManifestSamples.Versioned("3", "Migrations/V3__email.sql")]);
        var theirs = new Manifest([.. ManifestSamples.Sample().Entries, ManifestSamples.Versioned("3", "Migrations/V3__orders.sql")]);

        Assert.AreNotEqual(ours.Digest, theirs.Digest);
    }

    [TestMethod]
    [DataRow("checksum", DisplayName = "a checksum")]
    [DataRow("path", DisplayName = "a path")]
    [DataRow("version", DisplayName = "a version")]
    [DataRow("set", DisplayName = "a set")]
    public void The_digest_changes_when_an_entry_changes(string what)
    {
        var entry = ManifestSamples.Versioned("1", "Migrations/V1__init.sql");
        var changed = what switch
        {
            "checksum" => entry with { Sha256 = Checksum.Of("other") },
            "path" => entry with { Path = "Migrations/V1__initial.sql" },
            "version" => entry with { Version = "1.0.1" },
            _ => entry with { Set = "other" },
        };

        Assert.AreNotEqual(new Manifest([entry]).Digest, new Manifest([changed]).Digest);
    }

    [TestMethod]
    public void An_empty_manifest_is_written_and_read_back()
    {
        var text = ManifestWriter.Serialize(new Manifest([]));

        Assert.Contains("\"sets\": []\n", text);
        Assert.IsEmpty(ManifestReader.Parse(ManifestSamples.Utf8(text)).Entries);
    }

    // The writer groups entries by set; the digest must be computed over what it writes, or the reader refuses the file.
    [TestMethod]
    public void Entries_of_interleaved_sets_are_written_so_that_the_reader_accepts_them()
    {
        var manifest = new Manifest(
        [
            ManifestSamples.Versioned("1", "db/a/V1__x.sql", "a"),
            ManifestSamples.Versioned("1", "db/b/V1__x.sql", "b"),
            ManifestSamples.Versioned("2", "db/a/V2__y.sql", "a"),
        ]);

        var text = ManifestWriter.Serialize(manifest);

        var reread = ManifestReader.Parse(ManifestSamples.Utf8(text));
        Assert.HasCount(3, reread.Entries);
    }
}
