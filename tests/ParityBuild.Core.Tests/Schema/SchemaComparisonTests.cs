using ParityBuild.Core.Findings;
using ParityBuild.Core.Schema;

namespace ParityBuild.Core.Tests.Schema;

[TestClass]
public sealed class SchemaComparisonTests
{
    private const string File = "/repo/migrations.schema.json";

    [TestMethod]
    public void Aliases_and_casts_alone_are_no_drift()
    {
        var expected = Snapshots.Postgres(Snapshots.Users());
        var users = Snapshots.Users();
        var actual = expected with
        {
            Tables = [users with { Columns = [users.Columns[0] with { Type = "int4" }, users.Columns[1] with { Type = "varchar(200)", Default = "'none'::character varying" }, users.Columns[2]] }],
        };

        var result = SchemaComparison.Compare(Snapshots.Document(expected), File, actual, "replica/app");

        Assert.IsTrue(result.IsClean, string.Join("\n", result.Findings));
    }

    [TestMethod]
    public void Each_differing_attribute_is_a_finding_with_both_values_at_the_object_s_line()
    {
        var document = Snapshots.Document(Snapshots.Postgres(Snapshots.Users()));
        var users = Snapshots.Users();
        var actual = document.Snapshot with { Tables = [users with { Columns = [users.Columns[0], users.Columns[1] with { Type = "text", Nullable = true }, users.Columns[2]] }] };

        var result = SchemaComparison.Compare(document, File, actual, "replica/app");

        CollectionAssert.AreEqual(
            new[]
            {
                "Column public.users.email differs on the replica replica/app: its type is 'text', the schema snapshot has 'character varying(200)'.",
                "Column public.users.email differs on the replica replica/app: its nullable is 'true', the schema snapshot has 'false'.",
            },
            result.Findings.Select(finding => finding.Message[..(finding.Message.IndexOf("'.", StringComparison.Ordinal) + 2)]).ToArray());
        Assert.IsTrue(result.Findings.All(finding => finding.Code == "PARITY3003" && finding.File == File && finding.Line == document.Lines[SchemaItem.KeyOf(SchemaObjectKind.Column, "public", "users", "email")]));
    }

    [TestMethod]
    public void A_missing_table_is_one_finding_and_its_columns_constraints_and_triggers_are_part_of_it()
    {
        var document = Snapshots.Document(Snapshots.Postgres(Snapshots.Users(), Snapshots.Orders()));
        var actual = document.Snapshot with { Tables = [Snapshots.Users()] };

        var result = SchemaComparison.Compare(document, File, actual, "replica/app", Severity.Warning);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY3001", finding.Code);
        Assert.AreEqual(Severity.Warning, finding.Severity);
        StringAssert.StartsWith(finding.Message, "Table public.orders is in the schema snapshot but missing on the replica replica/app.");
        Assert.AreEqual(5, result.Drifts.Count(drift => drift.InNewTable), "2 columns, 2 constraints and a trigger of the table are still repaired.");
    }

    [TestMethod]
    public void A_mysql_snapshot_of_one_database_compares_with_a_replica_of_another_name()
    {
        var expected = new SchemaSnapshot(SchemaSnapshot.MySql, "10.11.6-MariaDB", null, ["app_staging"],
            [new TableSchema("app_staging", "users", [new ColumnSchema("id", "int", false, Identity: "auto_increment")], [], [], [])], [], [], []);
        var actual = new SchemaSnapshot(SchemaSnapshot.MySql, "8.0.36", null, ["app"],
            [new TableSchema("app", "users", [new ColumnSchema("id", "int(11)", false, Identity: "auto_increment"), new ColumnSchema("extra", "int", true)], [], [], [])], [], [], []);

        var result = SchemaComparison.Compare(Snapshots.Document(expected), File, actual, "replica/app");

        StringAssert.StartsWith(result.Findings.Single().Message, "Column app.users.extra exists on the replica replica/app but not in the schema snapshot");
        Assert.AreEqual("app", result.ReplicaSchemas["app_staging"]);
    }
}
