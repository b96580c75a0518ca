using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Verification;

namespace ParityBuild.Benchmarks;

/// <summary>Figures 2 and 3: the engine in process (Verifier.Run), against a raw read + SHA-256 loop over the same files.</summary>
internal static class VerifyBenchmarks
{
    private const int ReadBufferSize = 128 * 1024;

    /// <summary>
    /// Full verify as on CI (locked, no stat cache) against the raw loop, alternated on a warm page cache.
    /// Returns the median full-verify time, for the developer figure.
    /// </summary>
    public static double FullVerify(Report report, Corpus corpus, string manifestPath, int repetitions)
    {
        var section = $"2. CI verify, {corpus.Scripts.Count:N0} scripts";
        report.Info(section, "before this section", Program.LoadAverage());
        var paths = corpus.Paths.ToArray();
        var options = new VerifyOptions(corpus.ProjectDirectory, manifestPath, Locked: true, StatCachePath: null);

        Report.Progress("warming the page cache and the JIT (raw loop and verify, twice each) ...");
        for (var i = 0; i < 2; i++)
        {
            RawReadAndHash(paths);
            CheckedVerify(corpus, options, expectHashed: corpus.Scripts.Count);
        }

        Report.Progress($"rotating raw loop, full verify and full verify with .NET's portable file reads, {repetitions} each ...");
        var raw = new List<double>();
        var verify = new List<double>();
        var portable = new List<double>();
        Action[] runs =
        [
            () => raw.Add(Time(() => RawReadAndHash(paths))),
            () => verify.Add(Time(() => CheckedVerify(corpus, options, expectHashed: corpus.Scripts.Count))),
            () =>
            {
                FileChunks.UsePortableReadOnly();
                portable.Add(Time(() => CheckedVerify(corpus, options, expectHashed: corpus.Scripts.Count)));
                FileChunks.UseDirectReadWherePossible();
            },
        ];
        Rotated(repetitions, runs.Length, run => runs[run]());

        var rawMedian = Report.Median(raw);
        var verifyMedian = Report.Median(verify);
        report.Info(section, "raw read + SHA-256 loop", $"{Report.Spread(raw)}, {Report.Rate(corpus.TotalBytes, rawMedian)}");
        report.Info(section, "Verifier.Run (locked, no cache)", $"{Report.Spread(verify)}, {Report.Rate(corpus.TotalBytes, verifyMedian)}");
        var ratio = rawMedian / verifyMedian;
        report.Figure(section, "verify throughput / raw throughput", Report.Number(ratio), ">= 0.90", ratio >= 0.90);
        var portableMedian = Report.Median(portable);
        report.Info(section, "Verifier.Run with .NET's portable reads (File.OpenHandle + RandomAccess.Read, as off Linux)", $"{Report.Spread(portable)}: throughput / raw {Report.Number(rawMedian / portableMedian)}");
        report.Info(section, "  time saved by the direct open/pread reads (Linux)", Report.Percent(1 - (verifyMedian / portableMedian)));

        Breakdown(report, section, corpus, manifestPath, repetitions, verifyMedian);
        return verifyMedian;
    }

    /// <summary>
    /// Where a full verify's time goes: the engine's public pieces timed one by one on the same files (the same calls
    /// Verifier.Run makes). Context for the ratio, not a figure.
    /// </summary>
    private static void Breakdown(Report report, string section, Corpus corpus, string manifestPath, int repetitions, double verifyMedian)
    {
        var scripts = corpus.Scripts;
        var discover = new List<double>();
        var read = new List<double>();
        var stat = new List<double>();
        var statx = new List<double>();
        var hash = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            discover.Add(Time(() => MigrationDiscovery.Discover(scripts)));
            read.Add(Time(() => ManifestReader.Read(manifestPath)));
            stat.Add(Time(() => Parallel.ForEach(scripts, script => GC.KeepAlive(new FileInfo(script.FullPath).Length))));
            statx.Add(Time(() => Parallel.ForEach(scripts, script => GC.KeepAlive(FileStat.Of(script.FullPath)))));
            hash.Add(Time(() => Parallel.ForEach(
                scripts,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                script => ScriptHasher.Hash(script.FullPath, ChecksumKinds.Text))));
        }

        report.Info(section, "  of which: MigrationDiscovery.Discover", Report.Ms(Report.Median(discover)));
        report.Info(section, "  of which: ManifestReader.Read (digest checked)", Report.Ms(Report.Median(read)));

        report.Info(section, "  of which: ScriptHasher.Hash text, parallel", $"{Report.Ms(Report.Median(hash))}, {Report.Rate(corpus.TotalBytes, Report.Median(hash))}");
        var rest = verifyMedian - Report.Median(discover) - Report.Median(read) - Report.Median(hash);
        report.Info(section, "  of which: the rest (comparison, bookkeeping)", $"about {Report.Ms(rest)}");
        report.Info(section, "  not part of it: stat of every script, developer machines only: FileInfo / as a rerun stats (statx on Linux)", $"{Report.Ms(Report.Median(stat))} / {Report.Ms(Report.Median(statx))}");
    }

    /// <summary>
    /// Figure 2's rules: the same full CI verify without the safety rules, with them as shipped (ParityRules=new, which
    /// finds no new script in a locked build of a committed manifest) and with ParityRules=all (every script read
    /// again, split into statements and checked), alternated on a warm page cache.
    /// </summary>
    public static void Rules(Report report, Corpus corpus, string manifestPath, int repetitions)
    {
        var section = $"2. CI verify, {corpus.Scripts.Count:N0} scripts";
        var off = new VerifyOptions(corpus.ProjectDirectory, manifestPath, Locked: true, StatCachePath: null);
        VerifyOptions[] variants = [off, off with { Rules = RuleScope.New }, off with { Rules = RuleScope.All }];
        var times = variants.Select(_ => new List<double>()).ToArray();
        var findings = 0;

        Report.Progress($"verify without rules, with ParityRules=new and with ParityRules=all, {repetitions} rounds ...");
        foreach (var variant in variants)
        {
            CheckedVerify(corpus, variant, expectHashed: corpus.Scripts.Count);
        }

        Rotated(repetitions, variants.Length, v =>
        {
            VerifyResult? result = null;
            times[v].Add(Time(() => result = CheckedVerify(corpus, variants[v], expectHashed: corpus.Scripts.Count)));
            findings = v == 2 ? result!.Findings.Count : findings;
        });

        var (plain, shipped, all) = (Report.Median(times[0]), Report.Median(times[1]), Report.Median(times[2]));
        report.Info(section, "verify, rules off", Report.Spread(times[0]));
        report.Info(section, "verify, ParityRules=new (the default)", Report.Spread(times[1]));
        report.Info(section, "verify, ParityRules=all", $"{Report.Spread(times[2])}, {findings:N0} findings");
        var added = (shipped / plain) - 1;
        report.Figure(section, "rules as shipped (new) / verify without rules", $"{Report.Percent(added)} added ({Report.Ms(shipped)} vs {Report.Ms(plain)})", "<= +10 %", added <= 0.10);
        var addedAll = (all / plain) - 1;
        report.Figure(section, "rules on all scripts / verify without rules", $"{Report.Percent(addedAll)} added ({Report.Ms(all)} vs {Report.Ms(plain)})", "<= +10 %", addedAll <= 0.10);
    }

    /// <summary>Figure 3: a developer's rerun after editing one script, with the stat cache.</summary>
    public static void DeveloperRerun(Report report, Corpus corpus, string manifestPath, double fullVerifyMilliseconds, int repetitions)
    {
        var section = $"3. developer rerun, {corpus.Scripts.Count:N0} scripts";
        var statCache = Path.Combine(corpus.ProjectDirectory, "obj", "parity", "stat.cache");
        Directory.CreateDirectory(Path.GetDirectoryName(statCache)!);
        var options = new VerifyOptions(corpus.ProjectDirectory, manifestPath, Locked: false, StatCachePath: statCache);

        Report.Progress("developer mode: a first run fills the stat cache ...");
        var fill = Time(() => CheckedVerify(corpus, options, expectHashed: corpus.Scripts.Count));
        report.Info(section, "first run (fills the stat cache)", Report.Ms(fill));

        var load = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            load.Add(Time(() => StatCache.Load(statCache)));
        }

        report.Info(section, "  StatCache.Load alone", $"{Report.Ms(Report.Median(load))} (cache {Report.MB(new FileInfo(statCache).Length)})");

        // Every rerun starts from the files alone, as every build does: the stat cache is the only cache across builds.
        CheckedVerify(corpus, options, expectHashed: 0);
        var unchanged = new List<double>();
        var rewrites = 0;
        for (var i = 0; i < repetitions; i++)
        {
            var before = File.GetLastWriteTimeUtc(statCache);
            unchanged.Add(Time(() => CheckedVerify(corpus, options, expectHashed: 0)));
            rewrites += File.GetLastWriteTimeUtc(statCache) != before ? 1 : 0;
        }

        report.Info(section, "rerun, nothing changed", $"{Report.Spread(unchanged)}, hashed 0");
        report.Info(section, "  stat cache rewritten by an unchanged rerun", $"{rewrites} of {repetitions} times");

        Report.Progress($"editing one script and rerunning, {repetitions} times ...");
        var script = corpus.Scripts[corpus.Scripts.Count / 2].FullPath;
        var hashed = new List<int>();
        VerifyResult? last = null;
        var edited = new List<double>();
        for (var edits = 1; edits <= repetitions; edits++)
        {
            // A real edit of a baselined script (what the gate exists to catch), kept valid SQL and UTF-8, with a
            // modification time that differs from the cached one and is older than the cache's racy window.
            File.AppendAllText(script, $"UPDATE accounts SET name = name || ' (edit {edits})' WHERE id = {edits};\n", new UTF8Encoding(false));
            File.SetLastWriteTimeUtc(script, Corpus.ScriptTimeUtc.AddSeconds(2 * edits));
            GC.Collect();
            var clock = Stopwatch.StartNew();
            last = Verifier.Run(corpus.Scripts, options);
            clock.Stop();
            hashed.Add(last.Hashed);
            edited.Add(clock.Elapsed.TotalMilliseconds);
        }

        var median = Report.Median(edited);
        var findings = string.Join(", ", last!.Findings.GroupBy(finding => finding.Code).Select(group => $"{group.Count()} x {group.Key}"));
        report.Info(section, "rerun, one script edited", $"{Report.Spread(edited)}; findings: {(findings.Length == 0 ? "none" : findings)}");
        var fraction = median / fullVerifyMilliseconds;
        report.Figure(section, "edited rerun / full CI verify", $"{Report.Percent(fraction)} ({Report.Ms(median)} / {Report.Ms(fullVerifyMilliseconds)})", "<= 85 %", fraction <= 0.85);
        var hashedText = string.Join(", ", hashed.Distinct());
        report.Figure(section, "VerifyResult.Hashed after one edit", hashedText, "1", hashed.All(count => count == 1));
    }

    /// <summary>Figure 2's memory: peak growth during a full locked verify, in a fresh process.</summary>
    public static void Memory(Report report, Corpus corpus, string manifestPath)
    {
        var section = $"2. CI verify, {corpus.Scripts.Count:N0} scripts";
        Report.Progress("measuring memory growth in a fresh process ...");
        var samples = MemoryProbe.RunInChild(corpus.ProjectDirectory, manifestPath);
        const long limit = 64L * 1024 * 1024;
        foreach (var sample in samples)
        {
            var which = sample.Run == 1 ? "first run in a fresh process" : "second run (steady state)";
            report.Figure(section, $"peak managed-heap growth, {which}", Report.MB(sample.ManagedPeakGrowth), "< 64 MB", sample.ManagedPeakGrowth < limit);
            report.Figure(section, $"peak working-set growth, {which}", Report.MB(sample.WorkingSetPeakGrowth), "< 64 MB", sample.WorkingSetPeakGrowth < limit);
            report.Info(section, $"  allocated in total, {which}", $"{Report.MB(sample.Allocated)} ({Report.Ms(sample.Milliseconds)}, {sample.Samples} samples)");
        }
    }

    /// <summary>
    /// Writes the manifest as a first developer build would, so that later runs compare against it; with the other tools' hashes
    /// a project's ParityHistory has it record (postgrator's md5).
    /// </summary>
    public static void WriteManifest(Corpus corpus, string manifestPath, ChecksumKinds toolDigests = ChecksumKinds.Text)
    {
        var result = Verifier.Run(corpus.Scripts, new VerifyOptions(corpus.ProjectDirectory, manifestPath) { ManifestDigests = toolDigests });
        if (result.HasErrors || !result.ManifestCreated)
        {
            throw new InvalidOperationException($"The first run did not write the manifest: {Describe(result)}");
        }
    }

    private static VerifyResult CheckedVerify(Corpus corpus, VerifyOptions options, int expectHashed)
    {
        var result = Verifier.Run(corpus.Scripts, options);
        if (result.HasErrors || result.Migrations != corpus.Scripts.Count || result.Hashed != expectHashed)
        {
            throw new InvalidOperationException($"Verifier.Run did not check the corpus as expected (hashed {result.Hashed}, expected {expectHashed}): {Describe(result)}");
        }

        return result;
    }

    private static string Describe(VerifyResult result) =>
        $"{result.Migrations} migrations, {result.Hashed} hashed, findings: " +
        string.Join("; ", result.Findings.Take(5).Select(finding => $"{finding.Diagnostic.Code} {finding.File}: {finding.Message}"));

    /// <summary>
    /// The yardstick: as many threads as Verifier.Run uses (one per processor) pulling paths from a shared index, each
    /// reading its file with an unbuffered FileStream into a 128 KB buffer and hashing it with SHA-256. Nothing else.
    /// </summary>
    internal static void RawReadAndHash(string[] paths)
    {
        var next = -1;
        var threads = new Thread[Environment.ProcessorCount];
        for (var t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                var buffer = new byte[ReadBufferSize];
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                Span<byte> digest = stackalloc byte[32];
                int index;
                while ((index = Interlocked.Increment(ref next)) < paths.Length)
                {
                    using var stream = new FileStream(paths[index], FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        sha.AppendData(buffer, 0, read);
                    }

                    sha.GetHashAndReset(digest);
                }
            });
            threads[t].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    /// <summary>
    /// <paramref name="repetitions"/> rounds of running each of <paramref name="count"/> variants once, rotating which goes
    /// first so that none always follows the same one.
    /// </summary>
    internal static void Rotated(int repetitions, int count, Action<int> run)
    {
        for (var i = 0; i < repetitions; i++)
        {
            for (var k = 0; k < count; k++)
            {
                run((i + k) % count);
            }
        }
    }

    internal static double Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }
}
