using ParityBuild.Core.Checksums;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Verification;

/// <summary>
/// What a replica check of a postgrator or sqitch history compares, for a check that runs apart from ParityVerify (a
/// task of its own, or <c>parity replica</c>): each script is read once and hashed as the gate hashes it, and one whose
/// bytes are its text (LF, no BOM, UTF-8) and whose text is the one its manifest entry holds gets the entry's recorded
/// hash of that text. The gate's hash costs a fraction of those tools' own hash of every script; the few scripts left
/// without one are hashed by the check itself.
/// </summary>
public static class RecordedRawDigests
{
    /// <returns>The digests by full path; empty when the manifest records no hash of this kind.</returns>
    public static IReadOnlyDictionary<string, RawDigest> Read(IReadOnlyList<ScriptFile> scripts, Manifest manifest, RawDigestKind kind, CancellationToken cancellation) =>
        kind == RawDigestKind.None || !manifest.Entries.Any(entry => entry.ToolDigest(kind) is not null)
            ? new Dictionary<string, RawDigest>()
            : ParallelHashing.Run(scripts, cache: null, cancellation, kind, ChecksumKinds.Text, rawFromManifest: true).RawDigests(manifest);
}
