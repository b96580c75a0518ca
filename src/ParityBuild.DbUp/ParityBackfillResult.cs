namespace ParityBuild.DbUp;

/// <summary>
/// What <see cref="ParityJournal.BackfillChecksums"/> did: the scripts whose checksum it recorded, and the adopted
/// rows it could not fill because no current script has their name (renamed or deleted since they ran).
/// </summary>
public sealed record ParityBackfillResult(IReadOnlyList<string> Filled, IReadOnlyList<string> WithoutScript);
