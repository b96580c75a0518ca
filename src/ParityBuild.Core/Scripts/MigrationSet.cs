namespace ParityBuild.Core.Scripts;

/// <summary>
/// The migrations of one set (one database or module, one history table) in the order their tool applies them:
/// versioned and undo scripts by version (a version's undo after it), then repeatables by description, then callbacks by path.
/// </summary>
public sealed record MigrationSet(string Name, IReadOnlyList<Migration> Migrations)
{
    /// <summary>How a set is named in messages: the default set has no name.</summary>
    public static string Describe(string set) => set.Length == 0 ? "" : $" in migration set '{set}'";

    /// <summary>The set a setting names; without a name, the project's only set. Null when there is no such set.</summary>
    public static MigrationSet? Choose(IReadOnlyList<MigrationSet> sets, string name) =>
        sets.FirstOrDefault(candidate => candidate.Name == name) ?? (name.Length == 0 && sets.Count == 1 ? sets[0] : null);

    /// <summary>The sets as a message lists them: <c>'billing', 'orders', (default)</c>.</summary>
    public static string List(IReadOnlyList<MigrationSet> sets) =>
        string.Join(", ", sets.Select(candidate => candidate.Name.Length == 0 ? "(default)" : $"'{candidate.Name}'"));

    public static int CompareForOrder(Migration left, Migration right)
    {
        var byGroup = Group(left.Kind).CompareTo(Group(right.Kind));
        if (byGroup != 0)
        {
            return byGroup;
        }

        var byVersion = left.Version is null || right.Version is null ? 0 : left.Version.CompareTo(right.Version);
        if (byVersion != 0)
        {
            return byVersion;
        }

        var byKind = left.Kind.CompareTo(right.Kind);
        if (byKind != 0)
        {
            return byKind;
        }

        var byDescription = left.Kind == MigrationKind.Repeatable ? string.CompareOrdinal(left.Description, right.Description) : 0;
        return byDescription != 0 ? byDescription : string.CompareOrdinal(left.RelativePath, right.RelativePath);
    }

    private static int Group(MigrationKind kind) => kind switch
    {
        MigrationKind.Versioned or MigrationKind.Undo => 0,
        MigrationKind.Repeatable => 1,
        _ => 2,
    };
}
