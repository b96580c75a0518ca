using ParityBuild.Core.Checksums;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Baseline;

/// <summary>
/// Compares the scripts with the baseline: the heart of the gate. Pure: checksums come in through delegates so that
/// the caller decides how (and whether) to read files, and the expensive checksums are asked for only where needed.
/// </summary>
public static class BaselineComparison
{
    /// <param name="Statuses">Whether to list every migration's state (ParityStatus); a plain verify does not need them.</param>
    public sealed record Options(bool Locked, bool AllowOutOfOrder, bool Accept, string ProjectDirectory, string ManifestPath, string ManifestDisplayPath, bool Statuses = true);

    /// <param name="Findings">What to report.</param>
    /// <param name="Entries">The manifest to write, or null when it must not be written (errors, locked mode, nothing new).</param>
    /// <param name="Changes">One line per entry that the written manifest changes, for ParityAccept's report.</param>
    /// <param name="Statuses">Every migration and missing script with its state, in migration order (ParityStatus).</param>
    public sealed record Result(IReadOnlyList<Finding> Findings, IReadOnlyList<ManifestEntry>? Entries, IReadOnlyList<string> Changes, IReadOnlyList<MigrationStatus> Statuses);

    /// <param name="textChecksum">The text checksum of a migration (always needed).</param>
    /// <param name="fullChecksums">All checksums of a migration, for new and changed scripts.</param>
    public static Result Compare(
        Manifest? baseline,
        IReadOnlyList<MigrationSet> sets,
        Func<Migration, ScriptChecksums> textChecksum,
        Func<Migration, ScriptChecksums> fullChecksums,
        Options options)
    {
        var findings = new List<Finding>();
        var changes = new List<string>();
        var entries = new List<ManifestEntry>();
        var statuses = new List<MigrationStatus>();
        void AddStatus(Func<MigrationStatus> status)
        {
            if (options.Statuses)
            {
                statuses.Add(status());
            }
        }

        var manifestChanged = baseline is null;
        var baselineBySet = (baseline?.Entries ?? []).ToLookup(entry => entry.Set, StringComparer.Ordinal);
        var setNames = sets.Select(set => set.Name).Union(baselineBySet.Select(group => group.Key)).Order(StringComparer.Ordinal);

        foreach (var setName in setNames)
        {
            var migrations = sets.FirstOrDefault(set => set.Name == setName)?.Migrations ?? [];
            var baselined = baselineBySet[setName].ToList();
            var entryByPath = baselined.ToDictionary(entry => entry.Path, StringComparer.Ordinal);
            var currentPaths = migrations.Select(migration => migration.RelativePath).ToHashSet(StringComparer.Ordinal);
            var missing = baselined.Where(entry => !currentPaths.Contains(entry.Path)).ToList();
            // Only a new script needs it, and most builds have none.
            var newest = new Lazy<MigrationVersion?>(() => NewestBaselinedVersion(baselined, migrations));

            foreach (var migration in migrations)
            {
                var text = textChecksum(migration);
                if (entryByPath.TryGetValue(migration.RelativePath, out var entry))
                {
                    if (entry.Sha256 == text.Text)
                    {
                        entries.Add(entry);
                        AddStatus(() => Status(migration, text, MigrationState.Baselined));
                        continue;
                    }

                    var full = fullChecksums(migration);
                    var changed = Changed(migration, entry, full);
                    findings.Add(changed);
                    AddStatus(() => Status(migration, full, changed.Code == Diagnostics.CosmeticChange.Code ? MigrationState.Reformatted : MigrationState.Changed));
                    changes.Add($"updated {migration.RelativePath} (sha256 {Short(entry.Sha256)} -> {Short(full.Text)})");
                    entries.Add(options.Accept ? ToEntry(migration, full) : entry);
                    manifestChanged |= options.Accept;
                    continue;
                }

                var renamedFrom = missing.FirstOrDefault(old => old.Sha256 == text.Text && old.Kind == migration.Kind);
                if (renamedFrom is not null)
                {
                    missing.Remove(renamedFrom);
                    var versionNote = renamedFrom.Version == migration.Version?.Text ? "" : $", version {renamedFrom.Version} -> {migration.Version?.Text}";
                    findings.Add(Diagnostics.ScriptRenamed.At(migration.File.FullPath, renamedFrom.Path, migration.RelativePath, versionNote));
                    changes.Add($"renamed {renamedFrom.Path} -> {migration.RelativePath}");
                    AddStatus(() => Status(migration, text, MigrationState.Renamed));
                    entries.Add(options.Accept ? ToEntry(migration, fullChecksums(migration)) : renamedFrom);
                    manifestChanged |= options.Accept;
                    continue;
                }

                // A script the baseline does not know yet.
                var added = fullChecksums(migration);
                if (baseline is not null && migration.Kind == MigrationKind.Versioned && newest.Value is { } newestVersion && migration.Version!.CompareTo(newestVersion) < 0)
                {
                    var outOfOrder = Diagnostics.OutOfOrder.At(migration.File.FullPath, migration.RelativePath, migration.Version.Text, newestVersion.Text, MigrationSet.Describe(setName));
                    if (!options.AllowOutOfOrder)
                    {
                        findings.Add(outOfOrder);
                    }
                }

                if (baseline is not null)
                {
                    findings.Add(NotInManifest(migration, options));
                }

                changes.Add($"added {migration.RelativePath}");
                AddStatus(() => Status(migration, added, MigrationState.New));
                entries.Add(ToEntry(migration, added));
                manifestChanged = true;
            }

            foreach (var entry in missing)
            {
                var fullPath = Path.GetFullPath(Path.Combine(options.ProjectDirectory, entry.Path));
                findings.Add(Diagnostics.ScriptMissing.At(fullPath, entry.Path, entry.Version ?? entry.Description));
                changes.Add($"removed {entry.Path}");
                AddStatus(() => new MigrationStatus(entry.Set, entry.Kind, entry.Version, entry.Description, entry.Path, entry.Sha256, MigrationState.Missing));
                if (!options.Accept)
                {
                    entries.Add(entry);
                }

                manifestChanged |= options.Accept;
            }
        }

        if (baseline is null && options.Locked && !options.Accept)
        {
            findings.Add(Diagnostics.ManifestMissingInLockedMode.At(options.ManifestPath, options.ManifestDisplayPath));
        }

        var canWrite = manifestChanged && (options.Accept || (!options.Locked && !findings.Any(finding => finding.Severity == Severity.Error)));
        return new Result(findings, canWrite ? Order(entries, sets) : null, changes, statuses);
    }

    private static MigrationStatus Status(Migration migration, ScriptChecksums checksums, MigrationState state) =>
        new(migration.Set, migration.Kind, migration.Version?.Text, migration.Description, migration.RelativePath, checksums.Text, state);

    private static Finding Changed(Migration migration, ManifestEntry entry, ScriptChecksums current)
    {
        if (migration.Kind != MigrationKind.Versioned)
        {
            var note = migration.Kind == MigrationKind.Repeatable ? ": it will be re-applied on the next migrate" : "";
            return Diagnostics.NonVersionedScriptChanged.At(migration.File.FullPath, migration.RelativePath, ManifestFormat.KindName(migration.Kind), note);
        }

        return entry.Semantic is not null && entry.Semantic == current.Semantic
            ? Diagnostics.CosmeticChange.At(migration.File.FullPath, migration.RelativePath, Short(entry.Sha256), Short(current.Text))
            : Diagnostics.ScriptChanged.At(migration.File.FullPath, migration.RelativePath, Short(entry.Sha256), Short(current.Text));
    }

    private static Finding NotInManifest(Migration migration, Options options)
    {
        if (options.Locked && !options.Accept)
        {
            return Diagnostics.ScriptNotInManifest.At(
                migration.File.FullPath, migration.RelativePath, options.ManifestDisplayPath,
                "Locked mode (CI) never adds scripts to the manifest: build on a developer machine, which adds it, and commit the manifest.");
        }

        return Diagnostics.ScriptNotInManifest.At(
            migration.File.FullPath, migration.RelativePath, options.ManifestDisplayPath, "It was added; commit the manifest with the script.")
            .WithSeverity(Severity.Message);
    }

    private static MigrationVersion? NewestBaselinedVersion(IReadOnlyList<ManifestEntry> baselined, IReadOnlyList<Migration> migrations)
    {
        var current = migrations.ToDictionary(migration => migration.RelativePath, StringComparer.Ordinal);
        MigrationVersion? newest = null;
        foreach (var entry in baselined)
        {
            if (entry.Kind != MigrationKind.Versioned || entry.Version is null)
            {
                continue;
            }

            var version = current.TryGetValue(entry.Path, out var migration) && migration.Version is not null
                ? migration.Version
                : MigrationVersion.TryParseNumeric(entry.Version, out var numeric) ? numeric : MigrationVersion.Named(entry.Version);
            if (newest is null || version.CompareTo(newest) > 0)
            {
                newest = version;
            }
        }

        return newest;
    }

    private static ManifestEntry ToEntry(Migration migration, ScriptChecksums checksums) =>
        new(migration.Set, migration.Kind, migration.Version?.Text, migration.Description, migration.RelativePath, checksums.Text, checksums.Semantic, checksums.Flyway);

    // Entries follow migration order; entries of scripts that no longer exist keep their place after the current ones.
    private static List<ManifestEntry> Order(List<ManifestEntry> entries, IReadOnlyList<MigrationSet> sets)
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var migration in sets.SelectMany(set => set.Migrations))
        {
            rank[migration.RelativePath] = rank.Count;
        }

        return entries
            .Select((entry, index) => (entry, index))
            .OrderBy(pair => pair.entry.Set, StringComparer.Ordinal)
            .ThenBy(pair => rank.TryGetValue(pair.entry.Path, out var r) ? r : int.MaxValue)
            .ThenBy(pair => pair.index)
            .Select(pair => pair.entry)
            .ToList();
    }

    internal static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}
