using ParityBuild.Core.Baseline;
using ParityBuild.Core.Checksums.Peers;
using ParityBuild.Core.Findings;

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

    /// <summary>How many scripts were stat'ed: all of them with a stat cache, except those a folder watch vouched for.</summary>
    public int Statted { get; init; }

    /// <summary>The raw-bytes digests <see cref="VerifyOptions.RawDigest"/> asked for, by full path, of the scripts this run read.</summary>
    public IReadOnlyDictionary<string, RawDigest> RawDigests { get; init; } = new Dictionary<string, RawDigest>();

    /// <summary>How many baselined entries the written manifest gave a peer hash they lacked (<see cref="VerifyOptions.ManifestDigests"/>).</summary>
    public int DigestsRecorded { get; init; }

    /// <summary>The dialect the safety rules read each checked migration set in, and why (empty when no rule ran).</summary>
    public IReadOnlyList<string> Dialects { get; init; } = [];

    public bool HasErrors => Findings.Any(finding => finding.Severity == Severity.Error);
}
