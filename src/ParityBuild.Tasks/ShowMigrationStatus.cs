using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Verification;

namespace ParityBuild.Tasks;

/// <summary>
/// ParityStatus: a table of every migration and its state against the baseline, like <c>flyway info</c>.
/// It reports and never writes; drift shows in the table, and only an unusable manifest or script fails it.
/// </summary>
public sealed class ShowMigrationStatus : MigrationTask
{
    // Findings that leave nothing to show a table of; every other finding is a state in the table.
    private static readonly HashSet<string> Blocking = new(StringComparer.Ordinal)
    {
        Diagnostics.DuplicateVersion.Code, Diagnostics.ManifestInvalid.Code, Diagnostics.NamingConvention.Code, Diagnostics.ScriptUnreadable.Code,
    };

    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation)
    {
        var result = Verifier.Run(scripts, Options(readOnly: true), cancellation);
        var blocking = result.Findings.Where(finding => Blocking.Contains(finding.Code)).ToList();
        FindingLogger.LogAll(Log, blocking);
        if (blocking.Count > 0)
        {
            return;
        }

        Log.LogMessage(MessageImportance.High, $"ParityStatus: {result.Migrations} migrations{InSets(result.Sets)} against {ManifestDisplayPath}");
        foreach (var line in StatusTable.Format(result.Statuses))
        {
            Log.LogMessage(MessageImportance.High, line);
        }
    }
}
