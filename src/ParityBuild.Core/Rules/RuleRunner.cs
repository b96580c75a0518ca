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
    /// <summary>The rules' findings, and the dialect each checked set was read in with the reason (for the summary line).</summary>
    public sealed record Outcome(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Dialects)
    {
        public static Outcome None { get; } = new([], []);
    }

    /// <param name="isNew">Whether a migration's content is not in the baseline yet.</param>
    /// <param name="engine">The dialect, or null to detect it per migration set from its scripts.</param>
    public static Outcome Run(IReadOnlyList<MigrationSet> sets, Func<Migration, bool> isNew, RuleScope scope, SqlEngine? engine, CancellationToken cancellation = default)
    {
        if (scope == RuleScope.Off)
        {
            return Outcome.None;
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
            return Outcome.None;
        }

        // Reading, and then checking the baselined scripts (they need no shared context), runs in parallel: with
        // ParityRules=all that is every script of the project. The dialect is decided between the two, from the texts
        // already read where it can.
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation };
        var texts = new string?[checkedScripts.Count];
        Parallel.For(0, checkedScripts.Count, options, i => texts[i] = Read(checkedScripts[i].Migration.File.FullPath));
        var read = new Dictionary<Migration, string?>();
        for (var i = 0; i < checkedScripts.Count; i++)
        {
            read[checkedScripts[i].Migration] = texts[i];
        }

        var engines = Engines(sets, read, engine, out var dialects);
        var results = new IReadOnlyList<Finding>?[checkedScripts.Count];
        Parallel.For(0, checkedScripts.Count, options, i =>
        {
            var (migration, isNewScript) = checkedScripts[i];
            if (texts[i] is { } text && !isNewScript)
            {
                results[i] = Check(migration, text, engines[migration.Set], new RuleContext());
            }
        });

        // New scripts in migration order, each set with one context: a table created by an earlier new script is not live yet.
        var contexts = new Dictionary<string, RuleContext>(StringComparer.Ordinal);
        for (var i = 0; i < checkedScripts.Count; i++)
        {
            if (checkedScripts[i].New && texts[i] is { } text)
            {
                var migration = checkedScripts[i].Migration;
                if (!contexts.TryGetValue(migration.Set, out var context))
                {
                    contexts[migration.Set] = context = new RuleContext();
                }

                results[i] = Check(migration, text, engines[migration.Set], context);
            }
        }

        return new Outcome([.. results.Where(result => result is not null).SelectMany(result => result!)], dialects);
    }

    // Each checked set's dialect: the setting's, or the first sign in the set's scripts (at most 200 read), else
    // PostgreSQL. A set is one database, so one repository may hold both a T-SQL and a PostgreSQL set.
    private static Dictionary<string, SqlEngine> Engines(IReadOnlyList<MigrationSet> sets, Dictionary<Migration, string?> read, SqlEngine? setting, out List<string> dialects)
    {
        var engines = new Dictionary<string, SqlEngine>(StringComparer.Ordinal);
        dialects = [];
        string? TextOf(Migration migration) => read.TryGetValue(migration, out var text) ? text : Read(migration.File.FullPath);
        foreach (var set in sets.Where(set => set.Migrations.Any(read.ContainsKey)))
        {
            var detected = setting is null ? set.Migrations.Take(200).Select(migration => TextOf(migration) is { } text ? SqlDialect.Detect(text, migration.RelativePath) : null).FirstOrDefault(found => found is not null) : null;
            var engine = setting ?? detected?.Engine ?? SqlEngine.PostgreSql;
            engines[set.Name] = engine;
            var why = setting is not null ? "set" : detected?.Why ?? "no script shows another";
            dialects.Add($"{(set.Name.Length == 0 ? "" : set.Name + ": ")}{SqlDialect.Name(engine)} ({why})");
        }

        return engines;
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
}
