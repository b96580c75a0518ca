using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ParityBuild.Tasks.Tests;

[TestClass]
public sealed class TaskTests : ProjectTests
{
    protected override IReadOnlyDictionary<string, string> MoreScripts => new Dictionary<string, string> { ["V2__more.sql"] = "CREATE TABLE b (id int);\n" };

    private (T Task, RecordingBuildEngine Engine) Create<T>(Action<T>? configure = null, RecordingBuildEngine? node = null)
        where T : MigrationTask, new()
    {
        var engine = node ?? new RecordingBuildEngine();
        var task = new T
        {
            BuildEngine = engine,
            ProjectDirectory = Project,
            BaselineFile = "migrations.baseline.json",
            Scripts = ScriptItems(),
        };
        configure?.Invoke(task);
        return (task, engine);
    }

    [TestMethod]
    public void A_clean_run_logs_its_summary_at_normal_importance_and_nothing_at_high()
    {
        Assert.IsTrue(Create<VerifyMigrations>().Task.Execute());
        var (task, engine) = Create<VerifyMigrations>();

        Assert.IsTrue(task.Execute());

        Assert.AreEqual(0, engine.Errors.Count + engine.Warnings.Count);
        Assert.AreEqual(0, engine.MessagesAt(MessageImportance.High).Count());
        StringAssert.Contains(engine.MessagesAt(MessageImportance.Normal).Single(), "2 migrations match migrations.baseline.json");
    }

    [TestMethod]
    public void A_manifest_path_with_a_line_break_and_a_nul_is_logged_as_one_line_that_forges_no_other()
    {
        Assert.IsTrue(Create<VerifyMigrations>().Task.Execute());
        var manifest = Path.Combine(Project, "migrations.baseline.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("Migrations/V2__more.sql", "Migrations/V2__more\\u0000\\r\\nerror PARITY1001: forged.sql", StringComparison.Ordinal));
        var (task, engine) = Create<VerifyMigrations>(task => task.LockedMode = true);

        Assert.IsFalse(task.Execute());

        var logged = engine.Errors.Select(e => (e.File, e.Message)).Concat(engine.Warnings.Select(w => (w.File, w.Message))).Concat(engine.Messages.Select(m => (m.File, m.Message))).ToList();
        Assert.IsTrue(logged.Any(line => line.Message?.Contains("forged.sql", StringComparison.Ordinal) == true), string.Join("\n", logged));
        Assert.IsTrue(logged.All(line => !(line.File ?? "").Any(char.IsControl) && !(line.Message ?? "").Any(char.IsControl)), string.Join("\n", logged));
    }

    [TestMethod]
    public void An_edit_is_logged_as_an_error_with_its_code_file_and_help_link()
    {
        Assert.IsTrue(Create<VerifyMigrations>().Task.Execute());
        var script = Path.Combine(Project, "Migrations", "V2__more.sql");
        File.WriteAllText(script, "CREATE TABLE b (id bigint);\n");
        var (task, engine) = Create<VerifyMigrations>();

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("PARITY1001", error.Code);
        Assert.AreEqual(script, error.File);
        StringAssert.EndsWith(error.HelpLink, "docs/diagnostics.md#parity1001");
    }

    [TestMethod]
    public void An_edit_that_keeps_size_and_time_is_caught_by_the_stat_cache_alone()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The stat cache keys by inode and change time where statx gives them (Linux).");
        }

        // Scripts as a checkout leaves them (older than the stat cache's racy window), and builds that share nothing but
        // the stat cache (each a new engine, as each build process is).
        var script = Path.Combine(Project, "Migrations", "V2__more.sql");
        var settled = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        foreach (var path in Directory.GetFiles(Path.Combine(Project, "Migrations")))
        {
            File.SetLastWriteTimeUtc(path, settled);
        }

        // Their change time cannot be put back: the cache trusts them once it is older than the racy window.
        Thread.Sleep(TimeSpan.FromSeconds(2.1));
        static void Configure(VerifyMigrations task) => task.StatCacheFile = "obj/parity/stat.cache";
        Assert.IsTrue(Create<VerifyMigrations>(Configure).Task.Execute());
        var (again, unchanged) = Create<VerifyMigrations>(Configure);
        Assert.IsTrue(again.Execute());
        StringAssert.Contains(unchanged.MessagesAt(MessageImportance.Normal).Single(), "(0 read, 2 unchanged since the last build)");

        // The same length and the same time.
        File.WriteAllText(script, "CREATE TABLE c (id int);\n");
        File.SetLastWriteTimeUtc(script, settled);
        var (task, engine) = Create<VerifyMigrations>(Configure);

        Assert.IsFalse(task.Execute());
        Assert.AreEqual("PARITY1001", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void The_stamp_time_is_when_the_run_began_so_that_an_edit_made_while_it_ran_is_newer_than_the_stamp()
    {
        var (task, _) = Create<VerifyMigrations>(task => task.StartedFile = "obj/parity/verify.started");

        Assert.IsTrue(task.Execute());

        // As Touch parses its Time parameter: one tick before the file system's time for the file written at the start,
        // and before the manifest the run wrote once it had read every script.
        var stamp = DateTime.Parse(task.StampTime, System.Globalization.DateTimeFormatInfo.InvariantInfo).ToUniversalTime();
        Assert.AreEqual(File.GetLastWriteTimeUtc(Path.Combine(Project, "obj", "parity", "verify.started")).AddTicks(-1), stamp);
        Assert.IsGreaterThan(stamp, File.GetLastWriteTimeUtc(Path.Combine(Project, "migrations.baseline.json")));
        var (plain, _) = Create<VerifyMigrations>();
        Assert.IsTrue(plain.Execute());
        Assert.AreEqual("", plain.StampTime, "without the file: touched when it ends");
    }

    [TestMethod]
    public void Script_set_and_naming_metadata_are_read_from_the_items()
    {
        var (task, engine) = Create<VerifyMigrations>(task =>
        {
            foreach (var item in task.Scripts!)
            {
                item.SetMetadata("Set", "orders");
                item.SetMetadata("Naming", "flyway");
            }
        });

        Assert.IsTrue(task.Execute(), string.Join('\n', engine.Errors.Select(e => e.Message)));

        StringAssert.Contains(File.ReadAllText(Path.Combine(Project, "migrations.baseline.json")), "\"name\": \"orders\"");
    }

    [TestMethod]
    public void The_link_targets_file_lists_what_symbolic_links_point_to_and_is_absent_without_links()
    {
        // The targets read the file (ParityVerify's extra inputs) in every build only when it exists.
        var linkTargets = Path.Combine(Project, "obj", "parity", "link-targets.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(linkTargets)!);
        File.WriteAllText(linkTargets, "/stale/target.sql\n");
        var outside = Path.Combine(Project, "shared", "V3__shared.sql");
        Directory.CreateDirectory(Path.GetDirectoryName(outside)!);
        File.WriteAllText(outside, "CREATE TABLE c (id int);\n");

        // Links are known where scripts are stat'ed: with a stat cache, as on a developer machine.
        static void Configure(VerifyMigrations task)
        {
            task.LinkTargetsFile = "obj/parity/link-targets.txt";
            task.StatCacheFile = "obj/parity/stat.cache";
        }

        Assert.IsTrue(Create<VerifyMigrations>(Configure).Task.Execute());
        Assert.IsFalse(File.Exists(linkTargets), "No script is a link: no file, not an empty one.");

        File.CreateSymbolicLink(Path.Combine(Project, "Migrations", "V3__shared.sql"), outside);
        var (task, engine) = Create<VerifyMigrations>(Configure);

        Assert.IsTrue(task.Execute(), string.Join('\n', engine.Errors.Select(e => e.Message)));
        Assert.AreEqual(outside + "\n", File.ReadAllText(linkTargets));
    }

    [TestMethod]
    public void A_bad_naming_regex_is_a_coded_error_not_an_exception()
    {
        var (task, engine) = Create<VerifyMigrations>(task => task.Naming = "(?<version>[0-9+");

        Assert.IsFalse(task.Execute());

        Assert.AreEqual("PARITY1008", engine.Errors.Single().Code);
        StringAssert.Contains(engine.Errors.Single().Message, "not a valid regex");
    }

    [TestMethod]
    public void A_script_outside_the_project_without_a_link_is_PARITY1011()
    {
        var outside = Path.Combine(Path.GetTempPath(), "paritybuild-tasks", Guid.NewGuid().ToString("N") + "V3__x.sql");
        File.WriteAllText(outside, "SELECT 1;\n");
        try
        {
            var (task, engine) = Create<VerifyMigrations>(task => task.Scripts = [.. task.Scripts!, new TaskItem(outside)]);

            Assert.IsFalse(task.Execute());

            StringAssert.Contains(engine.Errors.Single(e => e.Code == "PARITY1011").Message, "Link");
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [TestMethod]
    public void ParityStatus_prints_a_row_per_migration_and_writes_nothing()
    {
        var (task, engine) = Create<ShowMigrationStatus>();

        Assert.IsTrue(task.Execute());

        var lines = engine.MessagesAt(MessageImportance.High).ToList();
        Assert.IsTrue(lines.Any(line => line.Contains("V1__init.sql", StringComparison.Ordinal) && line.Contains("new", StringComparison.Ordinal)), string.Join('\n', lines));
        Assert.IsFalse(File.Exists(Path.Combine(Project, "migrations.baseline.json")));
    }

    [TestMethod]
    public void A_safety_rule_is_logged_as_a_warning_at_the_statements_line_and_column()
    {
        Assert.IsTrue(Create<VerifyMigrations>().Task.Execute());
        var script = Path.Combine(Project, "Migrations", "V3__index.sql");
        File.WriteAllText(script, "SET lock_timeout = '5s';\n\n  CREATE INDEX IF NOT EXISTS a_id ON a (id);\n");
        var (task, engine) = Create<VerifyMigrations>(task => task.Scripts = [.. task.Scripts!, new TaskItem(script)]);

        Assert.IsTrue(task.Execute());

        var warning = engine.Warnings.Single();
        Assert.AreEqual(("PARITY4001", script, 3, 3), (warning.Code, warning.File, warning.LineNumber, warning.ColumnNumber));
        StringAssert.EndsWith(warning.HelpLink, "docs/diagnostics.md#parity4001");
    }

    [TestMethod]
    public void The_rules_engine_follows_the_replica_provider_and_rules_can_be_off()
    {
        Assert.IsTrue(Create<VerifyMigrations>().Task.Execute());
        var script = Path.Combine(Project, "Migrations", "V3__index.sql");
        File.WriteAllText(script, "CREATE INDEX IF NOT EXISTS a_id ON a (id);\n");
        File.Copy(script, Path.Combine(Project, "Migrations", "V4__index.sql"));
        var (mysql, mysqlEngine) = Create<VerifyMigrations>(task => task.ReplicaProvider = "mysql");
        Assert.IsTrue(mysql.Execute());
        File.Copy(script, Path.Combine(Project, "Migrations", "V5__index.sql"));
        var (off, offEngine) = Create<VerifyMigrations>(task => task.Rules = "off");

        Assert.IsTrue(off.Execute());

        CollectionAssert.AreEqual(new[] { "PARITY4013", "PARITY4013" }, mysqlEngine.Warnings.Select(w => w.Code).ToArray());
        Assert.AreEqual(0, offEngine.Warnings.Count);
    }

    [TestMethod]
    public void An_unknown_ParityRules_value_is_PARITY4014()
    {
        var (task, engine) = Create<VerifyMigrations>(task => task.Rules = "sometimes");

        Assert.IsFalse(task.Execute());

        StringAssert.Contains(engine.Errors.Single(e => e.Code == "PARITY4014").Message, "ParityRules is 'sometimes'");
    }
}
