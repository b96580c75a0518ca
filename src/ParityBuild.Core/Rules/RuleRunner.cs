using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Rules;

/// <summary>
/// Runs the safety rules over the scripts of a verify: by default only those whose content is not in the baseline yet
/// (new or edited, where a fix is still free), or all of them. Versioned and repeatable scripts only: undo and down
/// scripts exist to drop things, and callbacks are not migrations.
/// </summary>
public static class RuleRunner
{
    /// <param name="isNew">Whether a migration's content is not in the baseline yet.</param>
    public static IReadOnlyList<Finding> Run(IReadOnlyList<MigrationSet> sets, Func<Migration, bool> isNew, RuleScope scope, SqlEngine engine, CancellationToken cancellation = default)
    {
        if (scope == RuleScope.Off)
        {
            return [];
        }

        // A plain loop, and nothing more when no script is new (nearly every build): in a fresh build process each generic
        // LINQ or Parallel instantiation over a tuple is compiled at run time, even with the task assemblies precompiled.
        var checkedScripts = new List<(Migration Migration, bool New)>();
        foreach (var set in sets)
        {
            foreach (var migration in set.Migrations)
            {
                if (migration.Kind is not (MigrationKind.Versioned or MigrationKind.Repeatable))
                {
                    continue;
                }

                var isNewScript = isNew(migration);
                if (scope == RuleScope.All || isNewScript)
                {
                    checkedScripts.Add((migration, isNewScript));
                }
            }
        }

        if (checkedScripts.Count == 0)
        {
            return [];
        }

        var texts = new string?[checkedScripts.Count];
        var results = new IReadOnlyList<Finding>?[checkedScripts.Count];

        // Reading (and checking the baselined scripts, which need no shared context) runs in parallel: with
        // ParityRules=all that is every script of the project.
        Parallel.For(
            0,
            checkedScripts.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation },
            i =>
            {
                var (migration, isNewScript) = checkedScripts[i];
                var text = Read(migration.File.FullPath);
                if (text is not null && !isNewScript)
                {
                    results[i] = Check(migration, text, engine, new RuleContext());
                }
                else
                {
                    texts[i] = text;
                }
            });

        // New scripts in migration order, each set with one context: a table created by an earlier new script is not live yet.
        var contexts = new Dictionary<string, RuleContext>(StringComparer.Ordinal);
        for (var i = 0; i < checkedScripts.Count; i++)
        {
            if (texts[i] is { } text)
            {
                var migration = checkedScripts[i].Migration;
                if (!contexts.TryGetValue(migration.Set, out var context))
                {
                    contexts[migration.Set] = context = new RuleContext();
                }

                results[i] = Check(migration, text, engine, context);
            }
        }

        return [.. results.Where(result => result is not null).SelectMany(result => result!)];
    }

    private static IReadOnlyList<Finding> Check(Migration migration, string text, SqlEngine engine, RuleContext context) =>
        MigrationRules.Check(migration.File.FullPath, text, engine, context, migration.Kind == MigrationKind.Versioned);

    // An unreadable script is already the gate's PARITY1011; the rules just skip it.
    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads <c>ParityRules</c>: new (or empty) | all | off.</summary>
    public static RuleScope? ParseScope(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "new" => RuleScope.New,
        "all" => RuleScope.All,
        "off" or "false" or "none" => RuleScope.Off,
        _ => null,
    };

    /// <summary>Reads <c>ParityRulesEngine</c>: auto (the replica's provider if it names one, else PostgreSQL) | postgres | mysql.</summary>
    public static SqlEngine? ParseEngine(string? value, string? replicaProvider) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => Named(replicaProvider) ?? SqlEngine.PostgreSql,
        var named => Named(named),
    };

    // The names ParityReplicaProvider accepts, so that auto follows it.
    private static SqlEngine? Named(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "postgres" or "postgresql" or "npgsql" => SqlEngine.PostgreSql,
        "mysql" or "mariadb" or "mysqlconnector" => SqlEngine.MySql,
        _ => null,
    };
}
