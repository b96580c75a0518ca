using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Tests.Support;
using static ParityBuild.Replica.Tests.Support.Histories;

namespace ParityBuild.Replica.Tests.Comparison;

[TestClass]
public sealed class UnchecksummedHistoryComparisonTests
{
    private static readonly string[] GolangMigrateColumns = ["version", "dirty"];

    [TestMethod]
    public void DbUp_matches_embedded_resource_names_by_their_file_name_part()
    {
        using var project = new TestProject("dbup")
            .Script("Scripts/0001_init.sql", "SELECT 1;")
            .Script("Scripts/Sub/0002_more.sql", "SELECT 2;")
            .Script("Scripts/0003_next.sql", "SELECT 3;");

        var result = Compare(new DbUpHistory(), project, [
            ["MyApp.Scripts.0001_init.sql", AppliedOn],
            ["0002_more.sql", AppliedOn],
            ["MyApp.Scripts.0099_hotfix.sql", AppliedOn],
        ]);

        CollectionAssert.AreEqual(new[] { "PARITY2001", "PARITY2004" }, result.Codes().ToArray());
        StringAssert.StartsWith(result.Findings[0].Message, "MyApp.Scripts.0099_hotfix.sql is applied on the replica (DbUp in public.history, applied on 2024-05-01 10:00:00)");
        StringAssert.Contains(result.Findings[1].Message, "1 migration is not applied on the replica replica/app yet: Scripts/0003_next.sql.");
        Assert.AreEqual(2, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void EF_Core_ids_come_from_the_migration_file_names_without_designer_files_or_the_snapshot()
    {
        using var project = new TestProject()
            .EfMigration("Migrations/20240101000000_Init.cs")
            .EfMigration("Migrations/20240101000000_Init.Designer.cs")
            .EfMigration("Migrations/AppDbContextModelSnapshot.cs")
            .EfMigration("Migrations/20240201000000_AddEmail.cs");

        var result = Compare(new EfCoreHistory(), project, [
            ["20240101000000_Init", "8.0.0"],
            ["20240301000000_Hotfix", "8.0.0"],
        ]);

        CollectionAssert.AreEqual(new[] { "PARITY2001", "PARITY2004" }, result.Codes().ToArray());
        StringAssert.StartsWith(result.Findings[0].Message, "Migration 20240301000000_Hotfix is applied on the replica");
        StringAssert.Contains(result.Findings[1].Message, "1 migration is not applied on the replica replica/app yet: Migrations/20240201000000_AddEmail.cs.");
        Assert.AreEqual(project.PathOf("Migrations/20240201000000_AddEmail.cs"), result.Findings[1].File);
    }

    [TestMethod]
    public void Golang_migrate_s_single_row_stands_for_every_lower_version()
    {
        using var project = GolangMigrateProject();

        var result = Compare(new SchemaMigrationsHistory(), project, [[2L, false]], GolangMigrateColumns);

        Assert.AreEqual("PARITY2004", result.Findings.Single().Code);
        StringAssert.Contains(result.Findings.Single().Message, "000003_c.up.sql");
        Assert.AreEqual(2, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void Golang_migrate_s_dirty_flag_is_PARITY2003_at_the_script_and_names_migrate_force()
    {
        using var project = GolangMigrateProject();

        var result = Compare(new SchemaMigrationsHistory(), project, [[2L, true]], GolangMigrateColumns);

        var failed = result.Findings.First();
        Assert.AreEqual("PARITY2003", failed.Code);
        Assert.AreEqual(project.PathOf("migrations/000002_b.up.sql"), failed.File);
        StringAssert.Contains(failed.Message, "recorded as dirty");
        StringAssert.Contains(failed.Message, "migrate force");
        Assert.AreEqual(1, result.Count(ReplicaState.Applied), "Version 1, below the dirty one, is applied.");
    }

    [TestMethod]
    public void Golang_migrate_at_a_version_the_repository_lacks_is_PARITY2001()
    {
        using var project = GolangMigrateProject();

        var result = Compare(new SchemaMigrationsHistory(), project, [[7L, false]], GolangMigrateColumns);

        Assert.AreEqual("PARITY2001", result.Findings.Single().Code);
        StringAssert.StartsWith(result.Findings.Single().Message, "Version 7 is applied on the replica");
    }

    [TestMethod]
    public void Rails_and_dbmate_keep_one_row_per_version()
    {
        using var project = new TestProject()
            .Script("db/migrations/20240101120000_create_users.sql", "SELECT 1;")
            .Script("db/migrations/20240303120000_add_email.sql", "SELECT 2;");

        var result = Compare(new SchemaMigrationsHistory(), project, [["20240101120000"], ["20240202120000"]]);

        CollectionAssert.AreEqual(new[] { "PARITY2001", "PARITY2004" }, result.Codes().ToArray());
        StringAssert.StartsWith(result.Findings[0].Message, "Version 20240202120000 is applied on the replica");
        StringAssert.Contains(result.Findings[1].Message, "20240303120000_add_email.sql");
    }

    private static TestProject GolangMigrateProject() => new TestProject()
        .Script("migrations/000001_a.up.sql", "SELECT 1;")
        .Script("migrations/000001_a.down.sql", "SELECT -1;")
        .Script("migrations/000002_b.up.sql", "SELECT 2;")
        .Script("migrations/000002_b.down.sql", "SELECT -2;")
        .Script("migrations/000003_c.up.sql", "SELECT 3;")
        .Script("migrations/000003_c.down.sql", "SELECT -3;");
}
