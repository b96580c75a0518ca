using ParityBuild.Core.Findings;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Rules;

/// <summary>The rules inside a verify: which scripts they read, and how their findings meet the manifest.</summary>
[TestClass]
public sealed class RuleVerificationTests
{
    private const string Index = "CREATE INDEX IF NOT EXISTS users_email ON users (email);\n";

    private static VerifyResult Run(TempFolder folder, RuleScope scope = RuleScope.New, SqlEngine engine = SqlEngine.PostgreSql, IReadOnlyCollection<string>? asErrors = null)
    {
        var scripts = Corpus.Files(folder.PathOf("Migrations"))
            .Select(path => new ScriptFile(folder.PathOf("Migrations/" + path), "Migrations/" + path, "", "flyway"))
            .ToList();
        return Verifier.Run(scripts, new VerifyOptions(folder.Root, folder.PathOf("migrations.baseline.json"), Rules: scope, RulesEngine: engine, RuleAsError: asErrors is null ? null : asErrors.Contains));
    }

    private static void AssertNoRuleFindings(VerifyResult result) =>
        Assert.IsFalse(result.Findings.Any(finding => finding.Code.StartsWith("PARITY4", StringComparison.Ordinal)), string.Join("; ", result.Findings));

    private static TempFolder Baselined()
    {
        var folder = new TempFolder();
        folder.Write("Migrations/V1__users.sql", "CREATE TABLE users (id bigint, email text);\n" + Index);
        Assert.IsEmpty(Run(folder).Findings, "The first run baselines the scripts it finds without checking them.");
        return folder;
    }

    [TestMethod]
    public void A_new_script_is_checked_and_still_added_to_the_manifest()
    {
        using var folder = Baselined();
        var script = folder.Write("Migrations/V2__index.sql", "SET lock_timeout = '5s';\n" + Index);

        var result = Run(folder);

        var finding = result.Findings.Single(finding => finding.Code != "PARITY1003");
        Assert.AreEqual(("PARITY4001", script, 2, 1), (finding.Code, finding.File, finding.Line, finding.Column));
        Assert.IsTrue(result.ManifestWritten);
    }

    [TestMethod]
    public void A_baselined_script_is_not_checked_by_default_but_is_with_all()
    {
        using var folder = Baselined();

        Assert.IsEmpty(Run(folder).Findings);
        CollectionAssert.AreEquivalent(new[] { "PARITY4010" }, Run(folder, RuleScope.All).Findings.Select(finding => finding.Code).ToArray());
    }

    [TestMethod]
    public void An_edited_baselined_script_is_checked_again()
    {
        using var folder = Baselined();
        folder.Write("Migrations/V1__users.sql", "CREATE TABLE users (id bigint, email text);\n" + Index + "-- edited\n");

        var result = Run(folder);

        CollectionAssert.IsSubsetOf(new[] { "PARITY4010" }, result.Findings.Select(finding => finding.Code).ToArray());
    }

    [TestMethod]
    public void Rules_off_checks_nothing()
    {
        using var folder = Baselined();
        folder.Write("Migrations/V2__index.sql", Index);

        AssertNoRuleFindings(Run(folder, RuleScope.Off));
    }

    [TestMethod]
    public void A_table_created_by_an_earlier_new_script_is_new_to_the_later_ones()
    {
        using var folder = Baselined();
        folder.Write("Migrations/V2__orders.sql", "CREATE TABLE IF NOT EXISTS orders (id bigint);\n");
        folder.Write("Migrations/V3__orders_index.sql", "CREATE INDEX IF NOT EXISTS orders_id ON orders (id);\n");

        AssertNoRuleFindings(Run(folder));
    }

    [TestMethod]
    public void Undo_scripts_and_callbacks_are_not_checked()
    {
        using var folder = Baselined();
        folder.Write("Migrations/U1__users.sql", "DROP TABLE users;\n");
        folder.Write("Migrations/afterMigrate.sql", "DROP TABLE users;\n");

        AssertNoRuleFindings(Run(folder));
    }

    [TestMethod]
    public void A_rule_the_build_makes_an_error_is_an_error_and_keeps_the_script_out_of_the_manifest()
    {
        using var folder = Baselined();
        folder.Write("Migrations/V2__index.sql", "SET lock_timeout = '5s';\n" + Index);
        var manifest = folder.ReadBytes("migrations.baseline.json");

        var failed = Run(folder, asErrors: ["PARITY4001"]);

        Assert.AreEqual(Severity.Error, failed.Findings.Single(finding => finding.Code == "PARITY4001").Severity);
        Assert.IsFalse(failed.ManifestWritten);
        CollectionAssert.AreEqual(manifest, folder.ReadBytes("migrations.baseline.json"));
        Assert.AreEqual(Severity.Error, Run(folder, asErrors: ["PARITY4001"]).Findings.Single(finding => finding.Code == "PARITY4001").Severity, "The next build checks it again.");
    }

    [TestMethod]
    public void The_engine_changes_which_rules_apply()
    {
        using var folder = Baselined();
        folder.Write("Migrations/V2__index.sql", Index);

        var codes = Run(folder, engine: SqlEngine.MySql).Findings.Select(finding => finding.Code).Where(code => code.StartsWith("PARITY4", StringComparison.Ordinal)).ToArray();

        CollectionAssert.AreEquivalent(new[] { "PARITY4013" }, codes);
    }

    [TestMethod]
    [DataRow(null, RuleScope.New)]
    [DataRow("", RuleScope.New)]
    [DataRow("New", RuleScope.New)]
    [DataRow("all", RuleScope.All)]
    [DataRow("off", RuleScope.Off)]
    public void ParityRules_values_are_read(string? value, RuleScope expected) => Assert.AreEqual(expected, RuleRunner.ParseScope(value));

    [TestMethod]
    public void An_unknown_ParityRules_value_is_refused() => Assert.IsNull(RuleRunner.ParseScope("some"));

    [TestMethod]
    [DataRow("auto", "mysql", SqlEngine.MySql)]
    [DataRow("", "mariadb", SqlEngine.MySql)]
    [DataRow("postgres", "mysql", SqlEngine.PostgreSql)]
    [DataRow("MySQL", "auto", SqlEngine.MySql)]
    [DataRow("sqlserver", "auto", SqlEngine.SqlServer)]
    [DataRow("MSSQL", "postgres", SqlEngine.SqlServer)]
    public void ParitySqlDialect_auto_follows_the_replica_provider(string value, string provider, SqlEngine expected)
    {
        Assert.IsTrue(SqlDialect.TryParse(value, provider, out var engine));
        Assert.AreEqual(expected, engine);
    }

    [TestMethod]
    public void ParitySqlDialect_auto_without_a_provider_is_detected_from_the_scripts()
    {
        Assert.IsTrue(SqlDialect.TryParse("auto", "auto", out var engine));
        Assert.IsNull(engine);
    }

    [TestMethod]
    public void An_unknown_ParitySqlDialect_value_is_refused() => Assert.IsFalse(SqlDialect.TryParse("oracle", "auto", out _));

    [TestMethod]
    public void Auto_reads_each_set_in_the_dialect_its_scripts_show_and_says_why()
    {
        using var folder = new TempFolder();
        folder.Write("Tenants/Script0001 - tenants.sql", "CREATE TABLE [dbo].[Tenants] ([Id] int NOT NULL)\nGO\n");
        folder.Write("Audit/V1__audit.sql", "CREATE TABLE IF NOT EXISTS audit (id bigint);\n");
        folder.Write("Shop/V1__shop.sql", "CREATE TABLE IF NOT EXISTS `orders` (id bigint);\n");
        var scripts = new List<ScriptFile>
        {
            new(folder.PathOf("Tenants/Script0001 - tenants.sql"), "Tenants/Script0001 - tenants.sql", "tenants", "dbup"),
            new(folder.PathOf("Audit/V1__audit.sql"), "Audit/V1__audit.sql", "audit", "flyway"),
            new(folder.PathOf("Shop/V1__shop.sql"), "Shop/V1__shop.sql", "shop", "flyway"),
        };
        var options = new VerifyOptions(folder.Root, folder.PathOf("migrations.baseline.json"), Rules: RuleScope.All);

        var result = Verifier.Run(scripts, options);

        CollectionAssert.AreEquivalent(
            new[]
            {
                "tenants: sqlserver (a GO line in Tenants/Script0001 - tenants.sql:2)",
                "audit: postgres (no script shows another)",
                "shop: mysql (`quoted` names in Shop/V1__shop.sql:1)",
            },
            result.Dialects.ToList());

        // T-SQL advice for the T-SQL set: a guard T-SQL can run, never CREATE TABLE IF NOT EXISTS.
        var create = result.Findings.Single(finding => finding.Code == "PARITY4010" && finding.File!.EndsWith("tenants.sql", StringComparison.Ordinal));
        StringAssert.Contains(create.Message, "IF OBJECT_ID(N'dbo.Tenants', N'U') IS NULL CREATE TABLE [dbo].[Tenants]");
    }
}
