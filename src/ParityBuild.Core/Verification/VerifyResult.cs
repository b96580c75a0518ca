using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Verification;

/// <param name="Findings">Everything to report, in a stable order.</param>
/// <param name="Changes">What the written manifest changed (ParityAccept lists them).</param>
/// <param name="ManifestWritten">Whether the manifest file was (re)written.</param>
/// <param name="ManifestCreated">Whether it did not exist before.</param>
/// <param name="Migrations">How many migrations were checked.</param>
/// <param name="Sets">In how many sets.</param>
/// <param name="Hashed">How many scripts were read (the others came from the stat cache).</param>
/// <param name="Statuses">Every migration's state against the baseline (empty when the run stopped early).</param>
public sealed record VerifyResult(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Changes,
    bool ManifestWritten,
    bool ManifestCreated,
    int Migrations,
    int Sets,
    int Hashed,
    IReadOnlyList<MigrationStatus> Statuses)
{
    /// <summary>
    /// The files that scripts which are symbolic links point to. MSBuild's up-to-date check sees a link's own time, not
    /// its target's, so the targets hand these to ParityVerify's Inputs.
    /// </summary>
    public IReadOnlyList<string> LinkTargets { get; init; } = [];

    /// <summary>The migrations this run discovered, for a task after it in the same build (the replica check).</summary>
    public MigrationDiscovery.Result? Discovery { get; init; }

    /// <summary>The manifest this run read and left as it was; null when it wrote one, found none, or stopped before.</summary>
    public Manifest? Manifest { get; init; }

    // The manifest file's length and modification time, taken before it was read.
    internal (long Length, long Ticks) ManifestStat { get; init; }

    /// <summary>The raw-bytes digests <see cref="VerifyOptions.RawDigest"/> asked for, by full path, of the scripts this run read.</summary>
    public IReadOnlyDictionary<string, RawDigest> RawDigests { get; init; } = new Dictionary<string, RawDigest>();

    /// <summary>How many baselined entries the written manifest gave another tool's hash they lacked (<see cref="VerifyOptions.ManifestDigests"/>).</summary>
    public int DigestsRecorded { get; init; }

    /// <summary>The dialect the safety rules read each checked migration set in, and why (empty when no rule ran).</summary>
    public IReadOnlyList<string> Dialects { get; init; } = [];

    public bool HasErrors => Findings.Any(finding => finding.Severity == Severity.Error);

    /// <summary>
    /// <see cref="Manifest"/> while the file at <paramref name="path"/> still has the length and modification time it had
    /// when this run read it, else null: a task later in the build then reads the file itself.
    /// </summary>
    public Manifest? ManifestIfUnchanged(string path)
    {
        var file = new FileInfo(path);
        return Manifest is not null && file.Exists && file.Length == ManifestStat.Length && file.LastWriteTimeUtc.Ticks == ManifestStat.Ticks ? Manifest : null;
    }
}
