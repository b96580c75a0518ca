using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Scripts.Liquibase;

namespace ParityBuild.Replica.History;

/// <summary>
/// Liquibase's <c>databasechangelog</c>, for formatted SQL changelogs (scripts whose first line is
/// <c>--liquibase formatted sql</c>, each holding changesets). A row is a changeset, identified by ID, AUTHOR and
/// FILENAME; FILENAME is the changelog's path as the master changelog included it (or its <c>logicalFilePath</c>), which
/// the repository cannot know, so a row matches a changeset by id and author and by FILENAME's last segment being the
/// changelog's file name. MD5SUM is compared as Liquibase validates it: the stored prefix (<c>8:</c> / <c>9:</c>) picks the
/// algorithm, and <c>--validCheckSum</c> lines are honoured. EXECTYPE <c>FAILED</c> is a failure; <c>EXECUTED</c>,
/// <c>RERAN</c> and <c>MARK_RAN</c> count as applied. A <c>runOnChange</c> or <c>runAlways</c> changeset whose checksum
/// changed is run again by the next update, so it is pending, not drift.
/// </summary>
/// <remarks>
/// Columns: liquibase/liquibase liquibase-standard/src/main/java/liquibase/changelog/StandardChangeLogHistoryService.java
/// (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, DESCRIPTION, COMMENTS, TAG, LIQUIBASE, CONTEXTS,
/// LABELS, DEPLOYMENT_ID) and liquibase/changelog/ChangeSet.java (ExecType). Names as the catalog spells them: lowercase
/// on PostgreSQL, uppercase on MySQL.
/// </remarks>
public sealed class LiquibaseHistory : HistoryReader
{
    private const string Separator = "::";

    public override MigrationTool Tool => MigrationTool.Liquibase;

    public override string ToolName => "Liquibase";

    public override string RepairHint => "mark the changeset as run or remove its row ('liquibase changelog-sync' or a DELETE of the FAILED row), then update again";

    public override string Query(HistoryTable table, Func<string, string> quote) =>
        $"SELECT {Columns(table, quote, "id", "author", "filename", "dateexecuted", "orderexecuted", "exectype", "md5sum")} " +
        $"FROM {quote(table.Schema)}.{quote(table.Name)} ORDER BY {quote(table.Column("dateexecuted"))}, {quote(table.Column("orderexecuted"))}";

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows)
    {
        // Liquibase updates a row in place when it reruns a changeset; should a table still hold two rows of one
        // changeset, the later one (in execution order) is what Liquibase sees.
        var applied = new List<AppliedMigration>(rows.Count);
        foreach (var row in rows)
        {
            var id = RowValues.Text(row[0]) ?? "";
            var author = RowValues.Text(row[1]) ?? "";
            var fileName = RowValues.Text(row[2]) ?? "";
            var execType = (RowValues.Text(row[5]) ?? "EXECUTED").Trim().ToUpperInvariant();
            var checksum = RowValues.Text(row[6]) is { Length: > 0 } stored ? stored.Trim() : null;
            applied.Add(new AppliedMigration(
                Key(id, author, fileName),
                null,
                RowDescription(author, id, fileName),
                checksum,
                execType == "FAILED" ? AppliedState.Failed : AppliedState.Applied,
                RowValues.Time(row[3]),
                StoredKey: [id, author, fileName]));
        }

        return LatestPerKey(applied);
    }

    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources)
    {
        var locals = new List<LocalMigration>();
        foreach (var script in sources.Scripts)
        {
            if (!script.RelativePath.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            FormattedSqlChangelog changelog;
            try
            {
                var text = File.ReadAllText(script.FullPath);
                if (!FormattedSqlChangelog.IsFormattedSql(text))
                {
                    continue;
                }

                changelog = FormattedSqlChangelog.Parse(text);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormattedSqlChangelogException)
            {
                // Unreadable, or a changelog Liquibase itself refuses: no database can hold rows Liquibase wrote for
                // it, so there is nothing to compare; its rows show up as applied without a script.
                continue;
            }

            var fileName = LastSegment(changelog.LogicalFilePath ?? script.RelativePath);
            foreach (var changeset in changelog.Changesets)
            {
                var name = $"{changeset.Author}:{changeset.Id}";
                locals.Add(new LocalMigration(
                    Key(changeset.Id, changeset.Author, fileName),
                    null,
                    name,
                    LiquibaseChecksum.Compute(changeset, LiquibaseChecksumVersion.V9),
                    script.FullPath,
                    LocalPath(script.RelativePath, name),
                    Repeatable: changeset.RunOnChange || changeset.RunAlways,
                    Line: changeset.StartLine,
                    Verify: stored => Verify(stored, changeset)));
            }
        }

        return locals;
    }

    public override string Describe(AppliedMigration applied) => "changeset " + applied.Description;

    /// <summary>
    /// A row as Liquibase's MarkChangeSetRanGenerator writes it: ID and AUTHOR; FILENAME as the table's other rows of
    /// that changelog record it (the repository cannot know how the master changelog included the file), else its
    /// logicalFilePath, else its path in the repository; the next ORDEREXECUTED; EXECUTED; MD5SUM in the checksum
    /// version the table's rows use (8: before Liquibase 4.22); DESCRIPTION 'sql', the changeset's comment, contexts and
    /// labels. DATEEXECUTED takes the server's time.
    /// </summary>
    public override string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql)
    {
        FormattedSqlChangelog changelog;
        try
        {
            changelog = FormattedSqlChangelog.Parse(File.ReadAllText(local.FullPath));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormattedSqlChangelogException)
        {
            return null;
        }

        var relativePath = ScriptPath(local);
        var fileName = LastSegment(changelog.LogicalFilePath ?? relativePath);
        var changeset = changelog.Changesets.FirstOrDefault(candidate => Key(candidate.Id, candidate.Author, fileName) == local.Key);
        if (changeset is null)
        {
            return null;
        }

        var suffix = Separator + fileName.ToLowerInvariant();
        var recorded = applied.Where(row => row.Key.EndsWith(suffix, StringComparison.Ordinal)).Select(RecordedFileName).FirstOrDefault(name => name is not null);
        var version = applied.Any(row => row.Checksum?.StartsWith("8:", StringComparison.Ordinal) == true) && !applied.Any(row => row.Checksum?.StartsWith("9:", StringComparison.Ordinal) == true)
            ? LiquibaseChecksumVersion.V8 : LiquibaseChecksumVersion.V9;
        string[] columns = ["id", "author", "filename", "dateexecuted", "orderexecuted", "exectype", "md5sum", "description", "comments", "contexts", "labels"];
        var order = quote(table.Column("orderexecuted"));
        return InsertInto(table, quote, columns)
            + $"SELECT {Literal(changeset.Id, mySql)}, {Literal(changeset.Author, mySql)}, {Literal(recorded ?? changelog.LogicalFilePath ?? relativePath, mySql)}, CURRENT_TIMESTAMP, COALESCE(MAX({order}), 0) + 1, 'EXECUTED', "
            + $"{Literal(LiquibaseChecksum.Compute(changeset, version), mySql)}, 'sql', {Literal(changeset.Comment ?? "", mySql)}, {Literal(changeset.Context, mySql)}, {Literal(changeset.Labels, mySql)} FROM {quote(table.Schema)}.{quote(table.Name)};";
    }

    /// <summary>
    /// The stored MD5SUM is one of the earlier text's for this changeset (<c>author:id 9:hex</c> in
    /// <see cref="PreviousText.Liquibase"/>, taken by ParityAccept from the earlier text in git).
    /// </summary>
    public override bool IsEarlier(PreviousText earlier, LocalMigration local, string stored) =>
        earlier.Liquibase is { } changesets && changesets.Contains($"{local.Description} {stored}", StringComparer.OrdinalIgnoreCase);

    public override string ScriptPath(LocalMigration local) => local.Path[..^(ChangesetInPath.Length + local.Description.Length)];

    /// <summary>
    /// Liquibase's own way to take in a changed checksum: MD5SUM set to NULL, which its next update (or validate)
    /// recomputes from the changeset as it is and stores (the docs' clear-checksums "nullifies the MD5SUM column … so
    /// that they will be recomputed on the next database update"; StandardChangeLogHistoryService stores a checksum for
    /// a row without one, and ChangeSet.isCheckSumValid accepts a null one). Here for that one row only, and only while
    /// it still holds the earlier value. Not the recomputed value itself: Liquibase picks the checksum version it
    /// stores (8: or 9:, and later ones), which NULL leaves to it. The next check reads a NULL MD5SUM as nothing to compare.
    /// </summary>
    public override string? RealignStatement(HistoryTable table, LocalMigration local, AppliedMigration row, Func<string, string> quote, bool mySql) =>
        row.StoredKey is not [var id, var author, var fileName] || row.Checksum is null
            ? null
            : Realign(table, quote, "md5sum", "NULL", [("id", Literal(id, mySql)), ("author", Literal(author, mySql)), ("filename", Literal(fileName, mySql))], Literal(row.Checksum, mySql));

    // How Locals names a changeset ("<path> changeset <author>:<id>"), which RecordStatement reads the path back from.
    private const string ChangesetInPath = " changeset ";

    private static string LocalPath(string relativePath, string name) => relativePath + ChangesetInPath + name;

    // How Read describes a row ("<author>:<id> (<FILENAME>)"), which RecordStatement reads the FILENAME back from.
    private static string RowDescription(string author, string id, string fileName) => $"{author}:{id} ({fileName})";

    private static string? RecordedFileName(AppliedMigration row) =>
        row.Description.EndsWith(')') && row.Description.IndexOf(" (", StringComparison.Ordinal) is var open and >= 0 ? row.Description[(open + 2)..^1] : null;

    public override string Name(LocalMigration local, AppliedMigration applied) => local.Path;

    private static ChecksumVerdict Verify(string stored, FormattedSqlChangeset changeset)
    {
        switch (LiquibaseChecksum.Compare(stored, changeset))
        {
            case LiquibaseChecksumComparison.Match or LiquibaseChecksumComparison.AcceptedByValidCheckSum:
                return new ChecksumVerdict(ChecksumOutcome.Match, stored);
            case LiquibaseChecksumComparison.Mismatch:
                // Show the repository's value in the stored value's version, as Liquibase's own message would.
                var version = stored.StartsWith("8:", StringComparison.Ordinal) ? LiquibaseChecksumVersion.V8 : LiquibaseChecksumVersion.V9;
                return new ChecksumVerdict(ChecksumOutcome.Differs, LiquibaseChecksum.Compute(changeset, version));
            default:
                var prefix = stored.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? stored[..(colon + 1)] : stored;
                return new ChecksumVerdict(ChecksumOutcome.NotComparable, null,
                    $"MD5SUM {stored} is a Liquibase checksum of version {prefix} and ParityBuild recomputes only 8: (Liquibase 3.5 to 4.21) and 9: (4.22 and later); "
                    + "'liquibase update' with a current Liquibase rewrites it as 9:");
        }
    }

    // Liquibase 4.x matches a row to a changeset ignoring case in id, author and path (RanChangeSet.isSameAs); the path
    // here by its last segment only, since the repository cannot know how the master changelog included the file.
    private static string Key(string id, string author, string fileName) =>
        id.ToLowerInvariant() + Separator + author.ToLowerInvariant() + Separator + LastSegment(fileName).ToLowerInvariant();

    // FILENAME may be "db/changelog/app.sql", "classpath:db/app.sql" or a Windows path.
    private static string LastSegment(string path)
    {
        var cut = path.LastIndexOfAny(['/', '\\', ':']);
        return path[(cut + 1)..];
    }
}
