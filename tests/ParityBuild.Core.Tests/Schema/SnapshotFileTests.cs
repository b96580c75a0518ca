using System.Text;
using ParityBuild.Core.Schema;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Schema;

[TestClass]
public sealed class SnapshotFileTests
{
    [TestMethod]
    public void The_snapshot_is_sorted_with_one_object_per_line_and_optional_attributes_left_out()
    {
        var snapshot = Snapshots.Postgres(Snapshots.Users()) with { Enums = [], Sequences = [], Views = [] };

        var expected =
            "{\n" +
            "  \"formatVersion\": 1,\n" +
            "  \"engine\": \"postgres\",\n" +
            "  \"serverVersion\": \"PostgreSQL 15.8\",\n" +
            "  \"migrationsDigest\": \"d1\",\n" +
            "  \"schemas\": [\"public\"],\n" +
            "  \"enums\": [],\n" +
            "  \"sequences\": [],\n" +
            "  \"tables\": [\n" +
            "    {\n" +
            "      \"schema\": \"public\",\n" +
            "      \"name\": \"users\",\n" +
            "      \"columns\": [\n" +
            "        { \"name\": \"id\", \"type\": \"integer\", \"nullable\": false, \"identity\": \"by default\" },\n" +
            "        { \"name\": \"email\", \"type\": \"character varying(200)\", \"nullable\": false, \"default\": \"'none'\" },\n" +
            "        { \"name\": \"name\", \"type\": \"text\", \"nullable\": true, \"collation\": \"C\" }\n" +
            "      ],\n" +
            "      \"constraints\": [\n" +
            "        { \"name\": \"users_pkey\", \"kind\": \"primary key\", \"definition\": \"PRIMARY KEY (id)\" }\n" +
            "      ],\n" +
            "      \"indexes\": [\n" +
            "        { \"name\": \"users_lower_name\", \"unique\": false, \"method\": \"btree\", \"columns\": \"(lower(name))\", \"where\": \"(name IS NOT NULL)\" }\n" +
            "      ],\n" +
            "      \"triggers\": []\n" +
            "    }\n" +
            "  ],\n" +
            "  \"views\": []\n" +
            "}\n";

        Assert.AreEqual(expected, SnapshotWriter.Serialize(snapshot));
    }

    [TestMethod]
    public void Tables_are_written_in_name_order_whatever_order_the_catalog_gave()
    {
        var text = SnapshotWriter.Serialize(Snapshots.Postgres(Snapshots.Users(), Snapshots.Orders()));

        Assert.IsTrue(text.IndexOf("\"name\": \"orders\"", StringComparison.Ordinal) < text.IndexOf("\"name\": \"users\"", StringComparison.Ordinal));
    }

    [TestMethod]
    public void A_written_snapshot_reads_back_equal_and_a_second_write_leaves_the_file_alone()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("migrations.schema.json");
        var snapshot = Snapshots.Postgres(Snapshots.Orders(), Snapshots.Users()).Sorted();

        Assert.IsTrue(SnapshotWriter.Write(path, snapshot));
        Assert.IsFalse(SnapshotWriter.Write(path, snapshot));
        var read = SnapshotReader.Read(path).Snapshot;

        Assert.AreEqual(SnapshotWriter.Serialize(snapshot), SnapshotWriter.Serialize(read));
        CollectionAssert.AreEqual(snapshot.Tables[1].Columns.ToList(), read.Tables[1].Columns.ToList());
    }

    [TestMethod]
    public void The_reader_knows_the_line_of_every_object()
    {
        var document = Snapshots.Document(Snapshots.Postgres(Snapshots.Users()));
        var lines = SnapshotWriter.Serialize(document.Snapshot).Split('\n');
        var email = SchemaItem.KeyOf(SchemaObjectKind.Column, "public", "users", "email");

        StringAssert.Contains(lines[document.Lines[email] - 1], "\"name\": \"email\"");
    }

    [TestMethod]
    [DataRow("\"nullable\": false, \"default\"", "\"nullabel\": false, \"default\"", "'nullabel' is not a property")]
    [DataRow("\"formatVersion\": 1", "\"formatVersion\": 2", "its formatVersion is 2")]
    [DataRow("\"type\": \"text\"", "\"type\": 5", "'type' must be a string, not a number")]
    [DataRow("\"name\": \"name\", \"type\"", "\"name\": \"email\", \"type\"", "the column public.users.email appears twice")]
    public void An_invalid_snapshot_is_refused_at_its_line(string from, string to, string message)
    {
        var text = SnapshotWriter.Serialize(Snapshots.Postgres(Snapshots.Users()));
        var broken = text.Replace(from, to, StringComparison.Ordinal);
        Assert.AreNotEqual(text, broken);

        var error = Assert.ThrowsExactly<SnapshotException>(() => SnapshotReader.Parse(Encoding.UTF8.GetBytes(broken)));

        StringAssert.Contains(error.Message, message);
        var line = text[..text.IndexOf(from, StringComparison.Ordinal)].Count(character => character == '\n') + 1;
        Assert.AreEqual(line, error.Line);
    }

    [TestMethod]
    public void Merge_conflict_markers_and_truncation_are_refused()
    {
        var text = SnapshotWriter.Serialize(Snapshots.Postgres(Snapshots.Users()));
        var conflicted = text.Replace("      \"triggers\": []\n", "<<<<<<< ours\n      \"triggers\": []\n=======\n>>>>>>> theirs\n", StringComparison.Ordinal);

        var conflict = Assert.ThrowsExactly<SnapshotException>(() => SnapshotReader.Parse(Encoding.UTF8.GetBytes(conflicted)));
        var truncated = Assert.ThrowsExactly<SnapshotException>(() => SnapshotReader.Parse(Encoding.UTF8.GetBytes(text[..200])));

        StringAssert.Contains(conflict.Message, "merge-conflict markers");
        Assert.AreEqual(conflicted.Split('\n').ToList().IndexOf("<<<<<<< ours") + 1, conflict.Line);
        StringAssert.Contains(truncated.Message, "not valid JSON");
    }
}
