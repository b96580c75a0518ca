using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;

namespace ParityBuild.Replica.History;

/// <summary>
/// grate's <c>ScriptsRun</c> (<c>script_name</c>, <c>text_hash</c>, <c>one_time_script</c>, <c>entry_date</c>): one row
/// per run of a script, the latest (highest id) in effect, as grate's own GetAllScriptsRun reads it. A script's name is
/// its path below its grate folder (<see cref="GrateFolders"/>); <c>up</c> scripts run once and a changed one is drift,
/// anytime scripts (views, sprocs, functions, …) run again when they change, which is pending, and everytime scripts
/// (beforeMigration, permissions, afterMigration, <c>*.everytime.*</c>) run on every migration, so their text is never
/// compared. A failed script leaves no row here but one in <c>ScriptsRunErrors</c> beside it: a script with an error
/// and no run is failed. <c>text_hash</c> is <see cref="GrateChecksum"/>.
/// </summary>
/// <remarks>
/// Tables: erikbra/grate src/grate.core/Migration/AnsiSqlDatabase.cs (GetAllScriptsRun, InsertScriptRun); rows:
/// src/grate.core/Migration/DbMigrator.cs (RunSql, RecordScriptInScriptsRunTable, RecordScriptInScriptsRunErrorsTable).
/// </remarks>
public sealed class GrateHistory : HistoryReader
{
    // The tool's checksum of a script's bytes.
    private static readonly RawScriptChecksum.Hasher Checksum = content => GrateChecksum.Compute(content);

    public override MigrationTool Tool => MigrationTool.Grate;

    public override string ToolName => "grate";

    // Not for the check, which hashes the scripts itself: the manifest then records each text's md5, from which an
    // earlier text's text_hash follows when grate hashed it unchanged (ChecksumOf).
    public override RawDigestKind RawDigest => RawDigestKind.Md5;

    public override string RepairHint => "fix the script and run grate again: it retries a script that has no ScriptsRun row (the ScriptsRunErrors row stays as a record)";

    public override string Query(HistoryTable table, Func<string, string> quote)
    {
        var runs = $"SELECT {Columns(table, quote, "id", "script_name", "text_hash", "one_time_script", "entry_date")}, 0 FROM {quote(table.Schema)}.{quote(table.Name)}";
        return table.Companion is not { } errors
            ? runs + $" ORDER BY {quote(table.Column("id"))}"
            : runs + $" UNION ALL SELECT {quote("id")}, {quote("script_name")}, NULL, NULL, {quote("entry_date")}, 1 FROM {quote(table.Schema)}.{quote(errors)} ORDER BY 6, 1";
    }

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows)
    {
        var runs = new List<AppliedMigration>(rows.Count);
        var errors = new Dictionary<string, AppliedMigration>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var name = RowValues.Text(row[1]) ?? "";
            if (RowValues.Integer(row[5]) == 1)
            {
                errors[name] = new AppliedMigration(name, null, name, null, AppliedState.Failed, RowValues.Time(row[4]));
                continue;
            }

            runs.Add(new AppliedMigration(
                name,
                null,
                name,
                RowValues.Text(row[2]) is { Length: > 0 } hash ? hash.Trim() : null,
                AppliedState.Applied,
                RowValues.Time(row[4]),
                Repeatable: !RowValues.Bool(row[3])));
        }

        // Rows come in id order: the latest run of a script is the one grate compares with. A script that failed and
        // has run since is judged by its run; one that never ran is failed.
        var latest = LatestPerKey(runs);
        var ran = latest.Select(run => run.Key).ToHashSet(StringComparer.Ordinal);
        return [.. latest, .. errors.Values.Where(error => !ran.Contains(error.Key))];
    }

    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources)
    {
        var scripts = new List<(Core.Scripts.ScriptFile Script, int Order, string Folder, string Name, GrateScriptKind Kind)>();
        foreach (var script in sources.Scripts)
        {
            if (GrateFolders.Classify(script.RelativePath) is { } found)
            {
                scripts.Add((script, found.Order, found.Folder, found.ScriptName, found.Kind));
            }
        }

        // grate's order: folder by folder, each folder's scripts by their path.
        scripts.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : string.CompareOrdinal(a.Name, b.Name));
        var checksums = RawScriptChecksum.HashAll([.. scripts.Select(entry => entry.Script.FullPath)], Checksum, null, _ => null);
        return [.. scripts.Select((entry, i) => new LocalMigration(
            entry.Name,
            null,
            entry.Name,
            entry.Kind == GrateScriptKind.EveryTime ? null : checksums[i],
            entry.Script.FullPath,
            entry.Script.RelativePath,
            Repeatable: entry.Kind != GrateScriptKind.Once,
            Optional: entry.Folder == GrateFolders.RunAfterCreateDatabase || GrateFolders.IsEnvironmentName(entry.Name)))];
    }

    /// <summary>
    /// grate stores the base64 MD5 of the text with every <c>'</c> doubled: for an earlier text with a quote, ParityAccept
    /// recorded that value from the text in git (<see cref="PreviousText.Grate"/>); without one, it is the manifest's md5
    /// (the MD5 of the text with LF endings) in base64. A text with a quote that git did not hold matches nothing, and
    /// stays PARITY2002.
    /// </summary>
    public override string? ChecksumOf(PreviousText earlier) => earlier.Grate ?? (earlier.Md5 is { } md5 ? Convert.ToBase64String(Convert.FromHexString(md5)) : null);

    /// <summary>Every run row of the script that still holds the earlier text_hash, set to the script's.</summary>
    public override string? RealignStatement(HistoryTable table, LocalMigration local, AppliedMigration row, Func<string, string> quote, bool mySql) =>
        local.Checksum is null || row.Checksum is null
            ? null
            : Realign(table, quote, "text_hash", Literal(local.Checksum, mySql), "script_name", Literal(row.Key, mySql), Literal(row.Checksum, mySql));

    /// <summary>
    /// An everytime script's text is never compared. A script with <c>{{tokens}}</c> was hashed by grate after it
    /// replaced them with values the replica cannot show: a different hash is then not comparable, never drift.
    /// </summary>
    public override ChecksumVerdict? Judge(LocalMigration local, string stored)
    {
        if (local.Checksum is null || string.Equals(local.Checksum, stored, StringComparison.Ordinal))
        {
            return new ChecksumVerdict(ChecksumOutcome.Match, local.Checksum);
        }

        try
        {
            if (GrateChecksum.HasTokens(DotNetScriptText.Read(File.ReadAllBytes(local.FullPath))))
            {
                return new ChecksumVerdict(ChecksumOutcome.NotComparable, null,
                    "grate hashes a script after replacing its {{tokens}}, whose values the replica does not show; run grate with --disabletokenreplacement, or compare by hand");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Unreadable now: ParityVerify reports it; the hash computed before stands.
        }

        return ChecksumVerdict.Compare(stored, local.Checksum);
    }

    public override string Describe(AppliedMigration applied) => applied switch
    {
        { State: AppliedState.Failed } => $"script '{applied.Key}'",
        { Repeatable: true } => $"anytime script '{applied.Key}'",
        _ => $"one-time script '{applied.Key}'",
    };

    /// <summary>
    /// A row as grate's InsertScriptRun writes it: the latest version_id, the script's name, its hash, whether it runs
    /// once, the time in UTC (as grate's DateTime.UtcNow) and who; no text, as with grate's --donotstorescriptsruntext.
    /// Everytime scripts get none: grate runs them anyway.
    /// </summary>
    public override string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql)
    {
        if (local.Checksum is null)
        {
            return null;
        }

        string[] columns = ["version_id", "script_name", "text_hash", "one_time_script", "entry_date", "modified_date", "entered_by"];
        var now = mySql ? "UTC_TIMESTAMP()" : "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')";
        return InsertInto(table, quote, columns)
            + $"SELECT {(table.Has("version_id") ? $"MAX({quote(table.Column("version_id"))})" : "NULL")}, {Literal(local.Key, mySql)}, {Literal(local.Checksum, mySql)}, {(local.Repeatable ? "FALSE" : "TRUE")}, {now}, {now}, 'paritybuild-repair' "
            + $"FROM {quote(table.Schema)}.{quote(table.Name)};";
    }
}
