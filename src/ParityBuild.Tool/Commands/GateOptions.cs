using System.CommandLine;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Reports;
using ParityBuild.Core.Rules;
using ParityBuild.Replica.History;
using ParityBuild.Tool.Settings;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// The gate's options (verify, accept, status), each the MSBuild property of the same meaning, with the package's
/// default. The hidden ones are what the package's targets pass when they run the tool (<c>dotnet exec</c>).
/// </summary>
internal sealed class GateOptions
{
    public ScriptOptions Scripts { get; } = new();

    public Option<bool> Locked { get; } = new("--locked")
    {
        Description = "Locked mode (ParityLockedMode): never write the manifest; a script not in it is an error. Default: true when CI or ContinuousIntegrationBuild is true.",
        DefaultValueFactory = _ => BuildEnvironment.IsCi(),
    };

    public Option<bool> AllowOutOfOrder { get; } = new("--allow-out-of-order") { Description = "Accept a new migration that sorts before the newest baselined one (ParityAllowOutOfOrder)." };

    public Option<string> Rules { get; } = new("--rules")
    {
        Description = "The safety rules (ParityRules): new (scripts not in the baseline yet), all, or off.",
        DefaultValueFactory = _ => "new",
        HelpName = "new|all|off",
    };

    public Option<string> SqlDialect { get; } = new("--sql-dialect", "--rules-engine")
    {
        Description = "The SQL the rules read (ParitySqlDialect): auto, postgres, mysql or sqlserver.",
        DefaultValueFactory = _ => "auto",
        HelpName = "dialect",
    };

    public Option<string> RulesBase { get; } = new("--rules-base")
    {
        Description = "A git revision whose manifest decides which scripts are new to the rules (ParityRulesBase). Default: origin/$GITHUB_BASE_REF or origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME when set.",
        DefaultValueFactory = _ => BuildEnvironment.RulesBase(),
        HelpName = "revision",
    };

    public Option<string> SchemaFile { get; } = new("--schema-file")
    {
        Description = "The schema snapshot (ParitySchemaFile): a warning when it was captured for other migrations.",
        DefaultValueFactory = _ => "migrations.schema.json",
        HelpName = "file",
    };

    public Option<string> Provider { get; } = new("--provider")
    {
        Description = "The replica's engine (ParityReplicaProvider), which --sql-dialect auto follows: auto, postgres or mysql.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string> History { get; } = new("--history")
    {
        Description = "The replica's history (ParityHistory): for postgrator or sqitch the manifest also records that tool's hash of each script.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> WarningsAsErrors { get; } = new("--warnings-as-errors")
    {
        Description = "Warning codes that fail like errors, separated by ';' (MSBuild's WarningsAsErrors); a rule that is an error keeps its script out of the manifest.",
        HelpName = "codes",
    };

    public Option<string?> WarningsNotAsErrors { get; } = new("--warnings-not-as-errors") { Description = "Warning codes --treat-warnings-as-errors leaves warnings (WarningsNotAsErrors).", HelpName = "codes" };

    public Option<bool> TreatWarningsAsErrors { get; } = new("--treat-warnings-as-errors") { Description = "Every warning fails like an error (TreatWarningsAsErrors)." };

    public Option<string?> NoWarn { get; } = new("--no-warn") { Description = "Warning codes not to report, separated by ';' (NoWarn).", HelpName = "codes" };

    public ReportOption Reports { get; } = new();

    public Option<bool> StepSummary { get; } = new("--step-summary")
    {
        Description = "Append a Markdown summary to $GITHUB_STEP_SUMMARY when GitHub Actions sets it (ParityStepSummary).",
        DefaultValueFactory = _ => true,
    };

    public Option<string?> Verbosity { get; } = new("--verbosity", "-v")
    {
        Description = "What to print besides the findings: quiet (nothing), minimal (what to act on), normal (the summary), detailed (settings and reasons).",
        DefaultValueFactory = _ => "normal",
        HelpName = "level",
    };

    // What the package's targets pass (hidden from --help; docs/cli.md lists them).

    public Option<string?> ProjectHistories { get; } = new("--project-histories") { Hidden = true };

    public Option<string?> StartedFile { get; } = new("--started-file") { Hidden = true };

    public Option<string?> StampTimeFile { get; } = new("--stamp-time-file") { Hidden = true };

    public Option<string?> LinkTargetsFile { get; } = new("--link-targets-file") { Hidden = true };

    public Option<string?> ReportPart { get; } = new("--report-part") { Hidden = true };

    public Option<string?> BuildReport { get; } = new("--build-report") { Hidden = true };

    /// <summary>Adds the options of a command: status takes only what decides the table.</summary>
    public void AddTo(Command command, bool verify)
    {
        Scripts.AddTo(command);
        Option[] options = verify
            ? [Locked, AllowOutOfOrder, Rules, SqlDialect, RulesBase, SchemaFile, Provider, History, WarningsAsErrors, WarningsNotAsErrors, TreatWarningsAsErrors, NoWarn,
                Reports.Report, StepSummary, Verbosity, ProjectHistories, StartedFile, StampTimeFile, LinkTargetsFile, ReportPart, BuildReport]
            : [Locked, AllowOutOfOrder, Verbosity];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The gate's settings, as the package's targets would pass them to the task.</summary>
    public GateSettings Settings(CommandSettings settings, string projectDirectory, bool accept)
    {
        var policy = Policy(settings);
        return new GateSettings(projectDirectory, settings.Get(Scripts.Manifest))
        {
            Locked = settings.Get(Locked),
            AllowOutOfOrder = settings.Get(AllowOutOfOrder),
            Accept = accept,
            Rules = settings.Get(Rules),
            SqlDialect = settings.Get(SqlDialect),
            ReplicaProvider = settings.Get(Provider),
            // ParityAccept passes neither: the base branch and the snapshot are the verify's business.
            RulesBase = accept ? "" : settings.Get(RulesBase),
            SchemaFile = accept ? "" : settings.Get(SchemaFile),
            ProjectHistories = settings.Get(ProjectHistories) ?? settings.Get(History),
            HistoryRawDigest = HistoryReader.RawDigestFor,
            RuleAsError = code => MigrationRules.Codes.Contains(code) && policy.IsError(code),
            StatCacheFile = settings.Get(Scripts.StatCache) ?? "",
            StartedFile = settings.Get(StartedFile) ?? "",
            LinkTargetsFile = settings.Get(LinkTargetsFile) ?? "",
            ReportPartFile = settings.Get(ReportPart) ?? "",
        };
    }

    /// <summary>The status table's settings: the manifest, locked mode and out-of-order decide the states.</summary>
    public GateSettings StatusSettings(CommandSettings settings, string projectDirectory) =>
        new(projectDirectory, settings.Get(Scripts.Manifest))
        {
            Locked = settings.Get(Locked),
            AllowOutOfOrder = settings.Get(AllowOutOfOrder),
            StatCacheFile = settings.Get(Scripts.StatCache) ?? "",
        };

    public SeverityPolicy Policy(CommandSettings settings) =>
        new(settings.Get(NoWarn), settings.Get(WarningsAsErrors), settings.Get(WarningsNotAsErrors), settings.Get(TreatWarningsAsErrors));
}
