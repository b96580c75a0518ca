using ParityBuild.Core.Findings;
using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Tests.Rules;

[TestClass]
public sealed class MigrationRulesTests
{
    private const string File = "/project/Migrations/V2__change.sql";

    public static IEnumerable<object[]> Examples => RuleExamples.All.Select(example => new object[] { example.Code, example.Name });

    private static IReadOnlyList<Finding> Check(string sql, SqlEngine engine = SqlEngine.PostgreSql, RuleContext? context = null, bool versioned = true) =>
        MigrationRules.Check(File, sql, engine, context ?? new RuleContext(), versioned);

    private static void AssertClean(IReadOnlyList<Finding> findings) => Assert.IsEmpty(findings, string.Join("; ", findings));

    private static RuleExamples.Example Find(string code, string name) => RuleExamples.All.Single(example => example.Code == code && example.Name == name);

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void Each_rule_reports_its_failing_example(string code, string name)
    {
        var example = Find(code, name);

        var findings = Check(example.Failing, example.Engine);

        Assert.IsTrue(findings.Any(finding => finding.Code == code), $"{code} expected for:\n{example.Failing}\ngot: {string.Join("; ", findings)}");
    }

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void Each_rule_accepts_its_safe_rewrite(string code, string name)
    {
        var example = Find(code, name);

        var findings = Check(example.Passing, example.Engine);

        Assert.IsFalse(findings.Any(finding => finding.Code == code), $"{code} not expected for:\n{example.Passing}\ngot: {string.Join("; ", findings)}");
    }

    [TestMethod]
    public void Every_rule_has_an_example()
    {
        var rules = MigrationRules.Codes.Where(code => code != Diagnostics.RuleSettingInvalid.Code);

        CollectionAssert.AreEquivalent(rules.ToList(), RuleExamples.All.Select(example => example.Code).Distinct().ToList());
    }

    [TestMethod]
    public void The_docs_show_the_first_failing_and_passing_example_of_every_rule()
    {
        var docs = System.IO.File.ReadAllText(DocsPath()).Replace("\r\n", "\n", StringComparison.Ordinal);

        foreach (var example in RuleExamples.All.GroupBy(example => example.Code).Select(group => group.First()))
        {
            var start = docs.IndexOf($"## {example.Code}\n", StringComparison.Ordinal);
            Assert.IsGreaterThanOrEqualTo(0, start, $"no docs entry for {example.Code}");
            var end = docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            var entry = docs[start..(end < 0 ? docs.Length : end)];
            StringAssert.Contains(entry, $"```sql\n{example.Failing}\n```", $"{example.Code}: the failing example");
            StringAssert.Contains(entry, $"```sql\n{example.Passing}\n```", $"{example.Code}: the safe rewrite");
        }
    }

    private static string DocsPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "diagnostics.md");
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"No docs/diagnostics.md above {AppContext.BaseDirectory}.");
        return null!;
    }

    [TestMethod]
    public void A_finding_points_at_the_line_and_column_of_its_statement_and_is_a_warning()
    {
        var findings = Check("SET lock_timeout = '5s';\n\n  CREATE INDEX IF NOT EXISTS users_email\n    ON users (email);\n");

        var finding = Assert.ContainsSingle(findings);
        Assert.AreEqual("PARITY4001", finding.Code);
        Assert.AreEqual(Severity.Warning, finding.Severity);
        Assert.AreEqual(File, finding.File);
        Assert.AreEqual(3, finding.Line);
        Assert.AreEqual(3, finding.Column);
        StringAssert.Contains(finding.Message, "existing table users");
    }

    [TestMethod]
    public void A_table_created_by_an_earlier_new_script_is_not_an_existing_table()
    {
        var context = new RuleContext();
        Check("CREATE TABLE IF NOT EXISTS orders (id bigint, user_id bigint);", context: context);

        var findings = Check("CREATE INDEX IF NOT EXISTS orders_user ON orders (user_id);\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\nALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;", context: context);

        AssertClean(findings);
    }

    [TestMethod]
    public void A_column_added_by_a_new_script_may_be_renamed_or_made_not_null()
    {
        var findings = Check("SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN IF NOT EXISTS nick text;\nALTER TABLE users ALTER COLUMN nick SET NOT NULL;\nALTER TABLE users RENAME COLUMN nick TO nickname;");

        AssertClean(findings);
    }

    [TestMethod]
    public void Lock_timeout_is_reported_once_per_script_at_the_first_statement_that_needs_it()
    {
        var findings = Check("ALTER TABLE users ADD COLUMN IF NOT EXISTS a text;\nALTER TABLE users ADD COLUMN IF NOT EXISTS b text;\nTRUNCATE users;", versioned: false);

        var finding = Assert.ContainsSingle(findings.Where(finding => finding.Code == "PARITY4009"));
        Assert.AreEqual(1, finding.Line);
    }

    [TestMethod]
    public void Lock_timeout_set_through_set_config_counts()
    {
        var findings = Check("SELECT set_config('lock_timeout', '5s', false);\nALTER TABLE users ADD COLUMN IF NOT EXISTS a text;");

        AssertClean(findings);
    }

    [TestMethod]
    public void Validating_a_constraint_and_adding_a_foreign_key_take_no_access_exclusive_lock()
    {
        var findings = Check("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk;");

        AssertClean(findings);
    }

    [TestMethod]
    public void Mixed_data_and_schema_changes_are_only_checked_in_versioned_scripts()
    {
        var findings = Check("CREATE OR REPLACE VIEW v AS SELECT 1;\nUPDATE users SET active = true;", versioned: false);

        AssertClean(findings);
    }

    [TestMethod]
    public void The_mixed_finding_points_at_the_data_change_and_names_the_schema_change()
    {
        var findings = Check("SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN IF NOT EXISTS active boolean;\nUPDATE users SET active = true;");

        var finding = Assert.ContainsSingle(findings);
        Assert.AreEqual("PARITY4012", finding.Code);
        Assert.AreEqual(3, finding.Line);
        StringAssert.Contains(finding.Message, "UPDATE users");
        StringAssert.Contains(finding.Message, "ALTER TABLE users, line 2");
    }

    [TestMethod]
    public void The_mysql_mixed_finding_explains_the_implicit_commit()
    {
        var findings = Check("ALTER TABLE users ADD COLUMN IF NOT EXISTS a int, ALGORITHM=INSTANT;\nUPDATE users SET a = 1;", SqlEngine.MySql);

        StringAssert.Contains(Assert.ContainsSingle(findings).Message, "half applied");
    }

    [TestMethod]
    public void A_mysql_alter_that_must_copy_the_table_is_not_told_to_run_online()
    {
        var findings = Check("ALTER TABLE users MODIFY COLUMN name varchar(300) NOT NULL;\nALTER TABLE users ADD COLUMN IF NOT EXISTS id2 int AUTO_INCREMENT;", SqlEngine.MySql);

        Assert.IsFalse(findings.Any(finding => finding.Code == "PARITY4013"), string.Join("; ", findings));
    }

    [TestMethod]
    public void A_mysql_alter_that_only_adds_a_column_is_told_to_use_instant()
    {
        var finding = Assert.ContainsSingle(Check("ALTER TABLE `Users` ADD COLUMN IF NOT EXISTS a int;", SqlEngine.MySql));

        StringAssert.Contains(finding.Message, "ALGORITHM=INSTANT");
        StringAssert.Contains(finding.Message, "existing table users");
    }

    [TestMethod]
    public void PostgreSQL_only_rules_stay_silent_on_mysql()
    {
        var findings = Check("SET lock_timeout = 5;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users ADD CONSTRAINT c CHECK (a > 0);", SqlEngine.MySql);

        Assert.IsFalse(findings.Any(finding => finding.Code is "PARITY4003" or "PARITY4004" or "PARITY4009"), string.Join("; ", findings));
    }

    [TestMethod]
    public void Temporary_tables_need_no_if_not_exists()
    {
        Assert.IsEmpty(Check("CREATE TEMP TABLE scratch (id int);"));
    }

    [TestMethod]
    public void Dropping_two_tables_reports_each()
    {
        var findings = Check("SET lock_timeout = '5s';\nDROP TABLE IF EXISTS a, b CASCADE;");

        CollectionAssert.AreEqual(new[] { "Dropping table a", "Dropping table b" }, findings.Select(finding => finding.Message[..finding.Message.IndexOf(':', StringComparison.Ordinal)]).ToArray());
    }

    [TestMethod]
    public void An_explicit_ALGORITHM_even_COPY_is_the_authors_choice()
    {
        AssertClean(Check("ALTER TABLE users ADD COLUMN IF NOT EXISTS a int, ALGORITHM=COPY;", SqlEngine.MySql));
    }

    [TestMethod]
    public void Detaching_a_partition_concurrently_inside_a_transaction_is_PARITY4002()
    {
        var findings = Check("BEGIN;\nALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;\nCOMMIT;");

        StringAssert.Contains(Assert.ContainsSingle(findings).Message, "DETACH PARTITION … CONCURRENTLY inside a transaction block (the BEGIN on line 1)");
    }

    [TestMethod]
    public void Enabling_a_trigger_takes_no_access_exclusive_lock()
    {
        AssertClean(Check("ALTER TABLE users ENABLE TRIGGER users_touch;"));
    }

    [TestMethod]
    public void Quoted_and_qualified_names_are_the_same_table_as_the_database_sees_it()
    {
        var context = new RuleContext();
        Check("CREATE TABLE IF NOT EXISTS app.\"Orders\" (id int);", context: context);

        Assert.AreEqual("PARITY4001", Assert.ContainsSingle(Check("CREATE INDEX IF NOT EXISTS o ON orders (id);", context: context)).Code, "orders is not \"Orders\"");
        AssertClean(Check("CREATE INDEX IF NOT EXISTS o ON \"Orders\" (id);", context: context));
    }

    [TestMethod]
    public void COPY_FROM_changes_data_and_COPY_TO_does_not()
    {
        Assert.AreEqual("PARITY4012", Assert.ContainsSingle(Check("SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN IF NOT EXISTS a int;\nCOPY users (a) FROM STDIN;")).Code);
        AssertClean(Check("SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN IF NOT EXISTS a int;\nCOPY users TO STDOUT;"));
    }

    [TestMethod]
    public void MySQL_TRUNCATE_is_a_schema_change_that_commits()
    {
        Assert.AreEqual("PARITY4012", Assert.ContainsSingle(Check("TRUNCATE TABLE sessions;\nINSERT INTO sessions (id) VALUES (1);", SqlEngine.MySql)).Code);
        AssertClean(Check("TRUNCATE TABLE sessions;", SqlEngine.MySql));
    }
}
