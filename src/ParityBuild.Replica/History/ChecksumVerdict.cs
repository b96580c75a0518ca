namespace ParityBuild.Replica.History;

/// <summary>How a stored checksum relates to the repository's script.</summary>
public enum ChecksumOutcome
{
    Match,

    Differs,

    /// <summary>The stored value is in a form this version cannot recompute (e.g. Liquibase <c>7:</c>): not compared.</summary>
    NotComparable,
}

/// <summary>
/// The judgement of one stored checksum. <see cref="Local"/> is the repository's value in the stored value's format
/// (for the message); <see cref="Note"/> says more: why they differ (only line endings), or why it could not be compared.
/// </summary>
public sealed record ChecksumVerdict(ChecksumOutcome Outcome, string? Local, string? Note = null)
{
    public static ChecksumVerdict Compare(string stored, string? local) =>
        new(string.Equals(stored, local, StringComparison.Ordinal) ? ChecksumOutcome.Match : ChecksumOutcome.Differs, local);
}
