using System.Data;
using System.Text;
using ParityBuild.Core.Checksums;

namespace ParityBuild.DbUp.Tests;

[TestClass]
public sealed class ParityScriptTests
{
    [TestMethod]
    public void The_checksum_is_the_manifest_s_normalized_sha256_of_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"paritybuild-dbup-{Guid.NewGuid():N}.sql");
        File.WriteAllBytes(path, [.. "\uFEFFCREATE TABLE t (id int);\r\nSELECT 1;\r"u8]);
        try
        {
            // DbUp reads a script as text (its BOM gone, its CRLFs kept): the checksum must still be the file's.
            var text = File.ReadAllText(path);
            Assert.AreEqual(ScriptHasher.Hash(path, ChecksumKinds.Text).Text, ParityScript.Checksum(text));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void The_checksum_ignores_line_endings_and_sees_any_other_edit()
    {
        Assert.AreEqual(ParityScript.Checksum("SELECT 1;\nSELECT 2;\n"), ParityScript.Checksum("SELECT 1;\r\nSELECT 2;\r\n"));
        Assert.AreNotEqual(ParityScript.Checksum("SELECT 1;\n"), ParityScript.Checksum("SELECT  1;\n"));
        Assert.AreEqual(ScriptHasher.Hash(Encoding.UTF8.GetBytes("SELECT 'é';\n"), ChecksumKinds.Text).Text, ParityScript.Checksum("SELECT 'é';\n"));
    }

    [TestMethod]
    [DataRow("V1__init.sql", "1")]
    [DataRow("V1.2__add_email.sql", "1.2")]
    [DataRow("V1_2__add_email.sql", "1.2")]
    [DataRow("MyApp.Scripts.V7__index.sql", "7")]
    [DataRow("MyApp.Scripts.V2.1.3__index.sql", "2.1.3")]
    [DataRow("Scripts/V3__x.sql", "3")]
    [DataRow(@"Scripts\V4__x.sql", "4")]
    public void A_versioned_Flyway_style_name_gives_its_version(string name, string version) =>
        Assert.AreEqual(version, ParityScript.Version(name));

    [TestMethod]
    [DataRow("0001_init.sql")]
    [DataRow("Script0001 - init.sql")]
    [DataRow("MyApp.Scripts.R__views.sql")]
    [DataRow("MyApp.Scripts.U3__undo.sql")]
    [DataRow("MyApp.Scripts.afterMigrate.sql")]
    [DataRow("MyApp.V1.Scripts.init.sql")]
    public void Any_other_name_has_no_version(string name) => Assert.IsNull(ParityScript.Version(name));

    [TestMethod]
    public void A_time_DbUp_stored_without_a_zone_is_read_as_local_time()
    {
        var local = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Unspecified);

        Assert.AreEqual(DateTime.SpecifyKind(local, DateTimeKind.Local).ToUniversalTime(), JournalRow.Utc(local));
        Assert.AreEqual(DateTimeKind.Utc, JournalRow.Utc(local).Kind);
        var utc = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.AreEqual(utc, JournalRow.Utc(utc));
        Assert.AreEqual(utc, JournalRow.Utc(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2))));
    }

    [TestMethod]
    public void Both_engines_create_the_columns_the_replica_check_recognizes()
    {
        foreach (var dialect in new[] { JournalDialect.Postgres, JournalDialect.MySql })
        {
            var sql = dialect.CreateTable(null, "parity_journal");
            foreach (var column in new[] { "script_name", "sha256", "version", "applied_at", "duration_ms" })
            {
                StringAssert.Contains(sql, column + " ", $"{dialect.Name}: {sql}");
            }
        }

        StringAssert.StartsWith(JournalDialect.Postgres.CreateTable("app", "parity_journal"), "CREATE TABLE \"app\".\"parity_journal\"");
        StringAssert.StartsWith(JournalDialect.MySql.CreateTable(null, "parity_journal"), "CREATE TABLE `parity_journal`");
    }

    [TestMethod]
    public void A_connection_of_another_engine_is_refused_with_the_engines_the_journal_writes_to()
    {
        var exception = Assert.ThrowsExactly<NotSupportedException>(() => JournalDialect.Of(new OtherCommand()));

        StringAssert.Contains(exception.Message, "PostgreSQL (Npgsql) and MySQL/MariaDB (MySqlConnector)");
    }

    // A command of an engine the journal does not know: only its type is looked at.
    private sealed class OtherCommand : IDbCommand
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public string CommandText { get; set; } = "";

        public int CommandTimeout { get; set; }

        public CommandType CommandType { get; set; }

        public IDbConnection? Connection { get; set; }

        public IDataParameterCollection Parameters => throw new NotSupportedException();

        public IDbTransaction? Transaction { get; set; }

        public UpdateRowSource UpdatedRowSource { get; set; }

        public void Cancel()
        {
        }

        public IDbDataParameter CreateParameter() => throw new NotSupportedException();

        public void Dispose()
        {
        }

        public int ExecuteNonQuery() => throw new NotSupportedException();

        public IDataReader ExecuteReader() => throw new NotSupportedException();

        public IDataReader ExecuteReader(CommandBehavior behavior) => throw new NotSupportedException();

        public object? ExecuteScalar() => throw new NotSupportedException();

        public void Prepare()
        {
        }
    }
}
