namespace ParityBuild.DbUp;

/// <summary>
/// One row of <c>parity_journal</c>. <see cref="Sha256"/> is null for a script adopted from DbUp's own table until it is
/// backfilled; <see cref="DurationMs"/> is null when the script was not timed (adopted, or marked as executed without
/// running). <see cref="Source"/> says where the checksum came from.
/// </summary>
public sealed record JournalRow(string ScriptName, string? Sha256, string? Version, DateTime AppliedAt, long? DurationMs, string Source)
{
    /// <summary>DbUp ran the script (or marked it as run) through the journal: the checksum is of the text it ran.</summary>
    public const string Executed = "executed";

    /// <summary>Copied from DbUp's own table when the journal was created: no checksum yet.</summary>
    public const string Adopted = "adopted";

    /// <summary>Adopted, then given the checksum of the script as it was when backfilled.</summary>
    public const string Backfilled = "backfilled";

    /// <summary>
    /// A time read from DbUp's own table as UTC: DbUp writes its local <c>DateTime.Now</c> into a column without a zone,
    /// so a value without a kind is taken as this machine's local time.
    /// </summary>
    public static DateTime Utc(object? value) => value switch
    {
        DateTime { Kind: DateTimeKind.Utc } utc => utc,
        DateTime { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        DateTime unspecified => DateTime.SpecifyKind(unspecified, DateTimeKind.Local).ToUniversalTime(),
        DateTimeOffset offset => offset.UtcDateTime,
        _ => DateTime.UnixEpoch,
    };
}
