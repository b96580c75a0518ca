using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Scripts;

/// <summary>
/// Turns the scripts MSBuild hands over into ordered migration sets: reads each name with its set's convention
/// (PARITY1008 when it does not follow it) and reports versions that clash within a set (PARITY1005).
/// </summary>
public static class MigrationDiscovery
{
    public sealed record Result(IReadOnlyList<MigrationSet> Sets, IReadOnlyList<Finding> Findings)
    {
        public IEnumerable<Migration> Migrations => Sets.SelectMany(set => set.Migrations);
    }

    public static Result Discover(IEnumerable<ScriptFile> scripts)
    {
        var findings = new List<Finding>();
        var conventions = new Dictionary<string, NamingConvention>(StringComparer.Ordinal);
        var bySet = new SortedDictionary<string, List<Migration>>(StringComparer.Ordinal);
        var seenPaths = new HashSet<string>(StringComparer.Ordinal);

        var index = -1;
        foreach (var script in scripts)
        {
            index++;
            if (!seenPaths.Add(script.RelativePath))
            {
                // The same file listed twice (an Include overlapping the default glob) is one script.
                continue;
            }

            if (!conventions.TryGetValue(script.Naming, out var convention))
            {
                convention = NamingConvention.Resolve(script.Naming);
                conventions.Add(script.Naming, convention);
            }

            var name = convention.Parse(script.RelativePath);
            if (name is null)
            {
                findings.Add(Diagnostics.NamingConvention.At(script.FullPath, script.RelativePath, convention.Name, convention.Expected));
                continue;
            }

            if (!bySet.TryGetValue(script.Set, out var list))
            {
                list = [];
                bySet.Add(script.Set, list);
            }

            list.Add(new Migration(script, name) { Index = index });
        }

        var sets = new List<MigrationSet>(bySet.Count);
        foreach (var (setName, migrations) in bySet)
        {
            migrations.Sort(MigrationSet.CompareForOrder);
            findings.AddRange(FindDuplicates(migrations));
            sets.Add(new MigrationSet(setName, migrations));
        }

        return new Result(sets, findings);
    }

    // Migrations are sorted, so clashing versions are neighbours within their kind.
    private static IEnumerable<Finding> FindDuplicates(IReadOnlyList<Migration> ordered)
    {
        var firstByKey = new Dictionary<(MigrationKind, string), Migration>();
        foreach (var migration in ordered)
        {
            string? key = migration.Kind switch
            {
                MigrationKind.Versioned or MigrationKind.Undo => migration.Version!.Normalized,
                MigrationKind.Repeatable => migration.Description,
                _ => null,
            };

            if (key is null)
            {
                continue;
            }

            if (firstByKey.TryGetValue((migration.Kind, key), out var first))
            {
                var what = migration.Kind == MigrationKind.Repeatable ? $"the repeatable description '{key}'" : migration.Version!.Text;
                yield return Diagnostics.DuplicateVersion.At(
                    migration.File.FullPath, first.RelativePath, migration.RelativePath, what, MigrationSet.Describe(migration.Set));
            }
            else
            {
                firstByKey.Add((migration.Kind, key), migration);
            }
        }
    }
}
