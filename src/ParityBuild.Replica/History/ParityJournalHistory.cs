using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;

namespace ParityBuild.Replica.History;

/// <summary>
/// ParityBuild's own <c>parity_journal</c> (<c>script_name</c>, <c>sha256</c>, <c>version</c>, <c>applied_at</c>),
/// written by ParityBuild.DbUp's journal. Names are DbUp's, so they match as in <see cref="DbUpHistory"/> (a resource
/// name ends with the script's file name); <c>sha256</c> is the manifest's normalized SHA-256, so a script edited after
/// it was applied is a checksum mismatch for DbUp users too. Rows adopted from DbUp's <c>schemaversions</c> and not
/// backfilled have no checksum, and are compared by name only.
/// </summary>
public sealed class ParityJournalHistory : HistoryReader
{
    private readonly DbUpHistory _names = new();

    public override MigrationTool Tool => MigrationTool.Parity;

    public override string ToolName => "ParityBuild.DbUp";

    public override string RepairHint => "remove or correct the row by hand";

    public override string Query(HistoryTable table, Func<string, string> quote) =>
        $"SELECT {Columns(table, quote, "script_name", "sha256", "version", "applied_at")} FROM {quote(table.Schema)}.{quote(table.Name)} " +
        $"ORDER BY {quote(table.Column("applied_at"))}, {quote(table.Column("script_name"))}";

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows) =>
        [.. rows.Select(row => (Name: RowValues.Text(row[0]) ?? "", Sha256: RowValues.Text(row[1])?.Trim(), Version: RowValues.Text(row[2]), At: RowValues.Time(row[3])))
            .Select(row => new AppliedMigration(row.Name, string.IsNullOrWhiteSpace(row.Version) ? null : row.Version, row.Name, row.Sha256 is { Length: > 0 } sha256 ? sha256.ToLowerInvariant() : null, AppliedState.Applied, row.At))];

    /// <summary>The scripts as DbUp names them, with the manifest's <c>sha256</c> (or the file's, when the manifest lacks it).</summary>
    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources) =>
        [.. _names.Locals(sources).Select(local => local with { Checksum = Checksum(local.Path, local.FullPath, sources) })];

    /// <summary>
    /// A row as the journal writes it, under the name DbUp gives the script: a resource name's prefix
    /// (<c>MyApp.Scripts.</c>) is taken from the rows already there, since the file alone does not tell it.
    /// </summary>
    public override string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql)
    {
        var prefix = NamePrefix(locals, applied);
        string[] columns = ["script_name", "sha256", "version", "applied_at", "duration_ms", "source"];
        var now = mySql ? "UTC_TIMESTAMP(6)" : "CURRENT_TIMESTAMP";
        return Insert(table, quote, columns, $"{Literal(prefix + local.Key, mySql)}, {Literal(local.Checksum, mySql)}, {Literal(local.Version?.Text, mySql)}, {now}, NULL, 'repaired'");
    }

    /// <summary>The journal stores the manifest's own sha256, which the manifest keeps of every earlier text.</summary>
    public override string? ChecksumOf(PreviousText earlier) => earlier.Sha256;

    public override string? RealignStatement(HistoryTable table, LocalMigration local, AppliedMigration row, Func<string, string> quote, bool mySql) =>
        local.Checksum is null || row.Checksum is null
            ? null
            : Realign(table, quote, "sha256", Literal(local.Checksum, mySql), "script_name", Literal(row.Key, mySql), Literal(row.Checksum, mySql));

    public override IEnumerable<string> Candidates(AppliedMigration applied) => _names.Candidates(applied);

    /// <summary>The row's script name: DbUp's rows are known by name, whatever version the name carries.</summary>
    public override string Describe(AppliedMigration applied) => applied.Key;

    // ParityVerify already checked the scripts against the manifest, so its stored sha256 is the script's; only a script
    // the manifest lacks is read again.
    private static string? Checksum(string relativePath, string fullPath, LocalSources sources)
    {
        if (sources.ManifestByPath.TryGetValue(relativePath, out var entry))
        {
            return entry.Sha256;
        }

        try
        {
            return ScriptHasher.Hash(fullPath, ChecksumKinds.Text).Text;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // ParityVerify reports an unreadable script; here it only means there is nothing to compare.
            return null;
        }
    }
}
