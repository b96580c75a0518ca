using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ParityBuild.Tasks;
using ParityBuild.Tasks.Tests;

namespace ParityBuild.Tool.Tests;

/// <summary>
/// A manifest the tool writes and one the package's task writes for the same scripts and settings are byte for byte the
/// same: the VerifyMigrations task (as ParityVerify runs it) and `parity verify` side by side on two copies of a folder.
/// </summary>
[TestClass]
public sealed class ManifestParityTests
{
    private static readonly (string Path, string Text)[] Scripts =
    [
        ("Migrations/Orders/V1__create_orders.sql", "create table if not exists orders (id int);\n"),
        ("Migrations/Orders/V2__add_total.sql", "\uFEFFalter table orders add column total numeric;\r\n"),
        ("Migrations/Orders/R__orders_view.sql", "create or replace view v as select 1;\n"),
        ("Migrations/Billing/0001_invoices.sql", "create table if not exists invoices (id int);\n"),
        ("Migrations/Billing/0002_lines.sql", "create table if not exists lines (id int);\n"),
    ];

    [TestMethod]
    public void The_default_items_and_no_options_give_the_same_manifest()
    {
        AssertSameManifest(
            Items(("Migrations/Orders/V1__create_orders.sql", "", ""), ("Migrations/Orders/V2__add_total.sql", "", ""), ("Migrations/Orders/R__orders_view.sql", "", "")),
            task => { },
            ["--include", "Migrations/Orders/*.sql"]);
    }

    [TestMethod]
    public void Sets_and_naming_from_metadata_match_the_items_file_and_the_include_globs()
    {
        var items = Items(
            ("Migrations/Orders/V1__create_orders.sql", "orders", ""), ("Migrations/Orders/V2__add_total.sql", "orders", ""), ("Migrations/Orders/R__orders_view.sql", "orders", ""),
            ("Migrations/Billing/0001_invoices.sql", "billing", "numbered"), ("Migrations/Billing/0002_lines.sql", "billing", "numbered"));
        var lines = string.Concat(items.Select(item => $"{item.ItemSpec}\t{item.GetMetadata("Set")}\t{item.GetMetadata("Naming")}\t\n"));

        AssertSameManifest(items, task => task.Naming = "flyway", ["--naming", "flyway", "--items", "scripts.items"], lines);
        AssertSameManifest(
            [.. items.Select(item => new TaskItem(item.ItemSpec, new Dictionary<string, string> { ["Set"] = item.GetMetadata("Set") }))],
            task => { },
            ["--include", "Migrations/Orders/*.sql=orders", "--include", "Migrations/Billing/*.sql=billing"]);
    }

    [TestMethod]
    public void The_histories_hashes_recorded_for_postgrator_and_sqitch_are_the_same()
    {
        var items = Items(("Migrations/Orders/V1__create_orders.sql", "", ""), ("Migrations/Orders/V2__add_total.sql", "", ""));

        AssertSameManifest(items, task => task.ProjectHistories = "postgrator;", ["--include", "Migrations/Orders/V*.sql", "--history", "postgrator"]);
        AssertSameManifest(items, task => task.ProjectHistories = "auto;postgrator;sqitch", ["--include", "Migrations/Orders/V*.sql", "--project-histories", "auto;postgrator;sqitch"]);
    }

    // Runs the task on one copy of the scripts and the tool on another; both first create the manifest, then (after a
    // new script) add to it, so both the written-from-nothing and the updated manifest are compared.
    private static void AssertSameManifest(ITaskItem[] items, Action<VerifyMigrations> configure, string[] toolArgs, string? itemsFile = null)
    {
        using var byTask = new ScratchFolder();
        using var byTool = new ScratchFolder();
        foreach (var folder in new[] { byTask, byTool })
        {
            foreach (var (path, text) in Scripts)
            {
                folder.Write(path, text);
            }

            if (itemsFile is not null)
            {
                folder.Write("scripts.items", itemsFile);
            }
        }

        for (var round = 0; round < 2; round++)
        {
            var engine = new RecordingBuildEngine();
            var task = new VerifyMigrations { BuildEngine = engine, ProjectDirectory = byTask.Path, BaselineFile = "migrations.baseline.json", Scripts = items };
            configure(task);
            Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(error => error.Message)));
            var run = byTool.Run("verify", ["--locked", "false", .. toolArgs]);
            Assert.AreEqual(0, run.ExitCode, run.Output);

            CollectionAssert.AreEqual(File.ReadAllBytes(byTask.ManifestPath), File.ReadAllBytes(byTool.ManifestPath), $"round {round}:\n{byTask.Read("migrations.baseline.json")}\n---\n{byTool.Read("migrations.baseline.json")}");
            foreach (var folder in new[] { byTask, byTool })
            {
                // The second round's new script: a version above the others, in the first item's folder.
                File.WriteAllText(Path.Combine(folder.Path, Path.GetDirectoryName(items[0].ItemSpec)!, "V9__later.sql"), "create table if not exists later (id int);\n");
            }

            items = [.. items, new TaskItem(Path.Combine(Path.GetDirectoryName(items[0].ItemSpec)!, "V9__later.sql").Replace('\\', '/'), CopyMetadata(items[0]))];
            if (itemsFile is not null)
            {
                byTool.Write("scripts.items", itemsFile + $"{items[^1].ItemSpec}\t{items[^1].GetMetadata("Set")}\t{items[^1].GetMetadata("Naming")}\t\n");
            }
        }
    }

    private static Dictionary<string, string> CopyMetadata(ITaskItem item) => new() { ["Set"] = item.GetMetadata("Set"), ["Naming"] = item.GetMetadata("Naming") };

    private static ITaskItem[] Items(params (string Spec, string Set, string Naming)[] items) =>
        [.. items.Select(item => new TaskItem(item.Spec, new Dictionary<string, string> { ["Set"] = item.Set, ["Naming"] = item.Naming }))];
}
