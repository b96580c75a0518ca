using ParityBuild.Core.Manifests;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Manifests;

// The sample manifest's lines: 1 "{", 2 formatVersion, 3 algorithm, 4 digest, 5 "sets": [, 6 "{", 7 name, 8 "migrations": [,
// 9 V1, 10 V2, 11 R__views, 12 "]", 13 "}", 14 "]", 15 "}".
[TestClass]
public sealed class ManifestReaderTests
{
    private static readonly string Sample = ManifestSamples.SampleText();

    private static ManifestException Refuse(string text, bool verifyDigest = true) =>
        Assert.ThrowsExactly<ManifestException>(() => ManifestReader.Parse(ManifestSamples.Utf8(text), verifyDigest));

    private static string WithEntry(int line, Func<string, string> edit) =>
        ManifestSamples.ReplaceLine(Sample, line, edit(ManifestSamples.Line(Sample, line)));

    [TestMethod]
    public void A_written_manifest_is_read_back_with_every_field_and_line()
    {
        var manifest = ManifestReader.Parse(ManifestSamples.Utf8(Sample));

        Assert.HasCount(3, manifest.Entries);
        Assert.AreEqual(ManifestSamples.Sample().Digest, manifest.Digest);
        var repeatable = manifest.Entries[2];
        Assert.AreEqual(MigrationKind.Repeatable, repeatable.Kind);
        Assert.IsNull(repeatable.Version);
        Assert.AreEqual(-12345, repeatable.Flyway);
        Assert.AreEqual(Checksum.Of("semantic:Migrations/R__views.sql"), repeatable.Semantic);
        Assert.AreEqual("", manifest.Entries[0].Set);
    }

    [TestMethod]
    public void A_manifest_that_starts_with_a_BOM_is_accepted()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(ManifestSamples.Utf8(Sample)).ToArray();

        var manifest = ManifestReader.Parse(bytes);

        Assert.HasCount(3, manifest.Entries);
        Assert.AreEqual(ManifestSamples.Sample().Digest, manifest.Digest);
    }

    [TestMethod]
    public void A_manifest_with_CRLF_line_endings_is_accepted_with_the_same_lines()
    {
        var crlf = ManifestSamples.Utf8(Sample.Replace("\n", "\r\n", StringComparison.Ordinal));
        var manifest = ManifestReader.Parse(crlf);

        Assert.HasCount(3, manifest.Entries);
        Assert.AreEqual(10, Assert.Throws<ManifestException>(() => ManifestReader.Parse(ManifestSamples.Utf8(ManifestSamples.ReplaceLine(Sample, 10, "        { \"kind\": 1 },").Replace("\n", "\r\n", StringComparison.Ordinal)))).Line);
    }

    [TestMethod]
    public void The_file_is_read_from_disk()
    {
        using var folder = new TempFolder();
        var path = folder.Write("migrations.baseline.json", Sample);

        Assert.HasCount(3, ManifestReader.Read(path).Entries);
    }

    [TestMethod]
    [DataRow(10, DisplayName = "cut after the second entry")]
    [DataRow(4, DisplayName = "cut after the digest")]
    public void A_truncated_file_is_refused_at_the_line_where_it_ends(int lastLine)
    {
        var truncated = string.Join('\n', Sample.Split('\n').Take(lastLine));

        var exception = Refuse(truncated);

        Assert.AreEqual(lastLine, exception.Line, exception.Message);
    }

    [TestMethod]
    public void A_file_cut_in_the_middle_of_an_entry_is_refused_on_that_line()
    {
        var line10 = ManifestSamples.Line(Sample, 10);
        var cut = Sample[..(Sample.IndexOf(line10, StringComparison.Ordinal) + (line10.Length / 2))];

        Assert.AreEqual(10, Refuse(cut).Line);
    }

    [TestMethod]
    public void An_empty_file_is_refused()
    {
        Refuse("");
    }

    [TestMethod]
    [DataRow(2, "  \"formatVersion\": \"1\",", DisplayName = "formatVersion as a string")]
    [DataRow(2, "  \"formatVersion\": 1.5,", DisplayName = "formatVersion as a fraction")]
    [DataRow(3, "  \"algorithm\": 256,", DisplayName = "algorithm as a number")]
    [DataRow(4, "  \"digest\": null,", DisplayName = "digest as null")]
    [DataRow(5, "  \"sets\": {", DisplayName = "sets as an object")]
    [DataRow(7, "      \"name\": false,", DisplayName = "set name as a boolean")]
    public void A_property_of_the_wrong_type_is_refused_on_its_line(int line, string replacement)
    {
        var exception = Refuse(ManifestSamples.ReplaceLine(Sample, line, replacement));

        Assert.AreEqual(line, exception.Line, exception.Message);
    }

    [TestMethod]
    [DataRow("\"sha256\": \"", "\"sha256\": 7, \"x\": \"", DisplayName = "sha256 as a number")]
    [DataRow("\"version\": \"2\"", "\"version\": 2", DisplayName = "version as a number")]
    [DataRow("\"kind\": \"versioned\"", "\"kind\": [\"versioned\"]", DisplayName = "kind as an array")]
    [DataRow("\"kind\": \"versioned\"", "\"kind\": \"applied\"", DisplayName = "an unknown kind")]
    [DataRow("\"version\": \"2\", ", "", DisplayName = "a versioned entry without a version")]
    [DataRow("\"sha256\": \"", "\"sha256\": \"AB", DisplayName = "a sha256 that is not 64 lowercase hex digits")]
    [DataRow(" }", ", \"flyway\": \"123\" }", DisplayName = "flyway as a string")]
    [DataRow(" }", ", \"flyway\": 4294967296 }", DisplayName = "flyway beyond 32 bits")]
    public void An_entry_with_a_wrong_field_is_refused_on_its_line(string find, string replace)
    {
        var text = WithEntry(10, line => ReplaceFirst(line, find, replace));

        var exception = Refuse(text);

        Assert.AreEqual(10, exception.Line, exception.Message);
    }

    [TestMethod]
    public void An_unknown_format_version_is_refused_on_its_line()
    {
        var exception = Refuse(ManifestSamples.ReplaceLine(Sample, 2, "  \"formatVersion\": 2,"));

        Assert.AreEqual(2, exception.Line);
        Assert.Contains("formatVersion is 2", exception.Message);
    }

    [TestMethod]
    public void An_unknown_algorithm_is_refused_on_its_line()
    {
        var exception = Refuse(ManifestSamples.ReplaceLine(Sample, 3, "  \"algorithm\": \"md5\","));

        Assert.AreEqual(3, exception.Line);
        Assert.Contains("md5", exception.Message);
    }

    [TestMethod]
    [DataRow("Migrations/../../etc/V2__add_email.sql", DisplayName = "a path with ..")]
    [DataRow("../V2__add_email.sql", DisplayName = "a path that starts with ..")]
    [DataRow("/etc/V2__add_email.sql", DisplayName = "an absolute Unix path")]
    [DataRow("C:/Migrations/V2__add_email.sql", DisplayName = "an absolute Windows path")]
    [DataRow("Migrations\\\\V2__add_email.sql", DisplayName = "a backslash")]
    [DataRow("Migrations//V2__add_email.sql", DisplayName = "an empty segment")]
    [DataRow("./Migrations/V2__add_email.sql", DisplayName = "a dot segment")]
    [DataRow("", DisplayName = "an empty path")]
    public void A_path_outside_the_project_or_not_in_the_canonical_form_is_refused_on_its_line(string path)
    {
        var text = WithEntry(10, line => line.Replace("Migrations/V2__add_email.sql", path, StringComparison.Ordinal));

        var exception = Refuse(text, verifyDigest: false);

        Assert.AreEqual(10, exception.Line, exception.Message);
    }

    [TestMethod]
    public void A_duplicate_path_is_refused_on_its_second_line()
    {
        var text = ManifestSamples.ReplaceLine(Sample, 11, ManifestSamples.Line(Sample, 9).TrimEnd(','));

        var exception = Refuse(text, verifyDigest: false);

        Assert.AreEqual(11, exception.Line);
        Assert.Contains("Migrations/V1__init.sql", exception.Message);
        Assert.Contains("line 9", exception.Message);
    }

    [TestMethod]
    public void A_large_manifest_read_from_its_file_gives_a_duplicate_the_lines_of_both_entries()
    {
        // 6,000 entries, over a megabyte: a manifest as large as a big project's.
        var entries = Enumerable.Range(1, 6_000).Select(n => ManifestSamples.Versioned($"{n}", $"Migrations/V{n}__step_{n}.sql")).ToList();
        var text = ManifestWriter.Serialize(new Manifest(entries));
        var last = 8 + entries.Count;
        text = ManifestSamples.ReplaceLine(text, last, ManifestSamples.Line(text, 9 + 41).TrimEnd(','));
        using var folder = new TempFolder();
        var path = folder.Write("migrations.baseline.json", text);
        Assert.IsGreaterThan(1 << 20, new FileInfo(path).Length);

        var exception = Assert.ThrowsExactly<ManifestException>(() => ManifestReader.Read(path, verifyDigest: false));

        Assert.AreEqual(last, exception.Line, exception.Message);
        Assert.Contains("Migrations/V42__step_42.sql", exception.Message);
        Assert.Contains("line 50", exception.Message);
        Assert.HasCount(6_000, ManifestReader.Read(folder.Write("whole.json", ManifestWriter.Serialize(new Manifest(entries)))).Entries);
    }

    [TestMethod]
    public void A_duplicate_path_in_two_sets_is_refused()
    {
        var text = ManifestWriter.Serialize(new Manifest(
        [
            ManifestSamples.Versioned("1", "db/V1__x.sql", "a"),
            ManifestSamples.Versioned("1", "db/V1__x.sql", "b"),
        ]));

        var exception = Refuse(text);

        Assert.Contains("db/V1__x.sql", exception.Message);
        Assert.AreEqual(15, exception.Line, exception.Message);
    }

    [TestMethod]
    public void A_set_that_appears_twice_is_refused()
    {
        var text = ManifestWriter.Serialize(new Manifest(
        [
            ManifestSamples.Versioned("1", "db/a/V1__x.sql", "a"),
            ManifestSamples.Versioned("1", "db/b/V1__x.sql", "b"),
        ])).Replace("\"name\": \"b\"", "\"name\": \"a\"", StringComparison.Ordinal);

        var exception = Refuse(text, verifyDigest: false);

        Assert.Contains("'a'", exception.Message);
        Assert.AreEqual(12, exception.Line, exception.Message);
    }

    // What git writes when two branches each added a migration to the same baseline.
    [TestMethod]
    public void A_file_with_git_merge_conflict_markers_is_refused_at_the_first_marker()
    {
        var ours = new Manifest([.. ManifestSamples.Sample().Entries.Take(2), ManifestSamples.Versioned("3", "Migrations/V3__add_phone.sql")]);
        var theirs = new Manifest([.. ManifestSamples.Sample().Entries.Take(2), ManifestSamples.Versioned("3", "Migrations/V3__add_orders.sql")]);
        var oursLines = ManifestWriter.Serialize(ours).Split('\n');
        var theirsLines = ManifestWriter.Serialize(theirs).Split('\n');
        var conflicted = string.Join('\n',
        [
            .. oursLines[..3],
            "<<<<<<< HEAD",
            oursLines[3],
            "=======",
            theirsLines[3],
            ">>>>>>> feature/orders",
            .. oursLines[4..10],
            "<<<<<<< HEAD",
            oursLines[10],
            "=======",
            theirsLines[10],
            ">>>>>>> feature/orders",
            .. oursLines[11..],
        ]);

        var exception = Refuse(conflicted);

        Assert.AreEqual(4, exception.Line);
        Assert.Contains("merge-conflict", exception.Message);
    }

    [TestMethod]
    public void A_diff3_conflict_is_refused_at_its_first_marker()
    {
        var lines = Sample.Split('\n').ToList();
        lines.InsertRange(10, ["<<<<<<< ours", ManifestSamples.Line(Sample, 11), "||||||| base", "=======", ManifestSamples.Line(Sample, 11), ">>>>>>> theirs"]);
        lines.RemoveAt(16);

        Assert.AreEqual(11, Refuse(string.Join('\n', lines)).Line);
    }

    [TestMethod]
    public void A_CRLF_conflict_marker_is_found()
    {
        var conflicted = ManifestSamples.ReplaceLine(Sample, 4, "<<<<<<< HEAD\n" + ManifestSamples.Line(Sample, 4) + "\n=======\n" + ManifestSamples.Line(Sample, 4) + "\n>>>>>>> other")
            .Replace("\n", "\r\n", StringComparison.Ordinal);

        Assert.AreEqual(4, Refuse(conflicted).Line);
    }

    [TestMethod]
    public void A_description_that_contains_seven_equals_signs_is_not_a_conflict_marker()
    {
        var manifest = new Manifest([ManifestSamples.Versioned("1", "M/V1__x.sql", description: "=======")]);

        Assert.HasCount(1, ManifestReader.Parse(ManifestSamples.Utf8(ManifestWriter.Serialize(manifest))).Entries);
    }

    [TestMethod]
    public void A_digest_that_does_not_match_the_entries_is_refused_on_the_digest_line()
    {
        var text = Sample.Replace(Checksum.Of("Migrations/V2__add_email.sql"), Checksum.Of("edited by hand"), StringComparison.Ordinal);

        var exception = Refuse(text);

        Assert.AreEqual(4, exception.Line);
        Assert.Contains("digest", exception.Message);
    }

    [TestMethod]
    public void A_stale_digest_is_accepted_when_digest_verification_is_off()
    {
        var text = Sample.Replace(Checksum.Of("Migrations/V2__add_email.sql"), Checksum.Of("edited by hand"), StringComparison.Ordinal);

        var manifest = ManifestReader.Parse(ManifestSamples.Utf8(text), verifyDigest: false);

        Assert.AreEqual(Checksum.Of("edited by hand"), manifest.Entries[1].Sha256);
    }

    [TestMethod]
    [DataRow("{}\n", 16, DisplayName = "a second object")]
    [DataRow("x\n", 16, DisplayName = "a stray character")]
    [DataRow("\n\n,", 18, DisplayName = "a comma after blank lines")]
    public void Content_after_the_closing_brace_is_refused_on_its_line(string trailer, int line)
    {
        var exception = Refuse(Sample + trailer);

        Assert.AreEqual(line, exception.Line, exception.Message);
    }

    [TestMethod]
    public void Whitespace_after_the_closing_brace_is_accepted()
    {
        Assert.HasCount(3, ManifestReader.Parse(ManifestSamples.Utf8(Sample + "\n  \n")).Entries);
    }

    [TestMethod]
    public void Comments_are_refused()
    {
        var exception = Refuse(ManifestSamples.ReplaceLine(Sample, 6, "    { // default set"));

        Assert.AreEqual(6, exception.Line, exception.Message);
    }

    [TestMethod]
    [DataRow("formatVersion", 2, DisplayName = "no formatVersion")]
    [DataRow("algorithm", 3, DisplayName = "no algorithm")]
    [DataRow("digest", 4, DisplayName = "no digest")]
    public void A_missing_property_is_refused(string property, int line)
    {
        var exception = Refuse(ManifestSamples.ReplaceLine(Sample, line, ""));

        Assert.Contains($"'{property}'", exception.Message);
    }

    [TestMethod]
    public void Unknown_properties_are_ignored_for_forward_compatibility()
    {
        var text = ManifestSamples.ReplaceLine(Sample, 2, "  \"formatVersion\": 1, \"generator\": { \"name\": \"x\", \"list\": [1, 2] },");
        text = WithEntryIn(text, 9, line => line.Replace(" }", ", \"note\": \"x\" }", StringComparison.Ordinal));

        Assert.HasCount(3, ManifestReader.Parse(ManifestSamples.Utf8(text)).Entries);
    }

    [TestMethod]
    public void A_JSON_array_instead_of_an_object_is_refused_on_line_1()
    {
        Assert.AreEqual(1, Refuse("[]\n").Line);
    }

    private static string WithEntryIn(string text, int line, Func<string, string> edit) =>
        ManifestSamples.ReplaceLine(text, line, edit(ManifestSamples.Line(text, line)));

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, index, $"'{find}' not in '{text}'");
        return text[..index] + replace + text[(index + find.Length)..];
    }
}
