using System.Globalization;
using System.Text;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Reports;
using ParityBuild.Core.Rules;
using ParityBuild.Core.Schema;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Gate;

/// <summary>
/// The gate as the ParityVerify, ParityAccept and ParityStatus targets and the <c>parity</c> tool's verify, accept and
/// status commands run it: settings in, findings and messages out. Around <see cref="Verifier"/> it reads the base
/// branch's manifest for the safety rules (<c>git show</c>), checks the schema snapshot is current, and writes the
/// link-targets file and the report part the build asks for.
/// </summary>
public static class MigrationGate
{
    // Findings that leave nothing to show a table of; every other finding is a state in the status table.
    private static readonly HashSet<string> StatusBlocking = new(StringComparer.Ordinal)
    {
        Diagnostics.DuplicateVersion.Code, Diagnostics.ManifestInvalid.Code, Diagnostics.NamingConvention.Code, Diagnostics.ScriptUnreadable.Code,
    };

    /// <summary>Checks the scripts against the manifest; adds new ones on a developer machine; with Accept, rewrites it.</summary>
    public static GateOutcome Verify(IReadOnlyList<ScriptFile> scripts, GateSettings settings, CancellationToken cancellation = default)
    {
        var stampTime = settings.Resolve(settings.StartedFile) is { } startedFile ? FileSystemNow(startedFile) : "";
        var messages = new List<GateMessage>();
        var scope = RuleRunner.ParseScope(settings.Rules);
        if (scope is null || !SqlDialect.TryParse(settings.SqlDialect, settings.ReplicaProvider, out var engine))
        {
            var invalid = scope is null
                ? Diagnostics.RuleSettingInvalid.At(null, "ParityRules", settings.Rules, "new, all or off")
                : Diagnostics.RuleSettingInvalid.At(null, "ParitySqlDialect", settings.SqlDialect, "auto, postgres, mysql or sqlserver");
            return new GateOutcome([invalid], messages) { StampTime = stampTime };
        }

        messages.Add(new(Importance.Low, $"ParityBuild: safety rules {scope.Value.ToString().ToLowerInvariant()}, dialect {(engine is { } named ? SqlDialect.Name(named) : "auto")}."));
        var options = new VerifyOptions(settings.ProjectDirectory, settings.ManifestPath, settings.Locked, settings.AllowOutOfOrder, settings.Accept, settings.Resolve(settings.StatCacheFile))
        {
            Rules = scope.Value,
            RulesEngine = engine,
            RuleAsError = settings.RuleAsError,
            ManifestDigests = ManifestDigests(settings),
        };
        var baseProblem = (Finding?)null;
        if (scope == RuleScope.New && settings.RulesBase.Trim().Length > 0)
        {
            options = options with { RulesBaseline = ReadRulesBase(settings.RulesBase.Trim(), settings.ManifestPath, messages, out baseProblem) };
        }

        var result = Verifier.Run(scripts, options, cancellation);
        var findings = result.Findings.ToList();
        if (baseProblem is not null)
        {
            findings.Add(baseProblem);
        }

        if (settings.Resolve(settings.SchemaFile) is { } schemaFile && !result.HasErrors && SnapshotFreshness.Check(schemaFile, settings.ManifestPath) is { } stale)
        {
            findings.Add(stale);
        }

        if (result.Dialects.Count > 0)
        {
            messages.Add(new(Importance.Normal, $"ParityBuild: the safety rules read {string.Join("; ", result.Dialects)}."));
        }

        if (settings.Resolve(settings.LinkTargetsFile) is { } linkTargetsFile)
        {
            WriteLinkTargets(linkTargetsFile, result.LinkTargets);
        }

        messages.AddRange(Summary(result, settings, options.ManifestDigests));
        if (settings.Resolve(settings.ReportPartFile) is { } reportPartFile)
        {
            ReportWriter.WritePart(reportPartFile, ReportPart(result, findings, settings));
        }

        return new GateOutcome(findings, messages) { StampTime = stampTime, Result = result };
    }

    /// <summary>
    /// The status table (like <c>flyway info</c>): every migration and its state against the manifest. It writes nothing;
    /// drift shows in the table, and only an unusable manifest or script is a finding.
    /// </summary>
    public static GateOutcome Status(IReadOnlyList<ScriptFile> scripts, GateSettings settings, CancellationToken cancellation = default)
    {
        var options = new VerifyOptions(settings.ProjectDirectory, settings.ManifestPath, settings.Locked, settings.AllowOutOfOrder, StatCachePath: settings.Resolve(settings.StatCacheFile), ReadOnly: true);
        var result = Verifier.Run(scripts, options, cancellation);
        var blocking = result.Findings.Where(finding => StatusBlocking.Contains(finding.Code)).ToList();
        if (blocking.Count > 0)
        {
            return new GateOutcome(blocking, []) { Result = result };
        }

        List<GateMessage> table =
        [
            new(Importance.High, $"ParityStatus: {result.Migrations} migrations{InSets(result.Sets)} against {DisplayPath(settings)}"),
            .. StatusTable.Format(result.Statuses).Select(line => new GateMessage(Importance.High, line)),
        ];
        return new GateOutcome([], table) { Result = result };
    }

    /// <summary>The report part of a run: its findings and a one-line summary (for a report made by other means than the build's).</summary>
    public static ReportPart ReportPart(VerifyResult result, IReadOnlyList<Finding> findings, GateSettings settings)
    {
        var errors = findings.Count(finding => finding.Severity == Severity.Error);
        var summary = $"ParityBuild: {result.Migrations} migrations{InSets(result.Sets)} checked against {DisplayPath(settings)}: "
            + (errors == 0 ? "no error." : errors == 1 ? "1 error." : $"{errors} errors.");
        return new ReportPart("gate", summary, findings, []);
    }

    private static IEnumerable<GateMessage> Summary(VerifyResult result, GateSettings settings, ChecksumKinds manifestDigests)
    {
        var manifest = DisplayPath(settings);
        var sets = InSets(result.Sets);
        if (settings.Accept)
        {
            foreach (var change in result.Changes)
            {
                yield return new(Importance.High, $"ParityAccept: {change}");
            }

            if (!result.HasErrors)
            {
                yield return new(Importance.High, result.ManifestWritten
                    ? $"ParityAccept: wrote {manifest} ({result.Migrations} migrations{sets}, {result.Changes.Count} changed); commit it."
                    : $"ParityAccept: {manifest} already matches the {result.Migrations} migrations{sets}.");
            }
        }
        else if (result.DigestsRecorded > 0)
        {
            var names = manifestDigests switch
            {
                ChecksumKinds.Md5 => "md5 (postgrator's hash)",
                ChecksumKinds.Sha1 => "sha1 (sqitch's hash)",
                _ => "md5 and sha1 (postgrator's and sqitch's hashes)",
            };
            yield return new(Importance.High, $"ParityBuild: recorded the {names} of {result.DigestsRecorded} baselined scripts in {manifest}, which the replica check compares without hashing them again; commit it.");
        }
        else if (result.ManifestCreated)
        {
            yield return new(Importance.High, $"ParityBuild: created {manifest} with {result.Migrations} migrations{sets}; commit it with the scripts.");
        }
        else if (!result.HasErrors)
        {
            yield return new(Importance.Normal, $"ParityBuild: {result.Migrations} migrations{sets} match {manifest} ({result.Hashed} read, {result.Migrations - result.Hashed} unchanged since the last build).");
        }
    }

    // No links, no file: the targets then skip reading it in every build.
    private static void WriteLinkTargets(string file, IReadOnlyList<string> targets)
    {
        if (targets.Count == 0)
        {
            File.Delete(file);
        }
        else
        {
            AtomicFile.WriteIfChanged(file, Encoding.UTF8.GetBytes(string.Concat(targets.Select(target => target + "\n"))));
        }
    }

    // The base branch's manifest; none (the current one decides) when it cannot be read, or when the base has none yet
    // (the pull request adopts ParityBuild: its scripts are not new, the manifest is).
    private static Manifest? ReadRulesBase(string revision, string manifestPath, List<GateMessage> messages, out Finding? problem)
    {
        problem = null;
        var bytes = GitShow.Read(manifestPath, revision, out var reason, out var missing);
        if (bytes is null)
        {
            messages.Add(new(Importance.Low, $"ParityBuild: no manifest at ParityRulesBase '{revision}' ({reason})."));
            problem = missing ? null : Diagnostics.RulesBaseUnreadable.At(null, revision, reason);
            return null;
        }

        try
        {
            var baseline = ManifestReader.Parse(bytes, verifyDigest: false);
            messages.Add(new(Importance.Low, $"ParityBuild: the safety rules check the scripts new since '{revision}' ({baseline.Entries.Count} migrations there)."));
            return baseline;
        }
        catch (ManifestException exception)
        {
            problem = Diagnostics.RulesBaseUnreadable.At(null, revision, $"its manifest is invalid: {exception.Message}");
            return null;
        }
    }

    // The hashes of the text that the project's histories store of the raw bytes (postgrator md5, sqitch SHA-1).
    private static ChecksumKinds ManifestDigests(GateSettings settings)
    {
        var kinds = ChecksumKinds.Text;
        foreach (var history in settings.ProjectHistories.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds |= RawDigest.InManifest(RawDigestOf(history, settings));
        }

        return kinds;
    }

    // auto and an empty setting name no tool, so no raw digest.
    private static RawDigestKind RawDigestOf(string history, GateSettings settings) =>
        history.Trim() is var name && (name.Length == 0 || name.Equals("auto", StringComparison.OrdinalIgnoreCase)) || settings.HistoryRawDigest is null
            ? RawDigestKind.None
            : settings.HistoryRawDigest(name);

    // The time a write is stamped with now, less one tick, in the round-trip format MSBuild's Touch parses (invariant
    // culture) to the same instant. Read back from a file rather than the system clock: file systems stamp a write with a
    // coarser clock (Linux's lags by up to 10 ms, Windows' 15.6 ms; FAT keeps two seconds), so a file written a moment
    // later could carry an earlier time than the system clock read now. Less one tick, a write in the same tick of that
    // clock is still newer than the stamp.
    private static string FileSystemNow(string startedFile)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(startedFile)!);
            File.WriteAllText(startedFile, DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture) + "\n");
            return File.GetLastWriteTimeUtc(startedFile).AddTicks(-1).ToString("o", CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The stamp is then touched when the check ends (obj/ is unwritable: Touch fails too).
            return "";
        }
    }

    private static string DisplayPath(GateSettings settings) => Verifier.DisplayPath(settings.ProjectDirectory, settings.ManifestPath);

    private static string InSets(int sets) => sets == 1 ? "" : $" in {sets} sets";
}
