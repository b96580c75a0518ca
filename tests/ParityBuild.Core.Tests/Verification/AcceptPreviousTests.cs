using System.Security.Cryptography;
using System.Text;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

/// <summary>
/// What ParityAccept keeps in an entry's 'previous' list (the earlier texts whose stored checksums the replica check
/// realigns, PARITY2011): the tools' checksums of a cosmetic edit's earlier text, found in git whatever ParityHistory
/// says; and, when it recomputes a digest that did not match, only the items git vouches for.
/// </summary>
[TestClass]
public sealed class AcceptPreviousTests
{
    private const string V1 = "Migrations/V1__init.sql";
    private const string V2 = "Migrations/V2__add_email.sql";
    private const string Header = "-- Copyright 2026 Example Ltd.\n";

    private static readonly byte[] Init = "create table users (id int primary key);\n"u8.ToArray();
    private static readonly byte[] Email = "alter table users add email text;\n"u8.ToArray();

    [TestMethod]
    public void ParityAccept_of_a_cosmetic_edit_keeps_the_earlier_texts_md5_and_sha1_from_git_with_no_ParityHistory_set()
    {
        using var folder = Reformatted(out var accepted);

        var earlier = ManifestReader.Read(ManifestPath(folder)).Entries[0].Previous!.Single();
        Assert.AreEqual(Convert.ToHexStringLower(MD5.HashData(Init)), earlier.Md5, "postgrator, Evolve and grate, auto-detected on the replica, are realigned from it");
        Assert.AreEqual(Convert.ToHexStringLower(SHA1.HashData(Init)), earlier.Sha1, "sqitch is realigned from it");
        Assert.DoesNotContain("git holds no earlier text", Assert.ContainsSingle(accepted.Changes));
    }

    [TestMethod]
    [DataRow(false, "sha256, flyway", DisplayName = "no ParityHistory")]
    [DataRow(true, "sha256, flyway, md5", DisplayName = "ParityHistory=postgrator")]
    public void ParityAccept_of_a_cosmetic_edit_that_git_holds_no_earlier_text_of_says_which_checksums_previous_keeps(bool postgrator, string kept)
    {
        using var folder = new TempFolder();
        folder.WriteBytes(V1, Init);
        var options = postgrator ? Options(folder) with { ManifestDigests = ChecksumKinds.Md5 } : Options(folder);
        Verifier.Run(Scripts(folder), options);
        folder.WriteBytes(V1, [.. Encoding.UTF8.GetBytes(Header), .. Init]);

        var accepted = Verifier.Run(Scripts(folder), options with { Accept = true });

        Assert.AreEqual(
            $"updated {V1} (sha256 {Convert.ToHexStringLower(SHA256.HashData(Init))[..12]} -> {Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(Header), .. Init]))[..12]}); "
            + $"git holds no earlier text of it, so 'previous' keeps only the {kept} the manifest had: a history row storing another checksum of that text stays PARITY2002",
            Assert.ContainsSingle(accepted.Changes));
        var earlier = ManifestReader.Read(folder.PathOf("migrations.baseline.json")).Entries.Single().Previous!.Single();
        Assert.AreEqual(postgrator ? PostgratorChecksum.Compute(Init) : null, earlier.Md5);
        Assert.IsNull(earlier.Sha1);
    }

    [TestMethod]
    public void ParityAccept_that_recomputes_a_stale_digest_keeps_the_earlier_texts_git_vouches_for()
    {
        using var folder = Reformatted(out _);
        var before = ManifestReader.Read(ManifestPath(folder));
        // As after a merge whose conflict on the digest line was resolved by taking one side.
        File.WriteAllText(ManifestPath(folder), File.ReadAllText(ManifestPath(folder)).Replace(before.Digest, new string('0', 64), StringComparison.Ordinal));

        var accepted = Verifier.Run(Scripts(folder), Options(folder) with { Accept = true });

        Assert.AreEqual("recomputed the digest, which did not match the entries", Assert.ContainsSingle(accepted.Changes));
        Assert.IsTrue(accepted.ManifestWritten);
        var after = ManifestReader.Read(ManifestPath(folder));
        Assert.AreEqual(before.Digest, after.Digest);
        Assert.AreSequenceEqual(before.Entries[0].Previous!.ToArray(), after.Entries[0].Previous!.ToArray());
    }

    [TestMethod]
    public void ParityAccept_that_recomputes_a_stale_digest_drops_earlier_checksums_written_by_hand()
    {
        using var folder = Reformatted(out _);
        var original = ManifestReader.Read(ManifestPath(folder));
        var earlier = original.Entries[0].Previous!.Single();
        // V2 edited for real and accepted: the replica's checksum of its first text is drift, which a hand-written
        // 'previous' of that text (in git, but not semantically the script now) would turn into PARITY2011.
        folder.WriteBytes(V2, "alter table users add email varchar(320);\n"u8.ToArray());
        Verifier.Run(Scripts(folder), Options(folder) with { Accept = true });
        var hand = ManifestReader.Read(ManifestPath(folder));
        var email = ScriptHasher.Hash(Email, ChecksumKinds.Flyway | ChecksumKinds.Md5);
        var forged = new Manifest(
        [
            hand.Entries[0] with { Previous = [earlier with { Md5 = new string('a', 32) }, earlier] },
            hand.Entries[1] with { Previous = [new PreviousText(email.Text, email.Flyway, email.Md5)] },
        ]);
        File.WriteAllText(ManifestPath(folder), ManifestWriter.Serialize(forged).Replace(forged.Digest, hand.Digest, StringComparison.Ordinal));

        var accepted = Verifier.Run(Scripts(folder), Options(folder) with { Accept = true });

        Assert.AreSequenceEqual(
            new[]
            {
                "recomputed the digest, which did not match the entries",
                $"dropped 1 of the earlier texts in 'previous' of {V1}: the manifest's digest did not match, and git holds no text of the script that is semantically identical to it now and has those checksums",
                $"dropped 1 of the earlier texts in 'previous' of {V2}: the manifest's digest did not match, and git holds no text of the script that is semantically identical to it now and has those checksums",
            },
            accepted.Changes.ToArray());
        var after = ManifestReader.Read(ManifestPath(folder));
        Assert.AreSequenceEqual(new[] { earlier }, after.Entries[0].Previous!.ToArray());
        Assert.IsNull(after.Entries[1].Previous);
    }

    // V1 and V2 committed and baselined, then a licence header on V1 accepted: V1's entry has 'previous', from git.
    private static TempFolder Reformatted(out VerifyResult accepted)
    {
        var folder = new TempFolder();
        folder.WriteBytes(V1, Init);
        folder.WriteBytes(V2, Email);
        Verifier.Run(Scripts(folder), Options(folder));
        Git(folder, "init", "-q");
        Git(folder, "add", "-A");
        Git(folder, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "-q", "-m", "init");
        folder.WriteBytes(V1, [.. Encoding.UTF8.GetBytes(Header), .. Init]);
        accepted = Verifier.Run(Scripts(folder), Options(folder) with { Accept = true });
        return folder;
    }

    private static string ManifestPath(TempFolder folder) => folder.PathOf("migrations.baseline.json");

    private static List<ScriptFile> Scripts(TempFolder folder) =>
        [.. Directory.GetFiles(folder.PathOf("Migrations")).Order(StringComparer.Ordinal)
            .Select(path => new ScriptFile(path, "Migrations/" + Path.GetFileName(path), "", "flyway"))];

    private static VerifyOptions Options(TempFolder folder) => new(folder.Root, ManifestPath(folder));

    private static void Git(TempFolder folder, params string[] arguments)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", arguments) { WorkingDirectory = folder.Root, RedirectStandardError = true })!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.AreEqual(0, git.ExitCode, error);
    }
}
