using ParityBuild.Core.Schema;

namespace ParityBuild.Core.Tests.Schema;

[TestClass]
public sealed class SchemaNormalizerTests
{
    [TestMethod]
    [DataRow("postgres", "int4", "integer")]
    [DataRow("postgres", "INTEGER", "integer")]
    [DataRow("postgres", "varchar(20)", "character varying(20)")]
    [DataRow("postgres", "numeric(10, 2)", "numeric(10,2)")]
    [DataRow("postgres", "timestamptz(3)", "timestamp(3) with time zone")]
    [DataRow("postgres", "timestamp(3) without time zone", "timestamp(3) without time zone")]
    [DataRow("postgres", "int8[]", "bigint[]")]
    [DataRow("mysql", "int(11)", "int")]
    [DataRow("mysql", "int(10) unsigned", "int unsigned")]
    [DataRow("mysql", "bigint(20)", "bigint")]
    [DataRow("mysql", "integer", "int")]
    [DataRow("mysql", "decimal(10, 2)", "decimal(10,2)")]
    [DataRow("mysql", "varchar(200)", "varchar(200)")]
    [DataRow("mysql", "ENUM('Small', 'Extra large')", "enum('Small', 'Extra large')")]
    [DataRow("postgres", "\"Mood\"", "\"Mood\"")]
    public void Type_aliases_and_display_widths_have_one_spelling(string engine, string type, string expected) =>
        Assert.AreEqual(expected, SchemaNormalizer.Type(engine, type));

    [TestMethod]
    [DataRow("postgres", "'none'::character varying", "'none'")]
    [DataRow("postgres", "'{}'::text[]", "'{}'")]
    [DataRow("postgres", "'-1'::integer", "'-1'")]
    [DataRow("postgres", "('2024-01-01 00:00:00'::timestamp without time zone)", "'2024-01-01 00:00:00'")]
    [DataRow("postgres", "nextval('users_id_seq'::regclass)", "nextval('users_id_seq')")]
    [DataRow("postgres", "'a'::text || 'b'::text", "'a' || 'b'")]
    [DataRow("postgres", "now()", "now()")]
    [DataRow("mysql", "current_timestamp()", "current_timestamp")]
    [DataRow("mysql", "CURRENT_TIMESTAMP", "current_timestamp")]
    [DataRow("mysql", "current_timestamp(6)", "current_timestamp(6)")]
    [DataRow("mysql", "'x'", "'x'")]
    public void Default_casts_and_spellings_are_removed(string engine, string expression, string expected) =>
        Assert.AreEqual(expected, SchemaNormalizer.Default(engine, expression));
}
