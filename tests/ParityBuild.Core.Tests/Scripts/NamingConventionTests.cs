using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Scripts;

[TestClass]
public sealed class NamingConventionTests
{
    [TestMethod]
    [DataRow(null, "auto", DisplayName = "unset is auto")]
    [DataRow("", "auto", DisplayName = "empty is auto")]
    [DataRow("  ", "auto", DisplayName = "blank is auto")]
    [DataRow("auto", "auto", DisplayName = "auto")]
    [DataRow("flyway", "flyway", DisplayName = "flyway")]
    [DataRow("Flyway", "flyway", DisplayName = "case does not matter")]
    [DataRow(" numbered ", "numbered", DisplayName = "surrounding spaces do not matter")]
    [DataRow("timestamp", "timestamp", DisplayName = "timestamp")]
    [DataRow("timestamped", "timestamp", DisplayName = "timestamped")]
    [DataRow("dbup", "dbup", DisplayName = "dbup")]
    public void Known_settings_resolve_to_their_convention(string? setting, string name)
    {
        Assert.AreEqual(name, NamingConvention.Resolve(setting).Name);
    }

    [TestMethod]
    [DataRow("V1__init.sql", MigrationKind.Versioned, DisplayName = "a Flyway name")]
    [DataRow("R__views.sql", MigrationKind.Repeatable, DisplayName = "a Flyway repeatable")]
    [DataRow("afterMigrate.sql", MigrationKind.Callback, DisplayName = "a Flyway callback")]
    [DataRow("0001_init.sql", MigrationKind.Versioned, DisplayName = "a numbered name")]
    [DataRow("20240826120919_init.down.sql", MigrationKind.Undo, DisplayName = "a timestamped down script")]
    [DataRow("2017-08-31-230457_invitations/up.sql", MigrationKind.Versioned, DisplayName = "a Diesel folder")]
    [DataRow("Script0001 - init.sql", MigrationKind.Versioned, DisplayName = "DbUp's ScriptNNNN")]
    public void Auto_reads_Flyway_names_first_then_names_that_start_with_a_number(string path, MigrationKind kind)
    {
        Assert.AreEqual(kind, AutoNaming.Instance.Parse(path)?.Kind);
    }

    [TestMethod]
    [DataRow("init.sql", DisplayName = "no version")]
    [DataRow("data_oauth_github.sql", DisplayName = "a data file")]
    [DataRow("v1__init.sql", DisplayName = "a lowercase v")]
    public void Auto_refuses_names_without_a_version(string path)
    {
        Assert.IsNull(AutoNaming.Instance.Parse(path));
    }

    [TestMethod]
    public void Every_convention_says_what_it_expects()
    {
        foreach (var setting in new[] { "auto", "flyway", "numbered", "timestamp", "dbup", @"(?<version>\d+)\.sql" })
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(NamingConvention.Resolve(setting).Expected), setting);
        }
    }
}
