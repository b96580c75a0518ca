using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Scripts;

[TestClass]
public sealed class MigrationVersionTests
{
    private static MigrationVersion V(string text) => MigrationVersion.ParseNumeric(text);

    [TestMethod]
    public void Version_1_10_sorts_after_1_9()
    {
        Assert.IsTrue(V("1.10") > V("1.9"));
        Assert.IsTrue(V("1.9") < V("1.10"));
    }

    [TestMethod]
    public void Dotted_and_underscored_versions_are_equal()
    {
        Assert.AreEqual(V("1.2"), V("1_2"));
        Assert.AreEqual(V("1.2").GetHashCode(), V("1_2").GetHashCode());
        Assert.AreEqual("1.2", V("1_2").Text);
    }

    [TestMethod]
    public void Trailing_zero_parts_are_ignored_so_2_equals_2_0()
    {
        Assert.AreEqual(V("2"), V("2.0"));
        Assert.AreEqual(V("2"), V("2.0.0"));
        Assert.AreEqual(V("2").GetHashCode(), V("2.0").GetHashCode());
        Assert.AreEqual(V("2").Normalized, V("2.0").Normalized);
        Assert.AreEqual(0, V("2").CompareTo(V("2.0")));
    }

    [TestMethod]
    public void Leading_zeros_are_ignored_in_comparison_but_kept_in_the_text()
    {
        var version = V("07_00_00_001");
        Assert.AreEqual(V("7.0.0.1"), version);
        Assert.AreEqual("07.00.00.001", version.Text);
        Assert.AreEqual("7.0.0.1", version.Normalized);
        Assert.AreEqual(V("07.00.00.001"), V("7.0.0.01"));
    }

    [TestMethod]
    public void A_zero_part_in_the_middle_still_counts()
    {
        Assert.AreNotEqual(V("1.0.1"), V("1.1"));
        Assert.IsTrue(V("1.0.1") < V("1.1"));
        Assert.AreEqual("1.0.1", V("01.00.01").Normalized);
    }

    [TestMethod]
    public void A_version_of_only_zeros_is_zero()
    {
        Assert.AreEqual(V("0"), V("00000000000000"));
        Assert.AreEqual("0", V("00000000000000").Normalized);
        Assert.IsTrue(V("0") < V("0.1"));
    }

    // The same three orderings as in a real project each: the tool applies them in this order.
    [TestMethod]
    [DataRow("4_99_1561608282", "4_100", DisplayName = "uaa: epoch part 4_99_1561608282 before 4_100")]
    [DataRow("4_100", "4_101_1631562784", DisplayName = "uaa: 4_100 before 4_101_1631562784")]
    [DataRow("4_99_1575367461", "4_101_1631562784", DisplayName = "uaa: 4_99_<epoch> before 4_101_<epoch>")]
    [DataRow("4_7_0_1", "4_9_2", DisplayName = "uaa: 4_7_0_1 before 4_9_2")]
    [DataRow("6.5.0.9", "6.5.0.10", DisplayName = "dataverse: 6.5.0.9 before 6.5.0.10")]
    [DataRow("6.5.0.10", "6.10.1.1", DisplayName = "dataverse: 6.5.0.10 before 6.10.1.1")]
    [DataRow("4.11", "5.13.0.1", DisplayName = "dataverse: 4.11 before 5.13.0.1")]
    [DataRow("06_01_00_01", "07_00_00_001", DisplayName = "stroom: 06_01_00_01 before 07_00_00_001")]
    [DataRow("07_00_00_001", "07_00_00_2107", DisplayName = "stroom: 3-digit part before 4-digit part")]
    [DataRow("07_00_00_099", "07_00_00_100", DisplayName = "stroom: 099 before 100")]
    [DataRow("1.9", "1.10", DisplayName = "1.9 before 1.10")]
    [DataRow("1", "1.0.1", DisplayName = "1 before 1.0.1")]
    [DataRow("20140924113530", "20170831230457", DisplayName = "timestamps of equal length")]
    [DataRow("9", "10", DisplayName = "9 before 10")]
    public void Numeric_versions_sort_part_by_part_as_numbers(string earlier, string later)
    {
        Assert.IsTrue(V(earlier).CompareTo(V(later)) < 0, $"{earlier} should sort before {later}");
        Assert.IsTrue(V(later).CompareTo(V(earlier)) > 0, $"{later} should sort after {earlier}");
        Assert.AreNotEqual(V(earlier), V(later));
    }

    [TestMethod]
    public void Named_versions_compare_ordinally_as_DbUp_sorts_script_names()
    {
        var names = new[] { "202310231329 Alter Bundles2", "202310231329 Alter Bundles", "b", "202310231329 Alter Bundles1", "B", "a" }
            .Select(MigrationVersion.Named)
            .Order()
            .Select(version => version.Text)
            .ToList();

        Assert.AreSequenceEqual(
            new[] { "202310231329 Alter Bundles", "202310231329 Alter Bundles1", "202310231329 Alter Bundles2", "B", "a", "b" },
            names);
    }

    [TestMethod]
    public void Named_versions_are_equal_only_when_their_text_is()
    {
        Assert.AreEqual(MigrationVersion.Named("x"), MigrationVersion.Named("x"));
        Assert.AreNotEqual(MigrationVersion.Named("x"), MigrationVersion.Named("X"));
        Assert.AreNotEqual(MigrationVersion.Named("1.2"), MigrationVersion.Named("1_2"));
        Assert.IsFalse(MigrationVersion.Named("x").IsNumeric);
    }

    [TestMethod]
    public void Numeric_versions_sort_before_named_ones()
    {
        Assert.IsTrue(V("99999").CompareTo(MigrationVersion.Named("0")) < 0);
        Assert.IsTrue(MigrationVersion.Named("0").CompareTo(V("1")) > 0);
        Assert.AreNotEqual(V("1"), MigrationVersion.Named("1"));
    }

    [TestMethod]
    [DataRow("", DisplayName = "empty")]
    [DataRow("1..2", DisplayName = "empty middle part")]
    [DataRow("1.", DisplayName = "trailing separator")]
    [DataRow(".1", DisplayName = "leading separator")]
    [DataRow("1.a", DisplayName = "a letter")]
    [DataRow("-1", DisplayName = "a sign")]
    [DataRow(" 1", DisplayName = "a space")]
    [DataRow("1-2", DisplayName = "a dash")]
    [DataRow("١٢", DisplayName = "non-ASCII digits")]
    public void Text_that_is_not_digits_and_separators_is_not_a_numeric_version(string text)
    {
        Assert.IsFalse(MigrationVersion.TryParseNumeric(text, out _));
        Assert.ThrowsExactly<FormatException>(() => MigrationVersion.ParseNumeric(text));
    }

    [TestMethod]
    public void A_very_long_version_part_compares_without_overflow()
    {
        Assert.IsTrue(V("1.99999999999999999999999") < V("1.100000000000000000000000"));
        Assert.IsTrue(V("99999999999999999999") < V("100000000000000000000"));
    }

    [TestMethod]
    public void Null_sorts_first()
    {
        Assert.IsTrue(V("1").CompareTo(null) > 0);
        Assert.IsFalse(V("1").Equals(null));
    }

    [TestMethod]
    public void A_single_part_compares_and_hashes_as_the_same_version_written_with_more_parts()
    {
        // A single part is kept without an array: it must still equal, hash and order as its longer spellings.
        string[][] alike = [["7", "007", "7.0", "7_0_0"], ["0", "000", "0.0"], ["10", "10.0.0"]];
        foreach (var group in alike)
        {
            var versions = group.Select(MigrationVersion.ParseNumeric).ToList();
            Assert.IsTrue(versions.All(version => version.Equals(versions[0]) && version.GetHashCode() == versions[0].GetHashCode()), string.Join(", ", group));
            Assert.IsTrue(versions.All(version => version.Normalized == versions[0].Normalized && version.IsNumeric), string.Join(", ", group));
        }

        Assert.IsTrue(MigrationVersion.ParseNumeric("7") < MigrationVersion.ParseNumeric("7.0.1"));
        Assert.IsTrue(MigrationVersion.ParseNumeric("7.0.1") < MigrationVersion.ParseNumeric("10"));
        Assert.IsTrue(MigrationVersion.ParseNumeric("999") < MigrationVersion.Named("a"), "Numeric versions sort before named ones.");
        Assert.AreEqual("7", MigrationVersion.ParseNumeric("7_0").Normalized);
        Assert.AreEqual("7.0", MigrationVersion.ParseNumeric("7_0").Text);
    }
}
