using System.Text;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Manifests;

/// <summary>
/// An entry as read keeps its checksums as bytes and makes their hex only when asked: it must behave exactly as an
/// entry made from the strings — values, equality, <c>with</c>, the digest, and the comparison with a script's checksum.
/// </summary>
[TestClass]
public sealed class ManifestEntryTests
{
    private static readonly string Sha = ScriptHasher.Hash("select 1;\n"u8, ChecksumKinds.Text).Text;
    private static readonly string Semantic = new('5', 64);

    private static ManifestEntry Made(string? semantic = "5") =>
        new("", MigrationKind.Versioned, "1", "init", "Migrations/V1__init.sql", Sha, semantic is null ? null : Semantic, 42, new string('d', 32));

    private static ManifestEntry Read(ManifestEntry entry) =>
        ManifestReader.Parse(Encoding.UTF8.GetBytes(ManifestWriter.Serialize(new Manifest([entry])))).Entries.Single();

    [TestMethod]
    public void An_entry_as_read_equals_the_entry_written_and_gives_the_same_hex()
    {
        foreach (var made in new[] { Made(), Made(semantic: null) })
        {
            var read = Read(made);

            Assert.AreEqual(made, read);
            Assert.AreEqual(made.GetHashCode(), read.GetHashCode());
            Assert.AreEqual(Sha, read.Sha256);
            Assert.AreEqual(made.Semantic, read.Semantic);
            Assert.AreEqual(new Manifest([made]).Digest, new Manifest([read]).Digest);
        }
    }

    [TestMethod]
    public void A_script_checksum_matches_an_entry_as_read_and_as_made_alike()
    {
        var hashed = ScriptHasher.Hash("select 1;\r\n"u8, ChecksumKinds.Text);
        var other = ScriptHasher.Hash("select 2;\n"u8, ChecksumKinds.Text);
        var fromText = new ScriptChecksums(Sha, 10);

        foreach (var entry in new[] { Made(), Read(Made()) })
        {
            Assert.IsTrue(entry.HasText(hashed));
            Assert.IsTrue(entry.HasText(fromText));
            Assert.IsFalse(entry.HasText(other));
        }
    }

    [TestMethod]
    public void With_replaces_a_checksum_of_an_entry_as_read()
    {
        var read = Read(Made());

        var edited = read with { Sha256 = new string('a', 64) };
        var plain = read with { Semantic = null };
        var renamed = read with { Set = "billing", Md5 = null };

        Assert.AreEqual(new string('a', 64), edited.Sha256);
        Assert.AreEqual(Semantic, edited.Semantic, "The semantic checksum is kept.");
        Assert.IsFalse(edited.HasText(ScriptHasher.Hash("select 1;\n"u8, ChecksumKinds.Text)));
        Assert.IsNull(plain.Semantic);
        Assert.AreEqual(Sha, plain.Sha256);
        Assert.AreEqual("billing", renamed.Set);
        Assert.AreEqual(Sha, renamed.Sha256);
        Assert.AreEqual(Semantic, renamed.Semantic);
    }

    [TestMethod]
    public void A_checksum_written_with_json_escapes_is_read_as_its_text()
    {
        var text = ManifestWriter.Serialize(new Manifest([Made()])).Replace($"\"sha256\": \"{Sha}\"", $"\"sha256\": \"\\u00{(int)Sha[0]:x2}{Sha[1..]}\"", StringComparison.Ordinal);

        Assert.AreEqual(Sha, ManifestReader.Parse(Encoding.UTF8.GetBytes(text)).Entries.Single().Sha256);
    }

    [TestMethod]
    public void The_digest_of_entries_made_from_strings_covers_the_whole_string()
    {
        // Only entries as read hold their checksum as bytes; one made from any other string is hashed as that string.
        var short1 = new Manifest([Made() with { Sha256 = "abc" }]);
        var short2 = new Manifest([Made() with { Sha256 = "abd" }]);
        var long1 = new Manifest([Made() with { Sha256 = Sha + "0" }]);

        Assert.AreNotEqual(short1.Digest, short2.Digest);
        Assert.AreNotEqual(new Manifest([Made()]).Digest, long1.Digest);
    }
}
