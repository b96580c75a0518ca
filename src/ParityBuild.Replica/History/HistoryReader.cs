using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using System.Globalization;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Schema;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// One migration tool's history table: the one query that reads it, how its rows become <see cref="AppliedMigration"/>s,
/// and how the repository's migrations are named in it. The comparison itself is shared (<see cref="Comparison.HistoryComparison"/>).
/// </summary>
public abstract class HistoryReader
{
    public abstract MigrationTool Tool { get; }

    /// <summary>The tool's name in messages.</summary>
    public abstract string ToolName { get; }

    /// <summary>What the user should do about a failed or dirty row, after fixing the database.</summary>
    public abstract string RepairHint { get; }

    /// <summary>Whether the tool itself fails when an applied migration's description differs (Flyway's validate).</summary>
    public virtual bool ComparesDescriptions => false;

    /// <summary>The hash this tool stores of a script's raw bytes, which ParityVerify's read can compute for the check; None for most.</summary>
    public virtual RawDigestKind RawDigest => RawDigestKind.None;

    /// <summary>
    /// The raw digest that the history a ParityHistory setting names stores (None for auto, for a tool that stores none,
    /// and for a setting that names no tool: the replica check reports that one).
    /// </summary>
    public static RawDigestKind RawDigestFor(string? setting)
    {
        try
        {
            return ToolDetection.ParseSetting(setting) is { } tool && For(tool) is { } reader ? reader.RawDigest : RawDigestKind.None;
        }
        catch (ArgumentException)
        {
            return RawDigestKind.None;
        }
    }

    /// <summary>The tools this version reads; the others are recognized but reported as not read yet.</summary>
    public static IReadOnlyList<MigrationTool> Supported { get; } =
        [MigrationTool.Flyway, MigrationTool.Liquibase, MigrationTool.DbUp, MigrationTool.EfCore, MigrationTool.SchemaMigrations, MigrationTool.Sqitch, MigrationTool.Postgrator, MigrationTool.Parity, MigrationTool.Grate, MigrationTool.Evolve];

    public static HistoryReader? For(MigrationTool tool) => tool switch
    {
        MigrationTool.Flyway => new FlywayHistory(),
        MigrationTool.DbUp => new DbUpHistory(),
        MigrationTool.EfCore => new EfCoreHistory(),
        MigrationTool.SchemaMigrations => new SchemaMigrationsHistory(),
        MigrationTool.Liquibase => new LiquibaseHistory(),
        MigrationTool.Sqitch => new SqitchHistory(),
        MigrationTool.Postgrator => new PostgratorHistory(),
        MigrationTool.Parity => new ParityJournalHistory(),
        MigrationTool.Grate => new GrateHistory(),
        MigrationTool.Evolve => new EvolveHistory(),
        _ => null,
    };

    /// <summary>The one query that reads the whole table, with the column names as the catalog spells them.</summary>
    public abstract string Query(HistoryTable table, Func<string, string> quote);

    /// <summary>The rows in the order the query returned them, as the tool would understand them.</summary>
    public abstract IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows);

    public abstract IReadOnlyList<LocalMigration> Locals(LocalSources sources);

    /// <summary>The local keys an applied row may match, most specific first: the row's own <see cref="AppliedMigration.Key"/>, then others.</summary>
    public virtual IEnumerable<string> Candidates(AppliedMigration applied)
    {
        yield return applied.Key;
    }

    /// <summary>How messages name an applied row: "version 7 (add index)", "repeatable 'views'", or the tool's key.</summary>
    public virtual string Describe(AppliedMigration applied) => applied switch
    {
        { Repeatable: true } => $"repeatable migration '{applied.Description}'",
        { Version: { } version } => applied.Description.Length == 0 ? $"version {version}" : $"version {version} ({applied.Description})",
        _ => applied.Key,
    };

    /// <summary>
    /// How this tool judges a stored checksum that is not exactly the script's (<see cref="LocalMigration.Checksum"/>), or
    /// null to compare them as strings (or by the script's own <see cref="LocalMigration.Verify"/>). A method here rather
    /// than a delegate per script: ten thousand scripts would each carry one.
    /// </summary>
    public virtual ChecksumVerdict? Judge(LocalMigration local, string stored) => null;

    /// <summary>The rows this repository answers for (a registry shared by several projects holds others too).</summary>
    public virtual IReadOnlyList<AppliedMigration> Relevant(IReadOnlyList<AppliedMigration> applied, IReadOnlyList<LocalMigration> locals) => applied;

    /// <summary>How a checksum finding names the repository's script and the row it was applied as.</summary>
    public virtual string Name(LocalMigration local, AppliedMigration applied) => $"{local.Path} ({Describe(applied)})";

    /// <summary>
    /// The statement that records <paramref name="local"/> as applied, in the tool's own columns and with its own
    /// checksum — what its users otherwise write by hand once the schema already holds the migration; null for a tool
    /// whose rows ParityBuild does not write.
    /// </summary>
    /// <param name="locals">The repository's migrations and <paramref name="applied"/> the table's rows: what they show of how the tool names migrations.</param>
    public virtual string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql) => null;

    /// <summary>
    /// What this tool stored for an earlier text of a script that the manifest recorded as semantically identical
    /// (<see cref="PreviousText"/>), in the stored value's form; null when the recorded checksums do not determine it.
    /// A reader that answers also writes the <see cref="RealignStatement"/>.
    /// </summary>
    public virtual string? ChecksumOf(PreviousText earlier) => null;

    /// <summary>
    /// Whether <paramref name="stored"/> is what this tool stored for <paramref name="earlier"/>, a text of
    /// <paramref name="local"/>'s script that the manifest holds as semantically identical: <see cref="ChecksumOf"/>, or
    /// for a tool that stores a checksum per part of a script (Liquibase's changesets), that part's.
    /// </summary>
    public virtual bool IsEarlier(PreviousText earlier, LocalMigration local, string stored) => string.Equals(ChecksumOf(earlier), stored, StringComparison.Ordinal);

    /// <summary>The manifest's path of the script <paramref name="local"/> comes from (a Liquibase changeset's is its changelog's).</summary>
    public virtual string ScriptPath(LocalMigration local) => local.Path;

    /// <summary>
    /// The UPDATE that sets <paramref name="row"/>'s stored checksum to the script's current one (PARITY2011), and only
    /// while it still holds the earlier one; null for a tool whose rows ParityBuild does not realign.
    /// </summary>
    public virtual string? RealignStatement(HistoryTable table, LocalMigration local, AppliedMigration row, Func<string, string> quote, bool mySql) => null;

    /// <summary><c>UPDATE table SET checksumColumn = current WHERE keyColumn = key AND checksumColumn = stored;</c></summary>
    protected static string Realign(HistoryTable table, Func<string, string> quote, string checksumColumn, string current, string keyColumn, string key, string stored) =>
        Realign(table, quote, checksumColumn, current, [(keyColumn, key)], stored);

    /// <summary>The same, for a row that several columns name (every value already a literal).</summary>
    protected static string Realign(HistoryTable table, Func<string, string> quote, string checksumColumn, string current, IReadOnlyList<(string Column, string Value)> keys, string stored) =>
        $"UPDATE {quote(table.Schema)}.{quote(table.Name)} SET {quote(table.Column(checksumColumn))} = {current}\n"
        + $"WHERE {string.Concat(keys.Select(key => $"{quote(table.Column(key.Column))} = {key.Value} AND "))}{quote(table.Column(checksumColumn))} = {stored};";

    /// <summary>
    /// How the tool's rows name scripts beyond their file name (DbUp's resource names: <c>MyApp.Scripts.</c>): taken
    /// from the rows already there, since the file alone does not tell it; empty when no row shows one.
    /// </summary>
    protected static string NamePrefix(IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied) =>
        applied
            .SelectMany(row => locals.Where(other => row.Key.Length > other.Key.Length && row.Key.EndsWith(other.Key, StringComparison.Ordinal) && row.Key[^(other.Key.Length + 1)] is '.' or '/' or '\\')
                .Select(other => row.Key[..^other.Key.Length]))
            .FirstOrDefault() ?? "";

    /// <summary>
    /// The rows in order with only the latest of each key kept, where it stands: a tool that writes a row per run (or
    /// updates one in place) compares with its latest.
    /// </summary>
    protected static IReadOnlyList<AppliedMigration> LatestPerKey(IReadOnlyList<AppliedMigration> rows)
    {
        var latest = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            latest[rows[i].Key] = i;
        }

        if (latest.Count == rows.Count)
        {
            return rows;
        }

        var kept = new List<AppliedMigration>(latest.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (latest[rows[i].Key] == i)
            {
                kept.Add(rows[i]);
            }
        }

        return kept;
    }

    /// <summary>INSERT INTO the table's own columns (by the names the table spells them with) the given values.</summary>
    protected static string Insert(HistoryTable table, Func<string, string> quote, IReadOnlyList<string> columns, string values) =>
        InsertInto(table, quote, columns) + $"VALUES ({values});";

    /// <summary>The start of an INSERT into the table's own columns, by the names the table spells them with.</summary>
    protected static string InsertInto(HistoryTable table, Func<string, string> quote, IReadOnlyList<string> columns) =>
        $"INSERT INTO {quote(table.Schema)}.{quote(table.Name)} ({string.Join(", ", columns.Select(column => quote(table.Has(column) ? table.Column(column) : column)))})\n";

    /// <summary>A value as a literal of the replica's engine (<see cref="SqlText.Literal"/>): data, whatever it holds.</summary>
    protected static string Literal(string? value, bool mySql) => SqlText.Literal(mySql ? SqlEngine.MySql : SqlEngine.PostgreSql, value);

    // A numeric version's key is its normalized text (digits and dots: never one of the prefixed keys), which the
    // version already holds; a named one, and a repeatable's "R:" key, are prefixed. No string per row for most.
    protected static string VersionKey(MigrationVersion version) => version.IsNumeric ? version.Normalized : "V:" + version.Normalized;

    /// <summary>
    /// A stored version's key (<see cref="VersionKey"/>) and its text as the tool shows it. A plain integer, as most
    /// versions are, is both already: nothing is parsed or allocated for it.
    /// </summary>
    protected static (string Key, string Text) StoredVersion(string text)
    {
        if (text.Length > 0 && (text[0] != '0' || text.Length == 1) && !text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return (text, text);
        }

        var version = ParseVersion(text);
        return (VersionKey(version), version.Text);
    }

    /// <summary>A stored version as a comparable one: numeric where it can be, as it is otherwise.</summary>
    protected static MigrationVersion ParseVersion(string text)
    {
        var trimmed = text.Trim();
        return MigrationVersion.TryParseNumeric(trimmed, out var version) ? version : MigrationVersion.Named(trimmed);
    }

    protected static string Columns(HistoryTable table, Func<string, string> quote, params string[] names) =>
        string.Join(", ", names.Select(name => table.Has(name) ? quote(table.Column(name)) : "NULL"));

    protected static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
