using System.Security.Cryptography;
using System.Text;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

/// <summary>
/// The manifest's md5 and sha1 (for a postgrator or sqitch history): hashes of the text the manifest's sha256 is taken
/// of, which a replica check takes as the raw bytes' hash of a script whose bytes are that text, instead of hashing it.
/// </summary>
[TestClass]
public sealed class ManifestDigestTests
{
    private const string V1 = "Migrations/V1__init.sql";
    private const string V2 = "Migrations/V2__add_email.sql";
    private const string V3 = "Migrations/V3__views.sql";

    private static readonly byte[] Init = "create table users (id int primary key);\n"u8.ToArray();
    private static readonly byte[] Email = "alter table users add email text;\n"u8.ToArray();

    [TestMethod]
    public void New_entries_record_the_hashes_of_their_text_when_the_history_stores_them()
    {
        using var folder = new TempFolder();
        folder.WriteBytes(V1, Init);
        folder.WriteBytes(V2, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("alter table users add email text;\r\n")]);

        var result = Verifier.Run(Scripts(folder), Options(folder) with { ManifestDigests = ChecksumKinds.Md5 | ChecksumKinds.Sha1 });

        Assert.IsTrue(result.ManifestCreated);
        var entries = ManifestReader.Read(folder.PathOf("migrations.baseline.json")).Entries;
        // The BOM and the CRLF are not part of the text: both hashes are those of the LF text, as the sha256 is.
        Assert.AreEqual(Convert.ToHexStringLower(MD5.HashData(Email)), entries.Single(entry => entry.Path == V2).Md5);
        Assert.AreEqual(Convert.ToHexStringLower(SHA1.HashData(Email)), entries.Single(entry => entry.Path == V2).Sha1);
        Assert.AreEqual(PostgratorChecksum.Compute(Init), entries.Single(entry => entry.Path == V1).Md5);
    }

    [TestMethod]
    public void Without_such_a_history_the_manifest_records_none()
    {
        using var folder = new TempFolder();
        folder.WriteBytes(V1, Init);

        Verifier.Run(Scripts(folder), Options(folder));

        Assert.DoesNotContain("md5", File.ReadAllText(folder.PathOf("migrations.baseline.json")));
    }

    [TestMethod]
    public void A_developer_build_records_them_in_an_existing_manifest_once_and_a_locked_build_never_writes()
    {
        using var folder = new TempFolder();
        folder.WriteBytes(V1, Init);
        folder.WriteBytes(V2, Email);
        Verifier.Run(Scripts(folder), Options(folder));
        var before = File.ReadAllBytes(folder.PathOf("migrations.baseline.json"));

        var locked = Verifier.Run(Scripts(folder), Options(folder, locked: true) with { ManifestDigests = ChecksumKinds.Md5 });
        Assert.IsFalse(locked.ManifestWritten);
        Assert.AreEqual(0, locked.DigestsRecorded);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(folder.PathOf("migrations.baseline.json")));

        var developer = Verifier.Run(Scripts(folder), Options(folder) with { ManifestDigests = ChecksumKinds.Md5 });
        Assert.IsEmpty(developer.Findings, string.Join("\n", developer.Findings));
        Assert.IsTrue(developer.ManifestWritten);
        Assert.AreEqual(2, developer.DigestsRecorded);
        var manifest = ManifestReader.Read(folder.PathOf("migrations.baseline.json"));
        Assert.AreEqual(PostgratorChecksum.Compute(Email), manifest.Entries.Single(entry => entry.Path == V2).Md5);
        Assert.AreEqual(ManifestReader.Parse(before).Digest, manifest.Digest, "The digest covers the text checksums, which did not change.");

        var again = Verifier.Run(Scripts(folder), Options(folder) with { ManifestDigests = ChecksumKinds.Md5 });
        Assert.IsFalse(again.ManifestWritten);
        Assert.AreEqual(0, again.DigestsRecorded);
    }

    [TestMethod]
    public void The_raw_digest_comes_from_the_manifest_only_for_a_script_whose_bytes_are_its_unchanged_text()
    {
        using var folder = new TempFolder();
        folder.WriteBytes(V1, Init);
        folder.WriteBytes(V2, [.. Email[..^1], (byte)'\r', (byte)'\n']);
        folder.WriteBytes(V3, [0xEF, 0xBB, 0xBF, .. "create view v as select 1;\n"u8]);
        folder.WriteBytes("Migrations/V4__latin1.sql", [.. "select 'caf"u8, 0xE9, .. "';\n"u8]);
        folder.WriteBytes("Migrations/V5__edited.sql", "select 5;\n"u8.ToArray());
        folder.WriteBytes("Migrations/V6__unrecorded.sql", "select 6;\n"u8.ToArray());
        var scripts = Scripts(folder);
        // Recorded md5 values no hash would give: whichever script gets one was not hashed a second way.
        var manifest = new Manifest([.. scripts.Select(script => Entry(script, script.RelativePath.Contains("V6", StringComparison.Ordinal) ? null : Marker(script)))]);
        File.WriteAllText(folder.PathOf("Migrations/V5__edited.sql"), "select 55;\n");

        var hashing = ParallelHashing.Run(scripts, null, CancellationToken.None, RawDigestKind.Md5, ChecksumKinds.Md5, rawFromManifest: true);
        var digests = hashing.RawDigests(manifest);

        Assert.AreEqual(Marker(scripts[0]), digests[folder.PathOf(V1)].Hex, "LF, no BOM, UTF-8 and the manifest's text: the recorded md5.");
        Assert.IsTrue(digests[folder.PathOf(V1)].ValidUtf8);
        foreach (var other in new[] { V2, V3, "Migrations/V4__latin1.sql", "Migrations/V5__edited.sql" })
        {
            Assert.IsFalse(digests.ContainsKey(folder.PathOf(other)), $"{other}: its bytes are not the recorded text; the check reads it itself.");
        }

        Assert.IsFalse(digests.ContainsKey(folder.PathOf("Migrations/V6__unrecorded.sql")), "No md5 recorded: the check reads it itself.");
        Assert.IsEmpty(hashing.RawDigests(), "Without the manifest nothing vouches for any.");

        // Asked for the raw digest without the manifest recording it, the read computes it, as before.
        var inRead = ParallelHashing.Run(scripts, null, CancellationToken.None, RawDigestKind.Md5).RawDigests(manifest);
        Assert.AreEqual(Convert.ToHexStringLower(MD5.HashData("select 6;\n"u8)), inRead[folder.PathOf("Migrations/V6__unrecorded.sql")].Hex);
        Assert.AreEqual(Convert.ToHexStringLower(MD5.HashData(Init)), inRead[folder.PathOf(V1)].Hex);
    }

    [TestMethod]
    public void A_locked_build_hands_the_replica_check_the_recorded_md5_of_every_script_that_matches()
    {
        using var folder = new TempFolder();
        folder.WriteBytes(V1, Init);
        folder.WriteBytes(V2, Email);
        Verifier.Run(Scripts(folder), Options(folder) with { ManifestDigests = ChecksumKinds.Md5 });

        var locked = Verifier.Run(Scripts(folder), Options(folder, locked: true) with { RawDigest = RawDigestKind.Md5, ManifestDigests = ChecksumKinds.Md5 });

        Assert.IsEmpty(locked.Findings);
        Assert.HasCount(2, locked.RawDigests);
        Assert.AreEqual(PostgratorChecksum.Compute(Email), PostgratorChecksum.FromRawDigest(locked.RawDigests[folder.PathOf(V2)]));
        Assert.IsTrue(ManifestReader.RecordsToolDigest(folder.PathOf("migrations.baseline.json"), RawDigestKind.Md5));
        Assert.IsFalse(ManifestReader.RecordsToolDigest(folder.PathOf("migrations.baseline.json"), RawDigestKind.Sha1));
        Assert.IsFalse(ManifestReader.RecordsToolDigest(folder.PathOf("none.json"), RawDigestKind.Md5));
    }

    [TestMethod]
    public void A_manifest_that_records_no_md5_yet_still_gets_the_md5_from_the_gates_read()
    {
        using var folder = new TempFolder();
        folder.WriteBytes(V1, Init);
        Verifier.Run(Scripts(folder), Options(folder));

        // As on CI right after ParityHistory=postgrator was set, before a developer build recorded the md5.
        var locked = Verifier.Run(Scripts(folder), Options(folder, locked: true) with { RawDigest = RawDigestKind.Md5, ManifestDigests = ChecksumKinds.Md5 });

        Assert.AreEqual(PostgratorChecksum.Compute(Init), PostgratorChecksum.FromRawDigest(locked.RawDigests[folder.PathOf(V1)]));
    }

    [TestMethod]
    public void The_manifest_reads_and_writes_md5_and_sha1_and_refuses_malformed_ones()
    {
        var entry = new ManifestEntry("", MigrationKind.Versioned, "1", "init", V1, new string('a', 64), null, 7, new string('b', 32), new string('c', 40));
        var text = ManifestWriter.Serialize(new Manifest([entry]));

        StringAssert.Contains(text, $"\"flyway\": 7, \"md5\": \"{new string('b', 32)}\", \"sha1\": \"{new string('c', 40)}\" }}");
        Assert.AreEqual(entry, ManifestReader.Parse(Encoding.UTF8.GetBytes(text)).Entries.Single());

        var upper = Encoding.UTF8.GetBytes(text.Replace(new string('b', 32), new string('B', 32), StringComparison.Ordinal));
        StringAssert.Contains(Assert.ThrowsExactly<ManifestException>(() => ManifestReader.Parse(upper)).Message, "invalid 'md5'");
        var shortSha1 = Encoding.UTF8.GetBytes(text.Replace(new string('c', 40), new string('c', 39), StringComparison.Ordinal));
        StringAssert.Contains(Assert.ThrowsExactly<ManifestException>(() => ManifestReader.Parse(shortSha1)).Message, "invalid 'sha1'");
    }

    private static string Marker(ScriptFile script) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("marker " + script.RelativePath)));

    private static ManifestEntry Entry(ScriptFile script, string? md5)
    {
        var sha256 = ScriptHasher.Hash(script.FullPath, ChecksumKinds.Text).Text;
        var name = FlywayNaming.Instance.Parse(script.RelativePath)!;
        return new ManifestEntry("", name.Kind, name.Version?.Text, name.Description, script.RelativePath, sha256, null, null, md5);
    }

    private static List<ScriptFile> Scripts(TempFolder folder) =>
        [.. Directory.GetFiles(folder.PathOf("Migrations")).Order(StringComparer.Ordinal)
            .Select(path => new ScriptFile(path, "Migrations/" + Path.GetFileName(path), "", "flyway"))];

    private static VerifyOptions Options(TempFolder folder, bool locked = false) =>
        new(folder.Root, folder.PathOf("migrations.baseline.json"), Locked: locked);
}
