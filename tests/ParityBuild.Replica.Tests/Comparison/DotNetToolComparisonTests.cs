using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Tests.Support;
using static ParityBuild.Replica.Tests.Support.Histories;
using static ParityBuild.Replica.Tests.Support.ToolHistories;

namespace ParityBuild.Replica.Tests.Comparison;

/// <summary>grate's folder conventions and Evolve's rows, without a database; detection of both tables from catalog rows.</summary>
[TestClass]
public sealed class DotNetToolComparisonTests
{
    /// <summary>A grate row as its reader's query returns it: id, script_name, text_hash, one_time_script, entry_date, 0 (run) or 1 (error).</summary>
    private static object?[] Run(int id, string name, string? hash, bool once) => [id, name, hash, once, AppliedOn, 0];

    private static object?[] Error(int id, string name) => [id, name, null, null, AppliedOn, 1];

    private static string Grate(string text) => GrateChecksum.Compute(System.Text.Encoding.UTF8.GetBytes(text));

    [TestMethod]
    public void Grate_scripts_are_named_by_their_path_below_their_folder_and_take_its_kind()
    {
        Assert.AreEqual(("up", "sub/001_a.sql", GrateScriptKind.Once), Shape(GrateFolders.Classify("db/up/sub/001_a.sql")));
        Assert.AreEqual(("views", "v.sql", GrateScriptKind.AnyTime), Shape(GrateFolders.Classify("db/Views/v.sql")));
        Assert.AreEqual(("permissions", "p.sql", GrateScriptKind.EveryTime), Shape(GrateFolders.Classify("permissions/p.sql")));
        Assert.AreEqual(("up", "001.EVERYTIME.sql", GrateScriptKind.EveryTime), Shape(GrateFolders.Classify("up/001.EVERYTIME.sql")));
        Assert.AreEqual(("runFirstAfterUp", "f.sql", GrateScriptKind.AnyTime), Shape(GrateFolders.Classify("runFirstAfterUp/f.sql")));
        Assert.IsNull(GrateFolders.Classify("db/up.sql"));
        Assert.IsNull(GrateFolders.Classify("db/other/a.sql"));
        Assert.IsNull(GrateFolders.Classify("db/up/readme.md"));
        Assert.IsTrue(GrateFolders.InOrder.Select(folder => folder.Name).ToList().IndexOf("up") < GrateFolders.InOrder.Select(folder => folder.Name).ToList().IndexOf("runFirstAfterUp"));
    }

    private static (string, string, GrateScriptKind)? Shape((int Order, string Folder, string ScriptName, GrateScriptKind Kind)? found) =>
        found is { } value ? (value.Folder, value.ScriptName, value.Kind) : null;

    [TestMethod]
    public void Grate_compares_the_latest_run_and_never_an_everytime_script_or_a_run_after_create_script_it_did_not_run()
    {
        using var project = new TestProject()
            .Script("db/up/001_users.sql", "CREATE TABLE users (id int);\n")
            .Script("db/views/v.sql", "CREATE VIEW v AS SELECT 2;\n")
            .Script("db/permissions/grants.sql", "GRANT SELECT ON users TO app;\n")
            .Script("db/runAfterCreateDatabase/seed.sql", "INSERT INTO users VALUES (1);\n")
            .Script("db/up/002_prod.env.prod.sql", "SELECT 1;\n");

        var result = Compare(new GrateHistory(), project, [
            Run(1, "001_users.sql", Grate("CREATE TABLE users (id int);\n"), once: true),
            Run(2, "v.sql", Grate("CREATE VIEW v AS SELECT 1;\n"), once: false),
            Run(3, "grants.sql", "an old text's hash", once: false),
            Run(4, "v.sql", Grate("CREATE VIEW v AS SELECT 2;\n"), once: false),
        ]);

        Assert.AreEqual(0, result.Findings.Count, string.Join("\n", result.Findings));
        Assert.AreEqual(3, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void A_grate_error_row_is_a_failure_only_for_a_script_that_has_not_run_since()
    {
        using var project = new TestProject()
            .Script("db/up/001_users.sql", "CREATE TABLE users (id int);\n")
            .Script("db/up/002_broken.sql", "INSERT INTO nowhere VALUES (1);\n");

        var result = Compare(new GrateHistory(), project, [
            Error(1, "001_users.sql"),
            Run(2, "001_users.sql", Grate("CREATE TABLE users (id int);\n"), once: true),
            Error(3, "002_broken.sql"),
        ]);

        var failed = result.Findings.Single();
        Assert.AreEqual("PARITY2003", failed.Code);
        Assert.AreEqual(project.PathOf("db/up/002_broken.sql"), failed.File);
        StringAssert.Contains(failed.Message, "script '002_broken.sql'");
    }

    [TestMethod]
    public void A_grate_script_with_tokens_is_not_compared_when_its_hash_differs()
    {
        using var project = new TestProject().Script("db/up/001_users.sql", "CREATE TABLE {{DatabaseName}}_users (id int);\n");

        var result = Compare(new GrateHistory(), project, [Run(1, "001_users.sql", Grate("CREATE TABLE app_users (id int);\n"), once: true)]);

        var finding = result.Findings.Single();
        Assert.AreEqual("PARITY2010", finding.Code, finding.ToString());
        StringAssert.Contains(finding.Message, "{{tokens}}");
    }

    /// <summary>An Evolve changelog row as its reader's query returns it: type, version, description, name, checksum, installed_on, success.</summary>
    private static object?[] Row(int type, string? version, string description, string name, string checksum, bool success = true) =>
        [type, version, description, name, checksum, AppliedOn, success];

    private static string Evolve(string text) => EvolveChecksum.Compute(System.Text.Encoding.UTF8.GetBytes(text));

    [TestMethod]
    public void Evolve_rows_match_versions_and_repeatables_by_file_name_and_its_old_raw_checksum_still_validates()
    {
        using var project = new TestProject()
            .Script("sql/V1__users.sql", "CREATE TABLE users (id int);\r\n")
            .Script("sql/V1_1__email.sql", "ALTER TABLE users ADD email text;\n")
            .Script("sql/R__view.sql", "CREATE VIEW v AS SELECT 2;\n")
            .Script("sql/V3__late.sql", "SELECT 3;\n");

        var result = Compare(new EvolveHistory(), project, [
            Row(1, "0", "Create new schema: app.", "app", ""),
            Row(0, "1", "users (12 ms)", "V1__users.sql", EvolveChecksum.ComputeBeforeV18("CREATE TABLE users (id int);\r\n"u8)),
            Row(0, "1.1", "email", "V1_1__email.sql", Evolve("ALTER TABLE users ADD email text;\n")),
            Row(4, null, "view", "R__view.sql", Evolve("CREATE VIEW v AS SELECT 1;\n")),
            Row(4, null, "view", "R__view.sql", Evolve("CREATE VIEW v AS SELECT 2;\n")),
        ]);

        var pending = result.Findings.Single();
        Assert.AreEqual("PARITY2004", pending.Code, string.Join("\n", result.Findings));
        StringAssert.Contains(pending.Message, "sql/V3__late.sql");
        Assert.AreEqual(3, result.Count(ReplicaState.Applied));
    }

    [TestMethod]
    public void An_Evolve_start_version_covers_the_versions_below_it_and_a_failed_row_is_a_failure()
    {
        using var project = new TestProject()
            .Script("sql/V1__old.sql", "SELECT 1;\n")
            .Script("sql/V5__new.sql", "SELECT 5;\n");

        var result = Compare(new EvolveHistory(), project, [
            Row(3, "2", "Skip migrations until version 2 excluded.", "StartVersion = 2", ""),
            Row(0, "5", "new", "V5__new.sql", Evolve("SELECT 5;\n"), success: false),
        ]);

        Assert.AreEqual("PARITY2003", result.Findings.Single().Code, string.Join("\n", result.Findings));
        Assert.AreEqual(2, result.Count(ReplicaState.Applied), "The start version's row and V1 below it.");
    }

    [TestMethod]
    public void Grate_and_Evolve_tables_are_recognized_by_name_and_columns_but_grate_s_own_bootstrap_table_is_not()
    {
        string[] grate = ["id", "version_id", "script_name", "text_of_script", "text_hash", "one_time_script", "entry_date", "modified_date", "entered_by"];
        string[] errors = ["id", "script_name", "error_message", "entry_date"];
        string[] evolve = ["id", "type", "version", "description", "name", "checksum", "installed_by", "installed_on", "success"];
        var catalog = grate.Select(column => ("grate", "ScriptsRun", column))
            .Concat(errors.Select(column => ("grate", "ScriptsRunErrors", column)))
            .Concat(grate.Select(column => ("grate", "GrateScriptsRun", column)))
            .Concat(grate.Select(column => ("app", "grate_ScriptsRun", column)))
            .Concat(evolve.Select(column => ("public", "changelog", column)))
            .Concat(new[] { ("other", "changelog", "id"), ("other", "changelog", "entry") });

        var found = ToolDetection.Detect(catalog);

        CollectionAssert.AreEqual(
            new[] { "app.grate_ScriptsRun Grate ", "grate.ScriptsRun Grate ScriptsRunErrors", "public.changelog Evolve " },
            found.Select(table => $"{table.Display} {table.Tool} {table.Companion}").ToArray());
        Assert.AreEqual(MigrationTool.Grate, ToolDetection.ParseSetting("grate"));
        Assert.AreEqual(MigrationTool.Evolve, ToolDetection.ParseSetting(" Evolve "));
        CollectionAssert.Contains(ToolDetection.NamesFor("ops_ScriptsRun").ToList(), "ops_ScriptsRunerrors");
    }
}
