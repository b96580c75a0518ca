using System.Net;
using System.Net.Sockets;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Tool.Tests;

/// <summary>
/// <c>parity replica</c>, <c>parity schema-capture</c> and <c>parity dry-run</c> against databases of their own on the real
/// PostgreSQL and MariaDB servers. Each test names its own connection variable: the tests run in parallel in one process.
/// </summary>
[TestClass]
public sealed class ReplicaCommandTests
{
    private const string Users = "CREATE TABLE users (id int);\n";
    private const string Email = "ALTER TABLE users ADD COLUMN email text;\n";

    // The password fragments the build's own secret test searches for, and the forms drivers and masking make of them.
    private static readonly string[] Fragments = ["S3cr3tPart1", "Part2Tail", "part2tail", "Couldn't set", "Invalid value", "***"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(ReplicaProvider.Postgres)]
    [DataRow(ReplicaProvider.MySql)]
    public async Task A_replica_that_applied_exactly_the_scripts_exits_0(ReplicaProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        using var folder = Baselined();
        await db.ExecuteAsync(HistoryDdl.Flyway(db) + Rows(Users, Email));

        var run = Replica(folder, db, "--history", "flyway");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "2 rows, 2 applied, 0 pending");
    }

    [TestMethod]
    public async Task An_applied_script_edited_since_exits_1_with_PARITY2002_at_the_script()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var folder = Baselined();
        // The replica applied another text of V2 than the one the repository (and its manifest) holds.
        await db.ExecuteAsync(HistoryDdl.Flyway(db) + Rows(Users, "ALTER TABLE users ADD COLUMN email varchar(200);\n"));
        var edited = folder.File("Migrations/V2__add_email.sql");

        var run = Replica(folder, db);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.IsTrue(run.WithCode("PARITY2002").Single().StartsWith(edited + ": error PARITY2002: ", StringComparison.Ordinal), run.Output);
    }

    [TestMethod]
    public async Task A_hotfix_row_without_a_script_on_MariaDB_exits_1_with_PARITY2001()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.MySql);
        using var folder = Baselined();
        await db.ExecuteAsync(HistoryDdl.Flyway(db) + Rows(Users, Email) + HistoryDdl.FlywayRow(3, "3", "hotfix", "SQL", "V3__hotfix.sql", 42));

        var run = Replica(folder, db);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.WithCode("PARITY2001").Single(), "parity: error PARITY2001: ");
    }

    [TestMethod]
    public async Task Status_prints_each_migrations_state_on_the_replica_and_a_pending_one_does_not_fail()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var folder = Baselined();
        await db.ExecuteAsync(HistoryDdl.Flyway(db) + Rows(Users));

        var run = Replica(folder, db, "--status");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "ParityStatus: ");
        Assert.IsTrue(run.Lines.Any(line => line.StartsWith("2 ", StringComparison.Ordinal) && line.EndsWith("pending", StringComparison.Ordinal)), run.Output);
        Assert.IsEmpty(run.WithCode("PARITY2004"), "In a status table pending is a state, not a finding.");
    }

    [TestMethod]
    public void An_unreachable_replica_exits_1_with_PARITY2006_and_no_fragment_of_the_password_on_stdout_or_stderr()
    {
        using var folder = Baselined();
        var variable = Variable();

        var run = folder.Exec(
            new Dictionary<string, string?> { [variable] = $"Host=127.0.0.1;Port={FreePort()};Username=reader;Password=S3cr3tPart1Part2Tail;Database=app;Timeout=2" },
            "replica", "--connection-variable", variable, "--provider", "postgres");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        Assert.HasCount(1, run.WithCode("PARITY2006"), run.Output);
        AssertNoFragment(run);
    }

    [TestMethod]
    public void A_connection_string_that_cannot_be_parsed_exits_2_with_PARITY2008_and_no_fragment_of_the_password()
    {
        using var folder = Baselined();
        var variable = Variable();

        // An unquoted ';' in the password: the driver would quote what follows it.
        var run = folder.Exec(
            new Dictionary<string, string?> { [variable] = "Host=127.0.0.1;Port=1;Username=reader;Password=S3cr3tPart1;Part2Tail;Database=app" },
            "replica", "--connection-variable", variable);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        Assert.HasCount(1, run.WithCode("PARITY2008"), run.Output);
        AssertNoFragment(run);
    }

    [TestMethod]
    [DataRow("replica")]
    [DataRow("schema-capture")]
    [DataRow("dry-run")]
    public void A_connection_string_given_as_the_variable_name_exits_2_and_is_never_echoed(string command)
    {
        using var folder = Baselined();

        var run = folder.Exec(new Dictionary<string, string?>(), command, "--connection-variable", "Host=db;Username=reader;Password=S3cr3tPart1Part2Tail");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "must name an environment variable");
        AssertNoFragment(run);
    }

    [TestMethod]
    public void A_wrong_setting_value_exits_2_before_connecting()
    {
        using var folder = Baselined();

        var run = folder.Run("replica", "--connection-variable", Variable(), "--pending", "sometimes");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.WithCode("PARITY2008").Single(), "ParityPending is 'sometimes'");
    }

    [TestMethod]
    public async Task Schema_capture_writes_the_snapshot_the_replica_check_then_compares_with()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var folder = Baselined();
        await db.ExecuteAsync(Users + Email + HistoryDdl.Flyway(db) + Rows(Users, Email));
        var variable = Variable();
        Environment.SetEnvironmentVariable(variable, db.ConnectionString);
        try
        {
            var capture = folder.Run("schema-capture", "--connection-variable", variable, "--provider", "postgres");

            Assert.AreEqual(0, capture.ExitCode, capture.Output);
            StringAssert.Contains(folder.Read("migrations.schema.json"), "\"users\"");
            StringAssert.Contains(capture.Output, "commit it");

            await db.ExecuteAsync("ALTER TABLE users ADD COLUMN hotfix int;");
            var check = folder.Run("replica", "--connection-variable", variable, "--provider", "postgres");

            Assert.AreEqual(1, check.ExitCode, check.Output);
            Assert.IsTrue(folder.Exists("obj/parity/schema-repair.sql"), check.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TestMethod]
    public async Task Dry_run_runs_the_pending_scripts_and_rolls_them_back()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var folder = Baselined();
        var variable = Variable();
        Environment.SetEnvironmentVariable(variable, db.ConnectionString);
        try
        {
            var run = folder.Run("dry-run", "--connection-variable", variable, "--provider", "postgres");

            Assert.AreEqual(0, run.ExitCode, run.Output);
            StringAssert.Contains(run.Output, "2 pending");
            Assert.AreEqual(0L, Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'"), System.Globalization.CultureInfo.InvariantCulture));

            folder.Write("Migrations/V3__broken.sql", "ALTER TABLE no_such_table ADD COLUMN x int;\n");
            var failed = folder.Run("dry-run", "--connection-variable", variable, "--provider", "postgres");

            Assert.AreEqual(1, failed.ExitCode, failed.Output);
            Assert.HasCount(1, failed.WithCode("PARITY5001"), failed.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TestMethod]
    public async Task The_EF_Core_migrations_the_package_lists_are_the_ones_the_replica_check_reads()
    {
        // ParityEfMigration items outside Migrations/, as a project lists them: the targets pass them in a file.
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var folder = Baselined();
        folder.Write("Data/Schema/20240101000000_Init.cs", "// migration\n");
        folder.Write("obj/parity/replica-ef.items", "Data/Schema/20240101000000_Init.cs\t\t\t\n");
        await db.ExecuteAsync(HistoryDdl.EfCore(db) + HistoryDdl.EfCoreRow(db, "20240101000000_Init"));

        var listed = Replica(folder, db, "--history", "efcore", "--ef-migration-items", "obj/parity/replica-ef.items");
        var none = Replica(folder, db, "--history", "efcore", "--ef-migration-items", "obj/parity/no-such.items");

        Assert.AreEqual(0, listed.ExitCode, listed.Output);
        Assert.AreEqual(1, none.ExitCode, none.Output);
        StringAssert.Contains(none.WithCode("PARITY2001").Single(), "20240101000000_Init");
    }

    [TestMethod]
    public async Task The_database_commands_write_the_SARIF_and_JSON_reports_report_asks_for()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var folder = Baselined();
        await db.ExecuteAsync(HistoryDdl.Flyway(db) + Rows(Users, Email) + HistoryDdl.FlywayRow(3, "3", "hotfix", "SQL", "V3__hotfix.sql", 42));
        var variable = Variable();
        Environment.SetEnvironmentVariable(variable, db.ConnectionString);
        try
        {
            string[] database = ["--connection-variable", variable, "--provider", "postgres"];
            var replica = folder.Run("replica", [.. database, "--report", "sarif", "replica.sarif", "--report", "json", "replica.json"]);
            var capture = folder.Run("schema-capture", [.. database, "--report", "json", "capture.json"]);
            var dryRun = folder.Run("dry-run", [.. database, "--report", "sarif", "dry-run.sarif"]);
            var wrong = folder.Run("replica", [.. database, "--report", "html", "replica.html"]);

            Assert.AreEqual(1, replica.ExitCode, replica.Output);
            StringAssert.Contains(folder.Read("replica.sarif"), "\"PARITY2001\"");
            StringAssert.Contains(folder.Read("replica.json"), "\"name\": \"replica\"");
            StringAssert.Contains(folder.Read("replica.json"), "Replica checksum", "the status table, made only for a report");
            Assert.AreEqual(0, capture.ExitCode, capture.Output);
            StringAssert.Contains(folder.Read("capture.json"), "\"name\": \"schema-capture\"");
            Assert.IsTrue(folder.Exists("dry-run.sarif"), dryRun.Output);
            Assert.AreEqual(2, wrong.ExitCode, wrong.Output);
            Assert.IsFalse(folder.Exists("replica.html"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TestMethod]
    [DataRow("replica")]
    [DataRow("schema-capture")]
    [DataRow("dry-run")]
    public void Help_shows_the_connection_variable_option_and_examples(string command)
    {
        using var folder = new ScratchFolder();

        var run = folder.Run(command, "--help");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "--connection-variable");
        StringAssert.Contains(run.Output, "Examples:");
    }

    /// <summary>V1 and V2 in Migrations/, baselined by <c>parity verify</c>.</summary>
    private static ScratchFolder Baselined()
    {
        var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create_users.sql", Users);
        folder.Write("Migrations/V2__add_email.sql", Email);
        var verify = folder.Run("verify", "--locked", "false");
        Assert.AreEqual(0, verify.ExitCode, verify.Output);
        return folder;
    }

    private static string Rows(params string[] scripts) => string.Concat(scripts.Select((script, index) =>
        HistoryDdl.FlywayRow(index + 1, $"{index + 1}", index == 0 ? "create users" : "add email", "SQL", index == 0 ? "V1__create_users.sql" : "V2__add_email.sql", TestProject.Flyway(script))));

    // In this process the command reads the connection string from the process's environment.
    private static ToolRun Replica(ScratchFolder folder, TestDatabase db, params string[] args)
    {
        var variable = Variable();
        Environment.SetEnvironmentVariable(variable, db.ConnectionString);
        try
        {
            return folder.Run("replica", ["--connection-variable", variable, "--provider", Provider(db), .. args]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    // The test servers' connection strings name no port, so the provider is given as a user would.
    private static string Provider(TestDatabase db) => db.IsPostgres ? "postgres" : "mysql";

    private static string Variable() => "PARITY_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static void AssertNoFragment(ToolRun run)
    {
        foreach (var fragment in Fragments)
        {
            Assert.IsFalse(run.Output.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' in: {run.Output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
