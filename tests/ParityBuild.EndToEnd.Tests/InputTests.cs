using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>Unusual inputs: each gets a clear finding or a documented behaviour, never a stack trace.</summary>
[TestClass]
public sealed class InputTests
{
    public TestContext TestContext { get; set; } = null!;

    private static void AssertNoStackTrace(BuildResult build) =>
        Assert.IsFalse(build.Output.Contains("   at ", StringComparison.Ordinal) || build.Output.Contains("MSB4018", StringComparison.Ordinal), build.Output);

    [TestMethod]
    public void A_script_that_is_not_valid_utf8_gets_a_PARITY1012_warning()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory()
            .WriteBytes("Migrations/V3__latin1.sql", [.. "INSERT INTO users (id, name) VALUES (1, 'Jos"u8.ToArray(), 0xE9, .. "');\n"u8.ToArray()]);

        var build = consumer.Build();

        Assert.IsTrue(build.Succeeded, build.ToString());
        StringAssert.Contains(build.WithCode("PARITY1012").Single().Message, "offset 44");
        AssertNoStackTrace(build);
    }

    [TestMethod]
    public void An_empty_script_is_baselined_like_any_other()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory().Script("Migrations/V3__nothing_yet.sql", "");

        var build = consumer.Build();

        Assert.IsTrue(build.Succeeded, build.ToString());
        StringAssert.Contains(consumer.Read("migrations.baseline.json"), "V3__nothing_yet.sql");
    }

    [TestMethod]
    public void A_50_MB_script_is_checked_and_an_edit_in_it_is_found()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        var row = "INSERT INTO users (id, name) VALUES (1, 'a fairly long name to fill the script with data');\n"u8.ToArray();
        var big = new byte[50 * 1024 * 1024 / row.Length * row.Length];
        for (var offset = 0; offset < big.Length; offset += row.Length)
        {
            row.CopyTo(big, offset);
        }

        consumer.WriteBytes("Migrations/V3__seed.sql", big);
        Assert.IsTrue(consumer.Build().Succeeded);
        big[big.Length / 2 + 10] = (byte)'X';
        consumer.WriteBytes("Migrations/V3__seed.sql", big);

        var build = consumer.Build();

        Assert.IsFalse(build.Succeeded);
        Assert.AreEqual(1, build.WithCode("PARITY1001").Count, build.Output);
        AssertNoStackTrace(build);
    }

    [TestMethod]
    public void A_folder_named_like_a_script_is_not_a_script_and_naming_it_explicitly_is_PARITY1011()
    {
        var consumer = Consumer.Create(TestContext.TestName!, items: """<ParityMigration Include="Migrations/V9__folder.sql" Condition="'$(NameTheFolder)' == 'true'" />""").WithHistory();
        Directory.CreateDirectory(consumer.PathOf("Migrations/V9__folder.sql"));

        var globbed = consumer.Build();
        var named = consumer.Build("-p:NameTheFolder=true");

        Assert.IsTrue(globbed.Succeeded, globbed.ToString());
        Assert.IsFalse(named.Succeeded, named.ToString());
        StringAssert.Contains(named.WithCode("PARITY1011").Single().Message, "it is a folder, not a file");
        AssertNoStackTrace(named);
    }

    [TestMethod]
    public void A_symbolic_link_to_a_script_outside_the_project_is_followed()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        var outside = Path.Combine(Path.GetTempPath(), "paritybuild-e2e", PackageFeed.Version, TestContext.TestName + "-shared", "V3__shared.sql");
        Directory.CreateDirectory(Path.GetDirectoryName(outside)!);
        File.WriteAllText(outside, Scripts.AddOrders);
        File.CreateSymbolicLink(consumer.PathOf("Migrations/V3__shared.sql"), outside);
        Assert.IsTrue(consumer.Build().Succeeded);
        File.AppendAllText(outside, "ALTER TABLE orders ADD COLUMN total numeric;\n");

        var build = consumer.Build();

        Assert.IsFalse(build.Succeeded, build.ToString());
        Assert.AreEqual(consumer.PathOf("Migrations/V3__shared.sql"), build.WithCode("PARITY1001").Single().File);
    }

    [TestMethod]
    public void A_misnamed_script_fails_with_PARITY1008_but_flyway_callbacks_do_not()
    {
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory()
            .Script("Migrations/afterMigrate__refresh_views.sql", "REFRESH MATERIALIZED VIEW user_stats;\n")
            .Script("Migrations/R__user_stats.sql", "CREATE OR REPLACE VIEW user_stats AS SELECT count(*) FROM users;\n")
            .Script("Migrations/add_orders.sql", Scripts.AddOrders);

        var build = consumer.Build();

        Assert.IsFalse(build.Succeeded);
        var error = build.WithCode("PARITY1008").Single();
        Assert.AreEqual(consumer.PathOf("Migrations/add_orders.sql"), error.File);
    }

    /// <summary>Two migration sets, each with its own V1, told apart by the Set metadata the project gives them.</summary>
    private Consumer OrdersAndBilling() =>
        Consumer.Create(
            TestContext.TestName!,
            items: """
                <ParityMigration Update="Migrations/Orders/**" Set="orders" />
                <ParityMigration Update="Migrations/Billing/**" Set="billing" />
                """)
            .Script("Migrations/Orders/V1__create_orders.sql", Scripts.AddOrders)
            .Script("Migrations/Billing/V1__create_invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);\n");

    [TestMethod]
    public void Migration_sets_keep_versions_apart_and_the_manifest_keeps_the_sets_apart()
    {
        var consumer = OrdersAndBilling()
            .Script("Migrations/Orders/V2__index_orders.sql", "CREATE INDEX orders_user ON orders (user_id);\n");

        var build = consumer.Build();
        consumer.Script("Migrations/Billing/V2__index_invoices.sql", "CREATE INDEX invoices_id ON invoices (id);\n");
        var added = consumer.Build();

        Assert.IsTrue(build.Succeeded, build.ToString());
        StringAssert.Contains(build.Output, "with 3 migrations in 2 sets");
        Assert.IsTrue(added.Succeeded, added.ToString());
        var manifest = consumer.Read("migrations.baseline.json");
        StringAssert.Contains(manifest, "\"name\": \"billing\"");
        StringAssert.Contains(manifest, "\"name\": \"orders\"");
    }

    [TestMethod]
    public void Moving_scripts_to_another_set_in_the_project_file_alone_runs_the_check_again()
    {
        var consumer = OrdersAndBilling();
        var first = consumer.Build();

        // No script and not the manifest is newer than the last check: only the script list's digest in the inputs
        // cache tells MSBuild that ParityVerify is out of date.
        consumer.Script("App.csproj", consumer.Read("App.csproj").Replace("Set=\"billing\"", "Set=\"orders\"", StringComparison.Ordinal));
        var moved = consumer.Build("--no-restore");

        Assert.IsTrue(first.Succeeded, first.ToString());
        Assert.IsFalse(moved.Succeeded, moved.ToString());
        var clash = moved.WithCode("PARITY1005").Single();
        StringAssert.Contains(clash.Message, "V1__create_invoices.sql");
    }
}
