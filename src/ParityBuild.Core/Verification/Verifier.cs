using System.Collections.Concurrent;
using ParityBuild.Core.Baseline;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Verification;

/// <summary>
/// One run of the gate: discover the scripts, read the manifest, hash (in parallel, through the stat cache), compare,
/// and write the manifest when that is allowed. Every failure ends as a finding; nothing here throws for bad input.
/// </summary>
public static class Verifier
{
    public static VerifyResult Run(IReadOnlyList<ScriptFile> scripts, VerifyOptions options, CancellationToken cancellation = default)
    {
        MigrationDiscovery.Result discovery;
        try
        {
            discovery = MigrationDiscovery.Discover(scripts);
        }
        catch (ArgumentException exception)
        {
            // A bad ParityNaming regex: the project's setting is wrong, not a script.
            return Stop([Diagnostics.NamingConvention.At(null, "ParityNaming", "regex", exception.Message)]);
        }

        var findings = new List<Finding>(discovery.Findings);
        var manifestDisplayPath = DisplayPath(options.ProjectDirectory, options.ManifestPath);
        var manifestExists = File.Exists(options.ManifestPath);
        Manifest? baseline = null;
        if (manifestExists)
        {
            try
            {
                baseline = ManifestReader.Read(options.ManifestPath, verifyDigest: !options.Accept);
            }
            catch (Exception exception) when (exception is ManifestException or IOException or UnauthorizedAccessException)
            {
                var line = exception is ManifestException manifestException ? manifestException.Line : 0;
                var finding = Diagnostics.ManifestInvalid.AtLine(options.ManifestPath, line, exception.Message);
                if (!options.Accept)
                {
                    return Stop([.. findings, finding]);
                }

                // ParityAccept rebuilds an unreadable manifest from the scripts, and says what it replaced.
                findings.Add(finding.WithSeverity(Severity.Message));
            }
        }

        var migrations = discovery.Migrations.ToList();
        var cache = options.StatCachePath is not null && !options.Locked ? StatCache.Load(options.StatCachePath) : null;
        var hashed = HashAll(migrations, cache, findings, cancellation, out var known);
        if (findings.Any(finding => finding.Code == Diagnostics.ScriptUnreadable.Code))
        {
            return Stop(findings, migrations.Count, discovery.Sets.Count, hashed);
        }

        ScriptChecksums Full(Migration migration)
        {
            var (stat, checksums, full) = known[migration.File.FullPath];
            if (!full)
            {
                checksums = ScriptHasher.Hash(migration.File.FullPath, ChecksumKinds.All);
                known[migration.File.FullPath] = (stat, checksums, true);
                if (checksums.FirstInvalidUtf8Offset >= 0)
                {
                    findings.Add(Diagnostics.NotUtf8.At(migration.File.FullPath, migration.RelativePath, checksums.FirstInvalidUtf8Offset));
                }
            }

            return checksums;
        }

        var comparison = BaselineComparison.Compare(
            baseline,
            discovery.Sets,
            migration => known[migration.File.FullPath].Checksums,
            Full,
            new BaselineComparison.Options(options.Locked, options.AllowOutOfOrder, options.Accept, options.ProjectDirectory, options.ManifestPath, manifestDisplayPath));

        // ParityAccept resolves what the comparison found; it lists the changes instead.
        findings.AddRange(options.Accept ? [] : comparison.Findings);
        var written = false;
        if (!options.ReadOnly && comparison.Entries is not null && !findings.Any(finding => finding.Severity == Severity.Error))
        {
            try
            {
                written = ManifestWriter.Write(options.ManifestPath, new Manifest(comparison.Entries));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                findings.Add(Diagnostics.ManifestUnwritable.At(options.ManifestPath, exception.Message));
            }
        }

        if (cache is not null && !options.ReadOnly)
        {
            SaveCache(options.StatCachePath!, known);
        }

        var linkTargets = known.Values.Select(value => value.Stat.LinkTarget).OfType<string>().Order(StringComparer.Ordinal).ToList();
        return new VerifyResult(Sorted(findings), comparison.Changes, written, written && !manifestExists, migrations.Count, discovery.Sets.Count, hashed, comparison.Statuses)
        {
            LinkTargets = linkTargets,
        };
    }

    private static int HashAll(
        List<Migration> migrations,
        StatCache? cache,
        List<Finding> findings,
        CancellationToken cancellation,
        out ConcurrentDictionary<string, (FileStat Stat, ScriptChecksums Checksums, bool Full)> known)
    {
        var results = new ConcurrentDictionary<string, (FileStat, ScriptChecksums, bool)>(StringComparer.Ordinal);
        var problems = new ConcurrentBag<Finding>();
        var hashed = 0;
        Parallel.ForEach(
            migrations,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation },
            migration =>
            {
                var path = migration.File.FullPath;
                try
                {
                    var stat = FileStat.Of(path);
                    if (stat.Problem is not null)
                    {
                        problems.Add(Diagnostics.ScriptUnreadable.At(path, migration.RelativePath, stat.Problem));
                        return;
                    }

                    if (cache?.Lookup(path, stat.Length, stat.ModifiedTicks) is { } cached)
                    {
                        results[path] = (stat, cached.Checksums, cached.Full);
                        return;
                    }

                    Interlocked.Increment(ref hashed);
                    results[path] = (stat, ScriptHasher.Hash(path, ChecksumKinds.Text), false);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    problems.Add(Diagnostics.ScriptUnreadable.At(path, migration.RelativePath, exception.Message));
                }
            });

        findings.AddRange(problems.OrderBy(finding => finding.File, StringComparer.Ordinal));
        known = results;
        return hashed;
    }

    private static void SaveCache(string path, ConcurrentDictionary<string, (FileStat Stat, ScriptChecksums Checksums, bool Full)> known)
    {
        try
        {
            StatCache.Save(
                path,
                known.Select(pair => (pair.Key, new StatCache.Entry(pair.Value.Stat.Length, pair.Value.Stat.ModifiedTicks, pair.Value.Checksums, pair.Value.Full))),
                DateTime.UtcNow);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The cache only saves time; failing to write it must not fail the build.
        }
    }

    private static VerifyResult Stop(List<Finding> findings, int migrations = 0, int sets = 0, int hashed = 0) =>
        new(Sorted(findings), [], false, false, migrations, sets, hashed, []);

    private static List<Finding> Sorted(List<Finding> findings) =>
        [.. findings.OrderByDescending(finding => finding.Severity).ThenBy(finding => finding.File, StringComparer.Ordinal).ThenBy(finding => finding.Code, StringComparer.Ordinal)];

    /// <summary>A path as the user knows it: relative to the project when it lies inside it.</summary>
    public static string DisplayPath(string projectDirectory, string path)
    {
        var relative = Path.GetRelativePath(projectDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    /// <summary>What a stat tells before any read: size, modification time, or why the path is not a readable file.</summary>
    /// <summary>
    /// What a stat tells before any read: size and modification time of the content (a symbolic link is followed, since
    /// the migration tool reads its target), the target when the path is a link, or why the path is not a readable file.
    /// </summary>
    internal readonly record struct FileStat(long Length, long ModifiedTicks, string? Problem, string? LinkTarget = null)
    {
        public static FileStat Of(string path)
        {
            if (Directory.Exists(path))
            {
                return new FileStat(0, 0, "it is a folder, not a file");
            }

            var info = new FileInfo(path);
            if (info.LinkTarget is null)
            {
                return info.Exists
                    ? new FileStat(info.Length, info.LastWriteTimeUtc.Ticks, null)
                    : new FileStat(0, 0, "it does not exist (an item that names no file)");
            }

            if (info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true } target)
            {
                return new FileStat(0, 0, $"it is a symbolic link to '{info.LinkTarget}', which does not exist");
            }

            return new FileStat(target.Length, target.LastWriteTimeUtc.Ticks, null, target.FullName);
        }
    }
}
