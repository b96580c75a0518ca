using ParityBuild.Core.Findings;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Gate;

/// <summary>How prominent a message is: MSBuild's importance, the tool's verbosity.</summary>
public enum Importance
{
    /// <summary>Shown at minimal verbosity: something to act on (commit the manifest).</summary>
    High,

    /// <summary>The summary of a clean run.</summary>
    Normal,

    /// <summary>Settings and reasons, for a detailed log.</summary>
    Low,
}

/// <summary>A line to print that is not a finding.</summary>
public sealed record GateMessage(Importance Importance, string Text);

/// <summary>
/// What a gate run has to say: its findings (which decide success) and its other messages, each to be printed in order
/// (findings first); for the build, the stamp time and what the later tasks of the same build may reuse.
/// </summary>
public sealed record GateOutcome(IReadOnlyList<Finding> Findings, IReadOnlyList<GateMessage> Messages)
{
    /// <summary>
    /// The time to give obj/parity/verify.stamp, or empty for the time it is touched: the time the file system gave the
    /// started file as this run began, before it read anything, less one tick, in the round-trip format. A script
    /// edited after it was read is then newer than the stamp, so the next build runs the check again.
    /// </summary>
    public string StampTime { get; init; } = "";

    /// <summary>The verifier's result (null when the settings stopped the run before it).</summary>
    public VerifyResult? Result { get; init; }

    public bool HasErrors => Findings.Any(finding => finding.Severity == Severity.Error);
}
