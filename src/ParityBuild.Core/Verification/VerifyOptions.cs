using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Verification;

/// <param name="ProjectDirectory">Scripts' relative paths and the manifest's paths are relative to it.</param>
/// <param name="ManifestPath">The committed baseline manifest.</param>
/// <param name="Locked">CI: never write the manifest; a script missing from it is an error.</param>
/// <param name="AllowOutOfOrder">A new script may sort before the newest baselined one.</param>
/// <param name="Accept">Rewrite the manifest for the current scripts (ParityAccept).</param>
/// <param name="StatCachePath">Where the stat cache lives (under obj/), or null for none. Ignored in locked mode.</param>
/// <param name="ReadOnly">Report only (ParityStatus): never write the manifest or the cache.</param>
/// <param name="Rules">Which scripts the safety rules (PARITY4xxx) check; off unless asked for (the targets default to new).</param>
/// <param name="RulesEngine">The dialect the rules read the scripts in; null: detected per migration set from its scripts.</param>
/// <param name="RuleAsError">
/// Whether the build turns a rule's code into an error (WarningsAsErrors). Such findings are reported as errors here, so
/// that the manifest is not written: otherwise the script would be baselined by the failing build and pass unchecked in
/// the next. Asked only of the codes a rule found, so that a build without findings never lists the rules' codes.
/// </param>
public sealed record VerifyOptions(
    string ProjectDirectory,
    string ManifestPath,
    bool Locked = false,
    bool AllowOutOfOrder = false,
    bool Accept = false,
    string? StatCachePath = null,
    bool ReadOnly = false,
    RuleScope Rules = RuleScope.Off,
    SqlEngine? RulesEngine = null,
    Func<string, bool>? RuleAsError = null)
{
    /// <summary>
    /// The manifest as the pull request's base branch has it (ParityRulesBase): with ParityRules=new, a script is new to
    /// the rules when this manifest lacks its content, even though this checkout's manifest already lists it.
    /// </summary>
    public Manifest? RulesBaseline { get; init; }

    /// <summary>
    /// Another tool's hash of the raw bytes to compute in the same read (the build's replica check compares with a
    /// postgrator or sqitch history), handed to the check through <see cref="VerifyResult.RawDigests"/>.
    /// </summary>
    public RawDigestKind RawDigest { get; init; }

    /// <summary>
    /// The other tools' hashes of the text that the manifest records (<see cref="ChecksumKinds.Md5"/> for a postgrator
    /// history, <see cref="ChecksumKinds.Sha1"/> for sqitch; the project's ParityHistory). A script whose bytes are its
    /// text (LF, no BOM, valid UTF-8) and match the manifest then has its <see cref="RawDigest"/> from the manifest,
    /// without hashing it a second way.
    /// </summary>
    public ChecksumKinds ManifestDigests { get; init; }
}
