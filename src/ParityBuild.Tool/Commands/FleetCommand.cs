using System.CommandLine;
using ParityBuild.Core.Findings;
using ParityBuild.Replica;
using ParityBuild.Replica.Fleet;
using ParityBuild.Tool.Settings;

namespace ParityBuild.Tool.Commands;

/// <summary>
/// <c>parity fleet</c>: the replica check on every tenant of a fleet (ParityFleetCheck), or with --merge the shard
/// reports merged into one result (ParityFleetReport). The connection string, with <c>{tenant}</c> where each tenant's
/// database goes, comes only from the environment variable --connection-variable names.
/// </summary>
/// <remarks>
/// The merge is an option of this command rather than a command of its own: it takes the same --max-unreachable,
/// --report, prints the same summary and exit code, and one help page explains sharding end to end.
/// </remarks>
internal static class FleetCommand
{
    public static Command Create()
    {
        var scripts = new ScriptOptions();
        var database = new DatabaseOptions("PARITY_FLEET", "ParityReplica");
        database.ConnectionVariable.Description = "The environment variable that holds the connection string with {tenant} where each tenant's database (or schema) goes (ParityFleetConnectionVariable); never the string itself.";
        var tenant = new Option<string[]>("--tenant")
        {
            Description = "A tenant's name, put for {tenant} (a ParityTenant item), and after ';' the settings its item's metadata would override: "
                + $"acme;History=flyway;HistorySchema=app (keys {string.Join(", ", TenantKeys)}). Repeatable.",
            HelpName = "name[;key=value…]",
        };
        var tenantsFile = new Option<string>("--tenants-file") { Description = "A file of tenant names, one a line, # for comments (ParityFleetTenantsFile).", DefaultValueFactory = _ => "", HelpName = "file" };
        var query = new Option<string>("--query") { Description = "A query whose first column lists the tenants, run where {tenant} is empty (ParityFleetQuery).", DefaultValueFactory = _ => "", HelpName = "sql" };
        var concurrency = new Option<string>("--concurrency") { Description = $"Tenants checked at once, 1 to 256 (ParityFleetConcurrency; default {FleetCheck.DefaultConcurrency}).", DefaultValueFactory = _ => "", HelpName = "count" };
        var maxUnreachable = new Option<string>("--max-unreachable") { Description = "Tenants that may be unreachable or locked before the check fails: a count (5) or a percentage (10%) (ParityFleetMaxUnreachable; default 0).", DefaultValueFactory = _ => "", HelpName = "count|percent" };
        var shard = new Option<string>("--shard") { Description = "Check only this job's share of the fleet, k/n (ParityFleetShard); merge the shards' JSON reports (--report json FILE) with --merge.", DefaultValueFactory = _ => "", HelpName = "k/n" };
        var reports = new ReportOption("Also write a report: json FILE, every tenant's state (ParityFleetReportFile; a shard's is what --merge reads), or sarif FILE, a SARIF 2.1.0 log with one result per distinct problem and its tenants (ParityFleetSarifFile). Repeatable.");
        var repairDir = new Option<string>("--repair-dir") { Description = "Where each drifted tenant's repair SQL is written (never run), a folder per tenant.", DefaultValueFactory = _ => Path.Combine("obj", "parity", "fleet"), HelpName = "dir" };
        var stepSummary = new Option<bool>("--step-summary") { Description = "Append a Markdown summary to $GITHUB_STEP_SUMMARY when GitHub Actions sets it (ParityStepSummary).", DefaultValueFactory = _ => true };
        var history = new HistoryOptions();
        history.HistorySchema.Description = "The history table's schema (ParityHistorySchema), which may hold {tenant} for a schema per tenant; default: the connection's.";
        history.Pending.Description = "How migrations a tenant has not applied yet are reported (ParityPending): message, warn or error.";
        var schema = new SchemaOptions();
        schema.Schemas.Description = "The schemas to compare (ParitySchemas), separated by ';', which may hold {tenant}; default: the snapshot's (with a schema per tenant, the tenant's history schema).";
        var merge = new Option<string[]>("--merge")
        {
            Description = "Check nothing: merge these shard reports (--report json FILE of each --shard job) into the result of one run over the whole fleet (ParityFleetReport). Files or *-patterns.",
            HelpName = "file",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("fleet", """
            Runs the replica check on every tenant of a fleet: each tenant's migration history against the scripts and the
            baseline manifest (a hotfix row, an edited or failed migration, a lock, a tenant that cannot be reached) and,
            when the schema snapshot exists, its physical schema against it (fingerprinted on the server; captured only
            where the fingerprint is not that of a clean tenant), each distinct problem reported once with the tenants that have it, and a summary line. Tenants come from --tenant,
            --tenants-file and --query (all that are given). Sessions are read-only, with bounded timeouts. The connection
            string is read only from the environment variable --connection-variable names (PARITY_FLEET), with {tenant}
            where each tenant's database goes.

            Examples:
              PARITY_FLEET="Host=db;Database={tenant};Username=reader;Password=…" parity fleet --tenants-file tenants.txt
              parity fleet --query "SELECT datname FROM pg_database WHERE datname LIKE 'tenant\_%'" --max-unreachable 2%
              parity fleet --tenant acme --tenant "globex;History=liquibase;HistorySchema=globex_app"
              parity fleet --tenants-file tenants.txt --shard 2/4 --report json shard-2.json
              parity fleet --merge shard-*.json --report json fleet.json --report sarif fleet.sarif
            """);
        scripts.AddTo(command);
        database.AddTo(command);
        history.AddTo(command);
        schema.AddTo(command);
        foreach (var option in new Option[] { tenant, tenantsFile, query, concurrency, maxUnreachable, shard, reports.Report, repairDir, stepSummary, merge })
        {
            command.Options.Add(option);
        }

        CommandRunner.SetAction(command, scripts.ProjectDir, (settings, projectDirectory, output, cancellation) =>
        {
            var verbosity = database.Level(settings);
            var (sarifFile, reportFile) = reports.Files(settings, projectDirectory);
            var tenants = new List<FleetTenant>();
            foreach (var text in settings.Get(tenant) ?? [])
            {
                if (ParseTenant(text) is not { } parsed)
                {
                    return DatabaseOptions.Print(new RunOutput().Invalid(Diagnostics.FleetSettingInvalid.At(null,
                        $"--tenant '{OneLine.Escape(text)}' is not NAME or NAME;Key=Value;… with the keys {string.Join(", ", TenantKeys)} (those of a ParityTenant item's metadata), each once with a value.")), verbosity, output);
                }

                tenants.Add(parsed);
            }

            var run = new FleetRunSettings(projectDirectory, settings.Get(database.ConnectionVariable), database.ConnectionString(settings))
            {
                ManifestFile = settings.Get(scripts.Manifest),
                Tenants = tenants,
                TenantsFile = settings.Get(tenantsFile),
                Query = settings.Get(query),
                Concurrency = settings.Get(concurrency),
                MaxUnreachable = settings.Get(maxUnreachable),
                Shard = settings.Get(shard),
                Provider = settings.Get(database.Provider),
                History = settings.Get(history.History),
                HistoryTable = settings.Get(database.HistoryTable),
                HistorySchema = settings.Get(history.HistorySchema),
                Set = settings.Get(history.Set),
                Pending = settings.Get(history.Pending),
                SchemaFile = settings.Get(schema.SchemaFile),
                Schemas = settings.Get(schema.Schemas),
                SchemaCompare = settings.Get(schema.Compare),
                SchemaDrift = settings.Get(schema.Drift),
                ConnectTimeout = settings.Get(database.ConnectTimeout),
                StatementTimeout = settings.Get(database.StatementTimeout),
                LockTimeout = settings.Get(database.LockTimeout),
                ReportFile = reportFile ?? "",
                SarifFile = sarifFile ?? "",
                RepairDirectory = settings.Get(repairDir),
                StepSummaryFile = settings.Get(stepSummary) ? BuildEnvironment.StepSummaryFile() : null,
                // The SARIF results point at the folder's settings file, as they would at the project file.
                ProjectFile = Path.Combine(projectDirectory, ParityJson.FileName),
            };
            if (settings.Get(merge) is { Length: > 0 } shards)
            {
                return DatabaseOptions.Print(FleetRun.Merge(run with { MergeReports = Expand(shards, projectDirectory) }), verbosity, output);
            }

            if (!database.Scripts(scripts, settings, projectDirectory, output, out var files))
            {
                return ExitCodes.Failed;
            }

            RunOutput result;
            var (done, total) = (0, 0);
            using (ProgressLine.Start(output.Writer, () => Progress(Volatile.Read(ref done), Volatile.Read(ref total), files.Count)))
            {
                result = FleetRun.CheckAsync(run with { Scripts = files }, (checkedSoFar, count) =>
                {
                    Volatile.Write(ref total, count);
                    Volatile.Write(ref done, checkedSoFar);
                }, cancellation).GetAwaiter().GetResult();
            }

            return DatabaseOptions.Print(result, verbosity, output);
        });
        return command;
    }

    /// <summary>The metadata of a ParityTenant item that <c>--tenant NAME;Key=Value</c> takes.</summary>
    internal static readonly string[] TenantKeys = ["Provider", "History", "HistoryTable", "HistorySchema", "Set"];

    /// <summary>The progress line: "parity fleet: 412/1000 tenants checked against 500 scripts" (the count once the list is made).</summary>
    internal static string Progress(int done, int total, int scripts) =>
        total == 0 ? $"parity fleet: listing the tenants, {scripts} scripts" : $"parity fleet: {done}/{total} tenants checked against {scripts} scripts";

    /// <summary>
    /// <c>acme;History=flyway;HistorySchema=app</c>: the tenant with the settings its ParityTenant item's metadata would
    /// override (keys as MSBuild's, in any case); null when a part is no known key with a value, or a key comes twice.
    /// </summary>
    internal static FleetTenant? ParseTenant(string text)
    {
        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        var tenant = new FleetTenant(parts[0]);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1).Where(part => part.Length > 0))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? part : part[..equals].Trim();
            var value = equals < 0 ? "" : part[(equals + 1)..].Trim();
            if (value.Length == 0 || !seen.Add(key))
            {
                return null;
            }

            tenant = key.ToUpperInvariant() switch
            {
                "PROVIDER" => tenant with { Provider = value },
                "HISTORY" => tenant with { History = value },
                "HISTORYTABLE" => tenant with { HistoryTable = value },
                "HISTORYSCHEMA" => tenant with { HistorySchema = value },
                "SET" => tenant with { Set = value },
                _ => null,
            };
            if (tenant is null)
            {
                return null;
            }
        }

        return tenant;
    }

    // A shell expands shard-*.json itself; cmd.exe and parity.json do not, so a pattern in the file name is expanded here.
    private static List<string> Expand(string[] files, string projectDirectory) =>
        [.. files.SelectMany(file =>
        {
            var full = Path.GetFullPath(file, projectDirectory);
            var name = Path.GetFileName(full);
            var folder = Path.GetDirectoryName(full)!;
            return name.IndexOfAny(['*', '?']) < 0 ? [full] : Directory.Exists(folder) ? Directory.EnumerateFiles(folder, name) : [];
        })];
}
