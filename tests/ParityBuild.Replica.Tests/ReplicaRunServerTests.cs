using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests;

/// <summary>
/// The entry points the CheckReplica, CaptureSchema and DryRunMigrations tasks and the <c>parity</c> tool call: settings
/// as written in, coded findings for wrong values before anything connects, and the files they write.
/// </summary>
[TestClass]
public sealed class ReplicaRunServerTests
{
    private const string Init = "CREATE TABLE users (id int);\n";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("Pending", "sometimes", "ParityPending is 'sometimes'")]
    [DataRow("Failure", "message", "ParityReplicaFailure is 'message'")]
    [DataRow("ConnectTimeout", "0", "the replica timeouts must be whole numbers")]
    [DataRow("VariableName", "Host=db;Password=S3cr3tPart1", "must name an environment variable")]
    public async Task A_wrong_setting_is_PARITY2008_before_connecting_and_marks_the_settings_invalid(string setting, string value, string message)
    {
        // A host nobody listens on: a setting checked only after connecting would be PARITY2006 here instead.
        var settings = new ReplicaRunSettings(Path.GetTempPath(), "PARITY_REPLICA", "Host=127.0.0.1;Port=1;Database=app;Username=u;Password=p");
        settings = setting switch
        {
            "Pending" => settings with { Pending = value },
            "Failure" => settings with { Failure = value },
            "ConnectTimeout" => settings with { ConnectTimeout = value },
            _ => settings with { VariableName = value },
        };

        var output = await ReplicaRun.CheckAsync(settings, TestContext.CancellationToken);

        var finding = output.Findings.Single();
        Assert.AreEqual("PARITY2008", finding.Code);
        StringAssert.Contains(finding.Message, message);
        Assert.IsFalse(finding.Message.Contains("S3cr3tPart1", StringComparison.Ordinal), finding.Message);
        Assert.IsTrue(output.SettingsInvalid);
    }

    [TestMethod]
    public async Task The_check_writes_its_report_part_with_the_status_table_and_a_warn_level_pending_is_no_error()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var project = new TestProject().Script("Migrations/V1__create_users.sql", Init).Script("Migrations/V2__pending.sql", "SELECT 2;\n");
        await db.ExecuteAsync(HistoryDdl.Flyway(db) + HistoryDdl.FlywayRow(1, "1", "create users", "SQL", "V1__create_users.sql", TestProject.Flyway(Init)));
        var part = Path.Combine(Path.GetTempPath(), "parity-part-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        try
        {
            var output = await ReplicaRun.CheckAsync(Settings(db, project) with { ReportPartFile = part, Pending = "warn" }, TestContext.CancellationToken);

            Assert.AreEqual("PARITY2004", output.Findings.Single().Code, string.Join("\n", output.Lines.Select(line => line.Text)));
            Assert.IsFalse(output.HasErrors);
            Assert.IsFalse(output.SettingsInvalid);
            StringAssert.Contains(File.ReadAllText(part), "pending");
        }
        finally
        {
            File.Delete(part);
        }
    }

    [TestMethod]
    public async Task Schema_capture_writes_the_snapshot_file_and_says_where()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var project = new TestProject();
        await db.ExecuteAsync(Init);

        var output = await ReplicaRun.CaptureSchemaAsync(Settings(db, project) with { SchemaFile = "schema.json" }, TestContext.CancellationToken);

        Assert.IsFalse(output.Findings.Any(), string.Join("\n", output.Findings));
        StringAssert.Contains(File.ReadAllText(Path.Combine(project.Directory, "schema.json")), "\"users\"");
        Assert.IsTrue(output.Lines.Any(line => line.Text.Contains("schema.json; commit it", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task A_dry_run_without_its_variable_set_is_PARITY5005_and_marks_the_settings_invalid()
    {
        var output = await DryRunCheck.RunAsync(new DryRunSettings("PARITY_DRYRUN_NOT_SET", null), null, TestContext.CancellationToken);

        Assert.AreEqual("PARITY5005", output.Findings.Single().Code);
        StringAssert.Contains(output.Findings.Single().Message, "PARITY_DRYRUN_NOT_SET is not set");
        Assert.IsTrue(output.SettingsInvalid);
    }

    [TestMethod]
    public async Task A_dry_run_runs_the_pending_scripts_and_leaves_the_database_as_it_was()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var project = new TestProject().Script("Migrations/V1__create_users.sql", Init);
        var progress = new List<string>();

        var output = await DryRunCheck.RunAsync(new DryRunSettings("PARITY_DRYRUN", db.ConnectionString) { Scripts = project.Scripts, Provider = "postgres" }, progress.Add, TestContext.CancellationToken);

        Assert.IsFalse(output.HasErrors, string.Join("\n", output.Findings));
        Assert.IsTrue(progress.Count > 0, "Each script is reported as it runs.");
        Assert.AreEqual(0L, Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public async Task A_postgrator_check_takes_the_manifests_md5_of_each_unchanged_LF_script_and_hashes_only_the_others()
    {
        const string Crlf = "SELECT 2;\r\n";
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        using var project = new TestProject().Script("Migrations/1.do.init.sql", Init).Script("Migrations/2.do.crlf.sql", Crlf);
        var manifestPath = Path.Combine(project.Directory, "migrations.baseline.json");
        var scripts = project.Scripts.Select(script => script with { Naming = "numbered" }).ToList();
        Core.Verification.Verifier.Run(scripts, new Core.Verification.VerifyOptions(project.Directory, manifestPath) { ManifestDigests = Core.Checksums.ChecksumKinds.Md5 });
        // Recorded md5 values no hash gives: the history holds them for the LF script, which passes only if the check took
        // the manifest's value rather than hashing that script; the CRLF script's bytes are not its text, so it is hashed.
        const string Marker = "0123456789abcdef0123456789abcdef";
        var manifest = Core.Manifests.ManifestReader.Read(manifestPath);
        Core.Manifests.ManifestWriter.Write(manifestPath, new Core.Manifests.Manifest([.. manifest.Entries.Select(entry => entry with { Md5 = Marker })]));
        await db.ExecuteAsync(ToolHistoryDdl.Postgrator(db) + ToolHistoryDdl.PostgratorRow(1, "init", Marker) + ToolHistoryDdl.PostgratorRow(2, "crlf", ToolHistories.Postgrator(Crlf)));

        var output = await ReplicaRun.CheckAsync(Settings(db, project) with { Scripts = scripts, History = "postgrator", ManifestFile = manifestPath }, TestContext.CancellationToken);

        Assert.IsEmpty(output.Findings, string.Join("\n", output.Lines.Select(line => line.Text)));
    }

    private static ReplicaRunSettings Settings(TestDatabase db, TestProject project) =>
        new(project.Directory, "PARITY_REPLICA", db.ConnectionString) { Scripts = project.Scripts, Provider = "postgres", History = "flyway", ConnectTimeout = "5", StatementTimeout = "10", LockTimeout = "2" };
}
