using System.Globalization;
using System.Text;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Verification;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Figure 2's T-SQL rules: a DbUp project of SQL Server scripts with GO batches, verified locked without the safety rules
/// and with them as shipped (ParityRules=new, ParitySqlDialect=auto), alternated on a warm page cache: on main (no
/// script new, so the rules stop before reading any) and in a pull request that adds the last 1 or 10 scripts
/// (ParityRulesBase, the base branch's manifest, lacks them), where the dialect is detected and ScriptDom parses them.
/// </summary>
internal static class TSqlBenchmarks
{
    private const int MaximumSize = 64 * 1024;
    private static readonly int[] PullRequestScripts = [1, 10];

    public static void Run(Report report, string work, int count, int seed, int repetitions)
    {
        var section = $"2t. CI verify, {count:N0} T-SQL scripts";
        var sources = Sources();
        if (sources.Count == 0)
        {
            report.Info(section, "skipped", "no shared/corpora folder with the Ed-Fi and opengeh-edi T-SQL scripts above the benchmark");
            return;
        }

        Report.Progress($"generating {count:N0} T-SQL scripts from {sources.Count} corpus scripts with GO lines ...");
        var (corpus, bytes) = Generate(Path.Combine(work, $"tsql-{count}"), count, seed, sources);
        report.Info(section, "corpus", $"{count:N0} DbUp scripts, {Report.MB(bytes)}, each a copy of one of {sources.Count} Ed-Fi (MsSql) and opengeh-edi scripts with GO lines, up to 64 KB");

        var manifest = Path.Combine(corpus.ProjectDirectory, "migrations.baseline.json");
        VerifyBenchmarks.WriteManifest(corpus, manifest);
        var off = new VerifyOptions(corpus.ProjectDirectory, manifest, Locked: true, StatCachePath: null);
        var variants = new List<(string Name, VerifyOptions Options)>
        {
            ("rules off", off),
            ("ParityRules=new, no ParityRulesBase (a push to main: no script new)", off with { Rules = RuleScope.New }),
        };
        foreach (var added in PullRequestScripts)
        {
            var baseManifest = Path.Combine(corpus.ProjectDirectory, $"base-{added}.baseline.json");
            VerifyBenchmarks.WriteManifest(corpus with { Scripts = [.. corpus.Scripts.Take(count - added)] }, baseManifest);
            variants.Add(($"ParityRules=new, a pull request adding {added} script{(added == 1 ? "" : "s")}", off with { Rules = RuleScope.New, RulesBaseline = ManifestReader.Read(baseManifest) }));
        }

        var times = variants.Select(_ => new List<double>()).ToArray();
        var results = variants.Select(variant => Checked(corpus, variant.Options)).ToArray();
        // Three times the rounds, as figure 5: on a loaded two-core machine one round of a sub-second figure spreads widely.
        repetitions *= 3;
        Report.Progress($"T-SQL verify without rules and with ParityRules=new, {variants.Count} variants, {repetitions} rounds ...");
        VerifyBenchmarks.Rotated(repetitions, variants.Count, v => times[v].Add(VerifyBenchmarks.Time(() => Checked(corpus, variants[v].Options))));

        var plain = Report.Median(times[0]);
        for (var v = 0; v < variants.Count; v++)
        {
            var dialects = results[v].Dialects.Count == 0 ? "" : $", {results[v].Findings.Count} findings, dialect {string.Join("; ", results[v].Dialects)}";
            report.Info(section, $"verify, {variants[v].Name}", Report.Spread(times[v]) + dialects);
        }

        // The figure: the one new script of a typical pull request, where the dialect is detected and ScriptDom runs.
        var figured = Report.Median(times[2]);
        var fraction = (figured / plain) - 1;
        report.Figure(section, $"T-SQL: detection + SQL Server rules as shipped, {PullRequestScripts[0]} new script / verify without rules", $"{Report.Percent(fraction)} added ({Report.Ms(figured)} vs {Report.Ms(plain)})", "<= +10 %", fraction <= 0.10);
    }

    private static VerifyResult Checked(Corpus corpus, VerifyOptions options)
    {
        var result = Verifier.Run(corpus.Scripts, options);
        var gateFindings = result.Findings.Where(finding => !finding.Diagnostic.Code.StartsWith("PARITY4", StringComparison.Ordinal)).ToList();
        if (result.HasErrors || result.Migrations != corpus.Scripts.Count || gateFindings.Count > 0
            || (options.RulesBaseline is not null && !result.Dialects.Any(dialect => dialect.Contains("sqlserver", StringComparison.Ordinal))))
        {
            throw new InvalidOperationException($"Verifier.Run did not check the T-SQL corpus as expected: {result.Migrations} migrations, dialects {string.Join("; ", result.Dialects)}, "
                + string.Join("; ", result.Findings.Take(5).Select(finding => $"{finding.Diagnostic.Code} {finding.File}: {finding.Message}")));
        }

        return result;
    }

    // The T-SQL scripts of the Ed-Fi (its MsSql folders) and opengeh-edi corpora that hold a GO line, up to 64 KB, in path order.
    private static List<string> Sources()
    {
        var root = FindCorpora();
        if (root is null)
        {
            return [];
        }

        var edFi = Path.Combine(root, "Ed-Fi-Alliance-OSS__Ed-Fi-ODS");
        var edi = Path.Combine(root, "Energinet-DataHub__opengeh-edi");
        return [.. new[] { edFi, edi }
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.sql", SearchOption.AllDirectories)
                .Where(path => folder == edi || path.Contains("mssql", StringComparison.OrdinalIgnoreCase)))
            .Where(path => new FileInfo(path).Length <= MaximumSize)
            .Where(path => SqlDialect.BatchSeparatorLine().IsMatch(File.ReadAllText(path)))
            .Order(StringComparer.Ordinal)];
    }

    private static string? FindCorpora()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "corpora");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    // Script n is a corpus script drawn with the seed, under DbUp's naming, with a header naming its number.
    private static (Corpus Corpus, long Bytes) Generate(string projectDirectory, int count, int seed, List<string> sources)
    {
        var folder = Path.Combine(projectDirectory, "Scripts");
        Directory.CreateDirectory(folder);
        // Decoded (a few are UTF-16 with a BOM) and written as UTF-8 after the header.
        var texts = sources.Select(File.ReadAllText).ToArray();
        var random = new Random(seed);
        var scripts = new List<ScriptFile>(count);
        long total = 0;
        for (var n = 1; n <= count; n++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"Script{n:D5} - step {n}.sql");
            var path = Path.Combine(folder, name);
            var bytes = Encoding.UTF8.GetBytes($"-- Script {n}\n{texts[random.Next(texts.Length)]}");
            File.WriteAllBytes(path, bytes);
            File.SetLastWriteTimeUtc(path, Corpus.ScriptTimeUtc);
            scripts.Add(new ScriptFile(path, "Scripts/" + name, "", "dbup"));
            total += bytes.Length;
        }

        return (new Corpus(projectDirectory, scripts, total, 0), total);
    }
}
