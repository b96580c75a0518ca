using Microsoft.Build.Framework;
using ParityBuild.Core.Baseline;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Checksums.Peers;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Reports;
using ParityBuild.Core.Schema;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Verification;
using ParityBuild.Replica.History;

namespace ParityBuild.Tasks;

/// <summary>
/// ParityVerify and ParityAccept: checks the scripts against the baseline manifest, adds new scripts to it on a
/// developer machine, and (Accept) rewrites it for the current scripts. All logic lives in <see cref="Verifier"/>.
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

    /// <summary>
    /// ParityHistory of each replica check this build runs after the gate (empty when none): for a postgrator or sqitch
    /// history the gate's read of the scripts also computes that tool's hash of the raw bytes, for the check to compare.
    /// </summary>
    public string ReplicaHistory { get; set; } = "";

    /// <summary>
    /// ParityHistory and each ParityReplicaSet's History, whatever this build runs: for postgrator or sqitch the manifest
    /// records that tool's hash of each script's text (md5, sha1), so that a replica check need not compute it.
    /// </summary>
    public string ProjectHistories { get; set; } = "";

    /// <summary>A file written as the task begins (obj/parity/verify.started), for <see cref="StampTime"/>; empty for none.</summary>
    public string StartedFile { get; set; } = "";

    /// <summary>
    /// The time to give obj/parity/verify.stamp (ParityVerify's Output), or empty for the time it is touched: the time the
    /// file system gave <see cref="StartedFile"/> as this run began, before it read anything, less one tick. A script
    /// edited after it was read is then newer than the stamp, so the next build runs the check again instead of finding
    /// it up to date.
    /// </summary>
    [Output]
    public string StampTime { get; private set; } = "";

    protected override void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation)
    {
        StampTime = StartedFile.Length > 0 ? FileSystemNow(Path.GetFullPath(StartedFile, ProjectDirectory)) : "";
        var scope = RuleRunner.ParseScope(Rules);
        if (scope is null || !SqlDialect.TryParse(RulesEngine, ReplicaProvider, out var engine))
        {
            FindingLogger.Log(Log, scope is null
                ? Diagnostics.RuleSettingInvalid.At(null, "ParityRules", Rules, "new, all or off")
                : Diagnostics.RuleSettingInvalid.At(null, "ParitySqlDialect", RulesEngine, "auto, postgres, mysql or sqlserver"));
            return;
        }

        Log.LogMessage(MessageImportance.Low, $"ParityBuild: safety rules {scope.Value.ToString().ToLowerInvariant()}, dialect {(engine is { } named ? SqlDialect.Name(named) : "auto")}.");
        var rawDigest = ReplicaHistory.Split(';').Select(RawDigestOf).FirstOrDefault(kind => kind != RawDigestKind.None);
        var options = Options(Accept) with
        {
            Rules = scope.Value,
            RulesEngine = engine,
            RuleAsError = RuleAsError(),
            RawDigest = rawDigest,
            ManifestDigests = ManifestDigests(ProjectHistories),
        };
        var baseProblem = (Finding?)null;
        if (scope == RuleScope.New && RulesBase.Trim().Length > 0)
        {
            options = options with { RulesBaseline = ReadRulesBase(RulesBase.Trim(), out baseProblem) };
        }

        var result = Verifier.Run(scripts, options, cancellation);
        ShareWithLaterTasks(scripts, result);
        if (baseProblem is not null)
        {
            result = result with { Findings = [.. result.Findings, baseProblem] };
        }

        if (SchemaFile.Trim().Length > 0 && !result.HasErrors
            && SnapshotFreshness.Check(Path.GetFullPath(SchemaFile.Trim(), ProjectDirectory), Path.GetFullPath(BaselineFile, ProjectDirectory)) is { } stale)
        {
            result = result with { Findings = [.. result.Findings, stale] };
        }

        FindingLogger.LogAll(Log, result.Findings);
        if (result.Dialects.Count > 0)
        {
            Log.LogMessage(MessageImportance.Normal, $"ParityBuild: the safety rules read {string.Join("; ", result.Dialects)}.");
        }

        if (LinkTargetsFile.Length > 0)
        {
            // No links, no file: the targets then skip reading it in every build.
            var linkTargetsFile = Path.GetFullPath(LinkTargetsFile, ProjectDirectory);
            if (result.LinkTargets.Count == 0)
            {
                File.Delete(linkTargetsFile);
            }
            else
            {
                var lines = string.Concat(result.LinkTargets.Select(target => target + "\n"));
                AtomicFile.WriteIfChanged(linkTargetsFile, System.Text.Encoding.UTF8.GetBytes(lines));
            }
        }

        var sets = InSets(result.Sets);
        if (Accept)
        {
            foreach (var change in result.Changes)
            {
                Log.LogMessage(MessageImportance.High, $"ParityAccept: {change}");
            }

            if (!result.HasErrors)
            {
                Log.LogMessage(MessageImportance.High, result.ManifestWritten
                    ? $"ParityAccept: wrote {ManifestDisplayPath} ({result.Migrations} migrations{sets}, {result.Changes.Count} changed); commit it."
                    : $"ParityAccept: {ManifestDisplayPath} already matches the {result.Migrations} migrations{sets}.");
            }
        }
        else if (result.DigestsRecorded > 0)
        {
            var names = options.ManifestDigests switch
            {
                ChecksumKinds.Md5 => "md5 (postgrator's hash)",
                ChecksumKinds.Sha1 => "sha1 (sqitch's hash)",
                _ => "md5 and sha1 (postgrator's and sqitch's hashes)",
            };
            Log.LogMessage(MessageImportance.High, $"ParityBuild: recorded the {names} of {result.DigestsRecorded} baselined scripts in {ManifestDisplayPath}, which the replica check compares without hashing them again; commit it.");
        }
        else if (result.ManifestCreated)
        {
            Log.LogMessage(MessageImportance.High, $"ParityBuild: created {ManifestDisplayPath} with {result.Migrations} migrations{sets}; commit it with the scripts.");
        }
        else if (!result.HasErrors)
        {
            Log.LogMessage(MessageImportance.Normal, $"ParityBuild: {result.Migrations} migrations{sets} match {ManifestDisplayPath} ({result.Hashed} read, {result.Migrations - result.Hashed} unchanged since the last build).");
        }

        if (ReportPartFile.Length > 0)
        {
            var errors = result.Findings.Count(finding => finding.Severity == Severity.Error);
            var summary = $"ParityBuild: {result.Migrations} migrations{sets} checked against {ManifestDisplayPath}: "
                + (errors == 0 ? "no error." : errors == 1 ? "1 error." : $"{errors} errors.");
            ReportWriter.WritePart(Path.GetFullPath(ReportPartFile, ProjectDirectory), new ReportPart("gate", summary, result.Findings, []));
        }
    }

    // The time a write is stamped with now, less one tick, in the round-trip format Touch's Time parses (DateTime.Parse,
    // invariant culture) to the same instant. Read back from a file rather than the system clock: file systems stamp a
    // write with a coarser clock (Linux's lags by up to 10 ms, Windows' 15.6 ms; FAT keeps two seconds), so a file
    // written a moment later could carry an earlier time than the system clock read now. Less one tick, a write in the
    // same tick of that clock is still newer than the stamp.
    private static string FileSystemNow(string startedFile)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(startedFile)!);
            File.WriteAllText(startedFile, DateTime.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture) + "\n");
            return File.GetLastWriteTimeUtc(startedFile).AddTicks(-1).ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The stamp is then touched when the check ends, as it was before (obj/ is unwritable: Touch fails too).
            return "";
        }
    }

    // WarningsAsErrors / TreatWarningsAsErrors as MSBuild applies them to this project (MSBuild 17 and later).
    // The base branch's manifest; none (the current one decides) when it cannot be read, or when the base has none yet
    // (the pull request adopts ParityBuild: its scripts are not new, the manifest is).
    private Manifest? ReadRulesBase(string revision, out Finding? problem)
    {
        problem = null;
        var manifest = Path.GetFullPath(BaselineFile, ProjectDirectory);
        var bytes = GitShow.Read(manifest, revision, out var reason, out var missing);
        if (bytes is null)
        {
            Log.LogMessage(MessageImportance.Low, $"ParityBuild: no manifest at ParityRulesBase '{revision}' ({reason}).");
            problem = missing ? null : Diagnostics.RulesBaseUnreadable.At(null, revision, reason);
            return null;
        }

        try
        {
            var baseline = ManifestReader.Parse(bytes, verifyDigest: false);
            Log.LogMessage(MessageImportance.Low, $"ParityBuild: the safety rules check the scripts new since '{revision}' ({baseline.Entries.Count} migrations there).");
            return baseline;
        }
        catch (ManifestException exception)
        {
            problem = Diagnostics.RulesBaseUnreadable.At(null, revision, $"its manifest is invalid: {exception.Message}");
            return null;
        }
    }

    private Func<string, bool>? RuleAsError() => BuildEngine is IBuildEngine8 engine
        ? code => MigrationRules.Codes.Contains(code) && engine.ShouldTreatWarningAsError(code)
        : null;

    // The peer hashes of the text that the project's histories store of the raw bytes.
    private static ChecksumKinds ManifestDigests(string histories)
    {
        var kinds = ChecksumKinds.Text;
        foreach (var history in histories.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds |= RawDigest.InManifest(RawDigestOf(history));
        }

        return kinds;
    }

    // auto and an empty setting name no tool, so no raw digest: answered here without loading the replica check's
    // assembly, which a build that only runs the gate then never loads (3-5 ms of every CI build's gate, a new process).
    private static RawDigestKind RawDigestOf(string history) =>
        history.Trim() is var name && (name.Length == 0 || name.Equals("auto", StringComparison.OrdinalIgnoreCase)) ? RawDigestKind.None : NamedHistoryRawDigest(name);

    // Not inlined, so that compiling the caller at run time (tasks/net8.0/) does not load the assembly either.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static RawDigestKind NamedHistoryRawDigest(string history) => HistoryReader.RawDigestFor(history);
}
