using System.Text;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Scripts.Liquibase;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;

namespace ParityBuild.Replica.Tests.Support;

/// <summary>
/// The pure comparison for the tools whose scripts follow no naming convention of ours (Liquibase changelogs,
/// postgrator, sqitch): their readers take the scripts as handed over, not the discovered migrations.
/// </summary>
public static class ToolHistories
{
    public static HistoryComparison.Result Compare(HistoryReader reader, TestProject project, IReadOnlyList<object?[]> rows) =>
        Compare(reader, project, rows, rawDigests: null);

    /// <param name="rawDigests">What ParityVerify's read computed for a postgrator or sqitch history, by full path.</param>
    /// <param name="manifest">The baseline, whose entries' earlier checksums (<c>previous</c>) the comparison may realign.</param>
    public static HistoryComparison.Result Compare(HistoryReader reader, TestProject project, IReadOnlyList<object?[]> rows, IReadOnlyDictionary<string, RawDigest>? rawDigests, Core.Manifests.Manifest? manifest = null)
    {
        var table = new HistoryTable("public", "history", reader.Tool, new Dictionary<string, string>());
        var migrations = MigrationDiscovery.Discover(project.Scripts).Migrations.ToList();
        var sources = LocalSources.Create(migrations, manifest, "", project.EfMigrations, project.Scripts) with { RawDigests = rawDigests };
        return HistoryComparison.Compare(reader, reader.Locals(sources), reader.Read(table, rows), "public.history", "replica/app", manifest: sources.ManifestByPath);
    }

    /// <summary>The MD5SUM Liquibase stores for a changeset of <paramref name="changelog"/>.</summary>
    public static string Liquibase(string changelog, string id, LiquibaseChecksumVersion version = LiquibaseChecksumVersion.V9) =>
        LiquibaseChecksum.Compute(FormattedSqlChangelog.Parse(changelog).Changesets.Single(changeset => changeset.Id == id), version);

    public static string Postgrator(string content) => PostgratorChecksum.Compute(Encoding.UTF8.GetBytes(content));

    public static string Sqitch(string content) => SqitchChecksum.Compute(Encoding.UTF8.GetBytes(content));
}
