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
        var earlier = EarlierText(fullPath, bytes => entry.HasText(ScriptHasher.Hash(bytes, ChecksumKinds.Text)));
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

    /// <summary>
    /// The entries of a manifest whose digest did not match (ParityAccept recomputes it), each <c>previous</c> item kept
    /// only where git vouches for it: it holds a text of the script with that <c>sha256</c>, semantically identical to
    /// the script now, whose checksums are the item's. A digest is no signature: ParityAccept would otherwise make a
    /// hand-written earlier checksum (which turns real drift into PARITY2011 and an UPDATE) look as if it had made it.
    /// </summary>
    /// <param name="dropped">One line per entry that lost items, for ParityAccept's report.</param>
    public static List<ManifestEntry> Vouched(IReadOnlyList<ManifestEntry> entries, string projectDirectory, List<string> dropped)
    {
        var vouched = new List<ManifestEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.Previous is not { Count: > 0 } previous)
            {
                vouched.Add(entry);
                continue;
            }

            var fullPath = Path.Combine(projectDirectory, entry.Path.Replace('/', Path.DirectorySeparatorChar));
            var kept = previous.Where(earlier => VouchedFor(earlier, fullPath)).ToList();
            if (kept.Count < previous.Count)
            {
                dropped.Add($"dropped {previous.Count - kept.Count} of the earlier texts in 'previous' of {entry.Path}: the manifest's digest did not match, and git holds no text of the script that is semantically identical to it now and has those checksums");
            }

            vouched.Add(entry with { Previous = kept.Count > 0 ? kept : null });
        }

        return vouched;
    }

    // Whether git holds the earlier text the item describes, as the script is now bar cosmetic edits.
    private static bool VouchedFor(PreviousText earlier, string fullPath)
    {
        var bytes = EarlierText(fullPath, bytes => ScriptHasher.Hash(bytes, ChecksumKinds.Text).TextIs(earlier.Sha256));
        if (bytes is null)
        {
            return false;
        }

        const ChecksumKinds Kinds = ChecksumKinds.Semantic | ChecksumKinds.Flyway | ChecksumKinds.Md5 | ChecksumKinds.Sha1;
        ScriptChecksums then, now;
        try
        {
            (then, now) = (ScriptHasher.Hash(bytes, Kinds), ScriptHasher.Hash(fullPath, ChecksumKinds.Semantic));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var text = DotNetScriptText.Read(bytes);
        return then.Semantic is not null && then.Semantic == now.Semantic
            && (earlier.Flyway is null || earlier.Flyway == then.Flyway)
            && (earlier.Md5 is null || earlier.Md5 == then.Md5)
            && (earlier.Sha1 is null || earlier.Sha1 == then.Sha1)
            && (earlier.Grate is null || earlier.Grate == GrateChecksum.Compute(text))
            && (earlier.Liquibase is null || earlier.Liquibase.All(AllChangesets(text).Contains));
    }

    // author:id 8:hex and author:id 9:hex of every changeset of a formatted SQL changelog; none for any other script.
    private static HashSet<string> AllChangesets(string text)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        if (!FormattedSqlChangelog.IsFormattedSql(text))
        {
            return all;
        }

        try
        {
            foreach (var changeset in FormattedSqlChangelog.Parse(text).Changesets)
            {
                all.Add(Recorded(changeset, LiquibaseChecksumVersion.V9));
                all.Add(Recorded(changeset, LiquibaseChecksumVersion.V8));
            }
        }
        catch (FormattedSqlChangelogException)
        {
            all.Clear();
        }

        return all;
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

                changed.Add(Recorded(earlier, LiquibaseChecksumVersion.V9));
                changed.Add(Recorded(earlier, LiquibaseChecksumVersion.V8));
            }

            return changed.Count > 0 ? changed : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormattedSqlChangelogException)
        {
            return null;
        }
    }

    // A changeset's MD5SUM as 'previous' records it.
    private static string Recorded(FormattedSqlChangeset changeset, LiquibaseChecksumVersion version) =>
        $"{changeset.Author}:{changeset.Id} {LiquibaseChecksum.Compute(changeset, version)}";

    // The first bytes git holds of the file that are the text sought: the index, HEAD, then the file's recent commits.
    private static byte[]? EarlierText(string fullPath, Func<byte[], bool> sought)
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
            if (Git(folder, ["show", $"{revision}:{name}"]) is { } bytes && sought(bytes))
            {
                return bytes;
            }
        }

        return null;
    }

    // git's output, or null for any failure (no git, not a repository, no such revision): the entry's checksums then suffice.
    private static byte[]? Git(string folder, IReadOnlyList<string> arguments) => GitCommand.Run(folder, arguments, out _);
}
