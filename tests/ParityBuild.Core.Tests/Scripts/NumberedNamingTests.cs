using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Scripts;

[TestClass]
public sealed class NumberedNamingTests
{
    [TestMethod]
    [DataRow("0001_init.sql", "0001", "init", DisplayName = "0001_init.sql")]
    [DataRow("001-init.sql", "001", "init", DisplayName = "001-init.sql")]
    [DataRow("12 add column.sql", "12", "add column", DisplayName = "space separator")]
    [DataRow("Script0001 - create table.sql", "0001", "create table", DisplayName = "DbUp sample style Script0001 - x.sql")]
    [DataRow("Script0002-alter.sql", "0002", "alter", DisplayName = "Script0002-alter.sql")]
    [DataRow("7.sql", "7", "", DisplayName = "number only")]
    [DataRow("db/0003_users.sql", "0003", "users", DisplayName = "only the file name counts")]
    public void Numbered_names_give_their_number_and_description(string path, string version, string description)
    {
        var name = NumberedNaming.Numbered.Parse(path);

        Assert.IsNotNull(name);
        Assert.AreEqual(MigrationKind.Versioned, name.Kind);
        Assert.AreEqual(version, name.Version!.Text);
        Assert.AreEqual(description, name.Description);
    }

    [TestMethod]
    [DataRow("init.sql", DisplayName = "no number")]
    [DataRow("V1__init.sql", DisplayName = "a Flyway name")]
    [DataRow("init_0001.sql", DisplayName = "number at the end")]
    [DataRow("0001_init.txt", DisplayName = "not .sql")]
    [DataRow("up.sql", DisplayName = "a folder script without a folder")]
    [DataRow("notes/up.sql", DisplayName = "a folder script in a folder without a number")]
    [DataRow("0001_init/readme.sql", DisplayName = "a file in a migration folder that is neither up nor down")]
    public void Names_that_do_not_start_with_a_number_are_refused(string path)
    {
        Assert.IsNull(NumberedNaming.Numbered.Parse(path));
    }

    [TestMethod]
    [DataRow("20240101120000_init.sql", MigrationKind.Versioned, "20240101120000", "init", DisplayName = "YYYYMMDDhhmmss_name.sql")]
    [DataRow("202401011200_init.sql", MigrationKind.Versioned, "202401011200", "init", DisplayName = "to the minute (12 digits)")]
    [DataRow("20240826120919_init.up.sql", MigrationKind.Versioned, "20240826120919", "init", DisplayName = "golang-migrate .up.sql")]
    [DataRow("20240826120919_init.down.sql", MigrationKind.Undo, "20240826120919", "init", DisplayName = "golang-migrate .down.sql")]
    [DataRow("20250129143720_minimum-entitlement-usageperiod.down.sql", MigrationKind.Undo, "20250129143720", "minimum-entitlement-usageperiod", DisplayName = "openmeter: hyphens in the name")]
    [DataRow("20240101120000.up.sql", MigrationKind.Versioned, "20240101120000", "", DisplayName = "no name, .up.sql")]
    [DataRow("migrations/2017-08-31-230457_invitations/up.sql", MigrationKind.Versioned, "20170831230457", "invitations", DisplayName = "Diesel dashed folder, up.sql")]
    [DataRow("2017-08-31-230457_invitations/down.sql", MigrationKind.Undo, "20170831230457", "invitations", DisplayName = "Diesel dashed folder, down.sql")]
    [DataRow("2025-11-19-091444-0000_add_trustpub_only_to_crates/up.sql", MigrationKind.Versioned, "202511190914440000", "add_trustpub_only_to_crates", DisplayName = "Diesel dashed folder with a -0000 suffix")]
    [DataRow("20140924113530_dumped_migration_1/down.sql", MigrationKind.Undo, "20140924113530", "dumped_migration_1", DisplayName = "Diesel 14-digit folder, down.sql")]
    [DataRow("2019-11-15-182353_Add email notifications to crate owners/up.sql", MigrationKind.Versioned, "20191115182353", "Add email notifications to crate owners", DisplayName = "Diesel folder with spaces and capitals")]
    [DataRow("00000000000000_diesel_initial_setup/up.sql", MigrationKind.Versioned, "00000000000000", "diesel_initial_setup", DisplayName = "Diesel's initial setup")]
    public void Timestamped_names_give_their_version_direction_and_description(string path, MigrationKind kind, string version, string description)
    {
        var name = NumberedNaming.Timestamp.Parse(path);

        Assert.IsNotNull(name);
        Assert.AreEqual(kind, name.Kind);
        Assert.AreEqual(version, name.Version!.Text);
        Assert.AreEqual(description, name.Description);
    }

    [TestMethod]
    [DataRow("0001_init.sql", DisplayName = "too few digits for a timestamp")]
    [DataRow("20240101120_init.sql", DisplayName = "11 digits")]
    [DataRow("data_oauth_github.sql", DisplayName = "crates.io: loose data file")]
    [DataRow("up.sql", DisplayName = "up.sql at the root")]
    [DataRow("migrations/up.sql", DisplayName = "up.sql in a folder without a timestamp")]
    [DataRow("2024_init/up.sql", DisplayName = "folder with a short number")]
    [DataRow("20240101120000_init/up.SQL.txt", DisplayName = "not .sql")]
    [DataRow("20240101120000_init/metadata.sql", DisplayName = "a folder script that is neither up nor down")]
    public void Names_without_a_timestamp_are_refused(string path)
    {
        Assert.IsNull(NumberedNaming.Timestamp.Parse(path));
    }

    [TestMethod]
    public void Diesel_dashes_are_removed_before_versions_are_compared()
    {
        var dashed = NumberedNaming.Timestamp.Parse("2017-08-31-230457_invitations/up.sql")!;
        var plain = NumberedNaming.Timestamp.Parse("20170831230457_invitations/up.sql")!;

        Assert.AreEqual(plain.Version, dashed.Version);
        Assert.IsTrue(NumberedNaming.Timestamp.Parse("20170419191234_x/up.sql")!.Version! < dashed.Version!);
    }

    // Diesel removes the dashes and compares the versions as strings, so the 18-digit "-0000" versions that diesel CLI 2
    // writes sort among the 14-digit ones by date. crates.io has 2025-12-29-110242-0000_… followed by 2026-01-20-162913_….
    [TestMethod]
    public void Diesel_versions_with_a_0000_suffix_sort_by_date_among_plain_ones()
    {
        var december = NumberedNaming.Timestamp.Parse("2025-12-29-110242-0000_add_distribution_to_cloudfront_invalidation_queue/up.sql")!;
        var january = NumberedNaming.Timestamp.Parse("2026-01-20-162913_oauth_github_table/up.sql")!;

        Assert.IsTrue(
            december.Version!.CompareTo(january.Version) < 0,
            $"2025-12-29 ({december.Version}) should sort before 2026-01-20 ({january.Version}), as Diesel applies them");
    }

    [TestMethod]
    public void A_timestamp_and_its_down_script_have_equal_versions()
    {
        var up = NumberedNaming.Timestamp.Parse("20240826120919_init.up.sql")!;
        var down = NumberedNaming.Timestamp.Parse("20240826120919_init.down.sql")!;

        Assert.AreEqual(up.Version, down.Version);
        Assert.AreNotEqual(up.Kind, down.Kind);
    }

    [TestMethod]
    public void Postgrator_do_and_undo_scripts_are_a_version_and_its_undo()
    {
        var up = NumberedNaming.Numbered.Parse("migrations/001.do.create_users.sql")!;
        var down = NumberedNaming.Numbered.Parse("migrations/001.undo.create_users.sql")!;
        var bare = NumberedNaming.Numbered.Parse("migrations/002.do.sql")!;

        Assert.AreEqual(MigrationKind.Versioned, up.Kind);
        Assert.AreEqual("create_users", up.Description);
        Assert.AreEqual(MigrationKind.Undo, down.Kind);
        Assert.AreEqual(up.Version, down.Version);
        Assert.AreEqual("2", bare.Version!.Normalized);
        Assert.IsNull(NumberedNaming.Numbered.Parse("migrations/001.redo.x.sql"));
    }

    [TestMethod]
    [DataRow("liquibase")]
    [DataRow("sqitch")]
    public void Liquibase_and_sqitch_scripts_are_known_by_name(string naming)
    {
        var name = NamingConvention.Resolve(naming).Parse("deploy/users.sql")!;

        Assert.AreEqual(MigrationKind.Versioned, name.Kind);
        Assert.AreEqual("users", name.Version!.Text);
    }

    private static readonly string[] TrickyNames =
    [
        "0001_init.sql", "001-init.sql", "0001__double.sql", "0001_ padded .sql", "0001_.sql", "0001-.sql", "0001.sql",
        "0001_2.sql", "001-002.sql", "001-002_x.sql", "2017-08-31-230457_x.sql", "0001_x.up.sql", "0001_x.down.sql",
        "0001_.up.sql", "0001.up.sql", "0001.down.sql", "0001_up.sql", "0001_x.up.up.sql", "0001_x.UP.sql", "0001_a.b.sql",
        "001.do.create-users.sql", "001.undo.create-users.sql", "1.do.sql", "1.undo.sql", "002.do..sql", "003.do.v1.2.sql",
        "004.do.x.up.sql", "005.done.sql", "006.dox.sql", "007.do.sqlx", "008.x.sql", "009.DO.x.sql", "0010_x.SQL",
        "12 add column.sql", "12-add.sql", "Script0001 - create table.sql", "20240101120000_init.up.sql", "202401011200.sql",
        "12\u0663_x.sql", "12-\u0663_x.sql", "0001\t_x.sql", "0001 _x.sql", "0001-\u00e9t\u00e9.sql",
    ];

    [TestMethod]
    public void The_hand_read_common_forms_read_every_name_as_the_regex_does_in_the_corpora_and_in_tricky_cases()
    {
        var root = Support.Corpus.RequireRoot();
        var paths = Support.Corpus.Files(root).Where(path => path.EndsWith(".sql", StringComparison.Ordinal)).Concat(TrickyNames).ToList();
        var read = 0;
        foreach (var naming in new[] { NumberedNaming.Numbered, NumberedNaming.Timestamp })
        {
            foreach (var path in paths)
            {
                var fileName = path[(path.LastIndexOf('/') + 1)..];
                if (naming.ParseCommonForm(fileName) is not { } common)
                {
                    continue;
                }

                read++;
                var byRegex = naming.ParseByRegex(path, fileName);
                Assert.IsNotNull(byRegex, $"{naming.Name}: {path}");
                Assert.AreEqual(byRegex.Kind, common.Kind, $"{naming.Name}: {path}");
                Assert.AreEqual(byRegex.Version!.Text, common.Version!.Text, $"{naming.Name}: {path}");
                Assert.AreEqual(byRegex.Version.Normalized, common.Version.Normalized, $"{naming.Name}: {path}");
                Assert.AreEqual(byRegex.Description, common.Description, $"{naming.Name}: {path}");
            }
        }

        // Not a test that could pass by reading nothing: the corpora's numbered and timestamped names take the fast path.
        Assert.IsGreaterThan(500, read);
    }

    [TestMethod]
    [DataRow("0001_init.sql")]
    [DataRow("001.do.create-users.sql")]
    [DataRow("20240101120000_init.down.sql")]
    [DataRow("0001.sql")]
    public void The_common_forms_are_read_without_the_regex(string fileName)
    {
        Assert.IsNotNull(NumberedNaming.Numbered.ParseCommonForm(fileName));
    }

    [TestMethod]
    [DataRow("001.do.create-users.sql")]
    [DataRow("1.do.sql")]
    [DataRow("002.do..sql")]
    [DataRow("003.do.v1.2.sql")]
    [DataRow("004.do.sql.sql")]
    [DataRow("005.undo.create-users.sql")]
    [DataRow("005.undo.sql")]
    [DataRow("005.undone.sql")]
    [DataRow("013.sql")]
    [DataRow("006.dox.sql")]
    [DataRow("007.do.sqlx")]
    [DataRow("008.do")]
    [DataRow("009.DO.x.sql")]
    [DataRow("010.do.x.SQL")]
    [DataRow("abc.do.x.sql")]
    [DataRow(".do.x.sql")]
    [DataRow("011do.x.sql")]
    [DataRow("012")]
    [DataRow("V13__x.sql")]
    public void Postgrator_script_names_are_read_as_postgrators_own_regex_reads_them(string fileName)
    {
        // postgrator's getMigrations pattern, with ASCII digits (a version is a number to postgrator).
        var match = System.Text.RegularExpressions.Regex.Match(fileName, @"^(?<version>[0-9]+)\.(?<action>do|undo)(?:\.(?<name>.*))?\.sql$");
        (string, bool, string)? expected = match.Success ? (match.Groups["version"].Value, match.Groups["action"].Value == "undo", match.Groups["name"].Value) : null;

        (string, bool, string)? read = PostgratorScriptName.TryParse(fileName, out var version, out var undo, out var name) ? (version.ToString(), undo, name.ToString()) : null;
        Assert.AreEqual(expected, read);
    }
}
