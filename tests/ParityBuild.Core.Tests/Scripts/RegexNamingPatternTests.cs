using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Corpora;

namespace ParityBuild.Core.Tests.Scripts;

/// <summary>
/// A ParityNaming regex: the text it is matched against follows from what the pattern means (a '/' it matches itself),
/// and its optional kind group describes up/down layouts.
/// </summary>
[TestClass]
public sealed class RegexNamingPatternTests
{
    [TestMethod]
    [DataRow(@"^(?<version>\d{3})-[^/]+\.sql$", DisplayName = "[^/]: a class that excludes the slash")]
    [DataRow(@"^(?<version>\d{3})[-/](?<description>.+)\.sql$", DisplayName = "[-/]: a class that holds it")]
    [DataRow(@"^(?<version>\d{3})-[^\]/]+\.sql$", DisplayName = @"an escaped ] before the slash in the class")]
    [DataRow(@"^(?<version>\d{3})-[^]/]+\.sql$", DisplayName = "a ] first in the class is a member")]
    [DataRow(@"^(?<version>\d{3})-[\w-[/]]+\.sql$", DisplayName = "a subtracted class")]
    [DataRow(@"^(?<version>\d{3})(?#a/comment)-.+\.sql$", DisplayName = "(?#a/comment)")]
    [DataRow("(?x) ^ (?<version>\\d{3}) - .+ \\.sql $ # not a/path\n", DisplayName = "(?x) with a / in a # comment")]
    [DataRow("^(?x: (?<version>\\d{3}) # a/b\n)-.+\\.sql$", DisplayName = "(?x:...) with a / in a # comment")]
    public void A_pattern_whose_only_slash_is_in_a_class_or_a_comment_is_matched_against_the_file_name(string pattern)
    {
        var naming = NamingConvention.Resolve(pattern);

        var name = naming.Parse("patches/2024/001-add_users.sql");

        Assert.AreEqual("001", name?.Version?.Text, naming.Explain("patches/2024/001-add_users.sql"));
        Assert.IsFalse(RegexNaming.MatchesSlash(pattern));
    }

    [TestMethod]
    [DataRow(@"^patches/(?<version>\d{3})-.+\.sql$", DisplayName = "a / outside any class")]
    [DataRow(@"^patches\/(?<version>\d{3})-.+\.sql$", DisplayName = @"\/")]
    [DataRow(@"^patches\x2F(?<version>\d{3})-.+\.sql$", DisplayName = @"\x2F")]
    [DataRow(@"^patches\u002f(?<version>\d{3})-.+\.sql$", DisplayName = @"\u002f")]
    [DataRow(@"^patches\057(?<version>\d{3})-.+\.sql$", DisplayName = @"\057")]
    [DataRow(@"^patches[^/]*/(?<version>\d{3})-.+\.sql$", DisplayName = "a / after a class that excludes it")]
    [DataRow("(?x) ^ patches [#]? / (?<version>\\d{3}) - .+ \\.sql $", DisplayName = "(?x) with a # in a class, then a /")]
    [DataRow("(?x)^patches(?-x:#?)/(?<version>\\d{3})-.+\\.sql$", DisplayName = "(?-x:#) is a literal #, then a /")]
    public void A_pattern_that_matches_a_slash_itself_is_matched_against_the_relative_path(string pattern)
    {
        var naming = NamingConvention.Resolve(pattern);

        Assert.AreEqual("001", naming.Parse("patches/001-add_users.sql")?.Version?.Text);
        Assert.IsNull(naming.Parse("001-add_users.sql"));
        Assert.IsTrue(RegexNaming.MatchesSlash(pattern));
    }

    [TestMethod]
    public void An_escaped_backslash_before_a_slash_leaves_the_slash_outside()
    {
        Assert.IsTrue(RegexNaming.MatchesSlash(@"^a\\/(?<version>\d+)\.sql$"));
    }

    [TestMethod]
    public void PARITY1008_says_which_text_the_regex_was_matched_against()
    {
        var byName = Discover(@"^(?<version>\d{3})-[^/]+\.sql$", "patches/2024/1-add_users.sql");
        var byPath = Discover(@"^patches/(?<version>\d{3})-.+\.sql$", "other/001-add_users.sql");

        Assert.Contains("matched against the file name, '1-add_users.sql'", Assert.ContainsSingle(byName.Findings).Message);
        Assert.Contains("matched against the path relative to the project, 'other/001-add_users.sql'", Assert.ContainsSingle(byPath.Findings).Message);
    }

    [TestMethod]
    [DataRow("20240826120919_init.up.sql", MigrationKind.Versioned, DisplayName = "up")]
    [DataRow("20240826120919_init.down.sql", MigrationKind.Undo, DisplayName = "down")]
    [DataRow("20240826120919_init.UNDO.sql", MigrationKind.Undo, DisplayName = "UNDO, in another case")]
    [DataRow("20240826120919_init.sql", MigrationKind.Versioned, DisplayName = "no kind part")]
    [DataRow("20240826120919_init.postgres.down.sql", MigrationKind.Undo, DisplayName = "a dialect part before the kind")]
    public void The_kind_group_names_up_and_down_scripts(string fileName, MigrationKind kind)
    {
        var naming = NamingConvention.Resolve(@"^(?<version>\d{14})_(?<description>[^.]+)(\.(?<dialect>postgres|mysql))?(\.(?<kind>\w+))?\.sql$");

        var name = naming.Parse("db/" + fileName);

        Assert.IsNotNull(name);
        Assert.AreEqual(kind, name.Kind);
        Assert.AreEqual("20240826120919", name.Version?.Text);
        Assert.AreEqual("init", name.Description);
    }

    [TestMethod]
    public void A_kind_group_of_another_word_does_not_follow_the_convention()
    {
        var result = Discover(@"^(?<version>\d+)_(?<description>[^.]+)\.(?<kind>\w+)\.sql$", "db/1_init.sideways.sql");

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1008", finding.Code);
        Assert.Contains("up, down, undo or repeatable", finding.Message);
    }

    [TestMethod]
    public void A_repeatable_kind_needs_no_version()
    {
        var naming = NamingConvention.Resolve(@"^(?:(?<version>\d+)|(?<kind>(?i:repeatable)))_(?<description>.+)\.sql$");

        var name = naming.Parse("db/Repeatable_views.sql");

        Assert.AreEqual(MigrationKind.Repeatable, name?.Kind);
        Assert.IsNull(name!.Version);
        Assert.AreEqual("views", name.Description);
    }

    [TestMethod]
    public void An_up_and_down_pair_shares_its_version_without_PARITY1005()
    {
        var result = Discover(@"^(?<version>\d+)_(?<description>.+)\.(?<kind>up|down)\.sql$", "db/1_init.up.sql", "db/1_init.down.sql", "db/2_users.up.sql");

        Assert.IsEmpty(result.Findings, string.Join("\n", result.Findings));
        CollectionAssert.AreEqual(
            new[] { "db/1_init.up.sql", "db/1_init.down.sql", "db/2_users.up.sql" },
            result.Migrations.Select(migration => migration.RelativePath).ToArray());
    }

    [TestMethod]
    [DataRow(CorpusLayout.Openmeter, @"^(?<version>\d{14})_(?<description>.+)\.(?<kind>up|down)\.sql$", 538, 269, DisplayName = "openmeterio/openmeter: a file name regex")]
    [DataRow(CorpusLayout.CratesIo, @"^(?<version>[\d-]+)_(?<description>[^/]+)/(?<kind>up|down)\.sql$", 570, 285, DisplayName = "rust-lang/crates.io: a path regex (Diesel's folder per migration)")]
    public void A_real_up_and_down_layout_is_described_by_a_regex_with_a_kind_group(string corpus, string pattern, int scripts, int undos)
    {
        var layout = CorpusLayout.For(corpus);
        var declared = layout.Scripts().Select(script => script with { Naming = pattern }).ToList();

        var result = MigrationDiscovery.Discover(declared);

        Assert.IsEmpty(result.Findings, string.Join("\n", result.Findings.Take(10)));
        Assert.HasCount(scripts, result.Migrations);
        Assert.HasCount(undos, result.Migrations.Where(migration => migration.Kind == MigrationKind.Undo));
    }

    [TestMethod]
    public void A_real_project_of_numbered_patches_in_many_folders_follows_a_regex_that_excludes_the_slash()
    {
        var folder = Support.Corpus.RequireFolder("Ed-Fi-Alliance-OSS__Ed-Fi-ODS");
        var scripts = Support.Corpus.Files(folder)
            .Where(path => path.EndsWith(".sql", StringComparison.Ordinal))
            .Select(path => new ScriptFile(Path.Combine(folder, path), path, path[..path.LastIndexOf('/')], @"^(?<version>\d{4})-(?<description>[^/]+)\.sql$"))
            .ToList();

        var result = MigrationDiscovery.Discover(scripts);

        // Ed-Fi's deployer runs a folder's scripts by name, and a few share a number: those are PARITY1005 (its setting
        // is dbup); no name is PARITY1008.
        Assert.IsGreaterThan(300, scripts.Count);
        Assert.IsEmpty(result.Findings.Where(finding => finding.Code != "PARITY1005"), string.Join("\n", result.Findings.Take(10)));
        Assert.HasCount(scripts.Count, result.Migrations);
    }

    private static MigrationDiscovery.Result Discover(string pattern, params string[] paths) =>
        MigrationDiscovery.Discover(paths.Select(path => new ScriptFile("/project/" + path, path, "", pattern)).ToList());
}
