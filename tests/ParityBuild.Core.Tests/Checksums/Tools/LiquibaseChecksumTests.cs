using System.Text;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts.Liquibase;
using static ParityBuild.Core.Tests.Checksums.Tools.LiquibasePublishedChangelogs;

namespace ParityBuild.Core.Tests.Checksums.Tools;

[TestClass]
public sealed class LiquibaseChecksumTests
{
    [TestMethod]
    [DataRow(Lobby, "elyutinmaks", "4", "8:2d0ce4723c5a5329ebe2a1bfea1be763")]
    [DataRow(Product, "kbiernat", "3", "8:c26df93da243f3816107b3afa77aad87")]
    [DataRow(ExecutionDays, "raneva", "core_0038", "8:0f35d115f83fa7e649f2c6ef37835bb5")]
    [DataRow(Params, "tianqing.guo", "12", "8:2a27a2ad4a81e31338a2c617459bc9b8")]
    public void Published_v8_checksums_are_reproduced(string changelog, string author, string id, string expected)
    {
        Assert.AreEqual(expected, LiquibaseChecksum.Compute(Find(changelog, author, id), LiquibaseChecksumVersion.V8));
    }

    [TestMethod]
    [DataRow(CamperPlace, "kacper", "8", "9:32e2d2e47530bb70921a6b6cd5c151a4")]
    [DataRow(Users, "kacper", "1", "9:af2f21bb0cbe31382ee86bf40abc6f60")]
    [DataRow(Roles, "kacper", "6", "9:67df7d0a46640c076144a0f4ecc14f21")]
    [DataRow(BarMenu, "maxim", "add-bar-menu-items-001", "9:055772c432e85a2ac515ed63830b6dee")]
    [DataRow(ProductType, "flex", "product-type-create", "9:18e48392eb1f925c51a26ae97dc35b4d")]
    [DataRow(PartyMembership, "flex", "party-membership-create", "9:9c93025c532e68d17e432e60b3dc0ed6")]
    public void Published_v9_checksums_are_reproduced(string changelog, string author, string id, string expected)
    {
        Assert.AreEqual(expected, LiquibaseChecksum.Compute(Find(changelog, author, id), LiquibaseChecksumVersion.V9));
    }

    [TestMethod]
    [DataRow(Lobby)]
    [DataRow(ExecutionDays)]
    [DataRow(PartyMembership)]
    public void Crlf_and_cr_line_endings_give_the_same_checksums(string changelog)
    {
        foreach (var ending in new[] { "\r\n", "\r" })
        {
            var converted = FormattedSqlChangelog.Parse(changelog.Replace("\n", ending, StringComparison.Ordinal));
            var original = FormattedSqlChangelog.Parse(changelog);
            for (var i = 0; i < original.Changesets.Count; i++)
            {
                foreach (var version in new[] { LiquibaseChecksumVersion.V8, LiquibaseChecksumVersion.V9 })
                {
                    Assert.AreEqual(
                        LiquibaseChecksum.Compute(original.Changesets[i], version),
                        LiquibaseChecksum.Compute(converted.Changesets[i], version));
                }
            }
        }
    }

    /// <summary>Expected strings from Liquibase's AbstractSQLChangeTest.normalizeSql_V8 (header "x:true:false:").</summary>
    [TestMethod]
    [DataRow("single line String", "single line String")]
    [DataRow("single line string with whitespace", "single line string with      whitespace")]
    [DataRow("multiple line string", "\r\nmultiple\r\nline\r\nstring\r\n")]
    [DataRow("multiple line string", "\rmultiple\rline\rstring\r")]
    [DataRow("multiple line string", "\nmultiple\nline\nstring\n")]
    [DataRow("a line with double newlines", "\n\na\nline \n with \r\n \r\n double \n \n \n \n newlines")]
    [DataRow("", "    ")]
    [DataRow("", " \n \n \n   \n  ")]
    [DataRow("INSERT INTO recommendation_list(instanceId, name, publicId) SELECT DISTINCT instanceId, \"default\" as name, \"default\" as publicId FROM recommendation;",
        "INSERT INTO \n    recommendation_list(instanceId, name, publicId)\nSELECT \n    DISTINCT \n        instanceId, \n          \"default\" as name, \n          \"default\" as publicId\n   FROM \n       recommendation;")]
    public void The_v8_stream_collapses_whitespace_as_liquibase_tests_expect(string expected, string sql)
    {
        Assert.AreEqual("x:true:false:" + expected, Encoding.UTF8.GetString(LiquibaseChecksum.NormalizeV8(sql, "x", true, false)));
    }

    /// <summary>Expected strings from Liquibase's AbstractSQLChangeTest.normalizeSql_latest.</summary>
    [TestMethod]
    [DataRow("singlelineString", "single line String")]
    [DataRow("multiplelinestring", "\r\nmultiple\r\nline\r\nstring\r\n")]
    [DataRow("alinewithdoublenewlines", "\n\na\nline \n with \r\n \r\n double \n \n \n \n newlines")]
    [DataRow("", " \n \n \n   \n  ")]
    public void The_v9_stream_drops_all_whitespace_as_liquibase_tests_expect(string expected, string sql)
    {
        Assert.AreEqual(expected, Encoding.UTF8.GetString(LiquibaseChecksum.NormalizeV9(sql)));
    }

    [TestMethod]
    public void A_long_run_of_spaces_is_one_space_in_v8_as_in_liquibases_buffer_handoff_test()
    {
        var sql = "a line with a lot of: wait for it...." + new string(' ', 329) + "spaces";
        Assert.AreEqual("x:true:false:a line with a lot of: wait for it.... spaces", Encoding.UTF8.GetString(LiquibaseChecksum.NormalizeV8(sql, "x", true, false)));
    }

    /// <summary>Liquibase's AbstractSQLChangeTest.generateCheckSum_changesBasedOnParams_v8 and _latest.</summary>
    [TestMethod]
    [DataRow("--changeset a:1 splitStatements:false")]
    [DataRow("--changeset a:1 endDelimiter:X")]
    [DataRow("--changeset a:1 stripComments:false")]
    public void Split_strip_and_delimiter_attributes_change_v8_but_not_v9(string changesetLine)
    {
        var plain = FormattedSqlChangelog.Parse("--liquibase formatted sql\n--changeset a:1\nSOME SQL\n").Changesets[0];
        var varied = FormattedSqlChangelog.Parse($"--liquibase formatted sql\n{changesetLine}\nSOME SQL\n").Changesets[0];
        Assert.AreNotEqual(LiquibaseChecksum.Compute(plain, LiquibaseChecksumVersion.V8), LiquibaseChecksum.Compute(varied, LiquibaseChecksumVersion.V8));
        Assert.AreEqual(LiquibaseChecksum.Compute(plain, LiquibaseChecksumVersion.V9), LiquibaseChecksum.Compute(varied, LiquibaseChecksumVersion.V9));
    }

    [TestMethod]
    public void Comments_count_in_both_versions()
    {
        var plain = FormattedSqlChangelog.Parse("--liquibase formatted sql\n--changeset a:1\nselect 1;\n").Changesets[0];
        var commented = FormattedSqlChangelog.Parse("--liquibase formatted sql\n--changeset a:1\n-- why\nselect 1;\n").Changesets[0];
        Assert.AreNotEqual(LiquibaseChecksum.Compute(plain, LiquibaseChecksumVersion.V8), LiquibaseChecksum.Compute(commented, LiquibaseChecksumVersion.V8));
        Assert.AreNotEqual(LiquibaseChecksum.Compute(plain, LiquibaseChecksumVersion.V9), LiquibaseChecksum.Compute(commented, LiquibaseChecksumVersion.V9));
    }

    [TestMethod]
    public void Matches_picks_the_version_from_the_stored_prefix()
    {
        var changeset = Find(Lobby, "elyutinmaks", "5");
        Assert.IsTrue(LiquibaseChecksum.Matches(LiquibaseChecksum.Compute(changeset, LiquibaseChecksumVersion.V8), changeset));
        Assert.IsTrue(LiquibaseChecksum.Matches(LiquibaseChecksum.Compute(changeset, LiquibaseChecksumVersion.V9), changeset));
        Assert.IsFalse(LiquibaseChecksum.Matches("9:00000000000000000000000000000000", changeset));
    }

    [TestMethod]
    public void A_listed_valid_checksum_is_accepted_as_liquibase_accepts_it()
    {
        var changeset = Find(ExecutionDays, "raneva", "core_0038");
        Assert.AreEqual(LiquibaseChecksumComparison.Match, LiquibaseChecksum.Compare("8:0f35d115f83fa7e649f2c6ef37835bb5", changeset));
        Assert.AreEqual(LiquibaseChecksumComparison.AcceptedByValidCheckSum, LiquibaseChecksum.Compare("8:3d84d3c36cdbfb1bf51b6e3e8be8737e", changeset));
        Assert.AreEqual(LiquibaseChecksumComparison.AcceptedByValidCheckSum, LiquibaseChecksum.Compare("9:ffffffffffffffffffffffffffffffff", Find(BarMenu, "maxim", "add-bar-menu-items-001")));
    }

    [TestMethod]
    public void Version_7_and_unprefixed_values_are_reported_as_unsupported()
    {
        var changeset = Find(Product, "kbiernat", "3");
        Assert.AreEqual(LiquibaseChecksumComparison.UnsupportedVersion, LiquibaseChecksum.Compare("7:c26df93da243f3816107b3afa77aad87", changeset));
        Assert.AreEqual(LiquibaseChecksumComparison.UnsupportedVersion, LiquibaseChecksum.Compare("c26df93da243f3816107b3afa77aad87", changeset));
        Assert.ThrowsExactly<NotSupportedException>(() => LiquibaseChecksum.Matches("7:c26df93da243f3816107b3afa77aad87", changeset));
    }

    [TestMethod]
    public void Any_as_valid_checksum_accepts_every_stored_value()
    {
        var changeset = FormattedSqlChangelog.Parse("--liquibase formatted sql\n--changeset a:1\n--validCheckSum: ANY\nselect 1;\n").Changesets[0];
        Assert.IsTrue(LiquibaseChecksum.Matches("7:whatever", changeset));
    }

    private static FormattedSqlChangeset Find(string changelog, string author, string id) =>
        FormattedSqlChangelog.Parse(changelog).Changesets.Single(c => c.Author == author && c.Id == id);
}
