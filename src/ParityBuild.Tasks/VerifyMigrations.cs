using Microsoft.Build.Framework;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.History;

namespace ParityBuild.Tasks;

/// <summary>
/// ParityVerify and ParityAccept: checks the scripts against the baseline manifest, adds new scripts to it on a
/// developer machine, and (Accept) rewrites it for the current scripts. All logic lives in <see cref="MigrationGate.Verify"/>.
/// </summary>
public sealed class VerifyMigrations : MigrationTask
{
    public bool Accept { get; set; }

    /// <summary>ParityRulesBase: a git revision (the pull request's base branch) whose manifest decides which scripts are new to the rules.</summary>
    public string RulesBase { get; set; } = "";

    /// <summary>The committed schema snapshot (ParitySchemaFile): the build warns when it belongs to other migrations.</summary>
    public string SchemaFile { get; set; } = "";

    /// <summary>Where to write this run's findings for the reports (SARIF, JSON, step summary); empty for nowhere.</summary>
    public string ReportPartFile { get; set; } = "";

    /// <summary>Where to list the targets of scripts that are symbolic links, for ParityVerify's Inputs; empty for nowhere.</summary>
    public string LinkTargetsFile { get; set; } = "";

    /// <summary>ParityRules: new (scripts not in the baseline yet) | all | off.</summary>
    public string Rules { get; set; } = "new";

    /// <summary>ParitySqlDialect (or ParityRulesEngine): auto | postgres | mysql | sqlserver.</summary>
    public string RulesEngine { get; set; } = "auto";

    /// <summary>ParityReplicaProvider, which RulesEngine=auto follows when it names an engine.</summary>
    public string ReplicaProvider { get; set; } = "auto";

    /// <summary>ParityHistory and each ParityReplicaSet's History, whatever this build runs.</summary>
    public string ProjectHistories { get; set; } = "";

    /// <summary>A file written as the task begins (obj/parity/verify.started), for <see cref="StampTime"/>; empty for none.</summary>
    public string StartedFile { get; set; } = "";

    /// <summary>The time to give obj/parity/verify.stamp (ParityVerify's Output), or empty for the time it is touched (<see cref="GateOutcome.StampTime"/>).</summary>
    [Output]
    public string StampTime { get; private set; } = "";

    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation)
    {
        var outcome = MigrationGate.Verify(scripts, GateSettings() with
        {
            Accept = Accept,
            Rules = Rules,
            SqlDialect = RulesEngine,
            ReplicaProvider = ReplicaProvider,
            RulesBase = RulesBase,
            SchemaFile = SchemaFile,
            ProjectHistories = ProjectHistories,
            HistoryRawDigest = RawDigestFor,
            RuleAsError = BuildEngine is IBuildEngine8 engine ? code => MigrationRules.Codes.Contains(code) && engine.ShouldTreatWarningAsError(code) : null,
            StartedFile = StartedFile,
            LinkTargetsFile = LinkTargetsFile,
            ReportPartFile = ReportPartFile,
        }, cancellation);
        StampTime = outcome.StampTime;
        LogOutcome(outcome);
    }

    // A method of its own rather than HistoryReader.RawDigestFor itself: the gate calls it only for a history that names
    // a tool, so a build whose histories name none never loads the replica check's assembly.
    private static RawDigestKind RawDigestFor(string history) => HistoryReader.RawDigestFor(history);
}
