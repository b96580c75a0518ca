using ParityBuild.Core.Gate;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Tasks;

/// <summary>
/// ParityStatus: a table of every migration and its state against the baseline, like <c>flyway info</c>.
/// It reports and never writes; drift shows in the table, and only an unusable manifest or script fails it.
/// </summary>
public sealed class ShowMigrationStatus : MigrationTask
{
    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation) =>
        LogOutcome(MigrationGate.Status(scripts, GateSettings(), cancellation));
}
