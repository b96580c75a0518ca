using ParityBuild.Core.Manifests;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Tests.Support;
using static ParityBuild.Replica.Tests.Support.Histories;

namespace ParityBuild.Replica.Tests.Comparison;

[TestClass]
public sealed class FlywayComparisonTests
{
    private const string Init = "CREATE TABLE users (id int);\n";
    private const string Email = "ALTER TABLE users ADD email text;\n";
    private const string Views = "CREATE OR REPLACE VIEW v AS SELECT 1;\n";

    private static readonly FlywayHistory Reader = new();

    private TestProject _project = null!;

    [TestInitialize]
    public void CreateProject() => _project = new TestProject()
        .Script("Migrations/V1__create_users.sql", Init)
        .Script("Migrations/V2__add_email.sql", Email)
        .Script("Migrations/R__views.sql", Views);

    [TestCleanup]
    public void DeleteProject() => _project.Dispose();

    [TestMethod]
    public void A_history_that_matches_the_scripts_has_no_findings()
    {
        var result = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add email", "SQL", TestProject.Flyway(Email)),
            Flyway(3, null, "views", "SQL", TestProject.Flyway(Views)),
        ]);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(3, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void A_script_edited_after_it_was_applied_is_PARITY2002_at_the_script_with_both_crc32_values()
    {
        var result = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add email", "SQL", 12345),
            Flyway(3, null, "views", "SQL", TestProject.Flyway(Views)),
        ]);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2002", finding.Code);
        Assert.AreEqual(Severity.Error, finding.Severity);
        Assert.AreEqual(_project.PathOf("Migrations/V2__add_email.sql"), finding.File);
        StringAssert.Contains(finding.Message, "records checksum 12345");
        StringAssert.Contains(finding.Message, $"the repository's script has {TestProject.Flyway(Email)}");
    }

    [TestMethod]
    public void A_stored_crc32_of_an_earlier_text_the_manifest_holds_as_cosmetic_is_a_PARITY2011_warning_with_its_UPDATE()
    {
        var manifest = Reformatted(earlierFlyway: 12345);

        var result = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add email", "SQL", 12345),
            Flyway(3, null, "views", "SQL", TestProject.Flyway(Views)),
        ], manifest: manifest);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2011", finding.Code);
        Assert.AreEqual(Severity.Warning, finding.Severity);
        Assert.AreEqual(_project.PathOf("Migrations/V2__add_email.sql"), finding.File);
        StringAssert.Contains(finding.Message, "records checksum 12345");
        var (local, row) = result.Realignable.Single();
        var table = new HistoryTable("public", "flyway_schema_history", MigrationTool.Flyway, new[] { "version", "checksum" }.ToDictionary(column => column, column => column));
        Assert.AreEqual(
            $"UPDATE \"public\".\"flyway_schema_history\" SET \"checksum\" = {TestProject.Flyway(Email)}\nWHERE \"version\" = '2' AND \"checksum\" = 12345;",
            Reader.RealignStatement(table, local, row, name => $"\"{name}\"", mySql: false));
    }

    [TestMethod]
    public void A_stored_crc32_that_no_earlier_text_had_stays_PARITY2002_with_nothing_to_realign()
    {
        var result = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add email", "SQL", 999),
            Flyway(3, null, "views", "SQL", TestProject.Flyway(Views)),
        ], manifest: Reformatted(earlierFlyway: 12345));

        Assert.AreEqual("PARITY2002", result.Findings.Single().Code);
        Assert.AreEqual(0, result.Realignable.Count);
    }

    // V2 as ParityAccept records it after a cosmetic edit: its current checksums, and the earlier text's.
    private static Manifest Reformatted(int earlierFlyway) => new([
        new ManifestEntry("", MigrationKind.Versioned, "2", "add email", "Migrations/V2__add_email.sql", new string('b', 64), new string('c', 64), TestProject.Flyway(Email))
        {
            Previous = [new PreviousText(new string('a', 64), earlierFlyway)],
        },
    ]);

    [TestMethod]
    public void An_applied_version_without_a_script_is_the_hotfix_PARITY2001()
    {
        var result = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add email", "SQL", TestProject.Flyway(Email)),
            Flyway(3, "2.1", "hotfix index", "SQL", 42),
            Flyway(4, null, "views", "SQL", TestProject.Flyway(Views)),
        ]);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2001", finding.Code);
        StringAssert.StartsWith(finding.Message, "Version 2.1 (hotfix index) is applied on the replica (Flyway in public.history, applied on 2024-05-01 10:00:00)");
        Assert.AreEqual(ReplicaState.Missing, result.Statuses.Single(status => status.Version == "2.1").State);
    }

    [TestMethod]
    public void A_failed_row_is_PARITY2003_and_names_flyway_repair()
    {
        var result = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add email", "SQL", TestProject.Flyway(Email), success: false),
            Flyway(3, null, "views", "SQL", TestProject.Flyway(Views)),
        ]);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2003", finding.Code);
        Assert.AreEqual(_project.PathOf("Migrations/V2__add_email.sql"), finding.File);
        StringAssert.Contains(finding.Message, "recorded as failed");
        StringAssert.Contains(finding.Message, "flyway repair");
    }

    [TestMethod]
    public void Scripts_not_applied_yet_are_one_pending_message_with_the_chosen_severity()
    {
        var asMessage = Compare(Reader, _project, [Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init))]);
        var asError = Compare(Reader, _project, [Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init))], pending: Severity.Error);

        var finding = asMessage.Findings.Single();
        Assert.AreEqual("PARITY2004", finding.Code);
        Assert.AreEqual(Severity.Message, finding.Severity);
        Assert.AreEqual(_project.PathOf("Migrations/V2__add_email.sql"), finding.File);
        StringAssert.Contains(finding.Message, "2 migrations are not applied on the replica replica/app yet: Migrations/V2__add_email.sql, Migrations/R__views.sql.");
        Assert.AreEqual(Severity.Error, asError.Findings.Single().Severity);
    }

    [TestMethod]
    public void A_pending_script_below_the_newest_applied_version_says_flyway_refuses_it()
    {
        var result = Compare(Reader, _project, [
            Flyway(1, "2", "add email", "SQL", TestProject.Flyway(Email)),
            Flyway(2, null, "views", "SQL", TestProject.Flyway(Views)),
        ]);

        StringAssert.Contains(result.Findings.Single().Message, "1 of them sort below the newest applied version 2: Flyway refuses them unless outOfOrder is on");
    }

    [TestMethod]
    public void A_repeatable_counts_by_its_latest_row_and_a_changed_one_is_pending_not_drift()
    {
        var latestMatches = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add email", "SQL", TestProject.Flyway(Email)),
            Flyway(3, null, "views", "SQL", 111),
            Flyway(4, null, "views", "SQL", TestProject.Flyway(Views)),
        ]);
        var changed = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add email", "SQL", TestProject.Flyway(Email)),
            Flyway(3, null, "views", "SQL", 111),
        ]);

        Assert.AreEqual(0, latestMatches.Findings.Count, string.Join("\n", latestMatches.Findings));
        Assert.AreEqual("PARITY2004", changed.Findings.Single().Code);
        StringAssert.Contains(changed.Findings.Single().Message, "Migrations/R__views.sql");
    }

    [TestMethod]
    public void A_baseline_stands_for_the_versions_below_it_and_the_schema_row_is_ignored()
    {
        using var baselined = new TestProject()
            .Script("Migrations/V1__create_users.sql", Init)
            .Script("Migrations/V2__add_email.sql", Email)
            .Script("Migrations/V3__more.sql", "SELECT 3;\n");

        var result = Compare(Reader, baselined, [
            Flyway(0, null, "<< Flyway Schema Creation >>", "SCHEMA", null),
            Flyway(1, "2", "<< Flyway Baseline >>", "BASELINE", null),
            Flyway(2, "3", "more", "SQL", TestProject.Flyway("SELECT 3;\n")),
        ]);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(3, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void A_version_marked_deleted_by_repair_needs_no_script_and_an_undone_one_is_pending_again()
    {
        var result = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add email", "SQL", TestProject.Flyway(Email)),
            Flyway(3, "9", "gone", "SQL", 9),
            Flyway(4, "9", "gone", "DELETE", 9),
            Flyway(5, "2", "add email", "UNDO_SQL", 77),
            Flyway(6, null, "views", "SQL", TestProject.Flyway(Views)),
        ]);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2004", finding.Code);
        StringAssert.Contains(finding.Message, "1 migration is not applied on the replica replica/app yet: Migrations/V2__add_email.sql.");
    }

    [TestMethod]
    public void A_renamed_description_with_the_same_checksum_is_PARITY2009()
    {
        var result = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "2", "add mail", "SQL", TestProject.Flyway(Email)),
            Flyway(3, null, "views", "SQL", TestProject.Flyway(Views)),
        ]);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2009", finding.Code);
        StringAssert.Contains(finding.Message, "the description 'add mail'");
        StringAssert.Contains(finding.Message, "says 'add email'");
    }

    [TestMethod]
    public void The_manifest_s_stored_crc32_is_used_instead_of_reading_the_script()
    {
        var manifest = new Manifest([
            new ManifestEntry("", MigrationKind.Versioned, "1", "create users", "Migrations/V1__create_users.sql", "a", null, 1001),
            new ManifestEntry("", MigrationKind.Versioned, "2", "add email", "Migrations/V2__add_email.sql", "b", null, 1002),
            new ManifestEntry("", MigrationKind.Repeatable, null, "views", "Migrations/R__views.sql", "c", null, 1003),
        ]);

        var result = Compare(Reader, _project, [
            Flyway(1, "1", "create users", "SQL", 1001),
            Flyway(2, "2", "add email", "SQL", 1002),
            Flyway(3, null, "views", "SQL", 1003),
        ], manifest: manifest);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
    }

    [TestMethod]
    public void Versions_compare_as_flyway_does()
    {
        using var dotted = new TestProject().Script("Migrations/V1_1__x.sql", Init).Script("Migrations/V01.2.0__y.sql", Email);

        var result = Compare(Reader, dotted, [
            Flyway(1, "1.1", "x", "SQL", TestProject.Flyway(Init)),
            Flyway(2, "1.2", "y", "SQL", TestProject.Flyway(Email)),
        ]);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
    }

    [TestMethod]
    public void A_plain_integer_row_and_one_with_leading_zeros_match_their_scripts_either_way()
    {
        // "7" is its own key without parsing; "008" is parsed and normalized to 8.
        using var padded = new TestProject().Script("Migrations/V007__x.sql", Init).Script("Migrations/V8__y.sql", Email).Script("Migrations/V0__z.sql", Views);

        var result = Compare(Reader, padded, [
            Flyway(1, "0", "z", "SQL", TestProject.Flyway(Views)),
            Flyway(2, "7", "x", "SQL", TestProject.Flyway(Init)),
            Flyway(3, "008", "y", "SQL", TestProject.Flyway(Email)),
        ]);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(3, result.Count(ReplicaState.Applied));
    }
}
