using System.Text;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Tests.Support;
using static ParityBuild.Replica.Tests.Support.Histories;

namespace ParityBuild.Replica.Tests.Comparison;

/// <summary>ParityBuild.DbUp's parity_journal compared without a database: rows as the reader's one query returns them.</summary>
[TestClass]
public sealed class ParityJournalComparisonTests
{
    private static readonly string[] Columns = ["script_name", "sha256", "version", "applied_at"];

    private static string Sha256(string text) => ScriptHasher.Hash(Encoding.UTF8.GetBytes(text), ChecksumKinds.Text).Text;

    [TestMethod]
    public void A_script_edited_after_it_was_applied_is_PARITY2002_with_both_checksums()
    {
        using var project = new TestProject("dbup")
            .Script("Scripts/0001_init.sql", "CREATE TABLE users (id int);\n")
            .Script("Scripts/0002_email.sql", "ALTER TABLE users ADD mail text;\n");

        var result = Compare(new ParityJournalHistory(), project, [
            ["MyApp.Scripts.0001_init.sql", Sha256("CREATE TABLE users (id int);\n"), null, AppliedOn],
            ["MyApp.Scripts.0002_email.sql", Sha256("ALTER TABLE users ADD email text;\n"), null, AppliedOn],
        ], Columns);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2002", finding.Code);
        Assert.AreEqual(project.PathOf("Scripts/0002_email.sql"), finding.File);
        StringAssert.Contains(finding.Message, $"records checksum {Sha256("ALTER TABLE users ADD email text;\n")}, the repository's script has {Sha256("ALTER TABLE users ADD mail text;\n")}");
        StringAssert.Contains(finding.Message, "ParityBuild.DbUp in public.history");
    }

    [TestMethod]
    public void A_journal_sha256_of_an_earlier_cosmetic_text_is_PARITY2011_and_its_UPDATE_names_the_row_and_the_old_value()
    {
        const string Reformatted = "-- licence\nALTER TABLE users ADD mail text;\n";
        using var project = new TestProject("dbup").Script("Scripts/0002_email.sql", Reformatted);
        var earlier = Sha256("ALTER TABLE users ADD mail text;\n");
        var manifest = new Manifest([
            new ManifestEntry("", MigrationKind.Versioned, "0002", "email", "Scripts/0002_email.sql", Sha256(Reformatted), new string('c', 64), null) { Previous = [new PreviousText(earlier, null)] },
        ]);
        var reader = new ParityJournalHistory();

        var result = Compare(reader, project, [["MyApp.Scripts.0002_email.sql", earlier, null, AppliedOn]], Columns, manifest);
        var other = Compare(reader, project, [["MyApp.Scripts.0002_email.sql", Sha256("ALTER TABLE users ADD email text;\n"), null, AppliedOn]], Columns, manifest);

        Assert.AreEqual("PARITY2011", result.Findings.Single().Code, string.Join("\n", result.Findings));
        var (local, row) = result.Realignable.Single();
        var table = new HistoryTable("public", "parity_journal", MigrationTool.Parity, Columns.ToDictionary(column => column, column => column));
        Assert.AreEqual(
            $"UPDATE `public`.`parity_journal` SET `sha256` = '{Sha256(Reformatted)}'\nWHERE `script_name` = 'MyApp.Scripts.0002_email.sql' AND `sha256` = '{earlier}';",
            reader.RealignStatement(table, local, row, name => $"`{name}`", mySql: true));
        Assert.AreEqual("PARITY2002", other.Findings.Single().Code);
        Assert.AreEqual(0, other.Realignable.Count);
    }

    [TestMethod]
    public void Line_endings_and_a_byte_order_mark_are_no_edit()
    {
        using var project = new TestProject("dbup").Script("Scripts/0001_init.sql", "\uFEFFCREATE TABLE users (id int);\r\n");

        var result = Compare(new ParityJournalHistory(), project, [["0001_init.sql", Sha256("CREATE TABLE users (id int);\n"), null, AppliedOn]], Columns);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(1, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void An_adopted_row_without_a_checksum_is_compared_by_name_only()
    {
        using var project = new TestProject("dbup").Script("Scripts/0001_init.sql", "CREATE TABLE users (id int);\n");

        var result = Compare(new ParityJournalHistory(), project, [["MyApp.Scripts.0001_init.sql", null, null, AppliedOn]], Columns);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(1, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void The_manifest_s_sha256_is_the_repository_s_checksum_when_it_has_the_script()
    {
        using var project = new TestProject("dbup").Script("Scripts/0001_init.sql", "CREATE TABLE users (id int);\n");
        var stored = new string('a', 64);
        var manifest = new Manifest([new ManifestEntry("", MigrationKind.Versioned, "0001_init.sql", "", "Scripts/0001_init.sql", stored, null, null)]);

        var result = Compare(new ParityJournalHistory(), project, [["0001_init.sql", stored.ToUpperInvariant(), null, AppliedOn]], Columns, manifest);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
    }

    [TestMethod]
    public void A_row_without_a_script_and_a_script_without_a_row_are_PARITY2001_and_PARITY2004()
    {
        using var project = new TestProject("dbup")
            .Script("Scripts/0001_init.sql", "SELECT 1;\n")
            .Script("Scripts/0003_next.sql", "SELECT 3;\n");

        var result = Compare(new ParityJournalHistory(), project, [
            ["MyApp.Scripts.0001_init.sql", Sha256("SELECT 1;\n"), null, AppliedOn],
            ["MyApp.Scripts.V2__hotfix.sql", Sha256("SELECT 2;\n"), "2", AppliedOn],
        ], Columns);

        CollectionAssert.AreEqual(new[] { "PARITY2001", "PARITY2004" }, result.Codes().ToArray());
        StringAssert.StartsWith(result.Findings[0].Message, "MyApp.Scripts.V2__hotfix.sql is applied on the replica (ParityBuild.DbUp in public.history");
        StringAssert.Contains(result.Findings[1].Message, "Scripts/0003_next.sql");
    }

    [TestMethod]
    public void The_parity_setting_names_the_journal_and_it_is_read()
    {
        Assert.AreEqual(MigrationTool.Parity, ToolDetection.ParseSetting("parity"));
        Assert.IsInstanceOfType<ParityJournalHistory>(HistoryReader.For(MigrationTool.Parity));
        CollectionAssert.Contains(HistoryReader.Supported.ToList(), MigrationTool.Parity);
        Assert.AreEqual("parity_journal", ToolDetection.DefaultTable(MigrationTool.Parity));
    }
}
