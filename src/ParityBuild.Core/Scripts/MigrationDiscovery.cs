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
        // A plain dictionary, its keys sorted at the end: a SortedDictionary's code is not in the precompiled framework
        // for these types, and compiling it costs a fresh build process a few milliseconds.
        var bySet = new Dictionary<string, List<Migration>>(StringComparer.Ordinal);
        // Sized once: growing them a doubling at a time would leave ten thousand scripts' worth of garbage per build.
        var count = scripts.TryGetNonEnumeratedCount(out var known) ? known : 0;
        var seenPaths = new HashSet<string>(count, StringComparer.Ordinal);

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
                findings.Add(Diagnostics.NamingConvention.At(script.FullPath, script.RelativePath, convention.Name, convention.Explain(script.RelativePath)));
                continue;
            }

            if (!bySet.TryGetValue(script.Set, out var list))
            {
                list = new List<Migration>(bySet.Count == 0 ? count : 0);
                bySet.Add(script.Set, list);
            }

            list.Add(new Migration(script, name) { Index = index });
        }

        var setNames = bySet.Keys.ToArray();
        Array.Sort(setNames, StringComparer.Ordinal);
        var sets = new List<MigrationSet>(setNames.Length);
        foreach (var setName in setNames)
        {
            var migrations = bySet[setName];
            migrations.Sort(MigrationSet.CompareForOrder);
            findings.AddRange(FindDuplicates(migrations));
            sets.Add(new MigrationSet(setName, migrations));
        }

        return new Result(sets, findings);
    }

    // Migrations are sorted by version, then kind, then (for repeatables) description, so the migrations that clash
    // follow one another: each is compared with the first of its run, without a dictionary of ten thousand keys.
    private static IEnumerable<Finding> FindDuplicates(IReadOnlyList<Migration> ordered)
    {
        Migration? first = null;
        string? firstKey = null;
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
                first = null;
                continue;
            }

            if (first is not null && first.Kind == migration.Kind && string.Equals(firstKey, key, StringComparison.Ordinal))
            {
                var what = migration.Kind == MigrationKind.Repeatable ? $"the repeatable description '{key}'" : migration.Version!.Text;
                yield return Diagnostics.DuplicateVersion.At(
                    migration.File.FullPath, first.RelativePath, migration.RelativePath, what, MigrationSet.Describe(migration.Set));
            }
            else
            {
                (first, firstKey) = (migration, key);
            }
        }
    }
}
