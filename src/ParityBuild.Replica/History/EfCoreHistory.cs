using System.Text.RegularExpressions;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.History;

/// <summary>
/// EF Core's <c>__EFMigrationsHistory</c> (<c>MigrationId</c>, <c>ProductVersion</c>): ids only. The repository's ids
/// are the names of the migration classes' files, <c>&lt;14 digits&gt;_&lt;Name&gt;.cs</c>; the <c>.Designer.cs</c>
/// halves and the model snapshot are not migrations.
/// </summary>
public sealed partial class EfCoreHistory : HistoryReader
{
    public override MigrationTool Tool => MigrationTool.EfCore;

    public override string ToolName => "EF Core";

    public override string RepairHint => "remove or correct the row by hand";

    public override string Query(HistoryTable table, Func<string, string> quote) =>
        $"SELECT {Columns(table, quote, "migrationid", "productversion")} FROM {quote(table.Schema)}.{quote(table.Name)} " +
        $"ORDER BY {quote(table.Column("migrationid"))}";

    public override IReadOnlyList<AppliedMigration> Read(HistoryTable table, IReadOnlyList<object?[]> rows) =>
        [.. rows.Select(row => RowValues.Text(row[0]) ?? "").Select(id => new AppliedMigration(id, VersionOf(id)?.Text, NameOf(id), null, AppliedState.Applied, null))];

    public override IReadOnlyList<LocalMigration> Locals(LocalSources sources)
    {
        var locals = new List<LocalMigration>();
        foreach (var file in sources.EfMigrations)
        {
            var name = Path.GetFileName(file.RelativePath);
            var match = MigrationFile().Match(name);
            if (match.Success)
            {
                var id = match.Groups["id"].Value;
                locals.Add(new LocalMigration(id, VersionOf(id), NameOf(id), null, file.FullPath, file.RelativePath));
            }
        }

        return locals;
    }

    public override string Describe(AppliedMigration applied) => $"migration {applied.Key}";

    /// <summary>
    /// The row 'dotnet ef database update' writes: the migration id, and the EF Core version the table's other rows were
    /// written with (the file does not tell the version that would have applied it).
    /// </summary>
    public override string? RecordStatement(HistoryTable table, LocalMigration local, IReadOnlyList<LocalMigration> locals, IReadOnlyList<AppliedMigration> applied, Func<string, string> quote, bool mySql)
    {
        var name = $"{quote(table.Schema)}.{quote(table.Name)}";
        var productVersion = quote(table.Column("productversion"));
        return InsertInto(table, quote, ["migrationid", "productversion"])
            + $"SELECT {Literal(local.Key, mySql)}, COALESCE(MAX({productVersion}), 'unknown') FROM {name};";
    }

    private static MigrationVersion? VersionOf(string id) =>
        id.Length > 14 && id[14] == '_' && MigrationVersion.TryParseNumeric(id[..14], out var version) ? version : null;

    private static string NameOf(string id) => id.Length > 15 && id[14] == '_' ? id[15..] : id;

    [GeneratedRegex(@"^(?<id>\d{14}_\w+)\.cs$", RegexOptions.CultureInvariant)]
    private static partial Regex MigrationFile();
}
