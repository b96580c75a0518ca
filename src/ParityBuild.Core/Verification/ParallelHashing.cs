using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Verification;

/// <summary>
/// The text checksums of every script, hashed in parallel (one worker per processor, each with its own hasher), while the caller discovers the migrations and reads the
/// manifest on its own thread (that work is serial; overlapped, it uses the core the hashing leaves idle). With a stat cache (a developer machine) each script is
/// stat'ed first and read only when its size or time changed; without one (CI) nothing is stat'ed: the file is simply
/// read, and a stat explains why when it cannot be. The other checksums are computed later, one script at a time,
/// for the few scripts that need them.
/// </summary>
internal sealed class ParallelHashing
{
    // Only a run with a stat cache stats the scripts (CI reads them without).
    private readonly FileStat[] _stats;
    private readonly ScriptChecksums[] _checksums;
    private readonly bool[] _full;

    // Whether a script's checksums came from the cache unchanged (nothing to write back).
    private readonly bool[] _fromCache;

    // The other tool's raw-bytes digest of each script read, when the replica check asked for one (else empty).
    private readonly RawDigest?[] _rawDigests;

    // The other tools' hashes the manifest records, which a full hash (a new or changed script) computes too.
    private readonly ChecksumKinds _manifestDigests;

    // With a raw digest the manifest records, none is computed: whether each script read is its text (no BOM, no CR,
    // valid UTF-8) decides, once the manifest is known, whether the manifest's hash of that text is the raw bytes' too.
    private readonly RawDigestKind _rawDigestKind;
    private readonly bool[] _bytesAreText;

    private ParallelHashing(IReadOnlyList<ScriptFile> scripts, StatCache? cache, RawDigestKind rawDigest, ChecksumKinds manifestDigests, bool rawFromManifest)
    {
        _manifestDigests = manifestDigests;
        _rawDigestKind = rawDigest;
        _bytesAreText = rawFromManifest && rawDigest != RawDigestKind.None ? new bool[scripts.Count] : [];
        Scripts = scripts;
        Cache = cache;
        _stats = cache is not null ? new FileStat[scripts.Count] : [];
        _checksums = new ScriptChecksums[scripts.Count];
        _full = new bool[scripts.Count];
        _fromCache = new bool[scripts.Count];
        _rawDigests = rawDigest != RawDigestKind.None && _bytesAreText.Length == 0 ? new RawDigest?[scripts.Count] : [];
    }

    public IReadOnlyList<ScriptFile> Scripts { get; }

    /// <summary>The stat cache the run used (null on CI), to be saved after it.</summary>
    public StatCache? Cache { get; }

    public List<Finding> Problems { get; } = [];

    /// <summary>How many scripts were read (the others came from the stat cache).</summary>
    public int Hashed { get; private set; }

    public IReadOnlyList<string> LinkTargets =>
        [.. _stats.Select(stat => stat.LinkTarget).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>
    /// The raw-bytes digests of the scripts this run read, by full path (scripts taken from the stat cache have none):
    /// the replica check's postgrator or sqitch history compares them without reading the scripts again. When the
    /// manifest records that hash of each text, a script whose bytes are the text its entry holds has the entry's;
    /// the others have none, and the check reads them itself.
    /// </summary>
    public IReadOnlyDictionary<string, RawDigest> RawDigests(Manifest? manifest = null)
    {
        var byPath = new Dictionary<string, RawDigest>(StringComparer.Ordinal);
        for (var i = 0; i < _rawDigests.Length; i++)
        {
            if (_rawDigests[i] is { } digest)
            {
                byPath[Scripts[i].FullPath] = digest;
            }
        }

        var index = _bytesAreText.Length > 0 && manifest is not null ? ManifestIndex.Of(manifest) : null;
        for (var i = 0; index is not null && i < _bytesAreText.Length; i++)
        {
            var script = Scripts[i];
            if (_bytesAreText[i] && index.ByPath(script.Set).TryGetValue(script.RelativePath, out var entry)
                && entry.ToolDigest(_rawDigestKind) is { } recorded && entry.HasText(_checksums[i]))
            {
                byPath[script.FullPath] = new RawDigest(_rawDigestKind, recorded, ValidUtf8: true);
            }
        }

        return byPath;
    }

    /// <param name="manifestDigests">The other tools' hashes the manifest records, which a full hash computes too.</param>
    /// <param name="rawFromManifest">
    /// Whether the manifest records the raw digest asked for (as the hash of each text): then none is computed, and
    /// <see cref="RawDigests"/> takes the manifest's for each script whose bytes are its text.
    /// </param>
    public static ParallelHashing Run(
        IReadOnlyList<ScriptFile> scripts,
        StatCache? cache,
        CancellationToken cancellation,
        RawDigestKind rawDigest = RawDigestKind.None,
        ChecksumKinds manifestDigests = ChecksumKinds.Text,
        bool rawFromManifest = false)
    {
        var hashing = new ParallelHashing(scripts, cache, rawDigest, manifestDigests, rawFromManifest);
        var problems = new Finding?[scripts.Count];
        var hashed = 0;
        Parallel.For(
            0,
            scripts.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation },
            () => new TextChecksumWorker(rawDigest),
            (i, _, hasher) =>
            {
                HashOne(i, hasher);
                return hasher;
            },
            hasher => hasher.Dispose());

        hashing.Problems.AddRange(problems.OfType<Finding>());
        hashing.Hashed = hashed;
        return hashing;

        void HashOne(int i, TextChecksumWorker hasher)
        {
            var script = scripts[i];
            var path = script.FullPath;
            try
            {
                if (cache is not null)
                {
                    var stat = FileStat.Of(path);
                    hashing._stats[i] = stat;
                    if (stat.Problem is not null)
                    {
                        problems[i] = Diagnostics.ScriptUnreadable.At(path, script.RelativePath, stat.Problem);
                        return;
                    }

                    if (cache.Lookup(path, stat) is { } cached)
                    {
                        hashing.UseCached(i, cached);
                        return;
                    }
                }

                Interlocked.Increment(ref hashed);
                hashing._checksums[i] = hasher.Hash(path, hashRaw: hashing._bytesAreText.Length == 0, out var raw, out var bytesAreText);
                if (raw is not null)
                {
                    hashing._rawDigests[i] = raw;
                }
                else if (hashing._bytesAreText.Length > 0)
                {
                    hashing._bytesAreText[i] = bytesAreText;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                problems[i] = Diagnostics.ScriptUnreadable.At(path, script.RelativePath, WhyUnreadable(path, exception));
            }
        }
    }

    // A stat says what the path is (a folder, a dangling link); a stat that fails too (a symbolic link to itself, a
    // loop of links: "too many levels of symbolic links") says it through its own exception.
    private static string WhyUnreadable(string path, Exception exception)
    {
        try
        {
            return FileStat.Of(path).Problem ?? exception.Message;
        }
        catch (Exception again) when (again is IOException or UnauthorizedAccessException)
        {
            return again.Message;
        }
    }

    private void UseCached(int i, StatCache.Entry entry)
    {
        _checksums[i] = entry.Checksums;
        _full[i] = entry.Full;
        _fromCache[i] = true;
    }

    public ScriptChecksums Text(Migration migration) => _checksums[IndexOf(migration)];

    /// <summary>Every checksum of a script, computed on first use.</summary>
    public ScriptChecksums Full(Migration migration)
    {
        var i = IndexOf(migration);
        if (!_full[i] || !_checksums[i].Has(_manifestDigests))
        {
            _checksums[i] = ScriptHasher.Hash(migration.File.FullPath, ChecksumKinds.All | _manifestDigests);
            _full[i] = true;
            _fromCache[i] = false;
        }

        return _checksums[i];
    }

    // Discovery numbers migrations by their place in the script list it was given: this one.
    private int IndexOf(Migration migration) =>
        migration.Index >= 0 && migration.Index < Scripts.Count && Scripts[migration.Index] == migration.File
            ? migration.Index
            : throw new InvalidOperationException($"{migration.RelativePath} was not discovered from the hashed script list.");

    public void UpdateCache(StatCache cache, DateTime nowUtc)
    {
        var withEntry = Scripts.Count;
        for (var i = 0; i < Scripts.Count; i++)
        {
            if (!_fromCache[i])
            {
                var path = Scripts[i].FullPath;
                var stat = _stats[i];
                cache.Set(path, new StatCache.Entry(stat.Length, stat.ModifiedTicks, stat.Inode, stat.ChangedTicks, _checksums[i], _full[i]), nowUtc);
                withEntry -= cache.Contains(path) ? 0 : 1;
            }
        }

        // As many entries as scripts that have one (found there, or just set and not racy) means nothing else is left.
        if (cache.Count != withEntry)
        {
            cache.RetainOnly(Scripts.Select(script => script.FullPath));
        }
    }
}
