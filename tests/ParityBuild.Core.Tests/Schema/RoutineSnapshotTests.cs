using System.Text;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Schema;

namespace ParityBuild.Core.Tests.Schema;

/// <summary>Functions and procedures in the snapshot: the file, the comparison (overloads apart) and the repair.</summary>
[TestClass]
public sealed class RoutineSnapshotTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    private static readonly RoutineSchema Touch = new("public", "touch", RoutineSchema.Function, "id integer",
        "CREATE OR REPLACE FUNCTION public.touch(id integer)\n RETURNS void\n LANGUAGE sql\nAS $function$ UPDATE users SET name = name WHERE users.id = touch.id $function$\n");

    private static readonly RoutineSchema TouchAll = new("public", "touch", RoutineSchema.Function, "",
        "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS void\n LANGUAGE sql\nAS $function$ UPDATE users SET name = name $function$\n");

    private static readonly RoutineSchema Archive = new("public", "archive", RoutineSchema.Procedure, "IN days integer",
        "CREATE OR REPLACE PROCEDURE public.archive(IN days integer)\n LANGUAGE sql\nAS $procedure$ DELETE FROM users WHERE false $procedure$\n");

    private static SchemaSnapshot With(params RoutineSchema[] routines) => Snapshots.Postgres(Snapshots.Users()) with { Routines = routines };

    [TestMethod]
    public void Routines_are_written_one_per_line_in_order_and_read_back_with_their_lines()
    {
        var text = SnapshotWriter.Serialize(With(Touch, Archive, TouchAll));
        var document = SnapshotReader.Parse(Encoding.UTF8.GetBytes(text));

        var lines = text.Split('\n');
        var first = Array.FindIndex(lines, line => line.Contains("\"routines\": [", StringComparison.Ordinal));
        StringAssert.StartsWith(lines[first + 1].Trim(), "{ \"schema\": \"public\", \"name\": \"archive\", \"kind\": \"procedure\", \"arguments\": \"IN days integer\"");
        StringAssert.StartsWith(lines[first + 2].Trim(), "{ \"schema\": \"public\", \"name\": \"touch\", \"kind\": \"function\", \"arguments\": \"\"");
        StringAssert.StartsWith(lines[first + 3].Trim(), "{ \"schema\": \"public\", \"name\": \"touch\", \"kind\": \"function\", \"arguments\": \"id integer\"");
        CollectionAssert.AreEqual(new[] { Archive, TouchAll, Touch }, document.Snapshot.Routines!.ToArray());
        Assert.AreEqual(first + 4, document.Lines[SchemaItem.KeyOf(SchemaObjectKind.Function, "public", null, "touch(id integer)")]);
    }

    [TestMethod]
    public void A_snapshot_without_routines_is_written_and_read_without_them()
    {
        var text = SnapshotWriter.Serialize(Snapshots.Postgres(Snapshots.Users()));

        Assert.IsFalse(text.Contains("routines", StringComparison.Ordinal), text);
        Assert.IsNull(SnapshotReader.Parse(Encoding.UTF8.GetBytes(text)).Snapshot.Routines);
        StringAssert.Contains(SnapshotWriter.Serialize(With()), "\"routines\": []");
        Assert.AreEqual(0, SnapshotReader.Parse(Encoding.UTF8.GetBytes(SnapshotWriter.Serialize(With()))).Snapshot.Routines!.Count);
    }

    [TestMethod]
    public void A_routine_of_an_unknown_kind_or_listed_twice_is_refused_at_its_line()
    {
        var text = SnapshotWriter.Serialize(With(Touch));
        var line = Array.FindIndex(text.Split('\n'), l => l.Contains("\"kind\": \"function\"", StringComparison.Ordinal)) + 1;

        var unknown = Assert.ThrowsExactly<SnapshotException>(() => SnapshotReader.Parse(Encoding.UTF8.GetBytes(text.Replace("\"kind\": \"function\"", "\"kind\": \"aggregate\"", StringComparison.Ordinal))));
        var twice = Assert.ThrowsExactly<SnapshotException>(() => SnapshotReader.Parse(Encoding.UTF8.GetBytes(SnapshotWriter.Serialize(With(Touch, Touch)))));

        Assert.AreEqual(line, unknown.Line);
        StringAssert.Contains(unknown.Message, "the routine public.touch(id integer) has the kind 'aggregate'");
        StringAssert.Contains(twice.Message, "the function public.touch(id integer) appears twice");
    }

    [TestMethod]
    public void Overloads_are_compared_apart_and_a_snapshot_without_routines_leaves_the_replicas_alone()
    {
        var expected = Snapshots.Document(With(Touch, Archive));
        var edited = Touch with { Definition = Touch.Definition!.Replace("name = name", "name = upper(name)", StringComparison.Ordinal) };

        var result = SchemaComparison.Compare(expected, "s.json", With(edited, TouchAll), "replica/app");
        var older = SchemaComparison.Compare(Snapshots.Document(Snapshots.Postgres(Snapshots.Users())), "s.json", With(edited, TouchAll), "replica/app");

        var found = result.Findings.Select(finding => $"{finding.Code} {finding.Message}").ToList();
        Assert.AreEqual(3, found.Count, string.Join("\n", found));
        foreach (var start in new[]
        {
            "PARITY3003 Function public.touch(id integer) differs on the replica replica/app: its definition is",
            "PARITY3001 Procedure public.archive(IN days integer) is in the schema snapshot but missing on the replica replica/app",
            "PARITY3002 Function public.touch() exists on the replica replica/app but not in the schema snapshot",
        })
        {
            Assert.IsTrue(found.Any(finding => finding.StartsWith(start, StringComparison.Ordinal)), $"{start}\n{string.Join("\n", found)}");
        }

        Assert.IsTrue(result.Findings.All(finding => finding.Severity == Severity.Error));
        Assert.AreEqual(0, older.Findings.Count, string.Join("\n", older.Findings));
    }

    [TestMethod]
    public void A_body_one_side_could_not_read_is_not_compared_and_round_trips_as_null()
    {
        var unread = Touch with { Definition = null };

        var againstUnread = SchemaComparison.Compare(Snapshots.Document(With(Touch)), "s.json", With(unread), "replica/app");
        var unreadSnapshot = Snapshots.Document(With(unread));
        var missing = SchemaComparison.Compare(unreadSnapshot, "s.json", With(), "replica/app");

        Assert.AreEqual(0, againstUnread.Findings.Count, string.Join("\n", againstUnread.Findings));
        Assert.IsNull(unreadSnapshot.Snapshot.Routines!.Single().Definition);
        Assert.AreEqual("PARITY3001", missing.Findings.Single().Code);
        StringAssert.Contains(RepairScript.Generate(missing, SchemaSnapshot.Postgres, "replica/app", "PostgreSQL 15.8", Now), "-- Its body could not be read when the snapshot was captured: create it from its migration.");
    }

    [TestMethod]
    public void The_repair_replaces_an_edited_routine_in_place_creates_a_missing_one_and_leaves_dropping_to_the_reader()
    {
        var expected = Snapshots.Document(With(Touch, Archive));
        var edited = Touch with { Definition = Touch.Definition!.Replace("name = name", "name = upper(name)", StringComparison.Ordinal) };
        var result = SchemaComparison.Compare(expected, "s.json", With(edited, TouchAll), "replica/app");

        var text = RepairScript.Generate(result, SchemaSnapshot.Postgres, "replica/app", "PostgreSQL 15.8", Now)!;

        StringAssert.Contains(text, "\n-- procedure public.archive(IN days integer)\nCREATE OR REPLACE PROCEDURE public.archive(IN days integer)\n LANGUAGE sql\nAS $procedure$ DELETE FROM users WHERE false $procedure$;\n");
        StringAssert.Contains(text, "\nCREATE OR REPLACE FUNCTION public.touch(id integer)\n RETURNS void\n LANGUAGE sql\nAS $function$ UPDATE users SET name = name WHERE users.id = touch.id $function$;\n");
        Assert.IsFalse(text.Contains("DROP FUNCTION \"public\".\"touch\"(id integer)", StringComparison.Ordinal), "An edited routine is replaced, never dropped: its triggers would go with it.\n" + text);
        StringAssert.Contains(text, "\n-- function public.touch()\n-- DROP FUNCTION \"public\".\"touch\"();\n");
    }

    [TestMethod]
    public void On_MySQL_the_repair_creates_a_routine_in_the_replicas_database_drops_an_edited_one_first_and_fences_a_compound_body()
    {
        var purge = new RoutineSchema("app_staging", "purge", RoutineSchema.Procedure, "IN days int", "CREATE PROCEDURE `purge`(IN `days` int)\nBEGIN\n  DELETE FROM a;\n  DELETE FROM b;\nEND");
        var tax = new RoutineSchema("app_staging", "tax", RoutineSchema.Function, "amount decimal(10,2)", "CREATE FUNCTION `tax`(`amount` decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC\nRETURN amount * 1.2");
        var expected = Snapshots.Postgres() with { Engine = SchemaSnapshot.MySql, Schemas = ["app_staging"], Routines = [purge, tax] };
        var actual = expected with { Schemas = ["app"], Routines = [tax with { Schema = "app", Definition = tax.Definition!.Replace("1.2", "1.25", StringComparison.Ordinal) }] };

        var text = RepairScript.Generate(SchemaComparison.Compare(Snapshots.Document(expected), "s.json", actual, "replica/app"), SchemaSnapshot.MySql, "replica/app", "MariaDB 10.11", Now)!;

        StringAssert.Contains(text, "\nDELIMITER $$\nCREATE PROCEDURE `app`.`purge`(IN `days` int)\nBEGIN\n  DELETE FROM a;\n  DELETE FROM b;\nEND$$\nDELIMITER ;\n");
        StringAssert.Contains(text, "\nDROP FUNCTION `app`.`tax`;\nCREATE FUNCTION `app`.`tax`(`amount` decimal(10,2)) RETURNS decimal(10,2) DETERMINISTIC\nRETURN amount * 1.2;\n");
    }
}
