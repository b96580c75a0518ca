using ParityBuild.Core.Scripts.Liquibase;

namespace ParityBuild.Core.Tests.Checksums.Tools;

[TestClass]
public sealed class FormattedSqlChangelogTests
{
    private const string Changelog = """
        --liquibase formatted sql logicalFilePath:db/main.sql

        --property name:table value:people

        --changeset nvoxland:1
        --comment: creates the table
        create table ${table} (
            id int primary key -- the key
        );
        --rollback drop table ${table};

        --changeset "n voxland":"change 2" stripComments:false splitStatements:false endDelimiter:X runOnChange:true runAlways:true context:y dbms:mysql labels:l1
        --validCheckSum: 8:abc
        --preconditions onFail:MARK_RAN
        --precondition-sql-check expectedResult:0 select count(*) from x
        insert into people values (1);
        --rollback not required
        """;

    [TestMethod]
    public void Changesets_carry_author_id_start_line_and_sql_without_directives()
    {
        var changelog = FormattedSqlChangelog.Parse(Changelog);
        Assert.AreEqual("db/main.sql", changelog.LogicalFilePath);
        Assert.HasCount(2, changelog.Changesets);
        var first = changelog.Changesets[0];
        Assert.AreEqual("nvoxland", first.Author);
        Assert.AreEqual("1", first.Id);
        Assert.AreEqual(5, first.StartLine);
        Assert.AreEqual("create table people (\n    id int primary key -- the key\n);", first.Sql);
        Assert.AreEqual("drop table people;", first.Rollback);
        Assert.AreEqual("creates the table", first.Comment);
        Assert.IsTrue(first.SplitStatements);
        Assert.IsTrue(first.StripComments);
        Assert.IsNull(first.EndDelimiter);
    }

    [TestMethod]
    public void Changeset_attributes_are_read_as_liquibase_reads_them()
    {
        var second = FormattedSqlChangelog.Parse(Changelog).Changesets[1];
        Assert.AreEqual("n voxland", second.Author);
        Assert.AreEqual("change 2", second.Id);
        Assert.IsFalse(second.StripComments);
        Assert.IsFalse(second.SplitStatements);
        Assert.AreEqual("X", second.EndDelimiter);
        Assert.IsTrue(second.RunOnChange);
        Assert.IsTrue(second.RunAlways);
        Assert.AreEqual("y", second.Context);
        Assert.AreEqual("mysql", second.Dbms);
        Assert.AreEqual("l1", second.Labels);
        CollectionAssert.AreEqual(new[] { "8:abc" }, second.ValidCheckSums.ToArray());
        Assert.HasCount(2, second.Preconditions);
        Assert.AreEqual("insert into people values (1);", second.Sql);
        Assert.AreEqual("not required", second.Rollback);
    }

    [TestMethod]
    public void A_trailing_slash_makes_the_last_changeset_use_liquibases_oracle_delimiter()
    {
        var changeset = FormattedSqlChangelog.Parse("--liquibase formatted sql\n--changeset a:1\nbegin null; end;\n/\n").Changesets[0];
        Assert.AreEqual("\n/$", changeset.EndDelimiter);
    }

    [TestMethod]
    public void A_changeset_without_sql_followed_by_another_is_refused_like_liquibase_refuses_it()
    {
        var error = Assert.ThrowsExactly<FormattedSqlChangelogException>(() =>
            FormattedSqlChangelog.Parse("--liquibase formatted sql\n--changeset a:1\n--rollback x\n--changeset a:2\nselect 1;\n"));
        Assert.AreEqual(4, error.Line);
    }

    [TestMethod]
    public void A_space_between_author_and_id_is_refused()
    {
        Assert.ThrowsExactly<FormattedSqlChangelogException>(() => FormattedSqlChangelog.Parse("--liquibase formatted sql\n--changeset a: 1\nselect 1;\n"));
    }

    [TestMethod]
    public void Ignored_lines_are_not_sql()
    {
        var changeset = FormattedSqlChangelog.Parse("--liquibase formatted sql\n--changeset a:1\nselect 1;\n--ignoreLines:start\nselect 2;\n--ignoreLines:end\n--ignoreLines:1\nselect 3;\nselect 4;\n").Changesets[0];
        Assert.AreEqual("select 1;\nselect 4;", changeset.Sql);
    }

    [TestMethod]
    public void A_multi_line_rollback_block_is_rollback()
    {
        var changeset = FormattedSqlChangelog.Parse("--liquibase formatted sql\n--changeset a:1\nselect 1;\n/* liquibase rollback\ndrop table t;\n*/\n").Changesets[0];
        Assert.AreEqual("select 1;", changeset.Sql);
        Assert.AreEqual("drop table t;", changeset.Rollback);
    }

    [TestMethod]
    public void Only_a_first_line_naming_the_format_is_a_formatted_changelog()
    {
        Assert.IsTrue(FormattedSqlChangelog.IsFormattedSql("\uFEFF\n  -- liquibase formatted sql\n"));
        Assert.IsFalse(FormattedSqlChangelog.IsFormattedSql("create table t (id int);\n--liquibase formatted sql\n"));
    }

    [TestMethod]
    public void Parameters_from_outside_win_over_properties_in_the_file()
    {
        var changeset = FormattedSqlChangelog.Parse(Changelog, new Dictionary<string, string> { ["table"] = "persons" }).Changesets[0];
        Assert.AreEqual("drop table persons;", changeset.Rollback);
    }
}
