using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Scripts;

[TestClass]
public sealed class MigrationDiscoveryTests
{
    private const string Project = "/project";

    private static ScriptFile Script(string relativePath, string set = "", string naming = "flyway") =>
        new($"{Project}/{relativePath}", relativePath, set, naming);

    private static MigrationDiscovery.Result Discover(params ScriptFile[] scripts) => MigrationDiscovery.Discover(scripts);

    [TestMethod]
    public void A_misnamed_script_is_PARITY1008_at_its_full_path()
    {
        var result = Discover(Script("Migrations/V1__init.sql"), Script("Migrations/add_email.sql"));

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1008", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.AreEqual($"{Project}/Migrations/add_email.sql", finding.File);
        Assert.Contains("Migrations/add_email.sql", finding.Message);
        Assert.Contains("'flyway'", finding.Message);
        Assert.HasCount(1, result.Migrations);
    }

    [TestMethod]
    public void Flyway_callbacks_are_never_mistaken_for_misnamed_migrations()
    {
        var result = Discover(
            Script("Migrations/V1__init.sql"),
            Script("Migrations/beforeMigrate__01_create_mig_sprocs.sql"),
            Script("Migrations/afterMigrate__01_drop_mig_sprocs.sql"),
            Script("Migrations/afterMigrate.sql"));

        Assert.IsEmpty(result.Findings);
        Assert.HasCount(3, result.Migrations.Where(migration => migration.Kind == MigrationKind.Callback));
    }

    [TestMethod]
    public void Two_scripts_with_one_version_are_PARITY1005()
    {
        var result = Discover(Script("Migrations/V2__a.sql"), Script("Migrations/V2__b.sql"));

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1005", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.Contains("Migrations/V2__a.sql", finding.Message);
        Assert.Contains("Migrations/V2__b.sql", finding.Message);
    }

    [TestMethod]
    [DataRow("V2__a.sql", "V2.0__b.sql", DisplayName = "V2 and V2.0")]
    [DataRow("V1_2__a.sql", "V1.2__b.sql", DisplayName = "V1_2 and V1.2")]
    [DataRow("V7__a.sql", "V007__b.sql", DisplayName = "V7 and V007")]
    [DataRow("V6.5.0.1.sql", "V6.5.0.1__described.sql", DisplayName = "with and without a description")]
    public void Versions_that_are_equal_as_numbers_are_PARITY1005(string first, string second)
    {
        var result = Discover(Script($"Migrations/{first}"), Script($"Migrations/{second}"));

        Assert.AreEqual("PARITY1005", Assert.ContainsSingle(result.Findings).Code);
    }

    [TestMethod]
    public void Three_scripts_with_one_version_are_two_findings()
    {
        var result = Discover(Script("Migrations/V2__a.sql"), Script("Migrations/V2__b.sql"), Script("Migrations/V2_0__c.sql"));

        Assert.HasCount(2, result.Findings);
        Assert.IsTrue(result.Findings.All(finding => finding.Code == "PARITY1005"));
    }

    [TestMethod]
    public void A_clash_is_found_whatever_scripts_of_other_kinds_sort_beside_it()
    {
        // Sorted: V2__a, V2__b, U2__a, U2__b, R__v, V3 — each clash follows the script it clashes with, within its kind.
        var result = Discover(
            Script("Migrations/U2__b.sql"), Script("Migrations/V3__c.sql"), Script("Migrations/V2__b.sql"), Script("Migrations/R__v.sql"),
            Script("Migrations/U2__a.sql"), Script("Migrations/V2__a.sql"), Script("Migrations/other/R__w.sql"));

        Assert.HasCount(2, result.Findings);
        Assert.IsTrue(result.Findings.Any(finding => finding.Message.Contains("Migrations/V2__a.sql") && finding.Message.Contains("Migrations/V2__b.sql")));
        Assert.IsTrue(result.Findings.Any(finding => finding.Message.Contains("Migrations/U2__a.sql") && finding.Message.Contains("Migrations/U2__b.sql")));
    }

    [TestMethod]
    public void Two_repeatables_with_one_description_are_PARITY1005()
    {
        var result = Discover(Script("Migrations/a/R__views.sql"), Script("Migrations/b/R__views.sql"));

        Assert.AreEqual("PARITY1005", Assert.ContainsSingle(result.Findings).Code);
    }

    [TestMethod]
    public void Versions_clash_only_within_a_set()
    {
        var result = Discover(
            Script("Migrations/hsqldb/V1_5_2__initial_db.sql", "hsqldb"),
            Script("Migrations/mysql/V1_5_2__initial_db.sql", "mysql"),
            Script("Migrations/postgresql/V1_5_2__initial_db.sql", "postgresql"));

        Assert.IsEmpty(result.Findings);
        Assert.HasCount(3, result.Sets);
        Assert.AreSequenceEqual(new[] { "hsqldb", "mysql", "postgresql" }, result.Sets.Select(set => set.Name).ToArray());
    }

    [TestMethod]
    public void A_clash_within_a_named_set_names_the_set()
    {
        var result = Discover(Script("Migrations/meta/V1__a.sql", "meta"), Script("Migrations/meta/V1__b.sql", "meta"));

        Assert.Contains("'meta'", Assert.ContainsSingle(result.Findings).Message);
    }

    [TestMethod]
    public void A_versioned_and_an_undo_script_of_one_version_do_not_clash()
    {
        var result = Discover(Script("Migrations/V3__add_email.sql"), Script("Migrations/U3__add_email.sql"));

        Assert.IsEmpty(result.Findings);
        Assert.HasCount(2, result.Migrations);
    }

    [TestMethod]
    public void An_up_and_a_down_script_of_one_timestamp_do_not_clash()
    {
        var result = Discover(
            Script("migrations/20240826120919_init.up.sql", naming: "timestamp"),
            Script("migrations/20240826120919_init.down.sql", naming: "timestamp"),
            Script("migrations/2017-08-31-230457_invitations/up.sql", naming: "timestamp"),
            Script("migrations/2017-08-31-230457_invitations/down.sql", naming: "timestamp"));

        Assert.IsEmpty(result.Findings);
    }

    [TestMethod]
    public void Two_up_scripts_of_one_timestamp_clash()
    {
        var result = Discover(
            Script("migrations/20240826120919_init.up.sql", naming: "timestamp"),
            Script("migrations/20240826120919_other.up.sql", naming: "timestamp"));

        Assert.AreEqual("PARITY1005", Assert.ContainsSingle(result.Findings).Code);
    }

    [TestMethod]
    public void DbUp_scripts_that_share_a_timestamp_do_not_clash()
    {
        var result = Discover(
            Script("Scripts/Model/202310231329 Alter Bundles.sql", naming: "dbup"),
            Script("Scripts/Model/202310231329 Alter Bundles1.sql", naming: "dbup"),
            Script("Scripts/Model/202310231329 Alter Bundles2.sql", naming: "dbup"));

        Assert.IsEmpty(result.Findings);
    }

    [TestMethod]
    public void A_set_is_ordered_by_version_with_undo_after_its_version_then_repeatables_then_callbacks()
    {
        var result = Discover(
            Script("M/afterMigrate.sql"),
            Script("M/R__b_views.sql"),
            Script("M/V1.10__ten.sql"),
            Script("M/beforeMigrate.sql"),
            Script("M/R__a_views.sql"),
            Script("M/U1.9__nine.sql"),
            Script("M/V1.9__nine.sql"),
            Script("M/V1.2__two.sql"));

        Assert.IsEmpty(result.Findings);
        Assert.AreSequenceEqual(
            new[] { "M/V1.2__two.sql", "M/V1.9__nine.sql", "M/U1.9__nine.sql", "M/V1.10__ten.sql", "M/R__a_views.sql", "M/R__b_views.sql", "M/afterMigrate.sql", "M/beforeMigrate.sql" },
            Assert.ContainsSingle(result.Sets).Migrations.Select(migration => migration.RelativePath).ToArray());
    }

    [TestMethod]
    public void The_same_script_listed_twice_is_one_migration()
    {
        var result = Discover(Script("Migrations/V1__init.sql"), Script("Migrations/V1__init.sql"));

        Assert.IsEmpty(result.Findings);
        Assert.HasCount(1, result.Migrations);
    }

    [TestMethod]
    public void Each_set_reads_names_with_its_own_convention()
    {
        var result = Discover(
            Script("db/V1__init.sql", "flyway-set", "flyway"),
            Script("scripts/202310231329 Alter Bundles.sql", "dbup-set", "dbup"),
            Script("go/20240826120919_init.up.sql", "go-set", "timestamp"));

        Assert.IsEmpty(result.Findings);
        Assert.HasCount(3, result.Sets);
    }

    [TestMethod]
    public void A_misnamed_script_is_reported_with_the_convention_of_its_own_set()
    {
        var result = Discover(Script("db/V1__init.sql", "a", "flyway"), Script("db2/V1__init.sql", "b", "timestamp"));

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1008", finding.Code);
        Assert.Contains("'timestamp'", finding.Message);
    }

    [TestMethod]
    public void A_bad_naming_regex_is_an_ArgumentException()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Discover(Script("db/1.sql", naming: "(?<version>")));
    }

    [TestMethod]
    public void No_scripts_is_no_sets_and_no_findings()
    {
        var result = Discover();

        Assert.IsEmpty(result.Sets);
        Assert.IsEmpty(result.Findings);
    }
}
