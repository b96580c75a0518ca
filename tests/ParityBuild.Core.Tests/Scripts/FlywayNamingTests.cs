using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Scripts;

[TestClass]
public sealed class FlywayNamingTests
{
    private static ScriptName? Parse(string path) => FlywayNaming.Instance.Parse(path);

    [TestMethod]
    [DataRow("V1__init.sql", "1", "init", DisplayName = "V1__init.sql")]
    [DataRow("V1_5_2__initial_db.sql", "1.5.2", "initial db", DisplayName = "underscored version, underscores in the description read as spaces")]
    [DataRow("V5.13.0.1__desc.sql", "5.13.0.1", "desc", DisplayName = "dotted version")]
    [DataRow("V07_00_00_001__create_table.sql", "07.00.00.001", "create table", DisplayName = "zero-padded parts keep their padding in the text")]
    [DataRow("V4_99_1561608282__NOOP.sql", "4.99.1561608282", "NOOP", DisplayName = "epoch seconds as a part")]
    [DataRow("V6.5.0.1.sql", "6.5.0.1", "", DisplayName = "no description")]
    [DataRow("V2__.sql", "2", "", DisplayName = "empty description")]
    [DataRow("V3__add email-and phone.sql", "3", "add email-and phone", DisplayName = "spaces and dashes in the description")]
    [DataRow("src/main/resources/db/migration/V1__init.sql", "1", "init", DisplayName = "only the file name counts")]
    public void Versioned_scripts_give_their_version_and_description(string path, string version, string description)
    {
        var name = Parse(path);

        Assert.IsNotNull(name);
        Assert.AreEqual(MigrationKind.Versioned, name.Kind);
        Assert.AreEqual(version, name.Version!.Text);
        Assert.AreEqual(description, name.Description);
    }

    [TestMethod]
    public void An_undo_script_has_the_version_of_what_it_undoes()
    {
        var name = Parse("U3__drop_email.sql");

        Assert.IsNotNull(name);
        Assert.AreEqual(MigrationKind.Undo, name.Kind);
        Assert.AreEqual(MigrationVersion.ParseNumeric("3"), name.Version);
        Assert.AreEqual("drop email", name.Description);
    }

    [TestMethod]
    public void A_repeatable_script_has_a_description_and_no_version()
    {
        var name = Parse("R__index_views.sql");

        Assert.IsNotNull(name);
        Assert.AreEqual(MigrationKind.Repeatable, name.Kind);
        Assert.IsNull(name.Version);
        Assert.AreEqual("index views", name.Description);
    }

    [TestMethod]
    [DataRow("beforeMigrate.sql", "beforeMigrate", DisplayName = "beforeMigrate.sql")]
    [DataRow("afterMigrate.sql", "afterMigrate", DisplayName = "afterMigrate.sql")]
    [DataRow("beforeMigrate__01_create_mig_sprocs.sql", "beforeMigrate 01 create mig sprocs", DisplayName = "stroom: beforeMigrate__01_create_mig_sprocs.sql")]
    [DataRow("afterMigrate__drop_mig_sprocs.sql", "afterMigrate drop mig sprocs", DisplayName = "stroom: afterMigrate__drop_mig_sprocs.sql")]
    [DataRow("afterMigrate__1-7256-upsert-referenceData.sql", "afterMigrate 1-7256-upsert-referenceData", DisplayName = "dataverse: afterMigrate__1-7256-upsert-referenceData.sql")]
    [DataRow("beforeEachMigrate.sql", "beforeEachMigrate", DisplayName = "beforeEachMigrate (a prefix of another event)")]
    [DataRow("beforeEachMigrateStatement__log.sql", "beforeEachMigrateStatement log", DisplayName = "beforeEachMigrateStatement__log.sql")]
    [DataRow("afterMigrateError.sql", "afterMigrateError", DisplayName = "afterMigrateError.sql")]
    [DataRow("beforeValidate.sql", "beforeValidate", DisplayName = "beforeValidate.sql")]
    public void Callbacks_are_recognized_as_callbacks(string path, string description)
    {
        var name = Parse(path);

        Assert.IsNotNull(name, $"{path} is a Flyway callback, not a misnamed migration");
        Assert.AreEqual(MigrationKind.Callback, name.Kind);
        Assert.IsNull(name.Version);
        Assert.AreEqual(description, name.Description);
    }

    [TestMethod]
    [DataRow("init.sql", DisplayName = "no prefix")]
    [DataRow("V__init.sql", DisplayName = "no version")]
    [DataRow("v1__init.sql", DisplayName = "lowercase prefix")]
    [DataRow("V1_init.sql", DisplayName = "single underscore before the description")]
    [DataRow("V1-init.sql", DisplayName = "dash before the description")]
    [DataRow("V1..2__init.sql", DisplayName = "empty version part")]
    [DataRow("V1.__init.sql", DisplayName = "trailing dot in the version")]
    [DataRow("Va__init.sql", DisplayName = "letters for a version")]
    [DataRow("V1__init.txt", DisplayName = "not .sql")]
    [DataRow("V1__init.sql.bak", DisplayName = "backup copy")]
    [DataRow("R__.sql", DisplayName = "repeatable without a description")]
    [DataRow("R1__views.sql", DisplayName = "repeatable with a version")]
    [DataRow("X1__init.sql", DisplayName = "unknown prefix")]
    [DataRow("beforeMigrates.sql", DisplayName = "misspelled callback")]
    [DataRow("BeforeMigrate.sql", DisplayName = "callback with the wrong case")]
    [DataRow("0001_init.sql", DisplayName = "a numbered name")]
    [DataRow("V1__init", DisplayName = "no extension")]
    public void Names_that_are_not_Flyway_names_are_refused(string path)
    {
        Assert.IsNull(Parse(path));
    }

    [TestMethod]
    public void Every_callback_event_is_read_as_a_callback_with_and_without_a_description()
    {
        // The parser looks a name up only when it starts as every event does (before, after, create).
        foreach (var name in FlywayNaming.CallbackEvents)
        {
            Assert.AreEqual(MigrationKind.Callback, FlywayNaming.Instance.Parse($"db/{name}.sql")?.Kind, name);
            Assert.AreEqual($"{name} seed data", FlywayNaming.Instance.Parse($"db/{name}__seed_data.sql")?.Description, name);
        }

        Assert.IsNull(FlywayNaming.Instance.Parse("db/0001.do.init.sql"));
        Assert.IsNull(FlywayNaming.Instance.Parse("db/beforeNothing.sql"));
    }
}
