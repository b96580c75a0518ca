using ParityBuild.Core.Git;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts.Liquibase;

namespace ParityBuild.Core.Manifests;

/// <summary>
/// What a manifest entry keeps of the text a cosmetic edit replaced (<see cref="ManifestEntry.Previous"/>), for the
/// replica check to realign the tools' stored checksums (PARITY2011). The manifest alone holds only that text's
/// checksums, and the tools' own (postgrator's md5 of an auto-detected history, grate's hash of a text with quotes,
/// Liquibase's per changeset) are not among them; so ParityAccept looks for the earlier text in git, where the developer
/// who accepts the edit has it (the index, HEAD, or a recent commit of the file), and records those of the text whose
/// checksum is the entry's. Only on the accept of a cosmetic edit: the gate itself never runs git.
/// </summary>
public static class ManifestPrevious
{
    // How many of the file's commits to look through when neither the index nor HEAD holds the earlier text.
    private const int CommitsSearched = 20;

    /// <summary>The earlier text's checksums: the entry's, and the tools' where git still holds the text the entry recorded.</summary>
    /// <param name="entry">The manifest's entry of the text being replaced.</param>
    /// <param name="fullPath">The script, which now holds the new text.</param>
    /// <param name="inGit">False when git holds no such text: then only the entry's own checksums are kept.</param>
    public static PreviousText Of(ManifestEntry entry, string fullPath, out bool inGit)
    {
        var recorded = PreviousText.Of(entry);
        var earlier = EarlierText(entry, fullPath);
        inGit = earlier is not null;
        if (earlier is null)
        {
            return recorded;
        }

        var checksums = ScriptHasher.Hash(earlier, ChecksumKinds.Flyway | ChecksumKinds.Md5 | ChecksumKinds.Sha1);
        var text = DotNetScriptText.Read(earlier);
        return recorded with
        {
            Flyway = recorded.Flyway ?? checksums.Flyway,
            Md5 = checksums.Md5,
            Sha1 = checksums.Sha1,
            // grate doubles every quote before it hashes, so only then does its hash differ from the md5's base64.
            Grate = text.Contains('\'', StringComparison.Ordinal) && !GrateChecksum.HasTokens(text) ? GrateChecksum.Compute(text) : null,
            Liquibase = ChangedChangesets(text, fullPath),
        };
    }

    /// <summary><c>author:id 8:hex</c> and <c>author:id 9:hex</c> of each earlier changeset whose MD5SUM the current text changes.</summary>
    private static List<string>? ChangedChangesets(string earlierText, string fullPath)
    {
        if (!FormattedSqlChangelog.IsFormattedSql(earlierText))
        {
            return null;
        }

        try
        {
            var current = FormattedSqlChangelog.Parse(File.ReadAllText(fullPath)).Changesets;
            var changed = new List<string>();
            foreach (var earlier in FormattedSqlChangelog.Parse(earlierText).Changesets)
            {
                // Liquibase matches a row to its changeset ignoring case (RanChangeSet.isSameAs).
                var now = current.FirstOrDefault(changeset =>
                    string.Equals(changeset.Id, earlier.Id, StringComparison.OrdinalIgnoreCase) && string.Equals(changeset.Author, earlier.Author, StringComparison.OrdinalIgnoreCase));
                if (now is null || LiquibaseChecksum.Compute(now, LiquibaseChecksumVersion.V9) == LiquibaseChecksum.Compute(earlier, LiquibaseChecksumVersion.V9))
                {
                    continue;
                }

                changed.Add($"{earlier.Author}:{earlier.Id} {LiquibaseChecksum.Compute(earlier, LiquibaseChecksumVersion.V9)}");
                changed.Add($"{earlier.Author}:{earlier.Id} {LiquibaseChecksum.Compute(earlier, LiquibaseChecksumVersion.V8)}");
            }

            return changed.Count > 0 ? changed : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormattedSqlChangelogException)
        {
            return null;
        }
    }

    // The bytes git holds of the file whose text checksum is the entry's: the index, HEAD, then the file's recent commits.
    private static byte[]? EarlierText(ManifestEntry entry, string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        var name = "./" + Path.GetFileName(fullPath);
        var revisions = new List<string> { "", "HEAD" };
        if (Git(folder, ["rev-list", $"-n{CommitsSearched}", "HEAD", "--", name]) is { } commits)
        {
            revisions.AddRange(System.Text.Encoding.ASCII.GetString(commits).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        foreach (var revision in revisions)
        {
            if (Git(folder, ["show", $"{revision}:{name}"]) is { } bytes && entry.HasText(ScriptHasher.Hash(bytes, ChecksumKinds.Text)))
            {
                return bytes;
            }
        }

        return null;
    }

    // git's output, or null for any failure (no git, not a repository, no such revision): the entry's checksums then suffice.
    private static byte[]? Git(string folder, IReadOnlyList<string> arguments) => GitCommand.Run(folder, arguments, out _);
}
