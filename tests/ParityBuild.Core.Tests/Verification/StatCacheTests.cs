using ParityBuild.Core.Checksums;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Verification;

[TestClass]
public sealed class StatCacheTests
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    // a.sql and b.sql: header, two entries.
    private static string SavedWithTwoEntries(TempFolder folder)
    {
        var path = folder.PathOf("stat.cache");
        var cache = StatCache.Empty();
        cache.Set("/p/a.sql", Entry("a"), Now);
        cache.Set("/p/b.sql", Entry("b"), Now);
        cache.SaveIfChanged(path);
        return path;
    }

    private static StatCache.Entry Entry(string text, long ticks = 1000, ulong inode = 77, long changed = 1500) =>
        new(10, ticks, inode, changed, new ScriptChecksums(new string(text[0], 64), 10), Full: false);

    // The entry the cache holds for a stat equal to the one it was recorded with.
    private static StatCache.Entry? Find(StatCache cache, string path, StatCache.Entry like) =>
        cache.Lookup(path, new FileStat(like.Length, like.ModifiedTicks, null, null, like.Inode, like.ChangedTicks));

    [TestMethod]
    public void A_changed_entry_is_appended_and_a_later_line_wins_on_load()
    {
        using var folder = new TempFolder();
        var path = SavedWithTwoEntries(folder);
        var lengthAfterFirstSave = new FileInfo(path).Length;

        var reloaded = StatCache.Load(path);
        reloaded.Set("/p/b.sql", Entry("c", ticks: 2000), Now);
        reloaded.SaveIfChanged(path);

        Assert.AreEqual(3 + 1, File.ReadAllLines(path).Length, "header, two entries, one appended entry");
        Assert.IsGreaterThan(lengthAfterFirstSave, new FileInfo(path).Length);
        Assert.AreEqual(new string('c', 64), Find(StatCache.Load(path), "/p/b.sql", Entry("c", ticks: 2000))!.Checksums.Text);
        Assert.IsNull(Find(StatCache.Load(path), "/p/b.sql", Entry("b")));
    }

    [TestMethod]
    public void Every_field_of_an_entry_survives_a_save_and_a_load()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("stat.cache");
        var text = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("select 1;"u8)).ToLowerInvariant();
        var semantic = new string('9', 64);
        var full = new StatCache.Entry(1234, 638000000000000000, ulong.MaxValue, 638000000000000005, new ScriptChecksums(text, 1234, semantic, Flyway: -1039259818, FirstInvalidUtf8Offset: 17), Full: true);
        var textOnly = new StatCache.Entry(5, 638000000000000001, 0, 0, new ScriptChecksums(new string('0', 64), 5), Full: false);
        var cache = StatCache.Empty();
        cache.Set("/p/Migrations/V1__café and space.sql", full, Now);
        cache.Set("/p/V2.sql", textOnly, Now);
        cache.SaveIfChanged(path);

        var loaded = StatCache.Load(path);
        var read = Find(loaded, "/p/Migrations/V1__café and space.sql", full)!;
        Assert.AreEqual(full, read);
        Assert.AreEqual((text, semantic, (int?)-1039259818, 17L, true), (read.Checksums.Text, read.Checksums.Semantic, read.Checksums.Flyway, read.Checksums.FirstInvalidUtf8Offset, read.Full));
        var second = Find(loaded, "/p/V2.sql", textOnly)!;
        Assert.AreEqual(textOnly, second);
        Assert.AreEqual(((string?)null, (int?)null, -1L, false), (second.Checksums.Semantic, second.Checksums.Flyway, second.Checksums.FirstInvalidUtf8Offset, second.Full));
    }

    [TestMethod]
    [DataRow(11L, 1000L, 77UL, 1500L, DisplayName = "another size")]
    [DataRow(10L, 1001L, 77UL, 1500L, DisplayName = "another modification time")]
    [DataRow(10L, 1000L, 78UL, 1500L, DisplayName = "another inode (a file replaced by a rename)")]
    [DataRow(10L, 1000L, 77UL, 1501L, DisplayName = "another change time (an edit whose modification time was put back)")]
    [DataRow(10L, 1000L, 0UL, 0L, DisplayName = "a stat without inode and change time")]
    public void A_stat_that_differs_in_any_field_of_the_key_misses_the_cache(long length, long modified, ulong inode, long changed)
    {
        var cache = StatCache.Empty();
        cache.Set("/p/a.sql", Entry("a"), Now);

        Assert.IsNotNull(cache.Lookup("/p/a.sql", new FileStat(10, 1000, null, null, 77, 1500)));
        Assert.IsNull(cache.Lookup("/p/a.sql", new FileStat(length, modified, null, null, inode, changed)));
    }

    [TestMethod]
    [DataRow("parity-stat-cache 2\n", DisplayName = "another version's header")]
    [DataRow("parity-stat-cache 3\n/p/a.sql\t10\t1000\t" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\ttext\n", DisplayName = "version 3, keyed without inode and change time")]
    [DataRow("", DisplayName = "an empty file")]
    [DataRow("/p/a.sql\t10\t1000\t77\t1500\t" + "A" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\ttext\n", DisplayName = "an uppercase checksum")]
    [DataRow("/p/a.sql\t10\t1000\t77\t1500\taaaa\t\t\t-1\ttext\n", DisplayName = "a short checksum")]
    [DataRow("/p/a.sql\t-10\t1000\t77\t1500\t" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\ttext\n", DisplayName = "a negative size")]
    [DataRow("/p/a.sql\t10\t1000\t77\t1500\t" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\n", DisplayName = "a truncated line")]
    [DataRow("/p/a.sql\t10\t1000\t77\t1500\t" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\ttext\textra\n", DisplayName = "an extra field")]
    [DataRow("/p/a.sql\t10\t1000\t-77\t1500\t" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\ttext\n", DisplayName = "a negative inode")]
    [DataRow("/p/a.sql\t10\t1000\t77\tsoon\t" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\t\t\t-1\ttext\n", DisplayName = "a change time that is no number")]
    public void A_damaged_or_foreign_file_loads_as_an_empty_cache(string content)
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("stat.cache");
        File.WriteAllText(path, (content.StartsWith("parity-stat-cache", StringComparison.Ordinal) || content.Length == 0 ? "" : "parity-stat-cache 4\n") + content);

        var loaded = StatCache.Load(path);

        Assert.AreEqual(0, loaded.Count);
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
        reloaded.SaveIfChanged(path);

        var lines = File.ReadAllLines(path);
        Assert.AreEqual(3 + 1, lines.Length, "the first save's three lines, then the line that forgets b.sql");
        Assert.AreEqual("/p/b.sql\t-", lines[3]);
        var loaded = StatCache.Load(path);
        Assert.AreEqual(1, loaded.Count);
        Assert.IsFalse(loaded.Contains("/p/b.sql"));
        Assert.IsNotNull(Find(loaded, "/p/a.sql", Entry("a")));
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
        reloaded.SaveIfChanged(path);

        StringAssert.StartsWith(File.ReadAllText(path), firstSave, "appended, not rewritten");
        Assert.IsFalse(StatCache.Load(path).Contains("/p/b.sql"));

        var later = StatCache.Load(path);
        var settled = Entry("c", ticks: Now.AddMinutes(1).AddMilliseconds(-300).Ticks);
        later.Set("/p/b.sql", settled, Now.AddMinutes(2));
        later.SaveIfChanged(path);
        Assert.AreEqual(new string('c', 64), Find(StatCache.Load(path), "/p/b.sql", settled)!.Checksums.Text);
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

        cache.SaveIfChanged(path);
        for (var round = 1; round <= 3; round++)
        {
            var reloaded = StatCache.Load(path);
            reloaded.RetainOnly(Enumerable.Range(round * 30, 100 - (round * 30)).Select(i => $"/p/{i:D3}.sql"));
            for (var i = 0; i < round * 30; i++)
            {
                reloaded.Set($"/p/{i:D3}.sql", Entry("b", ticks: 1000 + round), Now);
            }

            reloaded.SaveIfChanged(path);
        }

        var lines = File.ReadAllLines(path);
        Assert.IsLessThanOrEqualTo(1 + 100, lines.Length, "the log outgrew twice its entries and was compacted");
        Assert.AreEqual(100, StatCache.Load(path).Count);
        CollectionAssert.AreEqual(lines.Skip(1).Order(StringComparer.Ordinal).ToList(), lines.Skip(1).ToList());
    }

    [TestMethod]
    public void A_script_modified_within_the_racy_window_is_not_cached()
    {
        var cache = StatCache.Empty();

        cache.Set("/p/a.sql", Entry("a", ticks: Now.AddMilliseconds(-500).Ticks), Now);

        Assert.AreEqual(0, cache.Count);
    }

    [TestMethod]
    public void A_script_whose_status_changed_within_the_racy_window_is_not_cached_even_with_an_old_modification_time()
    {
        var cache = StatCache.Empty();

        // An edit in the same clock tick as this one would keep the change time too, as a put-back modification time.
        cache.Set("/p/a.sql", Entry("a", ticks: 1000, changed: Now.AddMilliseconds(-500).Ticks), Now);

        Assert.AreEqual(0, cache.Count);
    }
}
