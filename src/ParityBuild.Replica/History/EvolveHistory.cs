using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// Evolve's <c>changelog</c> (<c>type</c>, <c>version</c>, <c>description</c>, <c>name</c>, <c>checksum</c>,
/// <c>installed_on</c>, <c>success</c>): one row per run, in id order. Versioned migrations (type 0) are keyed by
/// version, repeatable ones (type 4) by their file name, as Evolve matches them; the latest row of a key wins. A
/// StartVersion row (type 3) stands for every version below it; the schema rows (types 1 and 2) are no migrations.
/// Scripts are named as Flyway's (<c>V1_1__name.sql</c>, <c>R__name.sql</c>); <c>checksum</c> is
/// <see cref="EvolveChecksum"/>, and the value of Evolve before 1.8.0 is accepted as Evolve's validation accepts it.
/// </summary>
/// <remarks>
/// Table: lecaillon/Evolve src/Evolve/Dialect/PostgreSQL/PostgreSQLMetadataTable.cs (Create, InternalSave);
/// types: src/Evolve/Metadata/MetadataType.cs; repeatables by name: src/Evolve/Evolve.cs (ExecuteAllRepeatableMigration).
/// </remarks>
public sealed class EvolveHistory : HistoryReader
{
    private const int Migration = 0;
    private const int StartVersion = 3;
    private const int RepeatableMigration = 4;

    // The tool's checksum of a script's bytes.
    private static readonly RawScriptChecksum.Hasher Checksum = content => EvolveChecksum.Compute(content);

    public override MigrationTool Tool => MigrationTool.Evolve;

    public override string ToolName => "Evolve";

    // Not for the check, which hashes the scripts itself: the manifest then records each text's md5, which is Evolve's
    // checksum of it, so that a reformatted script's earlier checksum is known (ChecksumOf).
    public override RawDigestKind RawDigest => RawDigestKind.Md5;

    public override string RepairHint => "remove the failed row (Evolve's repair, or a DELETE) once the database is fixed, then migrate again";

    public override string Query(HistoryTable table, Func<string, string> quote) =>
        $"SELECT {Columns(table, quote, "type", "version", "description", "name", "checksum", "installed_on", "success")} " +
        $"FROM {quote(table.Schema)}.{quote(table.Name)} ORDER BY {(table.Has("id") ? quote(table.Column("id")) : quote(table.Column("installed_on")))}";

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows)
    {
        // Rows in id order; a later row of a key (a repeatable run again, a version migrated after a failure) wins.
        var all = new List<AppliedMigration>(rows.Count);
        foreach (var row in rows)
        {
            var type = RowValues.Integer(row[0]) ?? Migration;
            if (type is not (Migration or StartVersion or RepeatableMigration))
            {
                continue;
            }

            var name = RowValues.Text(row[3]) ?? "";
            var repeatable = type == RepeatableMigration;
            var version = repeatable || RowValues.Text(row[1]) is not { } text || string.IsNullOrWhiteSpace(text) ? ((string Key, string Text)?)null : StoredVersion(text);
            var key = repeatable ? RepeatableKey(name) : version?.Key ?? name;
            var success = RowValues.Bool(row[6]);
            all.Add(new AppliedMigration(
                key,
                version?.Text,
                WithoutElapsedTime(RowValues.Text(row[2]) ?? ""),
                RowValues.Text(row[4]) is { Length: > 0 } checksum ? checksum.Trim() : null,
                !success ? AppliedState.Failed : type == StartVersion ? AppliedState.Baseline : AppliedState.Applied,
                RowValues.Time(row[5]),
                Repeatable: repeatable,
                CoversEarlier: type == StartVersion && success));
        }

        return LatestPerKey(all);
    }

    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources)
    {
        var migrations = sources.Migrations.Where(migration => migration.Kind is MigrationKind.Versioned or MigrationKind.Repeatable).ToList();
        var checksums = RawScriptChecksum.HashAll([.. migrations.Select(migration => migration.File.FullPath)], Checksum, null, _ => null);
        return [.. migrations.Select((migration, i) => new LocalMigration(
            migration.Kind == MigrationKind.Repeatable ? RepeatableKey(FileName(migration.RelativePath)) : VersionKey(migration.Version!),
            migration.Version,
            migration.Description,
            checksums[i],
            migration.File.FullPath,
            migration.RelativePath,
            migration.Kind == MigrationKind.Repeatable))];
    }

    /// <summary>A checksum that differs may still be the raw-bytes MD5 of Evolve before 1.8.0, which its validation accepts.</summary>
    public override ChecksumVerdict? Judge(LocalMigration local, string stored)
    {
        if (local.Checksum is null || string.Equals(local.Checksum, stored, StringComparison.Ordinal))
        {
            return new ChecksumVerdict(ChecksumOutcome.Match, local.Checksum);
        }

        try
        {
            if (string.Equals(EvolveChecksum.ComputeBeforeV18(File.ReadAllBytes(local.FullPath)), stored, StringComparison.Ordinal))
            {
                return new ChecksumVerdict(ChecksumOutcome.Match, stored);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Unreadable now: ParityVerify reports it; the checksum computed before stands.
        }

        return ChecksumVerdict.Compare(stored, local.Checksum);
    }

    /// <summary>
    /// The manifest's md5 of a text is the MD5 of its bytes with LF line endings and no BOM: for UTF-8 text that is what
    /// Evolve hashes, and Evolve writes it in upper case. Recorded when ParityHistory names Evolve (<see cref="RawDigest"/>).
    /// </summary>
    public override string? ChecksumOf(PreviousText earlier) => earlier.Md5?.ToUpperInvariant();

    /// <summary>The row Evolve keys by its file name (<c>name</c>), its checksum set to the script's.</summary>
    public override string? RealignStatement(HistoryTable table, LocalMigration local, AppliedMigration row, Func<string, string> quote, bool mySql) =>
        local.Checksum is null || row.Checksum is null
            ? null
            : Realign(table, quote, "checksum", Literal(local.Checksum, mySql), "name", Literal(FileName(local.Path), mySql), Literal(row.Checksum, mySql));

    /// <summary>
    /// A row as Evolve's InternalSave writes it: type 0 with the version, or 4 without one for a repeatable; the
    /// description, the file name, Evolve's checksum, who, success. id and installed_on take their defaults.
    /// </summary>
    public override string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql) =>
        local.Checksum is null
            ? null
            : Insert(table, quote, ["type", "version", "description", "name", "checksum", "installed_by", "success"],
                $"{(local.Repeatable ? RepeatableMigration : Migration)}, {Literal(local.Repeatable ? null : local.Version?.Text, mySql)}, {Literal(local.Description, mySql)}, "
                + $"{Literal(FileName(local.Path), mySql)}, {Literal(local.Checksum, mySql)}, 'paritybuild-repair', TRUE");

    private static string RepeatableKey(string fileName) => "R:" + fileName;

    // Evolve 3 stores a migration's description with the time it took: "add users (12 ms)".
    private static string WithoutElapsedTime(string description)
    {
        if (!description.EndsWith(" ms)", StringComparison.Ordinal))
        {
            return description;
        }

        var open = description.LastIndexOf(" (", StringComparison.Ordinal);
        var digits = open < 0 ? 0 : description.Length - open - " (".Length - " ms)".Length;
        return digits > 0 && description.AsSpan(open + 2, digits).IndexOfAnyExceptInRange('0', '9') < 0 ? description[..open] : description;
    }

    private static string FileName(string relativePath) => relativePath[(relativePath.LastIndexOf('/') + 1)..];
}
