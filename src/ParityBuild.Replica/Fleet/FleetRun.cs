using ParityBuild.Core.Findings;
using ParityBuild.Core.Fleet;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica.Fleet;

/// <summary>
/// A fleet check or a shard merge as the MSBuild properties (and the <c>parity fleet</c> options of the same meaning)
/// give it: every value the text the user wrote, parsed by <see cref="FleetRun"/> so that a wrong one is a coded
/// PARITY6001. <see cref="ConnectionString"/> is the value of the environment variable <see cref="VariableName"/>, read
/// by the caller and never logged. Relative paths are against <see cref="ProjectDirectory"/>.
/// </summary>
public sealed record FleetRunSettings(string ProjectDirectory, string VariableName, string? ConnectionString)
{
    public IReadOnlyList<ScriptFile> Scripts { get; init; } = [];

    public string ManifestFile { get; init; } = "migrations.baseline.json";

    /// <summary>ParityTenant items (or --tenant), each with the settings its metadata overrides.</summary>
    public IReadOnlyList<FleetTenant> Tenants { get; init; } = [];

    public string TenantsFile { get; init; } = "";

    public string Query { get; init; } = "";

    public string Concurrency { get; init; } = "";

    public string MaxUnreachable { get; init; } = "";

    public string Shard { get; init; } = "";

    public string Provider { get; init; } = "auto";

    public string History { get; init; } = "auto";

    public string HistoryTable { get; init; } = "";

    public string HistorySchema { get; init; } = "";

    public string Set { get; init; } = "";

    /// <summary>ParitySchemaFile: the committed schema snapshot each tenant's schema is compared with, when it exists; empty for none.</summary>
    public string SchemaFile { get; init; } = "";

    /// <summary>ParitySchemas, with <c>{tenant}</c> where a tenant's schema name goes; empty for the snapshot's (or the tenant's history schema).</summary>
    public string Schemas { get; init; } = "";

    /// <summary>ParitySchemaCompare: false leaves the schemas alone even when a snapshot exists.</summary>
    public bool SchemaCompare { get; init; } = true;

    /// <summary>ParitySchemaDrift: error | warn | message.</summary>
    public string SchemaDrift { get; init; } = "error";

    /// <summary>ParityPending: message | warn | error.</summary>
    public string Pending { get; init; } = "message";

    public string ConnectTimeout { get; init; } = "10";

    public string StatementTimeout { get; init; } = "30";

    public string LockTimeout { get; init; } = "3";

    /// <summary>Where each tenant's repair SQL goes, a folder per tenant (never run); empty for obj/parity/fleet.</summary>
    public string RepairDirectory { get; init; } = "";

    /// <summary>The JSON report (all tenants), which is also what a shard hands to the merge; empty for none.</summary>
    public string ReportFile { get; init; } = "";

    public string SarifFile { get; init; } = "";

    /// <summary>The file the Markdown summary is appended to ($GITHUB_STEP_SUMMARY), or null.</summary>
    public string? StepSummaryFile { get; init; }

    /// <summary>What the SARIF results point at: the project file, or for the tool its folder's parity.json.</summary>
    public string ProjectFile { get; init; } = "";

    /// <summary>The shard reports to merge (full paths or relative to <see cref="ProjectDirectory"/>).</summary>
    public IReadOnlyList<string> MergeReports { get; init; } = [];
}

/// <summary>
/// The entry points ParityFleetCheck / ParityFleetReport and <c>parity fleet</c> call alike: check every tenant
/// (<see cref="FleetCheck"/>) or merge the shard reports, then say the summary and write the reports. Each hands back
/// the lines to print; a wrong setting is marked (<see cref="RunOutput.SettingsInvalid"/>: the tool's exit code 2).
/// No line holds the connection string.
/// </summary>
public static class FleetRun
{
    // A wrong setting, or a tenant list that cannot be read: nothing was checked, and it is the caller's to fix.
    private static readonly HashSet<string> SettingsCodes = new(StringComparer.Ordinal) { Diagnostics.FleetSettingInvalid.Code, Diagnostics.TenantListInvalid.Code };

    /// <param name="progress">Told the number of tenants checked so far and the number to check, after each tenant (on the thread pool).</param>
    public static async Task<RunOutput> CheckAsync(FleetRunSettings settings, Action<int, int>? progress, CancellationToken cancellation)
    {
        var output = new RunOutput();
        var variable = settings.VariableName.Trim();
        var pending = ReplicaSettings.ParseSeverity(settings.Pending, Severity.Message);
        var timeouts = ReplicaRunSettings.ParseTimeouts(settings.ConnectTimeout, settings.StatementTimeout, settings.LockTimeout);
        if (!ReplicaRunSettings.IsVariableName(variable) || pending is null || timeouts is null)
        {
            // A value that is no variable's name is the connection string itself: said so without repeating it.
            return output.Invalid(Diagnostics.FleetSettingInvalid.At(null,
                !ReplicaRunSettings.IsVariableName(variable) ? "ParityFleetConnectionVariable must name an environment variable (default PARITY_FLEET), not hold the connection string; put the string in that variable."
                : pending is null ? $"ParityPending is '{settings.Pending}'; expected message, warn or error."
                : $"the replica timeouts must be whole numbers of seconds above 0 (ParityReplicaConnectTimeout '{settings.ConnectTimeout}', ParityReplicaStatementTimeout '{settings.StatementTimeout}', ParityReplicaLockTimeout '{settings.LockTimeout}')."));
        }

        var request = new FleetRequest(new ReplicaSettings(settings.ConnectionString, variable)
        {
            Provider = settings.Provider,
            History = settings.History,
            HistoryTable = settings.HistoryTable,
            HistorySchema = settings.HistorySchema,
            Set = settings.Set.Trim(),
            Timeouts = timeouts,
            PendingSeverity = pending.Value,
        })
        {
            Tenants = settings.Tenants,
            TenantsFile = Full(settings, settings.TenantsFile) ?? "",
            Query = settings.Query,
            Concurrency = settings.Concurrency,
            MaxUnreachable = settings.MaxUnreachable,
            Shard = settings.Shard,
        };
        output.Say($"ParityBuild fleet: connection string from ${variable}, {request.Tenants.Count} tenants given, tenants file '{settings.TenantsFile}', query '{settings.Query}', concurrency '{settings.Concurrency}', max unreachable '{settings.MaxUnreachable}', shard '{settings.Shard}', history {settings.History}, table '{settings.HistoryTable}', schema '{settings.HistorySchema}', timeouts {timeouts.ConnectSeconds}/{timeouts.StatementSeconds}/{timeouts.LockSeconds} s.", Importance.Low);

        // The repository's side once for every tenant: the scripts' discovery and the manifest's checksums.
        var manifest = ReplicaRun.TryReadManifest(Path.GetFullPath(settings.ManifestFile.Trim(), settings.ProjectDirectory));
        if (settings.SchemaCompare && Full(settings, settings.SchemaFile) is { } snapshot)
        {
            var (schema, problem) = SchemaSettings.Parse(snapshot, settings.Schemas, settings.SchemaDrift, manifest?.Digest);
            if (schema is null)
            {
                return output.Invalid(Diagnostics.FleetSettingInvalid.At(null, problem!));
            }

            var committed = File.Exists(snapshot);
            request = committed ? request with { Replica = request.Replica with { Schema = schema } } : request;
            output.Say(committed
                ? $"ParityBuild fleet: every tenant's schema against {snapshot} (schemas '{settings.Schemas}', drift {schema.DriftSeverity}), captured in full only where its catalog's fingerprint is not that of a tenant that matched it."
                : $"ParityBuild fleet: no schema snapshot at {snapshot}; the tenants' schemas are not compared (capture one with -t:ParitySchemaCapture).", Importance.Low);
        }

        var repository = new RepositorySide(settings.Scripts, manifest, [], MigrationDiscovery.Discover(settings.Scripts), null)
        {
            RawDigests = ReplicaRun.RecordedDigests(settings.Scripts, manifest, settings.History, cancellation),
        };
        var outcome = await FleetCheck.RunAsync(request, repository, progress, cancellation).ConfigureAwait(false);
        output.AddRange(outcome.Problems);
        if (outcome.Schemas is { } schemas)
        {
            output.Say($"ParityBuild fleet: schemas compared: {schemas.Captured} tenants captured in full, {schemas.MatchedByFingerprint} matched by their catalog's fingerprint.", Importance.Normal);
        }

        if (outcome.SharedSessions is { } sessions)
        {
            output.Say($"ParityBuild fleet: the tenants share one database and took turns on {sessions} session{(sessions == 1 ? "" : "s")}, each tenant on its own search path.", Importance.Normal);
        }

        WriteRepairs(outcome.Repairs, Full(settings, settings.RepairDirectory) ?? Path.Combine(settings.ProjectDirectory, "obj", "parity", "fleet"), output);
        return Finish(outcome.Result, settings, output);
    }

    /// <summary>
    /// Each tenant's repair SQL in a folder named after it, as the replica check writes one replica's: a tenant whose
    /// schema was compared now with nothing to repair loses the files an earlier check left, and one whose schema was
    /// not (unreachable, locked) keeps them. One line names the tenants with repairs; only a file that cannot be written
    /// is a finding.
    /// </summary>
    private static void WriteRepairs(IReadOnlyList<FleetCheck.TenantRepairs> repairs, string root, RunOutput output)
    {
        var written = new List<string>();
        foreach (var (tenant, files) in repairs)
        {
            var directory = Path.Combine(root, tenant.Tenant);
            if (files is null || (files.Count == 0 && !Directory.Exists(directory)))
            {
                continue;
            }

            output.AddRange(ReplicaRun.WriteRepairs(files, directory).Where(finding => finding.Code != Diagnostics.SchemaRepairWritten.Code));
            if (files.Count > 0)
            {
                written.Add(tenant.Tenant);
            }
            else if (!Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }

        if (written.Count > 0)
        {
            output.Say($"ParityBuild fleet: repair SQL (never run) for {FleetResult.Describe(written)}, a folder each in {root}.", Importance.High);
        }
    }

    /// <summary>ParityFleetReport: the shard reports merged into the result of one run over the whole fleet. Needs no database.</summary>
    public static RunOutput Merge(FleetRunSettings settings)
    {
        var output = new RunOutput();
        if (UnreachableLimit.Parse(settings.MaxUnreachable) is not { } limit)
        {
            return output.Invalid(Diagnostics.FleetSettingInvalid.At(null, $"ParityFleetMaxUnreachable is '{settings.MaxUnreachable}'; expected a count (5) or a percentage (10%)."));
        }

        var files = settings.MergeReports.Select(file => Path.GetFullPath(file.Trim(), settings.ProjectDirectory)).Where(File.Exists).Distinct().Order(StringComparer.Ordinal).ToList();
        output.Say($"ParityBuild fleet: merging {files.Count} shard reports: {string.Join(", ", files)}.", Importance.Normal);
        var findings = new List<Finding>();
        var result = FleetReport.Merge(files, limit, findings);
        output.AddRange(findings);
        return Finish(result, settings, output);
    }

    // The result's findings and summary, and its reports.
    private static RunOutput Finish(FleetResult? result, FleetRunSettings settings, RunOutput output)
    {
        if (output.Findings.Any(finding => SettingsCodes.Contains(finding.Code)))
        {
            output.MarkInvalid();
        }

        if (result is null)
        {
            return output;
        }

        output.AddRange(result.Findings);
        output.Say($"ParityBuild fleet: {result.Summary}", Importance.High);
        var json = Full(settings, settings.ReportFile);
        var sarif = Full(settings, settings.SarifFile);
        var stepSummary = string.IsNullOrWhiteSpace(settings.StepSummaryFile) ? null : settings.StepSummaryFile;
        try
        {
            foreach (var file in FleetReport.WriteFiles(result, settings.ProjectFile, json, sarif, stepSummary))
            {
                output.Say($"ParityBuild: wrote the report {file}", Importance.Normal);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            output.Add(Diagnostics.ReportUnwritable.At(null, json ?? sarif ?? stepSummary, exception.Message));
        }

        return output;
    }

    private static string? Full(FleetRunSettings settings, string path) => path.Trim().Length > 0 ? Path.GetFullPath(path.Trim(), settings.ProjectDirectory) : null;
}
