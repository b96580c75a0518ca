using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// postgrator's <c>schemaversion</c> (<c>version</c>, <c>name</c>, <c>md5</c>, <c>run_at</c>): one row per applied
/// <c>do</c> script, deleted again when its <c>undo</c> script runs; the row of version 0 is the one postgrator inserts
/// when it creates the table. Scripts are named <c>&lt;version&gt;.do.&lt;name&gt;.sql</c> (the name is optional), which
/// none of ParityBuild's naming conventions reads, so the version is taken from the file name here, as postgrator does
/// (<c>Number</c> of the part before the first dot: <c>001</c> is 1). md5 is postgrator's hash of the raw text.
/// </summary>
/// <remarks>Table and rows: rickbergfalk/postgrator lib/commonClient.js (ensureTable, persistActionSql), postgrator.js (getMigrations).</remarks>
public sealed class PostgratorHistory : HistoryReader
{
    // The tool's checksum of a script's raw bytes.
    private static readonly RawScriptChecksum.Hasher Checksum = content => PostgratorChecksum.Compute(content);

    private const string LineEndingAdvice =
        "postgrator hashes the text as read unless its newline option is set, so it fails on this too: check the script out with the line endings it was applied with (.gitattributes), or set postgrator's newline option";

    public override MigrationTool Tool => MigrationTool.Postgrator;

    public override string ToolName => "postgrator";

    public override RawDigestKind RawDigest => RawDigestKind.Md5;

    public override string RepairHint => "remove or correct the row by hand";

    public override string Query(HistoryTable table, Func<string, string> quote) =>
        $"SELECT {Columns(table, quote, "version", "name", "md5", "run_at")} FROM {quote(table.Schema)}.{quote(table.Name)} " +
        $"ORDER BY {quote(table.Column("version"))}";

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows)
    {
        var applied = new List<AppliedMigration>(rows.Count);
        foreach (var row in rows)
        {
            if (RowValues.Text(row[0]) is not { } text || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var (key, shown) = StoredVersion(text);
            if (key == "0")
            {
                // The row postgrator writes when it creates the table: no migration.
                continue;
            }

            applied.Add(new AppliedMigration(
                key,
                shown,
                RowValues.Text(row[1]) ?? "",
                RowValues.Text(row[2]) is { Length: > 0 } md5 ? md5.Trim() : null,
                AppliedState.Applied,
                RowValues.Time(row[3])));
        }

        return applied;
    }

    /// <summary>A row as postgrator writes it: version, name, its md5 of the raw script, and the time.</summary>
    /// <summary>postgrator's md5 is of the file's bytes; the manifest's, of the text with LF endings and no BOM: the same for such a file.</summary>
    public override string? ChecksumOf(PreviousText earlier) => earlier.Md5;

    public override string? RealignStatement(HistoryTable table, LocalMigration local, AppliedMigration row, Func<string, string> quote, bool mySql) =>
        local.Version is null || local.Checksum is null || row.Checksum is null
            ? null
            : Realign(table, quote, "md5", Literal(local.Checksum, mySql), "version", local.Version.IsNumeric ? local.Version.Normalized : Literal(local.Version.Normalized, mySql), Literal(row.Checksum, mySql));

    public override string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql) =>
        local.Version is null || local.Checksum is null
            ? null
            : Insert(table, quote, ["version", "name", "md5", "run_at"], $"{(local.Version.IsNumeric ? local.Version.Normalized : Literal(local.Version.Normalized, mySql))}, {Literal(local.Description, mySql)}, {Literal(local.Checksum, mySql)}, CURRENT_TIMESTAMP");

    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources)
    {
        var scripts = new List<(ScriptFile Script, string Version, string Name)>();
        foreach (var script in sources.Scripts)
        {
            // Undo scripts are never recorded: running one deletes its version's row.
            if (PostgratorScriptName.TryParse(Path.GetFileName(script.RelativePath.AsSpan()), out var version, out var undo, out var name) && !undo)
            {
                scripts.Add((script, version.ToString(), name.ToString()));
            }
        }

        var checksums = RawScriptChecksum.HashAll([.. scripts.Select(entry => entry.Script.FullPath)], Checksum, sources.RawDigests, PostgratorChecksum.FromRawDigest);
        var locals = new List<LocalMigration>(scripts.Count);
        for (var i = 0; i < scripts.Count; i++)
        {
            var (script, versionText, name) = scripts[i];
            var version = MigrationVersion.ParseNumeric(versionText);
            locals.Add(new LocalMigration(VersionKey(version), version, name, checksums[i], script.FullPath, script.RelativePath));
        }

        return locals;
    }

    /// <summary>An md5 that differs is recomputed with the script's line endings converted (<see cref="RawScriptChecksum"/>).</summary>
    public override ChecksumVerdict? Judge(LocalMigration local, string stored) =>
        RawScriptChecksum.Verify(stored, local.Checksum, local.FullPath, Checksum, LineEndingAdvice);
}
