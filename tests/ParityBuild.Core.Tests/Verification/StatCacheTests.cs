using ParityBuild.Core.Checksums;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

[TestClass]
public sealed class StatCacheTests
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static StatCache.Entry Entry(string text, long ticks = 1000) => new(10, ticks, new ScriptChecksums(new string(text[0], 64), 10), Full: false);

    [TestMethod]
    public void A_changed_entry_is_appended_and_a_later_line_wins_on_load()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("stat.cache");
        var cache = StatCache.Empty();
        cache.Set("/p/a.sql", Entry("a"), Now);
        cache.Set("/p/b.sql", Entry("b"), Now);
        cache.SaveIfChanged(path, Now);
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
    public void An_unchanged_cache_is_not_written_and_a_removed_script_rewrites_it_whole()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("stat.cache");
        var cache = StatCache.Empty();
        cache.Set("/p/a.sql", Entry("a"), Now);
        cache.Set("/p/b.sql", Entry("b"), Now);
        cache.SaveIfChanged(path, Now);
        var reloaded = StatCache.Load(path);
        reloaded.Set("/p/a.sql", Entry("a"), Now);

        Assert.IsFalse(reloaded.Changed);
        reloaded.RetainOnly(new HashSet<string> { "/p/a.sql" });
        reloaded.SaveIfChanged(path, Now);

        Assert.AreEqual(3, File.ReadAllLines(path).Length, "header, the one remaining entry and the validity line");
    }

    [TestMethod]
    public void A_script_modified_within_the_racy_window_is_not_cached()
    {
        var cache = StatCache.Empty();

        cache.Set("/p/a.sql", Entry("a", ticks: Now.AddMilliseconds(-500).Ticks), Now);

        Assert.AreEqual(0, cache.Count);
    }
}
