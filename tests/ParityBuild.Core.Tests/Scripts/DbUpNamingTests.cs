using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Scripts;

[TestClass]
public sealed class DbUpNamingTests
{
    [TestMethod]
    [DataRow("202310231329 Alter Bundles.sql", "202310231329 Alter Bundles", DisplayName = "opengeh-edi: spaces in the name")]
    [DataRow("Model/202225081325 Refactor columns.sql", "202225081325 Refactor columns", DisplayName = "opengeh-edi: invalid month in the timestamp")]
    [DataRow("202404231131 Rename RequestedForActorRole to OriginalActorRole for WholesaleServicesProcesses table.sql.sql", "202404231131 Rename RequestedForActorRole to OriginalActorRole for WholesaleServicesProcesses table.sql", DisplayName = "opengeh-edi: double extension")]
    [DataRow("Script0001 - create table.sql", "Script0001 - create table", DisplayName = "Script0001 - x.sql")]
    [DataRow("anything goes.SQL", "anything goes", DisplayName = "upper-case extension")]
    public void Any_sql_file_is_a_migration_known_by_its_name(string path, string name)
    {
        var parsed = DbUpNaming.Instance.Parse(path);

        Assert.IsNotNull(parsed);
        Assert.AreEqual(MigrationKind.Versioned, parsed.Kind);
        Assert.IsFalse(parsed.Version!.IsNumeric);
        Assert.AreEqual(name, parsed.Version.Text);
        Assert.AreEqual(name, parsed.Description);
    }

    [TestMethod]
    [DataRow(".sql", DisplayName = "only an extension")]
    [DataRow("Model/.sql", DisplayName = "only an extension, in a folder")]
    [DataRow("readme.md", DisplayName = "not .sql")]
    [DataRow("script.sql.bak", DisplayName = "backup copy")]
    public void Files_that_are_not_named_scripts_are_refused(string path)
    {
        Assert.IsNull(DbUpNaming.Instance.Parse(path));
    }

    [TestMethod]
    public void Scripts_that_share_a_timestamp_are_different_versions()
    {
        var first = DbUpNaming.Instance.Parse("202310231329 Alter Bundles.sql")!;
        var second = DbUpNaming.Instance.Parse("202310231329 Alter Bundles1.sql")!;

        Assert.AreNotEqual(first.Version, second.Version);
        Assert.IsTrue(first.Version! < second.Version!);
    }
}
