using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Tests.Support;
using static ParityBuild.Replica.Tests.Support.Histories;
using static ParityBuild.Replica.Tests.Support.ToolHistories;

namespace ParityBuild.Replica.Tests.Comparison;

[TestClass]
public sealed class ChecksummedHistoryComparisonTests
{
    private const string Changelog = """
        --liquibase formatted sql

        --changeset alice:1
        CREATE TABLE users (id int);

        --changeset alice:2
        ALTER TABLE users ADD email text;

        --changeset bob:views runOnChange:true
        CREATE OR REPLACE VIEW v AS SELECT 1;

        --changeset bob:3
        CREATE TABLE orders (id int);
        """;

    /// <summary>A databasechangelog row: id, author, filename, dateexecuted, orderexecuted, exectype, md5sum.</summary>
    private static object?[] Row(string id, string author, string checksum, string execType = "EXECUTED", string fileName = "db/changelog/app.sql", int order = 1) =>
        [id, author, fileName, AppliedOn, order, execType, checksum];

    [TestMethod]
    public void Liquibase_changesets_that_match_by_id_author_and_file_name_are_applied_and_the_rest_pending()
    {
        using var project = new TestProject().Script("db/app.sql", Changelog);

        var result = Compare(new LiquibaseHistory(), project, [
            Row("1", "alice", Liquibase(Changelog, "1"), fileName: "classpath:db/changelog/app.sql"),
            Row("2", "ALICE", Liquibase(Changelog, "2", LiquibaseChecksumVersion.V8), "MARK_RAN"),
            Row("views", "bob", Liquibase(Changelog, "views"), "RERAN"),
        ]);

        var pending = result.Findings.Single();
        Assert.AreEqual("PARITY2004", pending.Code);
        StringAssert.Contains(pending.Message, "1 migration is not applied on the replica replica/app yet: db/app.sql changeset bob:3.");
        Assert.AreEqual(project.PathOf("db/app.sql"), pending.File);
        Assert.AreEqual(12, pending.Line, "The pending changeset's --changeset line.");
        Assert.AreEqual(3, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void A_Liquibase_changeset_edited_after_it_ran_is_PARITY2002_at_its_line_in_the_stored_checksum_version()
    {
        using var project = new TestProject().Script("db/app.sql", Changelog);
        var before = Changelog.Replace("ADD email text", "ADD mail text", StringComparison.Ordinal);

        var result = Compare(new LiquibaseHistory(), project, [
            Row("1", "alice", Liquibase(Changelog, "1")),
            Row("2", "alice", Liquibase(before, "2", LiquibaseChecksumVersion.V8)),
            Row("views", "bob", Liquibase(Changelog, "views")),
            Row("3", "bob", Liquibase(Changelog, "3")),
        ]);

        var changed = result.Findings.Single();
        Assert.AreEqual("PARITY2002", changed.Code);
        Assert.AreEqual(project.PathOf("db/app.sql"), changed.File);
        Assert.AreEqual(6, changed.Line);
        StringAssert.StartsWith(changed.Message, "db/app.sql changeset alice:2 differs from what the replica applied: Liquibase in public.history records checksum "
            + Liquibase(before, "2", LiquibaseChecksumVersion.V8));
        StringAssert.Contains(changed.Message, "the repository's script has " + Liquibase(Changelog, "2", LiquibaseChecksumVersion.V8));
    }

    [TestMethod]
    public void A_changed_runOnChange_changeset_is_pending_and_a_validCheckSum_line_is_honoured()
    {
        var edited = Changelog
            .Replace("SELECT 1;", "SELECT 2;", StringComparison.Ordinal)
            .Replace("--changeset alice:1\n", "--changeset alice:1\n--validCheckSum: 9:00000000000000000000000000000000\n", StringComparison.Ordinal);
        using var project = new TestProject().Script("db/app.sql", edited);

        var result = Compare(new LiquibaseHistory(), project, [
            Row("1", "alice", "9:00000000000000000000000000000000"),
            Row("2", "alice", Liquibase(Changelog, "2")),
            Row("views", "bob", Liquibase(Changelog, "views")),
            Row("3", "bob", Liquibase(Changelog, "3")),
        ]);

        var pending = result.Findings.Single();
        Assert.AreEqual("PARITY2004", pending.Code);
        StringAssert.Contains(pending.Message, "db/app.sql changeset bob:views");
    }

    [TestMethod]
    public void A_FAILED_Liquibase_row_is_PARITY2003_and_a_changeset_without_a_local_one_is_PARITY2001()
    {
        using var project = new TestProject().Script("db/app.sql", Changelog);

        var result = Compare(new LiquibaseHistory(), project, [
            Row("1", "alice", Liquibase(Changelog, "1")),
            Row("2", "alice", Liquibase(Changelog, "2")),
            Row("views", "bob", Liquibase(Changelog, "views")),
            Row("3", "bob", Liquibase(Changelog, "3"), "FAILED"),
            Row("hotfix", "ops", "9:0123456789abcdef0123456789abcdef"),
            Row("1", "alice", Liquibase(Changelog, "1"), fileName: "db/changelog/other.sql"),
        ]);

        CollectionAssert.AreEqual(new[] { "PARITY2003", "PARITY2001", "PARITY2001" }, result.Codes().ToArray());
        Assert.AreEqual(12, result.Findings[0].Line);
        StringAssert.StartsWith(result.Findings[0].Message, "changeset bob:3 (db/changelog/app.sql) is recorded as failed");
        StringAssert.StartsWith(result.Findings[1].Message, "Changeset ops:hotfix (db/changelog/app.sql) is applied on the replica (Liquibase in public.history");
        StringAssert.StartsWith(result.Findings[2].Message, "Changeset alice:1 (db/changelog/other.sql) is applied on the replica");
    }

    [TestMethod]
    public void A_Liquibase_checksum_version_other_than_8_or_9_is_a_message_and_never_PARITY2002()
    {
        using var project = new TestProject().Script("db/app.sql", Changelog);

        var result = Compare(new LiquibaseHistory(), project, [
            Row("1", "alice", "7:d41d8cd98f00b204e9800998ecf8427e"),
            Row("2", "alice", Liquibase(Changelog, "2")),
            Row("views", "bob", Liquibase(Changelog, "views")),
            Row("3", "bob", Liquibase(Changelog, "3")),
        ]);

        var note = result.Findings.Single();
        Assert.AreEqual(Severity.Message, note.Severity);
        Assert.AreEqual(3, note.Line);
        StringAssert.Contains(note.Message, "db/app.sql changeset alice:1 in public.history was not compared: MD5SUM 7:d41d8cd98f00b204e9800998ecf8427e is a Liquibase checksum of version 7:");
        Assert.AreEqual(4, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void Scripts_that_are_not_formatted_SQL_changelogs_are_not_Liquibase_changesets()
    {
        using var project = new TestProject().Script("db/app.sql", Changelog).Script("db/plain.sql", "CREATE TABLE t (id int);\n");

        var result = Compare(new LiquibaseHistory(), project, []);

        StringAssert.Contains(result.Findings.Single().Message, "4 migrations are not applied");
    }

    [TestMethod]
    public void Postgrator_reads_versions_from_do_file_names_and_ignores_undo_scripts_and_its_version_0_row()
    {
        using var project = new TestProject()
            .Script("migrations/001.do.create-users.sql", "CREATE TABLE users (id int);\n")
            .Script("migrations/001.undo.create-users.sql", "DROP TABLE users;\n")
            .Script("migrations/002.do.sql", "ALTER TABLE users ADD email text;\n")
            .Script("migrations/003.do.orders.sql", "CREATE TABLE orders (id int);\n");

        var result = Compare(new PostgratorHistory(), project, [
            [0L, "", "", null],
            [1L, "create-users", Postgrator("CREATE TABLE users (id int);\n"), AppliedOn],
            [2L, "", Postgrator("ALTER TABLE users ADD email text;\n"), AppliedOn],
            [4L, "hotfix", Postgrator("SELECT 4;\n"), AppliedOn],
        ]);

        CollectionAssert.AreEqual(new[] { "PARITY2001", "PARITY2004" }, result.Codes().ToArray());
        StringAssert.StartsWith(result.Findings[0].Message, "Version 4 (hotfix) is applied on the replica (postgrator in public.history, applied on 2024-05-01 10:00:00)");
        StringAssert.Contains(result.Findings[1].Message, "yet: migrations/003.do.orders.sql.");
        Assert.AreEqual(2, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void A_postgrator_md5_of_an_earlier_cosmetic_text_is_PARITY2011_with_its_UPDATE_and_another_md5_stays_PARITY2002()
    {
        const string Earlier = "ALTER TABLE users ADD email text;\n";
        const string Reformatted = "-- licence\nALTER TABLE users ADD email text;\n";
        using var project = new TestProject().Script("migrations/002.do.email.sql", Reformatted);
        var discovered = MigrationDiscovery.Discover(project.Scripts).Migrations.Single();
        Assert.AreEqual(MigrationKind.Versioned, discovered.Kind, "ParityAccept keeps earlier checksums of versioned scripts only");
        var manifest = new Manifest([
            new ManifestEntry("", MigrationKind.Versioned, "002", "email", "migrations/002.do.email.sql", new string('b', 64), new string('c', 64), null, Postgrator(Reformatted))
            {
                Previous = [new PreviousText(new string('a', 64), null, Postgrator(Earlier))],
            },
        ]);
        var reader = new PostgratorHistory();

        var result = Compare(reader, project, [[2L, "email", Postgrator(Earlier), AppliedOn]], rawDigests: null, manifest);
        var edited = Compare(reader, project, [[2L, "email", Postgrator("ALTER TABLE users ADD mail text;\n"), AppliedOn]], rawDigests: null, manifest);

        Assert.AreEqual("PARITY2011", result.Findings.Single().Code, string.Join("\n", result.Findings));
        var (local, row) = result.Realignable.Single();
        var table = new HistoryTable("public", "schemaversion", MigrationTool.Postgrator, new[] { "version", "md5" }.ToDictionary(column => column, column => column));
        Assert.AreEqual(
            $"UPDATE \"public\".\"schemaversion\" SET \"md5\" = '{Postgrator(Reformatted)}'\nWHERE \"version\" = 2 AND \"md5\" = '{Postgrator(Earlier)}';",
            reader.RealignStatement(table, local, row, name => $"\"{name}\"", mySql: false));
        Assert.AreEqual("PARITY2002", edited.Findings.Single().Code);
    }

    [TestMethod]
    public void A_postgrator_md5_that_differs_only_in_line_endings_says_so()
    {
        using var project = new TestProject()
            .Script("migrations/001.do.users.sql", "CREATE TABLE users (id int);\r\nSELECT 1;\r\n")
            .Script("migrations/002.do.email.sql", "ALTER TABLE users ADD email text;\n");

        var result = Compare(new PostgratorHistory(), project, [
            [1L, "users", Postgrator("CREATE TABLE users (id int);\nSELECT 1;\n"), AppliedOn],
            [2L, "email", Postgrator("ALTER TABLE users ADD mail text;\n"), AppliedOn],
        ]);

        CollectionAssert.AreEqual(new[] { "PARITY2002", "PARITY2002" }, result.Codes().ToArray());
        StringAssert.Contains(result.Findings[0].Message, "only the line endings differ: the replica's value is this script's with LF line endings");
        Assert.IsFalse(result.Findings[1].Message.Contains("line endings", StringComparison.Ordinal), "A real edit is not blamed on line endings.");
        StringAssert.Contains(result.Findings[1].Message, "the repository's script has " + Postgrator("ALTER TABLE users ADD email text;\n") + ".");
    }

    [TestMethod]
    public void Postgrator_and_sqitch_take_the_raw_digest_ParityVerify_computed_instead_of_reading_the_script_again()
    {
        const string applied = "CREATE TABLE users (id int);\n";
        using var project = new TestProject()
            .Script("migrations/001.do.users.sql", applied)
            .Script("migrations/002.do.email.sql", applied)
            .Script("db/deploy/users.sql", applied);
        var (first, second, deploy) = (project.PathOf("migrations/001.do.users.sql"), project.PathOf("migrations/002.do.email.sql"), project.PathOf("db/deploy/users.sql"));
        Dictionary<string, RawDigest> digests = new()
        {
            [first] = new RawDigest(RawDigestKind.Md5, Postgrator(applied), ValidUtf8: true),
            // Not UTF-8 when the gate read it: postgrator's md5 is another, so this script is read again.
            [second] = new RawDigest(RawDigestKind.Md5, Postgrator(applied), ValidUtf8: false),
            [deploy] = new RawDigest(RawDigestKind.Md5, Postgrator(applied), ValidUtf8: true),
        };

        // Edited after the gate read them: only a script read again shows it.
        foreach (var path in new[] { first, second, deploy })
        {
            File.WriteAllText(path, "CREATE TABLE users (id bigint);\n");
        }

        var postgrator = Compare(new PostgratorHistory(), project, [
            [1L, "users", Postgrator(applied), AppliedOn],
            [2L, "email", Postgrator(applied), AppliedOn],
        ], digests);
        var sqitch = Compare(new SqitchHistory(), project, [["users", Sqitch(applied), "app", AppliedOn]], digests);

        var changed = Assert.ContainsSingle(postgrator.Findings);
        Assert.AreEqual("PARITY2002", changed.Code);
        Assert.AreEqual(second, changed.File, "The first script's md5 came from the gate's read, the second's from reading it again.");
        Assert.AreEqual("PARITY2002", Assert.ContainsSingle(sqitch.Findings).Code, "An md5 is no script_hash: sqitch reads the script itself.");
    }

    [TestMethod]
    public void Sqitch_matches_deploy_scripts_by_change_name_and_hashes_their_raw_bytes()
    {
        using var project = new TestProject()
            .Script("db/deploy/users.sql", "CREATE TABLE users (id int);\n")
            .Script("db/deploy/schema/orders.sql", "CREATE TABLE orders (id int);\r\n")
            .Script("db/deploy/email.sql", "ALTER TABLE users ADD email text;\n")
            .Script("db/deploy/users@v1.0.sql", "CREATE TABLE users ();\n")
            .Script("db/revert/users.sql", "DROP TABLE users;\n")
            .Script("db/verify/users.sql", "SELECT id FROM users;\n");

        var result = Compare(new SqitchHistory(), project, [
            ["users", Sqitch("CREATE TABLE users (id int);\n"), "app", AppliedOn],
            ["schema/orders", Sqitch("CREATE TABLE orders (id int);\n"), "app", AppliedOn],
            ["hotfix", Sqitch("SELECT 1;\n"), "app", AppliedOn],
        ]);

        CollectionAssert.AreEqual(new[] { "PARITY2002", "PARITY2001", "PARITY2004" }, result.Codes().ToArray());
        Assert.AreEqual(project.PathOf("db/deploy/schema/orders.sql"), result.Findings[0].File);
        StringAssert.Contains(result.Findings[0].Message, "only the line endings differ: the replica's value is this script's with LF line endings");
        StringAssert.StartsWith(result.Findings[1].Message, "Change hotfix is applied on the replica (sqitch in public.history");
        StringAssert.Contains(result.Findings[2].Message, "yet: db/deploy/email.sql.");
    }

    [TestMethod]
    public void Sqitch_rows_of_other_projects_are_left_out_when_sqitch_plan_names_the_project()
    {
        using var project = new TestProject()
            .Script("db/sqitch.plan", "%syntax-version=1.0.0\n%project=app\n\nusers 2024-01-01T00:00:00Z Alice <a@example.com> # users\n")
            .Script("db/deploy/users.sql", "CREATE TABLE users (id int);\n");

        var result = Compare(new SqitchHistory(), project, [
            ["users", Sqitch("CREATE TABLE users (id int);\n"), "app", AppliedOn],
            ["billing", Sqitch("SELECT 1;\n"), "other", AppliedOn],
        ]);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(ReplicaState.Applied, result.Statuses.Single().State);
    }
}
