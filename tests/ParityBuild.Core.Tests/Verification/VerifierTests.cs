using System.Text;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

/// <summary>The gate end to end, through real files in a throw-away project folder.</summary>
[TestClass]
public sealed class VerifierTests
{
    private const string V1 = "Migrations/V1__init.sql";
    private const string V2 = "Migrations/V2__add_email.sql";
    private const string R = "Migrations/R__views.sql";

    [TestMethod]
    public void The_first_run_writes_the_manifest()
    {
        using var project = Project.WithThreeScripts();

        var result = project.Run();

        Assert.IsEmpty(result.Findings, Describe(result));
        Assert.IsTrue(result.ManifestWritten);
        Assert.IsTrue(result.ManifestCreated);
        Assert.AreEqual(3, result.Migrations);
        Assert.AreEqual(1, result.Sets);
        Assert.IsTrue(File.Exists(project.ManifestPath));
        StringAssert.StartsWith(File.ReadAllText(project.ManifestPath), "{\n  \"formatVersion\": 1,\n");
    }

    [TestMethod]
    public void The_second_run_reports_nothing_and_leaves_the_manifest_alone()
    {
        using var project = Project.WithThreeScripts();
        project.Run();
        var manifest = project.ManifestBytes();
        var written = File.GetLastWriteTimeUtc(project.ManifestPath);

        var result = project.Run();

        Assert.IsEmpty(result.Findings, Describe(result));
        Assert.IsFalse(result.ManifestWritten);
        CollectionAssert.AreEqual(manifest, project.ManifestBytes());
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(project.ManifestPath));
    }

    [TestMethod]
    public void A_same_length_edit_whose_modification_time_is_put_back_is_read_again()
    {
        RequireInodeAndChangeTime();
        using var project = Project.WithThreeScripts();
        project.SettleAll();
        project.AwaitRacyWindow();
        project.Run(cache: true);
        Assert.AreEqual(0, project.Run(cache: true).Hashed, "the stat cache vouches for every script");

        // Same length, same modification time: only the change time, which no tool can put back, tells.
        EditKeepingSizeAndTime(project);
        var result = project.Run(cache: true);

        Assert.AreEqual(1, result.Hashed);
        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(result.Findings).Code, Describe(result));
    }

    [TestMethod]
    public void An_edit_through_a_hard_link_outside_the_project_is_read_again()
    {
        RequireInodeAndChangeTime();
        using var project = Project.WithThreeScripts();
        using var elsewhere = new TempFolder();
        var link = elsewhere.PathOf("V2-linked.sql");
        HardLink(project.Folder.PathOf(V2), link);
        project.SettleAll();
        project.AwaitRacyWindow();
        project.Run(cache: true);

        // Written in place through the other name (the same inode), its time put back.
        using (var stream = new FileStream(link, FileMode.Open, FileAccess.Write))
        {
            stream.Write("alter table users add phone text;\n"u8);
        }

        project.Folder.Settle(V2);
        var result = project.Run(cache: true);

        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(result.Findings).Code, Describe(result));
        Assert.AreEqual(project.Folder.PathOf(V2), result.Findings[0].File);
    }

    [TestMethod]
    public void The_manifest_a_run_read_is_handed_on_only_while_the_file_is_unchanged()
    {
        using var project = Project.WithThreeScripts();
        Assert.IsNull(project.Run().Manifest, "a run that wrote the manifest hands on none");

        var result = project.Run();

        Assert.AreSame(result.Manifest, result.ManifestIfUnchanged(project.ManifestPath));
        Assert.IsNotNull(result.Discovery);
        File.SetLastWriteTimeUtc(project.ManifestPath, File.GetLastWriteTimeUtc(project.ManifestPath).AddSeconds(1));
        Assert.IsNull(result.ManifestIfUnchanged(project.ManifestPath), "touched since: a later task reads it itself");
    }

    private static void EditKeepingSizeAndTime(Project project)
    {
        project.Folder.Write(V2, "alter table users add phone text;\n");
        project.Folder.Settle(V2);
    }

    private static void HardLink(string existing, string link)
    {
        using var ln = System.Diagnostics.Process.Start("ln", [existing, link]);
        ln.WaitForExit();
        Assert.AreEqual(0, ln.ExitCode, $"ln {existing} {link}");
    }

    [TestMethod]
    public void An_edited_script_is_PARITY1001_and_the_manifest_is_kept()
    {
        using var project = Project.WithThreeScripts();
        project.Run();
        var manifest = project.ManifestBytes();
        project.Folder.Write(V2, "alter table users add email varchar(320) not null;\n");

        var result = project.Run();

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1001", finding.Code);
        Assert.AreEqual(project.Folder.PathOf(V2), finding.File);
        Assert.IsTrue(result.HasErrors);
        CollectionAssert.AreEqual(manifest, project.ManifestBytes());
    }

    [TestMethod]
    public void Converting_every_script_to_CRLF_with_a_BOM_is_no_finding()
    {
        using var project = Project.WithThreeScripts();
        project.Run();
        var manifest = project.ManifestBytes();
        foreach (var path in new[] { V1, V2, R })
        {
            var text = File.ReadAllText(project.Folder.PathOf(path)).Replace("\n", "\r\n", StringComparison.Ordinal);
            project.Folder.WriteBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);
        }

        var result = project.Run();

        Assert.IsEmpty(result.Findings, Describe(result));
        CollectionAssert.AreEqual(manifest, project.ManifestBytes());
    }

    [TestMethod]
    public void With_the_stat_cache_an_unchanged_tree_reads_no_file_and_an_edit_reads_one()
    {
        using var project = Project.WithThreeScripts();
        project.SettleAll();
        project.AwaitRacyWindow();
        var first = project.Run(cache: true);
        Assert.AreEqual(3, first.Hashed);

        var second = project.Run(cache: true);

        Assert.AreEqual(0, second.Hashed);
        Assert.IsEmpty(second.Findings, Describe(second));

        project.Folder.Write(V2, "alter table users add email varchar(320) not null;\n");
        var third = project.Run(cache: true);

        Assert.AreEqual(1, third.Hashed);
        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(third.Findings).Code);
    }

    [TestMethod]
    public void The_stat_cache_notices_an_edit_that_keeps_the_size()
    {
        using var project = Project.WithThreeScripts();
        project.SettleAll();
        project.AwaitRacyWindow();
        project.Run(cache: true);
        var original = File.ReadAllText(project.Folder.PathOf(V1));
        project.Folder.Write(V1, original.Replace('t', 'T'));
        project.Folder.Settle(V1, secondsLater: 1);

        var result = project.Run(cache: true);

        Assert.AreEqual(1, result.Hashed);
        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(result.Findings).Code);
    }

    [TestMethod]
    public void Scripts_modified_just_now_are_not_trusted_from_the_cache()
    {
        using var project = Project.WithThreeScripts();
        project.Run(cache: true);

        var second = project.Run(cache: true);

        Assert.AreEqual(3, second.Hashed);
    }

    [TestMethod]
    public void A_damaged_stat_cache_is_ignored()
    {
        using var project = Project.WithThreeScripts();
        project.SettleAll();
        project.Run(cache: true);
        project.Folder.Write("obj/parity.cache", "parity-stat-cache 1\nnot\ta\tvalid\tline\n");

        var result = project.Run(cache: true);

        Assert.AreEqual(3, result.Hashed);
        Assert.IsEmpty(result.Findings, Describe(result));
    }

    [TestMethod]
    public void Locked_mode_never_creates_the_manifest()
    {
        using var project = Project.WithThreeScripts();

        var result = project.Run(locked: true, cache: true);

        Assert.IsTrue(result.HasErrors);
        Assert.IsTrue(result.Findings.Any(finding => finding.Code == "PARITY1014"), Describe(result));
        Assert.IsFalse(result.ManifestWritten);
        Assert.IsFalse(File.Exists(project.ManifestPath));
        Assert.IsFalse(File.Exists(project.CachePath), "locked mode neither reads nor writes the stat cache");
    }

    [TestMethod]
    public void Locked_mode_never_adds_a_new_script_to_the_manifest()
    {
        using var project = Project.WithThreeScripts();
        project.Run();
        var manifest = project.ManifestBytes();
        project.Folder.Write("Migrations/V3__orders.sql", "create table orders (id int);\n");

        var result = project.Run(locked: true);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1003", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.IsFalse(result.ManifestWritten);
        CollectionAssert.AreEqual(manifest, project.ManifestBytes());
    }

    [TestMethod]
    public void A_new_script_on_a_developer_machine_is_added_to_the_manifest()
    {
        using var project = Project.WithThreeScripts();
        project.Run();
        project.Folder.Write("Migrations/V3__orders.sql", "create table orders (id int);\n");

        var result = project.Run();

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1003", finding.Code);
        Assert.AreEqual(Severity.Message, finding.Severity);
        Assert.IsTrue(result.ManifestWritten);
        Assert.IsFalse(result.ManifestCreated);
        Assert.Contains("Migrations/V3__orders.sql", File.ReadAllText(project.ManifestPath));
        Assert.IsEmpty(project.Run().Findings);
    }

    [TestMethod]
    public void Accept_rewrites_the_manifest_for_an_intended_edit_and_lists_the_change()
    {
        using var project = Project.WithThreeScripts();
        project.Run();
        var before = project.ManifestBytes();
        project.Folder.Write(V2, "alter table users add email varchar(320);\n");

        var accepted = project.Run(accept: true);

        Assert.IsFalse(accepted.HasErrors, Describe(accepted));
        Assert.IsTrue(accepted.ManifestWritten);
        Assert.IsTrue(accepted.Changes.Any(change => change.StartsWith($"updated {V2}", StringComparison.Ordinal)), string.Join("; ", accepted.Changes));
        CollectionAssert.AreNotEqual(before, project.ManifestBytes());
        Assert.IsEmpty(project.Run().Findings);
    }

    [TestMethod]
    public void Accept_drops_a_deleted_script_from_the_manifest()
    {
        using var project = Project.WithThreeScripts();
        project.Run();
        File.Delete(project.Folder.PathOf(V2));
        Assert.AreEqual("PARITY1002", Assert.ContainsSingle(project.Run().Findings).Code);

        var accepted = project.Run(accept: true);

        Assert.Contains($"removed {V2}", accepted.Changes);
        Assert.DoesNotContain(V2, File.ReadAllText(project.ManifestPath));
        Assert.IsEmpty(project.Run().Findings);
    }

    [TestMethod]
    [DataRow("{\n  \"formatVersion\": 1,\n  \"algorithm\": \"sha256-bom-stripped-lf\",\n", 0, DisplayName = "truncated")]
    [DataRow("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n", 1, DisplayName = "merge conflict")]
    [DataRow("{\n  \"formatVersion\": 99,\n  \"algorithm\": \"sha256-bom-stripped-lf\",\n  \"digest\": \"\",\n  \"sets\": []\n}\n", 2, DisplayName = "a future format version")]
    [DataRow("not json at all", 1, DisplayName = "not JSON")]
    public void A_corrupt_manifest_is_PARITY1006_and_is_left_byte_identical(string content, int line)
    {
        using var project = Project.WithThreeScripts();
        project.Folder.Write("migrations.baseline.json", content);
        var before = project.ManifestBytes();

        var result = project.Run();

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1006", finding.Code);
        Assert.AreEqual(project.ManifestPath, finding.File);
        if (line > 0)
        {
            Assert.AreEqual(line, finding.Line);
        }

        Assert.IsFalse(result.ManifestWritten);
        CollectionAssert.AreEqual(before, project.ManifestBytes());
    }

    [TestMethod]
    public void Accept_rebuilds_a_corrupt_manifest_and_says_what_it_replaced()
    {
        using var project = Project.WithThreeScripts();
        project.Folder.Write("migrations.baseline.json", "{ \"formatVersion\": 1, ");

        var result = project.Run(accept: true);

        Assert.IsFalse(result.HasErrors, Describe(result));
        Assert.IsTrue(result.ManifestWritten);
        var note = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1006", note.Code);
        Assert.AreEqual(Severity.Message, note.Severity);
        Assert.IsEmpty(project.Run().Findings);
    }

    [TestMethod]
    public void A_manifest_saved_with_a_BOM_by_an_editor_is_still_read()
    {
        using var project = Project.WithThreeScripts();
        project.Run();
        project.Folder.WriteBytes("migrations.baseline.json", [0xEF, 0xBB, 0xBF, .. project.ManifestBytes()]);

        var result = project.Run();

        Assert.IsEmpty(result.Findings, Describe(result));
    }

    [TestMethod]
    public void A_folder_named_like_a_script_is_PARITY1011_not_an_exception()
    {
        using var project = Project.WithThreeScripts();
        Directory.CreateDirectory(project.Folder.PathOf("Migrations/V3__folder.sql"));

        var result = project.Run(extra: [project.Script("Migrations/V3__folder.sql")]);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1011", finding.Code);
        Assert.AreEqual(project.Folder.PathOf("Migrations/V3__folder.sql"), finding.File);
        Assert.IsFalse(result.ManifestWritten);
        Assert.IsFalse(File.Exists(project.ManifestPath));
    }

    [TestMethod]
    public void A_missing_file_is_PARITY1011_not_an_exception()
    {
        using var project = Project.WithThreeScripts();

        var result = project.Run(extra: [project.Script("Migrations/V4__gone.sql")]);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1011", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.IsFalse(result.ManifestWritten);
    }

    [TestMethod]
    public void A_manifest_path_that_is_a_folder_is_a_finding_not_an_exception()
    {
        using var project = Project.WithThreeScripts();
        Directory.CreateDirectory(project.ManifestPath);

        var result = project.Run();

        Assert.IsTrue(result.HasErrors, Describe(result));
        Assert.IsFalse(result.ManifestWritten);
    }

    [TestMethod]
    public void A_bad_naming_regex_is_a_finding_not_an_exception()
    {
        using var project = Project.WithThreeScripts();

        var scripts = project.Scripts().Select(script => script with { Naming = "(?<version>\\d+" }).ToList();
        var result = Verifier.Run(scripts, project.Options());

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1008", finding.Code);
        Assert.IsFalse(File.Exists(project.ManifestPath));
    }

    [TestMethod]
    public void A_misnamed_script_keeps_the_manifest_from_being_written()
    {
        using var project = Project.WithThreeScripts();
        project.Folder.Write("Migrations/add_phone.sql", "alter table users add phone text;\n");

        var result = project.Run();

        Assert.AreEqual("PARITY1008", Assert.ContainsSingle(result.Findings).Code);
        Assert.IsFalse(File.Exists(project.ManifestPath));
    }

    [TestMethod]
    public void A_script_that_is_not_UTF8_is_a_PARITY1012_warning_and_is_still_baselined()
    {
        using var project = Project.WithThreeScripts();
        project.Folder.WriteBytes("Migrations/V3__latin1.sql", [.. Encoding.ASCII.GetBytes("insert into t values ('caf"), 0xE9, .. Encoding.ASCII.GetBytes("');\n")]);

        var result = project.Run();

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1012", finding.Code);
        Assert.AreEqual(Severity.Warning, finding.Severity);
        Assert.IsTrue(result.ManifestWritten);
    }

    [TestMethod]
    public void A_other_tools_raw_digest_is_computed_in_the_same_read_for_every_script_read_and_only_when_asked_for()
    {
        using var project = Project.WithThreeScripts();
        project.Folder.WriteBytes(V2, [0xEF, 0xBB, 0xBF, .. "alter table users add email text;\r\n"u8]);
        project.Folder.WriteBytes(R, [.. "create view v as select '"u8, 0xFF, .. "';\n"u8]);

        var plain = Verifier.Run(project.Scripts(), project.Options());
        var md5 = Verifier.Run(project.Scripts(), project.Options() with { RawDigest = RawDigestKind.Md5 });
        var sha1 = Verifier.Run(project.Scripts(), project.Options(locked: true) with { RawDigest = RawDigestKind.Sha1 });

        Assert.IsEmpty(plain.RawDigests);
        Assert.HasCount(3, md5.RawDigests);
        foreach (var path in new[] { V1, V2, R })
        {
            // Over the bytes as they are: BOM, CRLF and all, as postgrator and sqitch hash them.
            var bytes = project.Folder.ReadBytes(path);
            var digest = md5.RawDigests[project.Folder.PathOf(path)];
            Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes)), digest.Hex, path);
            Assert.AreEqual(RawDigestKind.Md5, digest.Kind);
            Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(bytes)), sha1.RawDigests[project.Folder.PathOf(path)].Hex, path);
            Assert.AreEqual(SqitchChecksum.Compute(bytes), SqitchChecksum.FromRawDigest(sha1.RawDigests[project.Folder.PathOf(path)]), path);
        }

        // postgrator hashes a re-encoding of bytes that are not UTF-8, so only the others are taken as its md5.
        Assert.IsFalse(md5.RawDigests[project.Folder.PathOf(R)].ValidUtf8);
        Assert.IsNull(PostgratorChecksum.FromRawDigest(md5.RawDigests[project.Folder.PathOf(R)]));
        Assert.AreEqual(PostgratorChecksum.Compute(project.Folder.ReadBytes(V2)), PostgratorChecksum.FromRawDigest(md5.RawDigests[project.Folder.PathOf(V2)]));
        Assert.IsNull(PostgratorChecksum.FromRawDigest(sha1.RawDigests[project.Folder.PathOf(V1)]), "A SHA-1 is no md5.");
    }

    [TestMethod]
    public void Scripts_the_stat_cache_vouches_for_are_not_read_and_get_no_raw_digest()
    {
        using var project = Project.WithThreeScripts();
        project.Run(cache: true);
        project.SettleAll();
        project.AwaitRacyWindow();
        project.Run(cache: true);
        project.Folder.Write(V2, "alter table users add email varchar(320) not null;\n");

        var result = Verifier.Run(project.Scripts(), project.Options(cache: true) with { RawDigest = RawDigestKind.Md5 });

        Assert.AreEqual(1, result.Hashed, Describe(result));
        Assert.AreEqual(project.Folder.PathOf(V2), Assert.ContainsSingle(result.RawDigests).Key);
    }

    private static string Describe(VerifyResult result) => string.Join(Environment.NewLine, result.Findings);

    private static void RequireInodeAndChangeTime()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The inode and the change time come from Linux's statx; elsewhere the key is the size and the time.");
        }
    }

    /// <summary>A throw-away project with Migrations/*.sql, its manifest at the root and its stat cache under obj/.</summary>
    private sealed class Project : IDisposable
    {
        public TempFolder Folder { get; } = new();

        public string ManifestPath => Folder.PathOf("migrations.baseline.json");

        public string CachePath => Folder.PathOf("obj/parity.cache");

        public static Project WithThreeScripts()
        {
            var project = new Project();
            project.Folder.Write(V1, "create table users (id int primary key);\n");
            project.Folder.Write(V2, "alter table users add email text;\n");
            project.Folder.Write(R, "create or replace view active_users as\nselect id from users;\n");
            return project;
        }

        public ScriptFile Script(string relativePath) => new(Folder.PathOf(relativePath), relativePath, "", "flyway");

        public IReadOnlyList<ScriptFile> Scripts() =>
        [.. Corpus.Files(Folder.PathOf("Migrations"))
            .Where(path => File.Exists(Folder.PathOf("Migrations/" + path)))
            .Select(path => Script("Migrations/" + path))];

        public VerifyOptions Options(bool locked = false, bool accept = false, bool cache = false) =>
            new(Folder.Root, ManifestPath, Locked: locked, Accept: accept, StatCachePath: cache ? CachePath : null);

        public VerifyResult Run(bool locked = false, bool accept = false, bool cache = false, ScriptFile[]? extra = null) =>
            Verifier.Run([.. Scripts(), .. extra ?? []], Options(locked, accept, cache));

        public byte[] ManifestBytes() => File.ReadAllBytes(ManifestPath);

        public void SettleAll()
        {
            foreach (var script in Scripts())
            {
                Folder.Settle(script.RelativePath);
            }
        }

        // A file's change time cannot be put back as its modification time can: the stat cache trusts a script only once
        // that time is older than its racy window.
        public void AwaitRacyWindow() => Thread.Sleep(TimeSpan.FromSeconds(2.1));

        public void Dispose() => Folder.Dispose();
    }
}
