using ParityBuild.Core.Checksums.Tools;

namespace ParityBuild.Core.Gate;

/// <summary>
/// The gate's settings as the ParityBuild package's properties give them (and the <c>parity</c> tool's options): plain
/// strings, flags and paths, relative ones against <see cref="ProjectDirectory"/>. <see cref="MigrationGate"/> parses and checks
/// them; a bad value is a coded finding, never an exception.
/// </summary>
/// <param name="ProjectDirectory">The project's folder: scripts, the manifest and every other path are relative to it.</param>
/// <param name="ManifestFile">ParityBaselineFile.</param>
public sealed record GateSettings(string ProjectDirectory, string ManifestFile)
{
    /// <summary>ParityLockedMode: never write the manifest; a new script is an error.</summary>
    public bool Locked { get; init; }

    /// <summary>ParityAllowOutOfOrder.</summary>
    public bool AllowOutOfOrder { get; init; }

    /// <summary>ParityAccept (or the ParityAccept target): rewrite the manifest for the current scripts.</summary>
    public bool Accept { get; init; }

    /// <summary>ParityRules: new (scripts not in the baseline yet) | all | off.</summary>
    public string Rules { get; init; } = "new";

    /// <summary>ParitySqlDialect (or ParityRulesEngine): auto | postgres | mysql | sqlserver.</summary>
    public string SqlDialect { get; init; } = "auto";

    /// <summary>ParityReplicaProvider, which SqlDialect=auto follows when it names an engine.</summary>
    public string ReplicaProvider { get; init; } = "auto";

    /// <summary>ParityRulesBase: a git revision (the pull request's base branch) whose manifest decides which scripts are new to the rules.</summary>
    public string RulesBase { get; init; } = "";

    /// <summary>The committed schema snapshot (ParitySchemaFile): a warning when it belongs to other migrations; empty for none.</summary>
    public string SchemaFile { get; init; } = "";

    /// <summary>
    /// ParityHistory and each ParityReplicaSet's History, separated by ';': for postgrator or sqitch the manifest records
    /// that tool's hash of each script's text, so that a replica check need not compute it.
    /// </summary>
    public string ProjectHistories { get; init; } = "";

    /// <summary>
    /// Which raw-bytes hash a named history stores (postgrator md5, sqitch SHA-1). The history readers live in
    /// ParityBuild.Replica, which builds on Core: the caller passes <c>HistoryReader.RawDigestFor</c>. Null: none.
    /// </summary>
    public Func<string, RawDigestKind>? HistoryRawDigest { get; init; }

    /// <summary>Whether a safety rule's warning counts as an error (WarningsAsErrors as MSBuild applies it), or null for none.</summary>
    public Func<string, bool>? RuleAsError { get; init; }

    /// <summary>The stat cache (obj/parity/stat.cache); empty for none.</summary>
    public string StatCacheFile { get; init; } = "";

    /// <summary>A file written as the check begins, whose time becomes <see cref="GateOutcome.StampTime"/>; empty for none.</summary>
    public string StartedFile { get; init; } = "";

    /// <summary>Where to list the targets of scripts that are symbolic links, for ParityVerify's Inputs; empty for nowhere.</summary>
    public string LinkTargetsFile { get; init; } = "";

    /// <summary>Where to write this run's findings for the reports (SARIF, JSON, step summary); empty for nowhere.</summary>
    public string ReportPartFile { get; init; } = "";

    /// <summary>The full path of a setting's file (or null when it is empty).</summary>
    internal string? Resolve(string path) => path.Trim().Length == 0 ? null : Path.GetFullPath(path.Trim(), ProjectDirectory);

    /// <summary>The manifest's full path.</summary>
    public string ManifestPath => Path.GetFullPath(ManifestFile, ProjectDirectory);
}
