using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Rules;
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
        var useCache = options.StatCachePath is not null && !options.Locked;
        using var stopHashing = CancellationTokenSource.CreateLinkedTokenSource(cancellation);

        // A manifest that records the other tool's hash of each text spares hashing every script a second way.
        var rawFromManifest = ManifestReader.RecordsToolDigest(options.ManifestPath, options.RawDigest);
        // Hashing starts at once, beside the discovery and the manifest read below (serial work that leaves cores idle).
        var hashingTask = Task.Run(
            () =>
            {
                // The stat cache is loaded here, beside the discovery and the manifest.
                var cache = useCache ? StatCache.Load(options.StatCachePath!) : null;
                return ParallelHashing.Run(scripts, cache, stopHashing.Token, options.RawDigest, options.ManifestDigests, rawFromManifest);
            },
            stopHashing.Token);
        try
        {
            return Run(scripts, options, hashingTask, cancellation);
        }
        finally
        {
            // Never leave hashing running behind an early return (a bad manifest): stop it and wait for it.
            stopHashing.Cancel();
            try
            {
                hashingTask.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
            }
        }
    }

    private static VerifyResult Run(
        IReadOnlyList<ScriptFile> scripts, VerifyOptions options, Task<ParallelHashing> hashingTask, CancellationToken cancellation)
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
        // Stat'ed before it is read: the run hands on the manifest it read with this stat, never one older than the file.
        var manifestFile = new FileInfo(options.ManifestPath);
        var manifestExists = manifestFile.Exists;
        Manifest? baseline = null;
        // An invalid manifest that ParityAccept rebuilds: its finding says what became of the file once that is known.
        (string Problem, int Line)? invalidAccepted = null;
        var acceptNotes = new List<string>();
        var staleDigest = false;
        if (manifestExists)
        {
            var verifyDigest = !options.Accept;
            try
            {
                baseline = ManifestReader.Read(options.ManifestPath, verifyDigest);
                if (baseline.RecordedDigest is { } recorded && recorded != baseline.Digest)
                {
                    // ParityAccept recomputes a digest that does not match: earlier checksums only git vouches for stay.
                    staleDigest = true;
                    acceptNotes.Add("recomputed the digest, which did not match the entries");
                    baseline = new Manifest(ManifestPrevious.Vouched(baseline.Entries, options.ProjectDirectory, acceptNotes));
                }
            }
            catch (Exception exception) when (exception is ManifestException or IOException or UnauthorizedAccessException)
            {
                var line = exception is ManifestException manifestException ? manifestException.Line : 0;
                if (!options.Accept)
                {
                    return Stop([.. findings, Diagnostics.ManifestInvalid.AtLine(options.ManifestPath, line, exception.Message, Diagnostics.ManifestLeftUntouched)]);
                }

                // ParityAccept rebuilds an unreadable manifest from the scripts; whether it did is known after the write.
                invalidAccepted = (exception.Message, line);
            }
        }

        var migrations = discovery.Migrations.ToList();
        var hashing = hashingTask.GetAwaiter().GetResult();
        if (hashing.Problems.Count > 0)
        {
            return Stop([.. findings, .. InvalidManifestAccepted(options.ManifestPath, invalidAccepted, written: false), .. hashing.Problems], migrations.Count, discovery.Sets.Count, hashing.Hashed);
        }

        ScriptChecksums Full(Migration migration)
        {
            var checksums = hashing.Full(migration);
            if (checksums.FirstInvalidUtf8Offset >= 0)
            {
                findings.Add(Diagnostics.NotUtf8.At(migration.File.FullPath, migration.RelativePath, checksums.FirstInvalidUtf8Offset, EncodingGuess.Describe(migration.File.FullPath)));
            }

            return checksums;
        }

        var comparison = BaselineComparison.Compare(
            baseline,
            discovery.Sets,
            hashing.Text,
            Full,
            new BaselineComparison.Options(options.Locked, options.AllowOutOfOrder, options.Accept, options.ProjectDirectory, options.ManifestPath, manifestDisplayPath, Statuses: options.ReadOnly, ToolDigests: options.ReadOnly ? ChecksumKinds.Text : options.ManifestDigests));

        // ParityAccept resolves what the comparison found; it lists the changes instead.
        findings.AddRange(options.Accept ? [] : comparison.Findings);
        var rules = RuleRunner.Outcome.None;
        if (!options.ReadOnly)
        {
            // Rule findings are warnings, which never stop the manifest from being written below, unless the build makes them errors.
            var asError = options.RuleAsError;
            rules = RuleRunner.Run(discovery.Sets, NotBaselined(options.RulesBaseline, baseline, comparison, hashing), options.Rules, options.RulesEngine, cancellation);
            findings.AddRange(rules.Findings.Select(finding => asError is not null && asError(finding.Code) ? finding.WithSeverity(Severity.Error) : finding));
        }

        var written = false;
        // A stale digest is rewritten even when no entry changed.
        var entries = comparison.Entries ?? (staleDigest ? baseline!.Entries : null);
        if (!options.ReadOnly && entries is not null && !findings.Any(finding => finding.Severity == Severity.Error))
        {
            try
            {
                written = ManifestWriter.Write(options.ManifestPath, new Manifest(entries));
            }
            catch (ReadOnlyFileException)
            {
                findings.Add(Diagnostics.ManifestReadOnly.At(options.ManifestPath, manifestDisplayPath, WouldChange(comparison.Changes)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                findings.Add(Diagnostics.ManifestUnwritable.At(options.ManifestPath, exception.Message));
            }
        }

        findings.AddRange(InvalidManifestAccepted(options.ManifestPath, invalidAccepted, written));

        if (hashing.Cache is { } cache && !options.ReadOnly)
        {
            SaveCache(options.StatCachePath!, cache, hashing);
        }

        return new VerifyResult(Sorted(findings), [.. acceptNotes, .. comparison.Changes], written, written && !manifestExists, migrations.Count, discovery.Sets.Count, hashing.Hashed, comparison.Statuses)
        {
            LinkTargets = hashing.LinkTargets,
            Discovery = discovery,
            Manifest = written || options.Accept ? null : baseline,
            ManifestStat = manifestExists ? (manifestFile.Length, manifestFile.LastWriteTimeUtc.Ticks) : default,
            // A manifest this run wrote (with the hashes it recorded) is the one the scripts now match.
            RawDigests = hashing.RawDigests(written ? new Manifest(comparison.Entries!) : baseline),
            DigestsRecorded = written ? comparison.DigestsRecorded : 0,
            Dialects = rules.Dialects,
        };
    }

    // A script whose content the baseline does not hold: new, or edited since. Without a manifest (the first build of a
    // project adopting ParityBuild) nothing is new: the existing scripts are taken as applied. Against the manifest the
    // comparison already knows them; against another one (ParityRulesBase, the target branch's) it is looked up.
    private static Func<Migration, bool> NotBaselined(Manifest? rulesBaseline, Manifest? baseline, BaselineComparison.Result comparison, ParallelHashing hashing)
    {
        if (rulesBaseline is not null)
        {
            var index = ManifestIndex.Of(rulesBaseline);
            return migration => !index.Holds(migration.Set, migration.RelativePath, hashing.Text(migration).Text);
        }

        var unbaselined = comparison.Unbaselined;
        return baseline is null ? _ => false : unbaselined.Contains;
    }

    private static void SaveCache(string path, StatCache cache, ParallelHashing hashing)
    {
        try
        {
            hashing.UpdateCache(cache, DateTime.UtcNow);
            cache.SaveIfChanged(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The cache only saves time; failing to write it must not fail the build.
        }
    }

    private static IEnumerable<Finding> InvalidManifestAccepted(string manifestPath, (string Problem, int Line)? invalid, bool written)
    {
        if (invalid is not { } manifest)
        {
            return [];
        }

        var outcome = written
            ? "ParityAccept replaced it with a manifest rebuilt from the scripts: review the change before you commit it."
            : Diagnostics.ManifestLeftUntouched;
        return [Diagnostics.ManifestInvalid.AtLine(manifestPath, manifest.Line, manifest.Problem, outcome).WithSeverity(Severity.Message)];
    }

    // What the refused write would have done, in a few words: the first changes, or a rewrite in the written format.
    private static string WouldChange(IReadOnlyList<string> changes) => changes.Count switch
    {
        0 => "to the format ParityBuild writes",
        <= 3 => string.Join("; ", changes),
        _ => $"{string.Join("; ", changes.Take(3))}; and {changes.Count - 3} more",
    };

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
}
