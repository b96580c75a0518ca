using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

[TestClass]
public sealed class ManifestTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("truncated", 0)]
    [DataRow("wrong-type", 4)]
    [DataRow("unknown-format-version", 2)]
    [DataRow("path-outside-the-project", 10)]
    [DataRow("duplicate-entry", 10)]
    [DataRow("merge-conflict-markers", 9)]
    public void A_corrupt_manifest_fails_with_PARITY1006_and_is_left_untouched(string corruption, int line)
    {
        var consumer = Consumer.Create($"{TestContext.TestName}-{corruption}").WithHistory();
        Assert.IsTrue(consumer.Build().Succeeded);
        var good = consumer.Read("migrations.baseline.json");
        var lines = good.Split('\n');
        var corrupt = corruption switch
        {
            "truncated" => good[..(good.Length / 2)],
            "wrong-type" => good.Replace("\"digest\": \"", "\"digest\": [\"", StringComparison.Ordinal).Replace("\",\n  \"sets\"", "\"],\n  \"sets\"", StringComparison.Ordinal),
            "unknown-format-version" => good.Replace("\"formatVersion\": 1", "\"formatVersion\": 7", StringComparison.Ordinal),
            "path-outside-the-project" => good.Replace("Migrations/V2__add_email.sql", "../elsewhere/V2__add_email.sql", StringComparison.Ordinal),
            "duplicate-entry" => string.Join('\n', [.. lines[..9], lines[8], .. lines[9..]]),
            "merge-conflict-markers" => string.Join('\n', lines[..8]) + "\n<<<<<<< HEAD\n" + lines[8] + "\n=======\n" + lines[8] + "\n>>>>>>> feature\n" + string.Join('\n', lines[9..]),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };
        File.WriteAllText(consumer.ManifestPath, corrupt);

        var build = consumer.Build();

        Assert.IsFalse(build.Succeeded, build.ToString());
        var error = build.WithCode("PARITY1006").Single();
        Assert.AreEqual(consumer.ManifestPath, error.File);
        if (line > 0)
        {
            Assert.AreEqual(line, error.Line, build.Output);
        }

        Assert.AreEqual(corrupt, File.ReadAllText(consumer.ManifestPath), "The manifest must be left untouched.");
    }

    [TestMethod]
    public void Two_branches_that_each_add_a_migration_conflict_in_the_manifest_when_merged()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        var git = consumer.Git();
        git.MustRun("init", "-q");
        File.WriteAllText(consumer.PathOf(".gitignore"), "bin/\nobj/\n");
        Assert.IsTrue(consumer.Build().Succeeded);
        git.MustRun("add", "-A");
        git.MustRun("commit", "-q", "-m", "baseline");

        git.MustRun("checkout", "-q", "-b", "orders");
        consumer.Script("Migrations/V3__add_orders.sql", Scripts.AddOrders);
        Assert.IsTrue(consumer.Build().Succeeded);
        git.MustRun("add", "-A");
        git.MustRun("commit", "-q", "-m", "orders");

        git.MustRun("checkout", "-q", "main");
        consumer.Script("Migrations/V3__add_invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);\n");
        Assert.IsTrue(consumer.Build().Succeeded);
        git.MustRun("add", "-A");
        git.MustRun("commit", "-q", "-m", "invoices");

        var merge = git.Run("merge", "orders");

        Assert.AreNotEqual(0, merge.ExitCode, merge.ToString());
        StringAssert.Contains(merge.Output, "CONFLICT (content): Merge conflict in migrations.baseline.json");
        var build = consumer.Build();
        Assert.IsFalse(build.Succeeded);
        StringAssert.Contains(build.WithCode("PARITY1006").Single().Message, "merge-conflict markers");
    }

    [TestMethod]
    public void A_multi_targeted_project_built_in_parallel_checks_once_and_writes_one_intact_manifest()
    {
        var consumer = Consumer.Create(TestContext.TestName!, "net8.0;net10.0").WithHistory();
        for (var i = 0; i < 40; i++)
        {
            consumer.Script($"Migrations/V{i + 3}__step_{i}.sql", $"CREATE TABLE step_{i} (id bigint);\n");
        }

        var first = consumer.Build("-m", "-v:n");
        Assert.IsTrue(first.Succeeded, first.ToString());
        var manifest = File.ReadAllBytes(consumer.ManifestPath);
        Assert.AreEqual(1, CountOccurrences(first.Output, "created migrations.baseline.json"), first.Output);

        for (var i = 0; i < 20; i++)
        {
            // Remove the manifest and the stamps each time, so that every build writes the manifest again.
            File.Delete(consumer.ManifestPath);
            Directory.Delete(consumer.PathOf("obj/parity"), recursive: true);
            var build = consumer.Build("-m", "--no-restore", "-v:n");
            Assert.IsTrue(build.Succeeded, build.ToString());
            Assert.AreEqual(1, CountOccurrences(build.Output, "created migrations.baseline.json"), build.Output);
            CollectionAssert.AreEqual(manifest, File.ReadAllBytes(consumer.ManifestPath), $"Build {i + 1} changed the manifest.");
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
