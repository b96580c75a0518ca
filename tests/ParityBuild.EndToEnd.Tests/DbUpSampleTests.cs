using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>
/// samples/Orders as a user runs it: a console app that deploys itself with DbUp through ParityBuild.DbUp's journal,
/// built with the freshly packed ParityBuild and ParityBuild.DbUp packages.
/// </summary>
[TestClass]
public sealed class DbUpSampleTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_Orders_sample_deploys_through_the_journal_the_replica_check_catches_an_edited_applied_script_and_a_dry_run_leaves_no_trace()
    {
        await using var database = await ReplicaDatabase.CreateAsync();
        var sample = CopySample();

        var build = Build(sample, NoVariables);
        Assert.IsTrue(build.Succeeded, build.ToString());
        Assert.AreEqual(File.ReadAllText(Path.Combine(PackageFeed.RepositoryRoot, "samples", "Orders", "migrations.baseline.json")),
            File.ReadAllText(Path.Combine(sample, "migrations.baseline.json")), "The committed manifest matches the sample's scripts.");

        var deploy = DotNet.Run(sample, new Dictionary<string, string?> { ["ORDERS_DATABASE"] = database.AdminConnectionString }, "run", "--no-build");
        Assert.AreEqual(0, deploy.ExitCode, deploy.ToString());
        StringAssert.Contains(deploy.Output, "Deployed 3 scripts.");
        Assert.AreEqual(3L, await database.ScalarAsync("SELECT count(*) FROM parity_journal WHERE sha256 IS NOT NULL"));
        await database.ExecuteAsync("SELECT 1"); // lets the replica reader read the tables the deploy created

        var replica = new Dictionary<string, string?> { ["PARITY_REPLICA"] = database.Url };
        var clean = Build(sample, replica, "-p:ParityReplica=true");
        Assert.IsTrue(clean.Succeeded, clean.ToString());
        Assert.AreEqual(0, clean.Diagnostics.Count, clean.ToString());

        // An applied script is edited and the edit is accepted into the manifest: the gate lets it through, the journal does not.
        var script = Path.Combine(sample, "Migrations", "V2__create_orders.sql");
        File.WriteAllText(script, File.ReadAllText(script).Replace("CREATE INDEX orders_customer_id ON orders (customer_id);", "CREATE INDEX orders_customer_id ON orders (customer_id, placed_at);", StringComparison.Ordinal));
        Assert.IsTrue(Build(sample, NoVariables, "-t:ParityAccept").Succeeded);
        var drifted = Build(sample, replica, "-p:ParityReplica=true");

        Assert.IsFalse(drifted.Succeeded, drifted.ToString());
        var error = drifted.WithCode("PARITY2002").Single();
        Assert.AreEqual(script, error.File);
        Assert.IsFalse(drifted.Output.Contains(database.Password, StringComparison.Ordinal));

        // A new script, dry-run on the database: it runs there, is rolled back, and leaves nothing behind.
        File.WriteAllText(Path.Combine(sample, "Migrations", "V4__add_order_notes.sql"), "ALTER TABLE orders ADD COLUMN notes text;\n");
        var dryRun = Build(sample, new Dictionary<string, string?> { ["PARITY_DRYRUN"] = database.AdminUrl }, "-t:ParityDryRun", "-v:n");

        Assert.IsTrue(dryRun.Succeeded, dryRun.ToString());
        StringAssert.Contains(dryRun.Output, "V4__add_order_notes.sql");
        Assert.AreEqual(0L, await database.ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'notes'"));
        Assert.AreEqual(3L, await database.ScalarAsync("SELECT count(*) FROM parity_journal"));
    }

    // The sample as committed, with its package version pointed at this run's feed.
    private string CopySample()
    {
        var source = Path.Combine(PackageFeed.RepositoryRoot, "samples", "Orders");
        var target = Path.Combine(Path.GetTempPath(), "paritybuild-e2e", PackageFeed.DbUpVersion, TestContext.TestName!);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        foreach (var file in new[] { "Orders.csproj", "Program.cs", "migrations.baseline.json" }.Concat(
            Directory.GetFiles(Path.Combine(source, "Migrations")).Select(path => Path.Combine("Migrations", Path.GetFileName(path)))))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, file))!);
            File.Copy(Path.Combine(source, file), Path.Combine(target, file));
        }

        Consumer.WriteNuGetConfig(target);
        return target;
    }

    private static BuildResult Build(string directory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        // The feed's version, and NuGet's global folder rather than the sample's own (the feed's version is unique).
        string[] all = ["build", "-nologo", $"-p:ParityBuildVersion={PackageFeed.Version}", "-p:RestorePackagesPath=" + GlobalPackages, .. arguments];
        if (!arguments.Any(argument => argument.StartsWith("-v:", StringComparison.Ordinal)))
        {
            all = [.. all, "-v:m"];
        }

        var result = DotNet.Run(directory, environment, all);
        return new BuildResult(result.ExitCode, result.Output);
    }

    private static readonly Dictionary<string, string?> NoVariables = [];

    private static string GlobalPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
