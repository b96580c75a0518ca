using ParityBuild.Core.Checksums;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

[TestClass]
public sealed class StatCacheTests
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    // a.sql and b.sql, saved at Now: header, two entries, a validity line.
    private static string SavedWithTwoEntries(TempFolder folder)
    {
        var path = folder.PathOf("stat.cache");
        var cache = StatCache.Empty();
        cache.Set("/p/a.sql", Entry("a"), Now);
        cache.Set("/p/b.sql", Entry("b"), Now);
        cache.SaveIfChanged(path, Now);
        return path;
    }

    private static StatCache.Entry Entry(string text, long ticks = 1000) => new(10, ticks, new ScriptChecksums(new string(text[0], 64), 10), Full: false);

    [TestMethod]
    public void A_changed_entry_is_appended_and_a_later_line_wins_on_load()
    {
        using var folder = new TempFolder();
        var path = SavedWithTwoEntries(folder);
        var lengthAfterFirstSave = new FileInfo(path).Length;

        var reloaded = StatCache.Load(path);
        reloaded.Set("/p/b.sql", Entry("c", ticks: 2000), Now);
        reloaded.SaveIfChanged(path, Now.AddMinutes(1));

        Assert.AreEqual(3 + 1 + 2, File.ReadAllLines(path).Length, "header, two entries, a validity line, one appended entry and its validity line");
        Assert.AreEqual(Now.AddMinutes(1), StatCache.Load(path).ValidAsOfUtc, "the last validity line counts");
        Assert.IsGreaterThan(lengthAfterFirstSave, new FileInfo(path).Length);
        Assert.AreEqual(new string('c', 64), StatCache.Load(path).Lookup("/p/b.sql", 10, 2000)!.Checksums.Text);
        Assert.IsNull(StatCache.Load(path).Lookup("/p/b.sql", 10, 1000));
    }

    [TestMethod]
    public void Every_field_of_an_entry_survives_a_save_and_a_load()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("stat.cache");
        var text = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("select 1;"u8)).ToLowerInvariant();
        var semantic = new string('9', 64);
        var full = new StatCache.Entry(1234, 638000000000000000, new ScriptChecksums(text, 1234, semantic, Flyway: -1039259818, FirstInvalidUtf8Offset: 17), Full: true);
        var textOnly = new StatCache.Entry(5, 638000000000000001, new ScriptChecksums(new string('0', 64), 5), Full: false);
        var cache = StatCache.Empty();
        cache.Set("/p/Migrations/V1__café and space.sql", full, Now);
        cache.Set("/p/V2.sql", textOnly, Now);
        cache.SaveIfChanged(path, Now);

        var loaded = StatCache.Load(path);
        Assert.AreEqual(full, loaded.Lookup("/p/Migrations/V1__café and space.sql", 1234, 638000000000000000));
        var read = loaded.Lookup("/p/Migrations/V1__café and space.sql")!;
        Assert.AreEqual((text, semantic, (int?)-1039259818, 17L, true), (read.Checksums.Text, read.Checksums.Semantic, read.Checksums.Flyway, read.Checksums.FirstInvalidUtf8Offset, read.Full));
        var second = loaded.Lookup("/p/V2.sql")!;
        Assert.AreEqual(textOnly, second);
        Assert.AreEqual(((string?)null, (int?)null, -1L, false), (second.Checksums.Semantic, second.Checksums.Flyway, second.Checksums.FirstInvalidUtf8Offset, second.Full));
        Assert.AreEqual(Now, loaded.ValidAsOfUtc);
    }

    [TestMethod]
    [DataRow("parity-stat-cache 2\n", DisplayName = "another version's header")]
    [DataRow("", DisplayName = "an empty file")]
    [DataRow("/p/a.sql\t10\t1000\t" + "A" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\ttext\n", DisplayName = "an uppercase checksum")]
    [DataRow("/p/a.sql\t10\t1000\taaaa\t\t\t-1\ttext\n", DisplayName = "a short checksum")]
    [DataRow("/p/a.sql\t-10\t1000\t" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\ttext\n", DisplayName = "a negative size")]
    [DataRow("/p/a.sql\t10\t1000\t" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\n", DisplayName = "a truncated line")]
    [DataRow("/p/a.sql\t10\t1000\t" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\ttext\textra\n", DisplayName = "an extra field")]
    [DataRow("#valid\tsoon\n", DisplayName = "a bad validity line")]
    public void A_damaged_or_foreign_file_loads_as_an_empty_cache(string content)
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("stat.cache");
        File.WriteAllText(path, (content.StartsWith("parity-stat-cache", StringComparison.Ordinal) || content.Length == 0 ? "" : "parity-stat-cache 3\n") + content);

        var loaded = StatCache.Load(path);

        Assert.AreEqual(0, loaded.Count);
        Assert.AreEqual(DateTime.MinValue, loaded.ValidAsOfUtc);
        Assert.IsTrue(loaded.Changed, "an empty cache is written whole at the next save");
    }

    [TestMethod]
    public void An_unchanged_cache_is_not_written_and_a_removed_script_is_forgotten_by_an_appended_line()
    {
        using var folder = new TempFolder();
        var path = SavedWithTwoEntries(folder);
        var reloaded = StatCache.Load(path);
        reloaded.Set("/p/a.sql", Entry("a"), Now);

        Assert.IsFalse(reloaded.Changed);
        reloaded.RetainOnly(new HashSet<string> { "/p/a.sql" });
        reloaded.SaveIfChanged(path, Now.AddMinutes(1));

        var lines = File.ReadAllLines(path);
        Assert.AreEqual(4 + 2, lines.Length, "the first save's four lines, then the line that forgets b.sql and a validity line");
        Assert.AreEqual("/p/b.sql\t-", lines[4]);
        var loaded = StatCache.Load(path);
        Assert.AreEqual(1, loaded.Count);
        Assert.IsNull(loaded.Lookup("/p/b.sql"));
        Assert.IsNotNull(loaded.Lookup("/p/a.sql", 10, 1000));
    }

    [TestMethod]
    public void A_cached_script_edited_just_now_is_forgotten_by_an_appended_line_and_cached_again_later()
    {
        using var folder = new TempFolder();
        var path = SavedWithTwoEntries(folder);
        var firstSave = File.ReadAllText(path);

        // Edited within the racy window of this build: its time may not change with the next edit, so it is not kept.
        var reloaded = StatCache.Load(path);
        reloaded.Set("/p/b.sql", Entry("c", ticks: Now.AddMinutes(1).AddMilliseconds(-300).Ticks), Now.AddMinutes(1));
        reloaded.SaveIfChanged(path, Now.AddMinutes(1));

        StringAssert.StartsWith(File.ReadAllText(path), firstSave, "appended, not rewritten");
        Assert.IsNull(StatCache.Load(path).Lookup("/p/b.sql"));

        var later = StatCache.Load(path);
        later.Set("/p/b.sql", Entry("c", ticks: Now.AddMinutes(1).AddMilliseconds(-300).Ticks), Now.AddMinutes(2));
        later.SaveIfChanged(path, Now.AddMinutes(2));
        Assert.AreEqual(new string('c', 64), StatCache.Load(path).Lookup("/p/b.sql")!.Checksums.Text);
    }

    [TestMethod]
    public void A_log_of_twice_as_many_lines_as_entries_is_rewritten_whole_and_sorted()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("stat.cache");
        var cache = StatCache.Empty();
        for (var i = 0; i < 100; i++)
        {
            cache.Set($"/p/{i:D3}.sql", Entry("a"), Now);
        }

        cache.SaveIfChanged(path, Now);
        for (var round = 1; round <= 3; round++)
        {
            var reloaded = StatCache.Load(path);
            reloaded.RetainOnly(Enumerable.Range(round * 30, 100 - (round * 30)).Select(i => $"/p/{i:D3}.sql"));
            for (var i = 0; i < round * 30; i++)
            {
                reloaded.Set($"/p/{i:D3}.sql", Entry("b", ticks: 1000 + round), Now);
            }

            reloaded.SaveIfChanged(path, Now.AddMinutes(round));
        }

        var lines = File.ReadAllLines(path);
        Assert.IsLessThanOrEqualTo(2 + 100, lines.Length, "the log outgrew twice its entries and was compacted");
        Assert.AreEqual(100, StatCache.Load(path).Count);
        CollectionAssert.AreEqual(lines.Skip(1).SkipLast(1).Order(StringComparer.Ordinal).ToList(), lines.Skip(1).SkipLast(1).ToList());
    }

    [TestMethod]
    public void A_script_modified_within_the_racy_window_is_not_cached()
    {
        var cache = StatCache.Empty();

        cache.Set("/p/a.sql", Entry("a", ticks: Now.AddMilliseconds(-500).Ticks), Now);

        Assert.AreEqual(0, cache.Count);
    }
}
