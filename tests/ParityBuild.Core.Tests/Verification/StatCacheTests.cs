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
