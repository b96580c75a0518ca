using Npgsql;
using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Tool.Tests;

/// <summary>
/// <c>parity fleet</c> on a small fleet of its own on the real PostgreSQL server: a template migrated by Flyway's history
/// (V1, V2), four tenant databases copied from it with unique names, and a hotfix row made by hand in one of them. The
/// databases are dropped at the end. Each test names its own connection variable: the tests run in parallel.
/// </summary>
[TestClass]
public sealed class FleetCommandTests
{
    private const string Users = "CREATE TABLE users (id int);\n";
    private const string Email = "ALTER TABLE users ADD COLUMN email text;\n";
    private const int Drifted = 2;

    private static TestDatabase _template = null!;
    private static readonly List<string> Tenants = [];

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task CreateFleetAsync(TestContext _)
    {
        _template = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        await _template.ExecuteAsync(HistoryDdl.Flyway(_template)
            + HistoryDdl.FlywayRow(1, "1", "create users", "SQL", "V1__create_users.sql", TestProject.Flyway(Users))
            + HistoryDdl.FlywayRow(2, "2", "add email", "SQL", "V2__add_email.sql", TestProject.Flyway(Email)));
        for (var i = 0; i < 4; i++)
        {
            var name = $"{_template.Name}_t{i}";
            await ServerAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{_template.Name}\"");
            Tenants.Add(name);
        }

        await using var connection = new NpgsqlConnection(Tenant(Tenants[Drifted]));
        await connection.OpenAsync();
        await using var command = TestDatabase.Command(connection, HistoryDdl.FlywayRow(3, "3", "hotfix", "SQL", "V3__hotfix.sql", 42));
        await command.ExecuteNonQueryAsync();
    }

    [ClassCleanup]
    public static async Task DropFleetAsync()
    {
        foreach (var name in Tenants)
        {
            await ServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }

        if (_template is not null)
        {
            await _template.DisposeAsync();
        }
    }

    [TestMethod]
    public void A_fleet_with_one_drifted_tenant_exits_1_and_the_finding_names_that_tenant()
    {
        using var folder = Baselined();
        folder.Write("tenants.txt", "# the fleet\n" + string.Join("\n", Tenants) + "\n");

        var run = Fleet(folder, "--tenants-file", "tenants.txt");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        var hotfix = run.WithCode("PARITY2001").Single();
        StringAssert.Contains(hotfix, $"1 tenant ({Tenants[Drifted]})");
        Assert.IsFalse(Tenants.Where((_, i) => i != Drifted).Any(tenant => run.Output.Contains(tenant, StringComparison.Ordinal)), run.Output);
        Assert.IsTrue(run.Lines.Any(line => line.StartsWith("ParityBuild fleet: 4 tenants: 3 clean", StringComparison.Ordinal)), run.Output);
    }

    [TestMethod]
    public void A_fleet_whose_tenants_applied_exactly_the_scripts_exits_0_with_the_summary()
    {
        using var folder = Baselined();

        var run = Fleet(folder, "--tenant", Tenants[0], "--tenant", Tenants[1], "--tenant", Tenants[3]);

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.IsTrue(run.Lines.Contains("ParityBuild fleet: 3 tenants: 3 clean, 0 pending, 0 drifted, 0 unreachable."), run.Output);
    }

    [TestMethod]
    public void A_tenant_s_settings_after_its_name_override_the_fleet_s_for_that_tenant_only()
    {
        using var folder = Baselined();

        // The fleet reads Flyway's history; this one tenant is said to keep DbUp's, which it has not.
        var run = Fleet(folder, "--tenant", $"{Tenants[0]};History=dbup", "--tenant", Tenants[1]);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.WithCode("PARITY2007").Single(), $"1 tenant ({Tenants[0]})");
        Assert.IsTrue(run.Lines.Contains("ParityBuild fleet: 2 tenants: 1 clean, 0 pending, 0 drifted, 0 unreachable, 1 not checked."), run.Output);
    }

    [TestMethod]
    public void A_tenant_setting_that_is_no_ParityTenant_metadata_exits_2_naming_the_keys()
    {
        using var folder = Baselined();

        var run = Fleet(folder, "--tenant", Tenants[0], "--tenant", $"{Tenants[1]};Colour=red");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        var error = run.WithCode("PARITY6001").Single();
        StringAssert.Contains(error, $"--tenant '{Tenants[1]};Colour=red'");
        StringAssert.Contains(error, "Provider, History, HistoryTable, HistorySchema, Set");
        Assert.IsFalse(run.Output.Contains("tenants:", StringComparison.Ordinal), "nothing was checked: " + run.Output);
    }

    [TestMethod]
    public void The_progress_line_counts_the_tenants_checked()
    {
        using var terminal = new StringWriter();
        var (done, total) = (0, 0);
        using var line = ProgressLine.On(terminal, () => Commands.FleetCommand.Progress(done, total, 500));

        line.Write();
        (done, total) = (412, 1000);
        line.Write();

        StringAssert.StartsWith(terminal.ToString(), "\rparity fleet: listing the tenants, 500 scripts (");
        StringAssert.Contains(terminal.ToString(), "\rparity fleet: 412/1000 tenants checked against 500 scripts (");
    }

    [TestMethod]
    public void A_connection_string_given_where_the_variables_name_goes_exits_2_without_echoing_it()
    {
        using var folder = Baselined();
        const string secret = "Host=db;Database={tenant};Username=reader;Password=S3cr3tPart1";

        var run = folder.Run("fleet", "--connection-variable", secret, "--tenant", Tenants[0]);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        Assert.AreEqual(1, run.WithCode("PARITY6001").Length, run.Output);
        Assert.IsFalse(run.Output.Contains("S3cr3tPart1", StringComparison.Ordinal) || run.Output.Contains("reader", StringComparison.Ordinal), run.Output);
    }

    [TestMethod]
    public void Two_shards_merged_report_what_the_unsharded_run_does()
    {
        using var folder = Baselined();
        folder.Write("tenants.txt", string.Join("\n", Tenants));
        var whole = Fleet(folder, "--tenants-file", "tenants.txt");
        foreach (var k in new[] { 1, 2 })
        {
            var shard = Fleet(folder, "--tenants-file", "tenants.txt", "--shard", $"{k}/2", "--report", "json", $"shard-{k}.json");
            Assert.AreNotEqual(2, shard.ExitCode, shard.Output);
            Assert.IsTrue(folder.Exists($"shard-{k}.json"), shard.Output);
        }

        var merged = folder.Run("fleet", "--merge", "shard-*.json", "--report", "json", "fleet.json", "--report", "sarif", "fleet.sarif");

        Assert.AreEqual(whole.ExitCode, merged.ExitCode, merged.Output);
        CollectionAssert.AreEqual(Verdict(whole), Verdict(merged), merged.Output);
        StringAssert.Contains(folder.Read("fleet.json"), "\"summary\"");
        StringAssert.Contains(folder.Read("fleet.sarif"), "\"2.1.0\"");
    }

    [TestMethod]
    public void Fleet_takes_report_as_every_command_does_and_its_old_spellings_are_usage_errors()
    {
        using var folder = new ScratchFolder();

        foreach (var args in new[] { ["--report", "fleet.json"], ["--sarif", "fleet.sarif"], new[] { "--report", "html", "fleet.html" } })
        {
            var run = folder.Run("fleet", ["--tenant", "acme", .. args]);

            Assert.AreEqual(2, run.ExitCode, run.Output);
            StringAssert.Contains(run.Output, "error PARITY1019: ", run.Output);
            Assert.IsFalse(folder.Exists(args[^1]), run.Output);
        }
    }

    [TestMethod]
    public void A_wrong_shard_exits_2_before_any_tenant_is_checked()
    {
        using var folder = Baselined();

        var run = Fleet(folder, "--tenant", Tenants[0], "--shard", "3/2");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.WithCode("PARITY6001").Single(), "ParityFleetShard is '3/2'");
    }

    [TestMethod]
    public void Help_lists_the_options_and_examples()
    {
        using var folder = new ScratchFolder();

        var run = folder.Run("fleet", "--help");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        foreach (var text in new[] { "--tenants-file", "--shard", "--merge", "--connection-variable", "Examples:" })
        {
            StringAssert.Contains(run.Output, text);
        }
    }

    [TestMethod]
    public async Task With_a_snapshot_in_the_folder_a_tenant_with_an_extra_table_is_PARITY3002_and_the_others_match_its_fingerprint()
    {
        using var folder = Baselined();
        var altered = $"{_template.Name}_schema";
        await ServerAsync($"CREATE DATABASE \"{altered}\" TEMPLATE \"{_template.Name}\"");
        try
        {
            await using (var connection = new NpgsqlConnection(Tenant(altered)))
            {
                await connection.OpenAsync(TestContext.CancellationToken);
                await using var command = TestDatabase.Command(connection, "CREATE TABLE hotfix_audit (id int);");
                await command.ExecuteNonQueryAsync(TestContext.CancellationToken);
            }

            var variable = "PARITY_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            Environment.SetEnvironmentVariable(variable, Tenant(Tenants[0]));
            try
            {
                var capture = folder.Run("schema-capture", "--connection-variable", variable, "--provider", "postgres");
                Assert.AreEqual(0, capture.ExitCode, capture.Output);
            }
            finally
            {
                Environment.SetEnvironmentVariable(variable, null);
            }

            var run = Fleet(folder, "--tenant", Tenants[0], "--tenant", Tenants[1], "--tenant", altered, "-v", "normal");

            Assert.AreEqual(1, run.ExitCode, run.Output);
            StringAssert.Contains(run.WithCode("PARITY3002").Single(), $"1 tenant ({altered})");
            Assert.IsTrue(run.Lines.Any(line => line.StartsWith("ParityBuild fleet: 3 tenants: 2 clean", StringComparison.Ordinal)), run.Output);
            StringAssert.Contains(run.Output, "1 drifted");

            var compareOff = Fleet(folder, "--tenant", altered, "--schema-compare", "false");
            Assert.AreEqual(0, compareOff.ExitCode, compareOff.Output);
        }
        finally
        {
            await ServerAsync($"DROP DATABASE IF EXISTS \"{altered}\" WITH (FORCE)");
        }
    }

    [TestMethod]
    public async Task A_schema_per_tenant_fleet_takes_turns_on_one_session_at_concurrency_1_and_reports_the_one_hotfix()
    {
        using var folder = Baselined();
        var database = $"{_template.Name}_schemas";
        string[] schemas = ["acme", "globex", "initech"];
        await ServerAsync($"CREATE DATABASE \"{database}\"");
        try
        {
            await using (var connection = new NpgsqlConnection(Tenant(database)))
            {
                await connection.OpenAsync(TestContext.CancellationToken);
                foreach (var schema in schemas)
                {
                    // globex has a hotfix row: only its own search path shows it.
                    var rows = HistoryDdl.FlywayRow(1, "1", "create users", "SQL", "V1__create_users.sql", TestProject.Flyway(Users))
                        + HistoryDdl.FlywayRow(2, "2", "add email", "SQL", "V2__add_email.sql", TestProject.Flyway(Email))
                        + (schema == "globex" ? HistoryDdl.FlywayRow(3, "3", "hotfix", "SQL", "V3__hotfix.sql", 42) : "");
                    await using var command = TestDatabase.Command(connection,
                        $"CREATE SCHEMA {schema}; SET search_path = {schema};\n{HistoryDdl.Flyway(_template).Replace("\"public\".", $"\"{schema}\".", StringComparison.Ordinal)}\n{rows}");
                    await command.ExecuteNonQueryAsync(TestContext.CancellationToken);
                }
            }

            var variable = "PARITY_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            Environment.SetEnvironmentVariable(variable, $"{Tenant(database)};Search Path={{tenant}}");
            ToolRun run;
            try
            {
                run = folder.Run("fleet", ["--connection-variable", variable, "--provider", "postgres", "--history", "flyway", "--history-schema", "{tenant}",
                    "--concurrency", "1", "-v", "normal", .. schemas.SelectMany(schema => new[] { "--tenant", schema })]);
            }
            finally
            {
                Environment.SetEnvironmentVariable(variable, null);
            }

            Assert.AreEqual(1, run.ExitCode, run.Output);
            StringAssert.Contains(run.WithCode("PARITY2001").Single(), "1 tenant (globex)");
            Assert.IsTrue(run.Lines.Any(line => line.StartsWith("ParityBuild fleet: 3 tenants: 2 clean", StringComparison.Ordinal)), run.Output);
            Assert.IsTrue(run.Lines.Contains("ParityBuild fleet: the tenants share one database and took turns on 1 session, each tenant on its own search path."), run.Output);
        }
        finally
        {
            await ServerAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    // The findings and the summary: what a merge must give as the unsharded run did (not which files were written).
    private static List<string> Verdict(ToolRun run) =>
        [.. run.Lines.Where(line => line.Contains(": error PARITY", StringComparison.Ordinal) || line.Contains(": warning PARITY", StringComparison.Ordinal) || line.StartsWith("ParityBuild fleet: ", StringComparison.Ordinal))
            .Where(line => !line.StartsWith("ParityBuild fleet: merging", StringComparison.Ordinal))];

    // In this process the command reads the connection string from the process's environment.
    private static ToolRun Fleet(ScratchFolder folder, params string[] args)
    {
        var variable = "PARITY_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, Tenant("{tenant}"));
        try
        {
            return folder.Run("fleet", ["--connection-variable", variable, "--provider", "postgres", "--history", "flyway", .. args]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
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

    private static string Tenant(string database) => new NpgsqlConnectionStringBuilder(_template.ConnectionString) { Database = database }.ConnectionString;

    private static async Task ServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServers.Require(TestServers.PostgresVariable));
        await connection.OpenAsync();
        await using var command = TestDatabase.Command(connection, sql);
        await command.ExecuteNonQueryAsync();
    }
}
