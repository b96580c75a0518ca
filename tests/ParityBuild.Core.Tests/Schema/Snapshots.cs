using ParityBuild.Core.Schema;

namespace ParityBuild.Core.Tests.Schema;

/// <summary>Small snapshots built in code, for the pure parts of the schema check.</summary>
internal static class Snapshots
{
    public static TableSchema Users(string schema = "public") => new(
        schema,
        "users",
        [
            new ColumnSchema("id", "integer", false, Identity: "by default"),
            new ColumnSchema("email", "character varying(200)", false, "'none'"),
            new ColumnSchema("name", "text", true, Collation: "C"),
        ],
        [new ConstraintSchema("users_pkey", ConstraintSchema.PrimaryKey, "PRIMARY KEY (id)")],
        [new IndexSchema("users_lower_name", false, "btree", "(lower(name))", "(name IS NOT NULL)")],
        []);

    public static TableSchema Orders(string schema = "public") => new(
        schema,
        "orders",
        [new ColumnSchema("id", "bigint", false), new ColumnSchema("user_id", "integer", false)],
        [
            new ConstraintSchema("orders_pkey", ConstraintSchema.PrimaryKey, "PRIMARY KEY (id)"),
            new ConstraintSchema("orders_user_fk", ConstraintSchema.ForeignKey, "FOREIGN KEY (user_id) REFERENCES users(id)"),
        ],
        [],
        [new TriggerSchema("orders_audit", "AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION audit()")]);

    public static SchemaSnapshot Postgres(params TableSchema[] tables) => new(
        SchemaSnapshot.Postgres, "PostgreSQL 15.8", "d1", ["public"], tables,
        [new ViewSchema("public", "named_users", "SELECT id FROM users WHERE name IS NOT NULL")],
        [new SequenceSchema("public", "invoice_numbers", "AS bigint START WITH 1000")],
        [new EnumSchema("public", "mood", ["happy", "sad"])]);

    public static SnapshotDocument Document(SchemaSnapshot snapshot) =>
        SnapshotReader.Parse(System.Text.Encoding.UTF8.GetBytes(SnapshotWriter.Serialize(snapshot)));
}
