using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// sqitch's registry table <c>sqitch.changes</c> (<c>change</c>, <c>script_hash</c>, <c>project</c>, <c>committed_at</c>):
/// one row per change deployed now (a revert deletes it). A change's deploy script is <c>deploy/&lt;change&gt;.sql</c>
/// (a change name may hold slashes); <c>script_hash</c> is the SHA-1 of its raw bytes. A registry serves several
/// projects: when a <c>sqitch.plan</c> beside the <c>deploy</c> folder names the project (<c>%project=</c>), rows of
/// other projects are not this repository's concern.
/// </summary>
/// <remarks>Columns: sqitchers/sqitch lib/App/Sqitch/Engine/pg.sql (CREATE TABLE changes); hash: lib/App/Sqitch/Plan/Change.pm.</remarks>
public sealed class SqitchHistory : HistoryReader
{
    // The tool's checksum of a script's raw bytes.
    private static readonly RawScriptChecksum.Hasher Checksum = content => SqitchChecksum.Compute(content);

    private const string Separator = "::";

    private const string LineEndingAdvice =
        "sqitch hashes the raw bytes, so its verify and rework see a change too: check the script out with the line endings it was deployed with (.gitattributes)";

    public override MigrationTool Tool => MigrationTool.Sqitch;

    public override string ToolName => "sqitch";

    public override RawDigestKind RawDigest => RawDigestKind.Sha1;

    public override string RepairHint => "revert or redeploy the change with sqitch";

    public override string Query(HistoryTable table, Func<string, string> quote) =>
        $"SELECT {Columns(table, quote, "change", "script_hash", "project", "committed_at")} FROM {quote(table.Schema)}.{quote(table.Name)} " +
        $"ORDER BY {quote(table.Column("committed_at"))}";

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows) =>
        [.. rows.Select(row => (Change: RowValues.Text(row[0]) ?? "", Hash: RowValues.Text(row[1]), Project: RowValues.Text(row[2]) ?? "", At: RowValues.Time(row[3])))
            .Select(row => new AppliedMigration(Key(row.Project, row.Change), null, row.Change, row.Hash is { Length: > 0 } hash ? hash.Trim() : null, AppliedState.Applied, row.At, StoredKey: [row.Project, row.Change]))];

    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources)
    {
        var changes = new List<(ScriptFile Script, string Project, string Change)>();
        var projects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var script in sources.Scripts)
        {
            var path = script.RelativePath;
            var deploy = path.StartsWith("deploy/", StringComparison.Ordinal) ? 0 : path.LastIndexOf("/deploy/", StringComparison.Ordinal) + 1;
            if ((deploy == 0 && !path.StartsWith("deploy/", StringComparison.Ordinal)) || !path.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var change = path[(deploy + "deploy/".Length)..^".sql".Length];
            if (change.Contains('@', StringComparison.Ordinal))
            {
                // deploy/<change>@<tag>.sql is the script of a change before it was reworked, not a change of its own.
                continue;
            }

            // The folder that holds deploy/ (and sqitch.plan): one level up per segment of the change name, then one more.
            var top = Path.GetDirectoryName(script.FullPath) ?? "";
            for (var level = 0; level <= change.Count(c => c == '/'); level++)
            {
                top = Path.GetDirectoryName(top) ?? "";
            }

            if (!projects.TryGetValue(top, out var project))
            {
                project = ProjectOf(Path.Combine(top, "sqitch.plan"));
                projects.Add(top, project);
            }

            changes.Add((script, project, change));
        }

        var checksums = RawScriptChecksum.HashAll([.. changes.Select(entry => entry.Script.FullPath)], Checksum, sources.RawDigests, SqitchChecksum.FromRawDigest);
        return [.. changes.Select((entry, i) => new LocalMigration(
            Key(entry.Project, entry.Change),
            null,
            entry.Change,
            checksums[i],
            entry.Script.FullPath,
            entry.Script.RelativePath))];
    }

    /// <summary>A script_hash that differs is recomputed with the script's line endings converted (<see cref="RawScriptChecksum"/>).</summary>
    public override ChecksumVerdict? Judge(LocalMigration local, string stored) =>
        RawScriptChecksum.Verify(stored, local.Checksum, local.FullPath, Checksum, LineEndingAdvice);

    /// <summary>sqitch's script_hash is the SHA-1 of the raw bytes; the manifest's sha1, of the text with LF endings and no BOM: the same for such a file.</summary>
    public override string? ChecksumOf(PreviousText earlier) => earlier.Sha1;

    /// <summary>
    /// The change's row in its project, its script_hash set to the script's (what a deploy of the reworked script
    /// would have stored), while it still holds the earlier one. sqitch keys a row by change_id, a hash of the plan's
    /// entry that the repository does not hold; project and change name it as well among the changes deployed now.
    /// </summary>
    public override string? RealignStatement(HistoryTable table, LocalMigration local, AppliedMigration row, Func<string, string> quote, bool mySql) =>
        local.Checksum is null || row.Checksum is null || row.StoredKey is not [var project, var change]
            ? null
            : Realign(table, quote, "script_hash", Literal(local.Checksum, mySql), [("project", Literal(project, mySql)), ("change", Literal(change, mySql))], Literal(row.Checksum, mySql));

    /// <summary>The row's own project first, then any project: scripts whose plan could not be read match by change name.</summary>
    public override IEnumerable<string> Candidates(AppliedMigration applied)
    {
        yield return applied.Key;
        yield return Key("", applied.Description);
    }

    public override string Describe(AppliedMigration applied) => $"change {applied.Description}";

    /// <summary>Rows of projects other than the repository's (when its sqitch.plan names one) are left out.</summary>
    public override IReadOnlyList<AppliedMigration> Relevant(IReadOnlyList<AppliedMigration> applied, IReadOnlyList<LocalMigration> locals)
    {
        var projects = locals.Select(local => ProjectPart(local.Key)).Where(project => project.Length > 0).ToHashSet(StringComparer.Ordinal);
        return projects.Count == 0 ? applied : [.. applied.Where(row => projects.Contains(ProjectPart(row.Key)))];
    }

    private static string Key(string project, string change) => project + Separator + change;

    private static string ProjectPart(string key) => key[..key.IndexOf(Separator, StringComparison.Ordinal)];

    // The plan's pragma "%project=name" (sqitch's Plan.pm), among the lines before the first change.
    private static string ProjectOf(string planPath)
    {
        try
        {
            if (!File.Exists(planPath))
            {
                return "";
            }

            foreach (var line in File.ReadLines(planPath))
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith("%project", StringComparison.Ordinal) && trimmed.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
                {
                    return trimmed[(equals + 1)..].Trim();
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Without the plan every row is compared: the worst case is a row of another project shown as without a script.
        }

        return "";
    }
}
