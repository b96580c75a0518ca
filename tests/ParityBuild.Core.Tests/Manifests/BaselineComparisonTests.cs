using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Manifests;

[TestClass]
public sealed class BaselineComparisonTests
{
    private const string Project = "/project";
    private const string ManifestName = "migrations.baseline.json";

    private static readonly BaselineComparison.Options Developer = new(Locked: false, AllowOutOfOrder: false, Accept: false, Project, Project + "/" + ManifestName, ManifestName);
    private static readonly BaselineComparison.Options Locked = Developer with { Locked = true };
    private static readonly BaselineComparison.Options Accept = Developer with { Accept = true };

    [TestMethod]
    public void Without_a_manifest_a_developer_build_baselines_every_script_silently()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V2__email.sql").Add("Migrations/R__views.sql");

        var result = tree.Compare(null, Developer);

        Assert.IsEmpty(result.Findings);
        Assert.IsNotNull(result.Entries);
        Assert.AreSequenceEqual(
            new[] { "Migrations/V1__init.sql", "Migrations/V2__email.sql", "Migrations/R__views.sql" },
            result.Entries.Select(entry => entry.Path).ToArray());
        var first = result.Entries[0];
        Assert.AreEqual("1", first.Version);
        Assert.AreEqual("init", first.Description);
        Assert.AreEqual(MigrationKind.Versioned, first.Kind);
        Assert.AreEqual(Checksum.Of("Migrations/V1__init.sql"), first.Sha256);
        Assert.IsNotNull(first.Semantic);
    }

    [TestMethod]
    public void Unchanged_scripts_give_no_findings_and_nothing_to_write()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V2__email.sql").Add("Migrations/R__views.sql");
        var baseline = tree.Baseline();

        var result = tree.Compare(baseline, Developer);

        Assert.IsEmpty(result.Findings);
        Assert.IsNull(result.Entries);
        Assert.IsEmpty(result.Changes);
    }

    [TestMethod]
    public void Unchanged_scripts_need_only_their_text_checksum()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V2__email.sql");
        var baseline = tree.Baseline();
        tree.FullChecksumRequests.Clear();

        tree.Compare(baseline, Developer);

        Assert.IsEmpty(tree.FullChecksumRequests);
    }

    [TestMethod]
    public void An_edited_script_is_PARITY1001_at_its_full_path()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V2__email.sql");
        var baseline = tree.Baseline();
        tree.Edit("Migrations/V2__email.sql", "alter table users add email text not null;");

        var result = tree.Compare(baseline, Developer);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1001", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.AreEqual($"{Project}/Migrations/V2__email.sql", finding.File);
        Assert.Contains(Checksum.Of("Migrations/V2__email.sql")[..12], finding.Message);
        Assert.Contains(Checksum.Of("alter table users add email text not null;")[..12], finding.Message);
        Assert.IsNull(result.Entries);
    }

    [TestMethod]
    public void An_edited_script_in_locked_mode_is_PARITY1001_and_nothing_is_written()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql");
        var baseline = tree.Baseline();
        tree.Edit("Migrations/V1__init.sql", "changed");

        var result = tree.Compare(baseline, Locked);

        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(result.Findings).Code);
        Assert.IsNull(result.Entries);
    }

    [TestMethod]
    public void A_reformatted_script_with_the_same_semantic_checksum_is_a_PARITY1009_warning()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql", "create table t (id int);");
        var baseline = tree.Baseline();
        tree.Edit("Migrations/V1__init.sql", "-- the table\ncreate table t (\n  id int\n);", semanticOf: "create table t (id int);");

        var result = tree.Compare(baseline, Developer);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1009", finding.Code);
        Assert.AreEqual(Severity.Warning, finding.Severity);
        Assert.AreEqual($"{Project}/Migrations/V1__init.sql", finding.File);
    }

    [TestMethod]
    public void A_reformatted_script_whose_baseline_has_no_semantic_checksum_is_PARITY1001()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql", "create table t (id int);");
        var baseline = new Manifest([.. tree.Baseline().Entries.Select(entry => entry with { Semantic = null })]);
        tree.Edit("Migrations/V1__init.sql", "create table t ( id int );", semanticOf: "create table t (id int);");

        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(tree.Compare(baseline, Developer).Findings).Code);
    }

    [TestMethod]
    public void A_removed_script_is_PARITY1002_with_its_version()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V2__email.sql");
        var baseline = tree.Baseline();
        tree.Remove("Migrations/V2__email.sql");

        var result = tree.Compare(baseline, Developer);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1002", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.AreEqual($"{Project}/Migrations/V2__email.sql", finding.File);
        Assert.Contains("Migrations/V2__email.sql", finding.Message);
        Assert.Contains("version 2", finding.Message);
        Assert.IsNull(result.Entries);
    }

    [TestMethod]
    public void A_renamed_script_with_the_same_content_is_one_PARITY1010_that_names_both_paths()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V2__email.sql", "alter table users add email text;");
        var baseline = tree.Baseline();
        tree.Remove("Migrations/V2__email.sql").Add("Migrations/V2__add_email.sql", "alter table users add email text;");

        var result = tree.Compare(baseline, Developer);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1010", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.Contains("Migrations/V2__email.sql", finding.Message);
        Assert.Contains("Migrations/V2__add_email.sql", finding.Message);
        Assert.AreEqual($"{Project}/Migrations/V2__add_email.sql", finding.File);
        Assert.IsNull(result.Entries);
    }

    [TestMethod]
    public void A_renamed_script_that_changed_version_says_so()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V2__email.sql", "same");
        var baseline = tree.Baseline();
        tree.Remove("Migrations/V2__email.sql").Add("Migrations/V2_1__email.sql", "same");

        var finding = Assert.ContainsSingle(tree.Compare(baseline, Developer).Findings);

        Assert.AreEqual("PARITY1010", finding.Code);
        Assert.Contains("version 2 -> 2.1", finding.Message);
    }

    [TestMethod]
    public void Accepting_a_rename_keeps_only_the_new_path()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql", "same");
        var baseline = tree.Baseline();
        tree.Remove("Migrations/V1__init.sql").Add("Migrations/V1__initial.sql", "same");

        var result = tree.Compare(baseline, Accept);

        Assert.IsNotNull(result.Entries);
        Assert.AreEqual("Migrations/V1__initial.sql", Assert.ContainsSingle(result.Entries).Path);
        Assert.Contains("renamed Migrations/V1__init.sql -> Migrations/V1__initial.sql", result.Changes);
    }

    [TestMethod]
    public void A_new_script_on_a_developer_machine_is_a_PARITY1003_message_and_is_added()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql");
        var baseline = tree.Baseline();
        tree.Add("Migrations/V2__email.sql");

        var result = tree.Compare(baseline, Developer);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1003", finding.Code);
        Assert.AreEqual(Severity.Message, finding.Severity);
        Assert.AreEqual($"{Project}/Migrations/V2__email.sql", finding.File);
        Assert.IsNotNull(result.Entries);
        Assert.AreSequenceEqual(new[] { "Migrations/V1__init.sql", "Migrations/V2__email.sql" }, result.Entries.Select(entry => entry.Path).ToArray());
        Assert.AreSequenceEqual(new[] { "added Migrations/V2__email.sql" }, result.Changes.ToArray());
        Assert.AreNotEqual(baseline.Digest, new Manifest(result.Entries).Digest);
    }

    [TestMethod]
    public void A_new_script_in_locked_mode_is_a_PARITY1003_error_and_nothing_is_written()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql");
        var baseline = tree.Baseline();
        tree.Add("Migrations/V2__email.sql");

        var result = tree.Compare(baseline, Locked);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1003", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.IsNull(result.Entries);
    }

    [TestMethod]
    public void Without_a_manifest_locked_mode_is_an_error_and_writes_nothing()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql");

        var result = tree.Compare(null, Locked);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1014", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.Contains(ManifestName, finding.Message);
        Assert.IsNull(result.Entries);
    }

    [TestMethod]
    public void Without_a_manifest_locked_mode_says_plainly_that_the_manifest_is_missing()
    {
        var finding = Assert.ContainsSingle(new Tree().Add("Migrations/V1__init.sql").Compare(null, Locked).Findings);

        Assert.Contains("does not exist", finding.Message);
        Assert.DoesNotContain("No migration is not", finding.Message);
        Assert.AreEqual("PARITY1014", finding.Code);
        Assert.AreEqual(Project + "/" + ManifestName, finding.File);
    }

    [TestMethod]
    public void Without_a_manifest_accepting_in_locked_mode_writes_it()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql");

        var result = tree.Compare(null, Locked with { Accept = true });

        Assert.IsEmpty(result.Findings);
        Assert.IsNotNull(result.Entries);
    }

    [TestMethod]
    public void A_new_script_that_sorts_before_the_newest_baselined_version_is_PARITY1004()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V3__orders.sql");
        var baseline = tree.Baseline();
        tree.Add("Migrations/V2__email.sql");

        var result = tree.Compare(baseline, Developer);

        var outOfOrder = Assert.ContainsSingle(result.Findings.Where(finding => finding.Code == "PARITY1004"));
        Assert.AreEqual(Severity.Error, outOfOrder.Severity);
        Assert.AreEqual($"{Project}/Migrations/V2__email.sql", outOfOrder.File);
        Assert.Contains("version 2", outOfOrder.Message);
        Assert.Contains("version 3", outOfOrder.Message);
        Assert.IsNull(result.Entries);
    }

    [TestMethod]
    public void Version_1_10_after_baselined_1_9_is_in_order()
    {
        var tree = new Tree().Add("Migrations/V1.9__nine.sql");
        var baseline = tree.Baseline();
        tree.Add("Migrations/V1.10__ten.sql");

        Assert.IsFalse(tree.Compare(baseline, Developer).Findings.Any(finding => finding.Code == "PARITY1004"));
    }

    [TestMethod]
    public void An_out_of_order_script_is_added_in_its_place_when_out_of_order_is_allowed()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V3__orders.sql");
        var baseline = tree.Baseline();
        tree.Add("Migrations/V2__email.sql");

        var result = tree.Compare(baseline, Developer with { AllowOutOfOrder = true });

        Assert.AreEqual("PARITY1003", Assert.ContainsSingle(result.Findings).Code);
        Assert.IsNotNull(result.Entries);
        Assert.AreSequenceEqual(
            new[] { "Migrations/V1__init.sql", "Migrations/V2__email.sql", "Migrations/V3__orders.sql" },
            result.Entries.Select(entry => entry.Path).ToArray());
    }

    [TestMethod]
    public void Versions_order_only_within_a_set()
    {
        var tree = new Tree()
            .Add("db/a/V1__init.sql", set: "a").Add("db/a/V9__later.sql", set: "a")
            .Add("db/b/V1__init.sql", set: "b");
        var baseline = tree.Baseline();
        tree.Add("db/b/V2__next.sql", set: "b");

        var result = tree.Compare(baseline, Developer);

        Assert.AreEqual("PARITY1003", Assert.ContainsSingle(result.Findings).Code);
    }

    // crates.io: 2025-12-29-110242-0000_… was baselined, then 2026-01-20-162913_oauth_github_table was added (Diesel applies it last).
    [TestMethod]
    public void A_later_Diesel_migration_without_the_0000_suffix_is_not_out_of_order()
    {
        var tree = new Tree("timestamp")
            .Add("migrations/2025-09-29-161354_add_index_trustpub_configs_github_repo/up.sql")
            .Add("migrations/2025-12-29-110242-0000_add_distribution_to_cloudfront_invalidation_queue/up.sql");
        var baseline = tree.Baseline();
        tree.Add("migrations/2026-01-20-162913_oauth_github_table/up.sql");

        var result = tree.Compare(baseline, Developer);

        Assert.IsFalse(
            result.Findings.Any(finding => finding.Code == "PARITY1004"),
            string.Join(Environment.NewLine, result.Findings));
    }

    [TestMethod]
    public void A_changed_repeatable_is_a_PARITY1007_message()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/R__views.sql", "create view v as select 1;");
        var baseline = tree.Baseline();
        tree.Edit("Migrations/R__views.sql", "create or replace view v as select 2;");

        var result = tree.Compare(baseline, Developer);

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1007", finding.Code);
        Assert.AreEqual(Severity.Message, finding.Severity);
        Assert.Contains("repeatable", finding.Message);
        Assert.Contains("re-applied", finding.Message);
    }

    [TestMethod]
    public void A_changed_callback_is_a_PARITY1007_message()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/afterMigrate.sql", "a");
        var baseline = tree.Baseline();
        tree.Edit("Migrations/afterMigrate.sql", "b");

        var finding = Assert.ContainsSingle(tree.Compare(baseline, Developer).Findings);

        Assert.AreEqual("PARITY1007", finding.Code);
        Assert.AreEqual(Severity.Message, finding.Severity);
    }

    [TestMethod]
    public void Accept_rewrites_the_entries_and_lists_the_changes()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql").Add("Migrations/V2__email.sql").Add("Migrations/R__views.sql");
        var baseline = tree.Baseline();
        tree.Edit("Migrations/V1__init.sql", "edited").Remove("Migrations/V2__email.sql").Add("Migrations/V3__orders.sql").Edit("Migrations/R__views.sql", "new view");

        var result = tree.Compare(baseline, Accept);

        Assert.IsNotNull(result.Entries);
        Assert.AreSequenceEqual(
            new[] { "Migrations/V1__init.sql", "Migrations/V3__orders.sql", "Migrations/R__views.sql" },
            result.Entries.Select(entry => entry.Path).ToArray());
        Assert.AreEqual(Checksum.Of("edited"), result.Entries[0].Sha256);
        Assert.AreEqual(Checksum.Of("new view"), result.Entries[2].Sha256);
        Assert.HasCount(4, result.Changes);
        Assert.IsTrue(result.Changes.Any(change => change.StartsWith("updated Migrations/V1__init.sql", StringComparison.Ordinal)));
        Assert.IsTrue(result.Changes.Any(change => change.StartsWith("updated Migrations/R__views.sql", StringComparison.Ordinal)));
        Assert.Contains("removed Migrations/V2__email.sql", result.Changes);
        Assert.Contains("added Migrations/V3__orders.sql", result.Changes);
    }

    [TestMethod]
    public void Accepting_a_cosmetic_edit_keeps_the_earlier_texts_checksums_newest_first()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql", "create table t (id int);");
        var baseline = tree.Baseline();
        var original = baseline.Entries[0];
        tree.Edit("Migrations/V1__init.sql", "-- licence\ncreate table t (id int);", semanticOf: "create table t (id int);");

        var once = tree.Compare(baseline, Accept);

        Assert.AreEqual("PARITY1009", Assert.ContainsSingle(once.Findings).Code);
        var reformatted = Assert.ContainsSingle(once.Entries!);
        Assert.AreEqual(Checksum.Of("-- licence\ncreate table t (id int);"), reformatted.Sha256);
        Assert.AreSequenceEqual(new[] { new PreviousText(original.Sha256, original.Flyway) }, reformatted.Previous!.ToArray());

        tree.Edit("Migrations/V1__init.sql", "-- licence\n\nCREATE TABLE t (id int);", semanticOf: "create table t (id int);");
        var twice = Assert.ContainsSingle(tree.Compare(new Manifest(once.Entries!), Accept).Entries!);

        Assert.AreSequenceEqual(new[] { reformatted.Sha256, original.Sha256 }, twice.Previous!.Select(earlier => earlier.Sha256).ToArray());
    }

    [TestMethod]
    public void Accepting_a_real_edit_keeps_no_earlier_checksum_even_after_a_cosmetic_one()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql", "create table t (id int);");
        var baseline = tree.Baseline();
        tree.Edit("Migrations/V1__init.sql", "-- licence\ncreate table t (id int);", semanticOf: "create table t (id int);");
        var reformatted = new Manifest(tree.Compare(baseline, Accept).Entries!);
        Assert.IsNotNull(reformatted.Entries[0].Previous);
        tree.Edit("Migrations/V1__init.sql", "create table t (id int, email text);");

        var result = tree.Compare(reformatted, Accept);

        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(result.Findings).Code);
        Assert.IsNull(Assert.ContainsSingle(result.Entries!).Previous);
        Assert.IsNull(Assert.ContainsSingle(tree.Compare(baseline, Accept).Entries!).Previous);
    }

    [TestMethod]
    public void A_cosmetic_edit_not_accepted_changes_no_entry()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql", "create table t (id int);");
        var baseline = tree.Baseline();
        tree.Edit("Migrations/V1__init.sql", "-- licence\ncreate table t (id int);", semanticOf: "create table t (id int);");

        var result = tree.Compare(baseline, Developer);

        Assert.AreEqual("PARITY1009", Assert.ContainsSingle(result.Findings).Code);
        Assert.IsNull(result.Entries);
    }

    [TestMethod]
    public void Accept_with_nothing_changed_writes_nothing()
    {
        var tree = new Tree().Add("Migrations/V1__init.sql");
        var baseline = tree.Baseline();

        var result = tree.Compare(baseline, Accept);

        Assert.IsNull(result.Entries);
        Assert.IsEmpty(result.Changes);
    }

    [TestMethod]
    public void Entries_of_a_missing_set_are_reported_missing()
    {
        var tree = new Tree().Add("db/a/V1__init.sql", set: "a").Add("db/b/V1__init.sql", set: "b");
        var baseline = tree.Baseline();
        tree.Remove("db/b/V1__init.sql");

        var finding = Assert.ContainsSingle(tree.Compare(baseline, Developer).Findings);

        Assert.AreEqual("PARITY1002", finding.Code);
        Assert.AreEqual($"{Project}/db/b/V1__init.sql", finding.File);
    }

    [TestMethod]
    public void A_new_empty_script_is_not_taken_for_a_rename_of_a_present_empty_script()
    {
        var tree = new Tree("timestamp").Add("m/20240101000000_a.up.sql", "x").Add("m/20240101000000_a.down.sql", "");
        var baseline = tree.Baseline();
        tree.Add("m/20240102000000_b.up.sql", "y").Add("m/20240102000000_b.down.sql", "");

        var result = tree.Compare(baseline, Developer);

        Assert.IsTrue(result.Findings.All(finding => finding.Code == "PARITY1003"), string.Join(Environment.NewLine, result.Findings));
        Assert.HasCount(2, result.Findings);
    }

    /// <summary>A project's scripts, held in memory: each script's content is a string whose hash is its checksum.</summary>
    private sealed class Tree(string naming = "flyway")
    {
        private readonly Dictionary<string, (string Set, string Content, string? Semantic)> _scripts = new(StringComparer.Ordinal);

        public List<string> FullChecksumRequests { get; } = [];

        public Tree Add(string path, string? content = null, string set = "")
        {
            _scripts[path] = (set, content ?? path, null);
            return this;
        }

        public Tree Edit(string path, string content, string? semanticOf = null)
        {
            _scripts[path] = (_scripts[path].Set, content, semanticOf);
            return this;
        }

        public Tree Remove(string path)
        {
            Assert.IsTrue(_scripts.Remove(path), path);
            return this;
        }

        public BaselineComparison.Result Compare(Manifest? baseline, BaselineComparison.Options options)
        {
            var discovery = MigrationDiscovery.Discover(_scripts.Select(pair => new ScriptFile($"{Project}/{pair.Key}", pair.Key, pair.Value.Set, naming)));
            Assert.IsEmpty(discovery.Findings, string.Join(Environment.NewLine, discovery.Findings));
            return BaselineComparison.Compare(baseline, discovery.Sets, TextChecksum, FullChecksums, options);
        }

        /// <summary>The manifest a first developer build writes for the current scripts.</summary>
        public Manifest Baseline()
        {
            var result = Compare(null, Developer);
            Assert.IsNotNull(result.Entries);
            return new Manifest(result.Entries);
        }

        private ScriptChecksums TextChecksum(Migration migration) => Checksum.Text(_scripts[migration.RelativePath].Content);

        private ScriptChecksums FullChecksums(Migration migration)
        {
            FullChecksumRequests.Add(migration.RelativePath);
            var (_, content, semantic) = _scripts[migration.RelativePath];
            return Checksum.Full(content, semantic);
        }
    }
}
