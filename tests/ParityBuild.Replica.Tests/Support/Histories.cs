using ParityBuild.Core.Manifests;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Comparison;
using ParityBuild.Replica.History;

namespace ParityBuild.Replica.Tests.Support;

/// <summary>Runs the pure comparison of a tool over rows shaped as its history table returns them.</summary>
public static class Histories
{
    public static readonly DateTime AppliedOn = new(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);

    public static HistoryComparison.Result Compare(
        HistoryReader reader,
        TestProject project,
        IReadOnlyList<object?[]> rows,
        string[]? columns = null,
        Manifest? manifest = null,
        Severity pending = Severity.Message)
    {
        var table = new HistoryTable("public", "history", reader.Tool, (columns ?? ["version"]).ToDictionary(column => column, column => column));
        var migrations = MigrationDiscovery.Discover(project.Scripts).Migrations.ToList();
        var sources = LocalSources.Create(migrations, manifest, "", project.EfMigrations);
        return HistoryComparison.Compare(reader, reader.Locals(sources), reader.Read(table, rows), "public.history", "replica/app", pending, sources.ManifestByPath);
    }

    /// <summary>
    /// A flyway_schema_history row as FlywayHistory's query returns it: version, description, type (NULL for 'SQL'),
    /// checksum, installed_on, success. The query orders by installed_rank without returning it: the rows here are
    /// given in <paramref name="rank"/> order.
    /// </summary>
    public static object?[] Flyway(int rank, string? version, string description, string type, int? checksum, bool success = true) =>
        [version, description, type == "SQL" ? null : type, checksum, AppliedOn, success];

    public static IReadOnlyList<string> Codes(this HistoryComparison.Result result) => [.. result.Findings.Select(finding => finding.Code)];
}
