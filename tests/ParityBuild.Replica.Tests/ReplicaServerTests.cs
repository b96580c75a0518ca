using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests;

/// <summary>
/// Every finding of the replica check against a real server, each test in a database of its own. The same tests run on
/// PostgreSQL and on MariaDB (the derived classes); only how a lock is taken differs.
/// </summary>
public abstract class ReplicaServerTests
{
    protected static readonly ReplicaTimeouts Short = new(ConnectSeconds: 5, StatementSeconds: 10, LockSeconds: 2);

    private const string Init = "CREATE TABLE users (id int);\n";
    private const string Email = "ALTER TABLE users ADD email text;\n";
    private const string Orders = "CREATE TABLE orders (id int);\n";

    public TestContext TestContext { get; set; } = null!;

    protected abstract ReplicaProvider Provider { get; }

    /// <summary>Takes, from <paramref name="connection"/>, the lock that keeps every reader off the history table.</summary>
    protected abstract Task LockHistoryAsync(System.Data.Common.DbConnection connection);

    /// <summary>What the lock holder's description must name.</summary>
    protected abstract string HeldMode { get; }

    protected CancellationToken Cancellation => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_flyway_history_reports_the_hotfix_the_edit_the_failure_and_the_pending_script()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = FlywayProject();
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        await db.ExecuteAsync(
            HistoryDdl.FlywayRow(1, "1", "create users", "SQL", "V1__create_users.sql", TestProject.Flyway(Init))
            + HistoryDdl.FlywayRow(2, "2", "add email", "SQL", "V2__add_email.sql", TestProject.Flyway("ALTER TABLE users ADD mail text;\n"))
            + HistoryDdl.FlywayRow(3, "2.1", "hotfix index", "SQL", "V2_1__hotfix_index.sql", -5)
            + HistoryDdl.FlywayRow(4, "3", "orders", "SQL", "V3__orders.sql", TestProject.Flyway(Orders), success: false));

        var result = await CheckAsync(db, project, db.ConnectionString);

        CollectionAssert.AreEquivalent(new[] { "PARITY2001", "PARITY2002", "PARITY2003", "PARITY2004" }, Codes(result));
        StringAssert.Contains(Single(result, "PARITY2001").Message, "Version 2.1 (hotfix index) is applied on the replica");
        Assert.AreEqual(project.PathOf("Migrations/V2__add_email.sql"), Single(result, "PARITY2002").File);
        StringAssert.Contains(Single(result, "PARITY2002").Message, $"the repository's script has {TestProject.Flyway(Email)}");
        Assert.AreEqual(project.PathOf("Migrations/V3__orders.sql"), Single(result, "PARITY2003").File);
        StringAssert.Contains(Single(result, "PARITY2004").Message, "Migrations/V4__audit.sql");
        StringAssert.Contains(result.Summary, $"replica 127.0.0.1/{db.Name}");
        StringAssert.Contains(result.Summary, $"Flyway history {db.Schema}.flyway_schema_history: 4 rows, 1 applied, 1 pending, 1 without a script, 1 changed, 1 failed.");
    }

    [TestMethod]
    public async Task A_dbup_journal_matches_embedded_resource_names_by_file_name()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject("dbup").Script("Scripts/0001_init.sql", Init).Script("Scripts/0002_email.sql", Email);
        await db.ExecuteAsync(HistoryDdl.DbUp(db));
        await db.ExecuteAsync(HistoryDdl.DbUpRow("MyApp.Scripts.0001_init.sql") + HistoryDdl.DbUpRow("MyApp.Scripts.0003_hotfix.sql"));

        var result = await CheckAsync(db, project, db.ConnectionString);

        CollectionAssert.AreEqual(new[] { "PARITY2001", "PARITY2004" }, Codes(result));
        StringAssert.StartsWith(result.Findings[0].Message, "MyApp.Scripts.0003_hotfix.sql is applied on the replica (DbUp in");
        StringAssert.Contains(result.Findings[1].Message, "Scripts/0002_email.sql");
    }

    [TestMethod]
    public async Task An_ef_core_history_is_read_with_the_catalog_s_spelling_of_its_columns()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject()
            .EfMigration("Migrations/20240101000000_Init.cs")
            .EfMigration("Migrations/20240101000000_Init.Designer.cs")
            .EfMigration("Migrations/20240201000000_AddEmail.cs")
            .EfMigration("Migrations/AppDbContextModelSnapshot.cs");
        await db.ExecuteAsync(HistoryDdl.EfCore(db));
        await db.ExecuteAsync(HistoryDdl.EfCoreRow(db, "20240101000000_Init") + HistoryDdl.EfCoreRow(db, "20240301000000_Hotfix"));

        var result = await CheckAsync(db, project, db.ConnectionString);

        CollectionAssert.AreEqual(new[] { "PARITY2001", "PARITY2004" }, Codes(result));
        StringAssert.StartsWith(result.Findings[0].Message, "Migration 20240301000000_Hotfix is applied on the replica (EF Core in");
        StringAssert.Contains(result.Findings[1].Message, "Migrations/20240201000000_AddEmail.cs");
    }

    [TestMethod]
    public async Task A_dirty_golang_migrate_version_is_PARITY2003()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject()
            .Script("migrations/000001_init.up.sql", Init).Script("migrations/000001_init.down.sql", "DROP TABLE users;")
            .Script("migrations/000002_email.up.sql", Email).Script("migrations/000002_email.down.sql", "SELECT 1;");
        await db.ExecuteAsync(HistoryDdl.GolangMigrate(db));
        await db.ExecuteAsync("INSERT INTO schema_migrations (version, dirty) VALUES (2, TRUE)");

        var result = await CheckAsync(db, project, db.ConnectionString);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2003", finding.Code);
        Assert.AreEqual(project.PathOf("migrations/000002_email.up.sql"), finding.File);
        Assert.AreEqual(ReplicaState.Applied, result.Statuses.Single(status => status.Version == "000001").State);
    }

    [TestMethod]
    public async Task A_dbmate_table_keeps_one_row_per_version()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject().Script("db/migrations/20240101120000_init.sql", Init).Script("db/migrations/20240303120000_email.sql", Email);
        await db.ExecuteAsync(HistoryDdl.Dbmate(db));
        await db.ExecuteAsync("INSERT INTO schema_migrations (version) VALUES ('20240101120000'), ('20240202120000')");

        var result = await CheckAsync(db, project, db.ConnectionString);

        CollectionAssert.AreEqual(new[] { "PARITY2001", "PARITY2004" }, Codes(result));
        StringAssert.StartsWith(result.Findings[0].Message, "Version 20240202120000 is applied on the replica (schema_migrations in");
    }

    [TestMethod]
    public async Task A_database_without_a_history_table_is_PARITY2007()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = FlywayProject();

        var result = await CheckAsync(db, project, db.ConnectionString);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2007", finding.Code);
        StringAssert.Contains(finding.Message, "looked for flyway_schema_history");
    }

    [TestMethod]
    public async Task A_history_tool_named_in_the_settings_whose_table_is_absent_is_PARITY2007()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        using var project = FlywayProject();

        var result = await CheckAsync(db, project, db.ConnectionString, settings => settings with { History = "parity" });

        Assert.AreEqual("PARITY2007", result.Findings.Single().Code);
        StringAssert.Contains(result.Findings.Single().Message, "parity_journal");
    }

    [TestMethod]
    public async Task The_session_refuses_every_write_the_server_is_asked_for()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        var target = ReplicaConnectionParser.Parse(db.ConnectionString, Provider.ToString(), "PARITY_REPLICA");

        await using (var session = await ReplicaSession.OpenAsync(target, Short, Cancellation))
        {
            Assert.IsTrue(await session.IsReadOnlyAsync(Cancellation));
            var insert = await Assert.ThrowsExactlyAsync<ReplicaException>(() => session.QueryAsync(HistoryDdl.FlywayRow(1, "1", "x", "SQL", "V1__x.sql", 1), Cancellation));
            var create = await Assert.ThrowsExactlyAsync<ReplicaException>(() => session.QueryAsync("CREATE TABLE parity_probe (id int)", Cancellation));
            StringAssert.Contains(insert.Message.ToLowerInvariant(), "read");
            StringAssert.Contains(create.Message.ToLowerInvariant(), "read");
        }

        Assert.AreEqual(0L, Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM flyway_schema_history")));
        Assert.AreEqual(0L, Convert.ToInt64(await db.ScalarAsync($"SELECT count(*) FROM information_schema.tables WHERE table_name = 'parity_probe' AND table_schema = '{db.Schema}'")));
    }

    [TestMethod]
    public async Task A_user_with_nothing_but_select_on_the_history_table_can_run_the_check()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = FlywayProject();
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        await db.ExecuteAsync(
            HistoryDdl.FlywayRow(1, "1", "create users", "SQL", "V1__create_users.sql", TestProject.Flyway(Init))
            + HistoryDdl.FlywayRow(2, "2", "add email", "SQL", "V2__add_email.sql", TestProject.Flyway(Email))
            + HistoryDdl.FlywayRow(3, "3", "orders", "SQL", "V3__orders.sql", TestProject.Flyway(Orders))
            + HistoryDdl.FlywayRow(4, "4", "audit", "SQL", "V4__audit.sql", TestProject.Flyway("SELECT 4;\n")));
        var reader = await db.CreateReaderAsync("reader_" + db.Name[7..], "Reader-" + Guid.NewGuid().ToString("N")[..8], "flyway_schema_history");

        var result = await CheckAsync(db, project, reader);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        StringAssert.Contains(result.Summary, "4 rows, 4 applied, 0 pending");
    }

    [TestMethod]
    public async Task A_held_exclusive_lock_is_PARITY2005_naming_the_holder_without_waiting()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = FlywayProject();
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        await using var holder = await db.OpenAsync();
        await LockHistoryAsync(holder);

        var clock = Stopwatch.StartNew();
        var result = await CheckAsync(db, project, db.ConnectionString);
        clock.Stop();

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2005", finding.Code, finding.Message);
        StringAssert.Contains(finding.Message, "is locked by another session");
        StringAssert.Contains(finding.Message, HeldMode);
        StringAssert.Contains(finding.Message, "holds");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(Short.LockSeconds + 3), $"The check took {clock.Elapsed}.");
    }

    [TestMethod]
    public async Task A_closed_port_is_PARITY2006_within_the_connect_timeout_with_the_chosen_severity()
    {
        using var project = FlywayProject();
        var port = FreePort();
        var connection = Provider == ReplicaProvider.Postgres
            ? $"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d"
            : $"Server=127.0.0.1;Port={port};User ID=u;Password=p;Database=d";

        var clock = Stopwatch.StartNew();
        var result = await RunAsync(project, new ReplicaSettings(connection) { Provider = Provider.ToString(), Timeouts = Short, FailureSeverity = Severity.Warning });
        clock.Stop();

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2006", finding.Code);
        Assert.AreEqual(Severity.Warning, finding.Severity);
        StringAssert.Contains(finding.Message, "127.0.0.1/d");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(Short.ConnectSeconds + 2), $"The check took {clock.Elapsed}.");
    }

    [TestMethod]
    public async Task A_wrong_password_is_PARITY2006_and_the_password_appears_nowhere()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = FlywayProject();
        var password = "Wrong-" + Guid.NewGuid().ToString("N");
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = db.ConnectionString };
        builder["Password"] = password;

        var result = await CheckAsync(db, project, builder.ConnectionString);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2006", finding.Code);
        StringAssert.Contains(finding.Message, "refused the login");
        Assert.IsFalse(finding.Message.Contains(password, StringComparison.Ordinal) || result.Summary.Contains(password, StringComparison.Ordinal), finding.Message);
    }

    [TestMethod]
    public async Task A_wrong_password_equal_to_the_user_name_is_neither_shown_nor_masked_in_place()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = FlywayProject();
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        var user = "same" + Guid.NewGuid().ToString("N")[..10];
        var right = await db.CreateReaderAsync(user, "Right-" + Guid.NewGuid().ToString("N"), "flyway_schema_history");
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = right };
        builder["Password"] = user;

        var result = await CheckAsync(db, project, builder.ConnectionString);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2006", finding.Code);
        StringAssert.Contains(finding.Message, "refused the login");
        foreach (var text in new[] { finding.Message, result.Summary })
        {
            Assert.IsFalse(text.Contains(user, StringComparison.Ordinal) || text.Contains("***", StringComparison.Ordinal), text);
        }
    }

    [TestMethod]
    public async Task A_frozen_backend_is_PARITY2006_with_the_real_elapsed_time_and_within_the_connect_timeout()
    {
        using var project = FlywayProject();
        using var frozen = new TcpListener(IPAddress.Loopback, 0);
        frozen.Start();
        var port = ((IPEndPoint)frozen.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            // Accepts and never answers, as a backend stopped by SIGSTOP does.
            while (true)
            {
                accepted.Add(await frozen.AcceptSocketAsync(Cancellation));
            }
        });
        var connection = Provider == ReplicaProvider.Postgres
            ? $"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d"
            : $"Server=127.0.0.1;Port={port};User ID=u;Password=p;Database=d";
        var timeouts = new ReplicaTimeouts(ConnectSeconds: 3, StatementSeconds: 10, LockSeconds: 2);

        var clock = Stopwatch.StartNew();
        var result = await RunAsync(project, new ReplicaSettings(connection) { Provider = Provider.ToString(), Timeouts = timeouts });
        clock.Stop();
        frozen.Stop();
        accepted.ForEach(socket => socket.Dispose());

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2006", finding.Code, finding.Message);
        var said = System.Text.RegularExpressions.Regex.Match(finding.Message, @"did not answer within ([0-9.]+) s \(the connect timeout is 3 s\)");
        Assert.IsTrue(said.Success, finding.Message);
        var seconds = double.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(Math.Abs(seconds - clock.Elapsed.TotalSeconds) < 1, $"said {seconds} s, took {clock.Elapsed}");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(timeouts.ConnectSeconds + 2), $"The check took {clock.Elapsed}.");
    }

    [TestMethod]
    public async Task A_url_with_special_characters_in_the_password_connects()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        using var project = FlywayProject();
        await db.ExecuteAsync(HistoryDdl.Flyway(db));
        const string password = "p@ss:w/rd?#%x y";
        await db.CreateReaderAsync("url_" + db.Name[7..], password, "flyway_schema_history");
        var scheme = Provider == ReplicaProvider.Postgres ? "postgres" : "mysql";
        var url = $"{scheme}://url_{db.Name[7..]}:p%40ss%3Aw%2Frd%3F%23%25x%20y@{db.Host}:{db.Port}/{db.Name}";

        var result = await RunAsync(project, new ReplicaSettings(url) { Timeouts = Short });

        Assert.AreEqual("PARITY2004", result.Findings.Single().Code, string.Join("\n", result.Findings));
        StringAssert.Contains(result.Summary, "0 rows");
    }

    private static TestProject FlywayProject() => new TestProject()
        .Script("Migrations/V1__create_users.sql", Init)
        .Script("Migrations/V2__add_email.sql", Email)
        .Script("Migrations/V3__orders.sql", Orders)
        .Script("Migrations/V4__audit.sql", "SELECT 4;\n");

    private Task<ReplicaCheckResult> CheckAsync(TestDatabase db, TestProject project, string connectionString, Func<ReplicaSettings, ReplicaSettings>? configure = null)
    {
        var settings = new ReplicaSettings(connectionString) { Provider = Provider.ToString(), Timeouts = Short };
        return RunAsync(project, configure?.Invoke(settings) ?? settings);
    }

    private async Task<ReplicaCheckResult> RunAsync(TestProject project, ReplicaSettings settings) =>
        await ReplicaCheck.RunAsync(project.Scripts, null, project.EfMigrations, settings, Cancellation);

    private static string[] Codes(ReplicaCheckResult result) => [.. result.Findings.Select(finding => finding.Code)];

    private static Finding Single(ReplicaCheckResult result, string code) => result.Findings.Single(finding => finding.Code == code);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[TestClass]
public sealed class PostgresReplicaTests : ReplicaServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.Postgres;

    protected override string HeldMode => "AccessExclusiveLock";

    [TestMethod]
    public async Task A_connection_string_that_requires_TLS_gets_an_encrypted_read_only_session()
    {
        // Production replicas require TLS. The test server has a self-signed certificate (build/databases.sh), which
        // SSL Mode=Require encrypts with without verifying it.
        await using var db = await TestDatabase.CreateAsync(Provider);
        var target = ReplicaConnectionParser.Parse(db.ConnectionString + ";SSL Mode=Require", Provider.ToString(), "PARITY_REPLICA");

        await using var session = await ReplicaSession.OpenAsync(target, Short, Cancellation);

        Assert.IsTrue(await session.IsReadOnlyAsync(Cancellation));
        var encrypted = await session.QueryAsync("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Cancellation);
        Assert.AreEqual(true, encrypted.Single()[0]);
    }

    [TestMethod]
    public async Task A_backend_that_freezes_after_the_login_is_reported_with_the_time_really_waited_and_within_the_bound()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        var target = ReplicaConnectionParser.Parse(db.ConnectionString, Provider.ToString(), "PARITY_REPLICA");
        var timeouts = new ReplicaTimeouts(ConnectSeconds: 3, StatementSeconds: 1, LockSeconds: 1);
        await using var session = await ReplicaSession.OpenAsync(target, timeouts, Cancellation);
        var pid = Convert.ToInt32((await session.QueryAsync("SELECT pg_backend_pid()", Cancellation))[0][0], System.Globalization.CultureInfo.InvariantCulture);

        // The session's own backend stops, as a frozen server does: it can no longer enforce its statement_timeout.
        Signal("STOP", pid);
        try
        {
            var clock = Stopwatch.StartNew();
            var exception = await Assert.ThrowsExactlyAsync<ReplicaException>(() => session.QueryAsync("SELECT 1", Cancellation));
            clock.Stop();

            var said = System.Text.RegularExpressions.Regex.Match(exception.Message, @"did not answer a query within ([0-9.]+) s \(the statement timeout is 1 s");
            Assert.IsTrue(said.Success, exception.Message);
            var seconds = double.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(Math.Abs(seconds - clock.Elapsed.TotalSeconds) < 1, $"said {seconds} s, took {clock.Elapsed}");
            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(timeouts.StatementSeconds + timeouts.LockSeconds + 9), $"took {clock.Elapsed}");
        }
        finally
        {
            Signal("CONT", pid);
        }
    }

    [TestMethod]
    public async Task A_lock_on_a_catalog_table_during_schema_capture_names_that_table_not_the_history_table()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var holder = await db.OpenAsync();
        await using (var command = TestDatabase.Command(holder, "BEGIN; LOCK TABLE pg_catalog.pg_enum IN ACCESS EXCLUSIVE MODE;"))
        {
            await command.ExecuteNonQueryAsync(Cancellation);
        }

        var result = await ReplicaCheck.CaptureSchemaAsync(new ReplicaSettings(db.ConnectionString) { Provider = Provider.ToString(), Timeouts = Short }, [], null, Cancellation);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2005", finding.Code, finding.Message);
        StringAssert.Contains(finding.Message, "a lock on pg_catalog.pg_enum (AccessExclusiveLock held by process");
        Assert.IsFalse(finding.Message.Contains("history table", StringComparison.OrdinalIgnoreCase), finding.Message);
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid}");
        kill.WaitForExit();
    }

    protected override async Task LockHistoryAsync(System.Data.Common.DbConnection connection)
    {
        await using var command = TestDatabase.Command(connection, "BEGIN; LOCK TABLE public.flyway_schema_history IN ACCESS EXCLUSIVE MODE;");
        await command.ExecuteNonQueryAsync();
    }
}

[TestClass]
public sealed class MariaDbReplicaTests : ReplicaServerTests
{
    protected override ReplicaProvider Provider => ReplicaProvider.MySql;

    protected override string HeldMode => "SHARED_NO_READ_WRITE";

    protected override async Task LockHistoryAsync(System.Data.Common.DbConnection connection)
    {
        await using var command = TestDatabase.Command(connection, "LOCK TABLES flyway_schema_history WRITE");
        await command.ExecuteNonQueryAsync();
    }
}
