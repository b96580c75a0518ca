using ParityBuild.Core.Checksums;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Verification;

/// <summary>
/// The text checksums of every script, hashed in parallel. With a stat cache (a developer machine) each script is
/// stat'ed first and read only when its size or time changed; without one (CI) nothing is stat'ed: the file is simply
/// read, and a stat explains why when it cannot be. The other checksums are computed later, one script at a time,
/// for the few scripts that need them.
/// </summary>
internal sealed class ScriptHashing
{
    private readonly Dictionary<Migration, int> index;
    private readonly FileStat[] stats;
    private readonly ScriptChecksums[] checksums;
    private readonly bool[] full;

    // Whether a script's checksums came from the cache unchanged (nothing to write back).
    private readonly bool[] fromCache;

    private ScriptHashing(IReadOnlyList<Migration> migrations)
    {
        Migrations = migrations;
        index = new Dictionary<Migration, int>(migrations.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < migrations.Count; i++)
        {
            index[migrations[i]] = i;
        }

        stats = new FileStat[migrations.Count];
        checksums = new ScriptChecksums[migrations.Count];
        full = new bool[migrations.Count];
        fromCache = new bool[migrations.Count];
    }

    public IReadOnlyList<Migration> Migrations { get; }

    public List<Finding> Problems { get; } = [];

    /// <summary>How many scripts were read (the others came from the stat cache).</summary>
    public int Hashed { get; private set; }

    public IReadOnlyList<string> LinkTargets => [.. stats.Select(stat => stat.LinkTarget).OfType<string>().Order(StringComparer.Ordinal)];

    public static ScriptHashing Run(IReadOnlyList<Migration> migrations, StatCache? cache, CancellationToken cancellation)
    {
        var hashing = new ScriptHashing(migrations);
        var problems = new Finding?[migrations.Count];
        var hashed = 0;
        Parallel.For(
            0,
            migrations.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation },
            i =>
            {
                var migration = migrations[i];
                var path = migration.File.FullPath;
                try
                {
                    if (cache is not null)
                    {
                        var stat = FileStat.Of(path);
                        hashing.stats[i] = stat;
                        if (stat.Problem is not null)
                        {
                            problems[i] = Diagnostics.ScriptUnreadable.At(path, migration.RelativePath, stat.Problem);
                            return;
                        }

                        if (cache.Lookup(path, stat.Length, stat.ModifiedTicks) is { } cached)
                        {
                            hashing.checksums[i] = cached.Checksums;
                            hashing.full[i] = cached.Full;
                            hashing.fromCache[i] = true;
                            return;
                        }
                    }

                    Interlocked.Increment(ref hashed);
                    hashing.checksums[i] = ScriptHasher.Hash(path, ChecksumKinds.Text);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    var problem = FileStat.Of(path).Problem ?? exception.Message;
                    problems[i] = Diagnostics.ScriptUnreadable.At(path, migration.RelativePath, problem);
                }
            });

        hashing.Problems.AddRange(problems.OfType<Finding>());
        hashing.Hashed = hashed;
        return hashing;
    }

    public ScriptChecksums Text(Migration migration) => checksums[index[migration]];

    /// <summary>Every checksum of a script, computed on first use.</summary>
    public ScriptChecksums Full(Migration migration)
    {
        var i = index[migration];
        if (!full[i])
        {
            checksums[i] = ScriptHasher.Hash(migration.File.FullPath, ChecksumKinds.All);
            full[i] = true;
            fromCache[i] = false;
        }

        return checksums[i];
    }

    public void UpdateCache(StatCache cache, DateTime nowUtc)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Migrations.Count; i++)
        {
            var path = Migrations[i].File.FullPath;
            paths.Add(path);
            if (!fromCache[i])
            {
                cache.Set(path, new StatCache.Entry(stats[i].Length, stats[i].ModifiedTicks, checksums[i], full[i]), nowUtc);
            }
        }

        cache.RetainOnly(paths);
    }
}
