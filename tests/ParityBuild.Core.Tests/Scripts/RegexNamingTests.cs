using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Scripts;

[TestClass]
public sealed class RegexNamingTests
{
    [TestMethod]
    public void A_numeric_version_group_compares_numerically()
    {
        var naming = NamingConvention.Resolve(@"^(?<version>\d+(\.\d+)*)__(?<description>.+)\.sql$");

        var name = naming.Parse("db/1.10__add_email.sql");

        Assert.IsInstanceOfType<RegexNaming>(naming);
        Assert.IsNotNull(name);
        Assert.AreEqual(MigrationKind.Versioned, name.Kind);
        Assert.IsTrue(name.Version!.IsNumeric);
        Assert.IsTrue(naming.Parse("1.9__x.sql")!.Version! < name.Version);
        Assert.AreEqual("add_email", name.Description);
    }

    [TestMethod]
    public void A_non_numeric_version_group_compares_ordinally()
    {
        var naming = NamingConvention.Resolve(@"^(?<version>[a-z]+\d+)-(?<description>.+)\.sql$");

        var name = naming.Parse("rel7-init.sql");

        Assert.IsNotNull(name);
        Assert.IsFalse(name.Version!.IsNumeric);
        Assert.AreEqual("rel7", name.Version.Text);
        Assert.AreEqual("init", name.Description);
    }

    [TestMethod]
    public void Without_a_description_group_the_description_is_empty()
    {
        var name = NamingConvention.Resolve(@"^(?<version>\d+)\.sql$").Parse("42.sql");

        Assert.IsNotNull(name);
        Assert.AreEqual("", name.Description);
    }

    [TestMethod]
    public void A_pattern_with_a_slash_is_matched_against_the_relative_path()
    {
        var naming = NamingConvention.Resolve(@"^(?<version>\d+)/(?<description>[^/]+)\.sql$");

        Assert.AreEqual("7", naming.Parse("7/create.sql")?.Version?.Text);
        Assert.IsNull(naming.Parse("create.sql"));
    }

    [TestMethod]
    public void A_pattern_without_a_slash_is_matched_against_the_file_name()
    {
        var naming = NamingConvention.Resolve(@"^(?<version>\d+)_(?<description>.+)\.sql$");

        Assert.AreEqual("7", naming.Parse("Migrations/sub/7_create.sql")?.Version?.Text);
    }

    [TestMethod]
    [DataRow("init.sql", DisplayName = "no match")]
    [DataRow("_init.sql", DisplayName = "an empty version group")]
    public void A_name_the_regex_does_not_match_with_a_version_is_refused(string path)
    {
        var naming = NamingConvention.Resolve(@"^(?<version>\d*)_(?<description>.+)\.sql$");

        Assert.IsNull(naming.Parse(path));
    }

    [TestMethod]
    public void An_invalid_regex_is_an_ArgumentException_that_names_it()
    {
        var exception = Assert.ThrowsExactly<ArgumentException>(() => NamingConvention.Resolve(@"(?<version>\d+__(?<description>.+)\.sql"));

        Assert.Contains(@"(?<version>\d+__", exception.Message);
        Assert.IsNotNull(exception.InnerException);
    }

    [TestMethod]
    public void A_regex_without_a_version_group_is_an_ArgumentException()
    {
        var exception = Assert.ThrowsExactly<ArgumentException>(() => NamingConvention.Resolve(@"^(?<description>.+)\.sql$"));

        Assert.Contains("version", exception.Message);
    }

    [TestMethod]
    public void A_regex_with_a_numbered_group_only_is_an_ArgumentException()
    {
        Assert.ThrowsExactly<ArgumentException>(() => NamingConvention.Resolve(@"^(\d+)__(.+)\.sql$"));
    }
}
