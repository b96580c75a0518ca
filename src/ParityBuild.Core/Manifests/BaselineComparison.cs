using ParityBuild.Core.Checksums;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Manifests;

/// <summary>
/// Compares the scripts with the baseline: the heart of the gate. Pure: checksums come in through delegates so that
/// the caller decides how (and whether) to read files, and the expensive checksums are asked for only where needed.
/// </summary>
public static class BaselineComparison
{
    /// <param name="Statuses">Whether to list every migration's state (ParityStatus); a plain verify does not need them.</param>
    /// <param name="ToolDigests">
    /// The other tools' hashes the manifest records (<see cref="ChecksumKinds.Md5"/>, <see cref="ChecksumKinds.Sha1"/>):
    /// new entries get them, and outside locked mode entries that lack one get it (the manifest is then rewritten).
    /// </param>
    public sealed record Options(bool Locked, bool AllowOutOfOrder, bool Accept, string ProjectDirectory, string ManifestPath, string ManifestDisplayPath, bool Statuses = true, ChecksumKinds ToolDigests = ChecksumKinds.Text);

    /// <param name="Findings">What to report.</param>
    /// <param name="Entries">The manifest to write, or null when it must not be written (errors, locked mode, nothing new).</param>
    /// <param name="Changes">One line per entry that the written manifest changes, for ParityAccept's report.</param>
    /// <param name="Statuses">Every migration and missing script with its state, in migration order (ParityStatus).</param>
    public sealed record Result(IReadOnlyList<Finding> Findings, IReadOnlyList<ManifestEntry>? Entries, IReadOnlyList<string> Changes, IReadOnlyList<MigrationStatus> Statuses)
    {
        /// <summary>The migrations whose content the baseline does not hold (new, edited, or renamed): usually few.</summary>
        public IReadOnlySet<Migration> Unbaselined { get; init; } = new HashSet<Migration>();

        /// <summary>How many baselined entries were given another tool's hash they lacked (<see cref="Options.ToolDigests"/>).</summary>
        public int DigestsRecorded { get; init; }
    }

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
        var statuses = new List<MigrationStatus>();
        var unbaselined = new HashSet<Migration>(ReferenceEqualityComparer.Instance);
        var listStatuses = options.Statuses;
        var recordDigests = options.ToolDigests != ChecksumKinds.Text && !options.Locked;
        var digestsRecorded = 0;

        // The entries a rewritten manifest takes instead of the baseline's: only new, changed and renamed scripts.
        var decided = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        var manifestChanged = baseline is null;
        var index = baseline is null ? null : ManifestIndex.Of(baseline);
        var baselineBySet = index?.BySet ?? new Dictionary<string, IReadOnlyList<ManifestEntry>>();
        var setNames = sets.Select(set => set.Name).Union(baselineBySet.Keys).Order(StringComparer.Ordinal).ToList();

        foreach (var setName in setNames)
        {
            var migrations = sets.FirstOrDefault(set => set.Name == setName)?.Migrations ?? [];
            var baselined = baselineBySet.TryGetValue(setName, out var inSet) ? inSet : [];
            var entryByPath = index?.ByPath(setName) ?? new Dictionary<string, ManifestEntry>();

            // Scripts that vanished, needed only when a script is unknown (a rename?) or when not every entry matched.
            List<ManifestEntry>? missing = null;
            List<ManifestEntry> Missing() => missing ??= FindMissing(baselined, migrations);
            var matched = 0;

            // Only a new script needs it, and most builds have none.
            var newest = new Lazy<MigrationVersion?>(() => NewestBaselinedVersion(baselined, migrations));

            foreach (var migration in migrations)
            {
                var text = textChecksum(migration);
                if (entryByPath.TryGetValue(migration.RelativePath, out var entry))
                {
                    matched++;
                    if (entry.HasText(text))
                    {
                        if (listStatuses)
                        {
                            statuses.Add(Status(migration, text, MigrationState.Baselined));
                        }

                        if (recordDigests && Lacks(entry, options.ToolDigests) && fullChecksums(migration) is var withDigests && entry.HasText(withDigests))
                        {
                            decided[migration.RelativePath] = entry with { Md5 = entry.Md5 ?? withDigests.Md5, Sha1 = entry.Sha1 ?? withDigests.Sha1 };
                            manifestChanged = true;
                            digestsRecorded++;
                        }

                        continue;
                    }

                    var full = fullChecksums(migration);
                    if (full.RawBytesText is { } rawBytesText && entry.Sha256 == rawBytesText)
                    {
                        // A UTF-16 script that a manifest recorded by its raw bytes, before ParityBuild decoded UTF-16:
                        // unchanged. A build that may write the manifest records it by its text from now on.
                        if (listStatuses)
                        {
                            statuses.Add(Status(migration, full, MigrationState.Baselined));
                        }

                        decided[migration.RelativePath] = ToEntry(migration, full) with { Previous = entry.Previous };
                        manifestChanged = true;
                        changes.Add($"re-recorded {migration.RelativePath} by its decoded UTF-16 text (sha256 {Short(entry.Sha256)} -> {Short(full.Text)})");
                        continue;
                    }

                    unbaselined.Add(migration);
                    var changed = Changed(migration, entry, full);
                    findings.Add(changed);
                    if (listStatuses)
                    {
                        statuses.Add(Status(migration, full, changed.Code == Diagnostics.CosmeticChange.Code ? MigrationState.Reformatted : MigrationState.Changed));
                    }

                    changes.Add($"updated {migration.RelativePath} (sha256 {Short(entry.Sha256)} -> {Short(full.Text)})");
                    if (options.Accept)
                    {
                        // A cosmetic edit keeps the checksums of the texts it replaced, which the tools may still store
                        // (PARITY2011 realigns them); a real edit keeps none, so nothing can realign it.
                        var accepted = ToEntry(migration, full);
                        if (changed.Code == Diagnostics.CosmeticChange.Code)
                        {
                            var replaced = ManifestPrevious.Of(entry, migration.File.FullPath, out var inGit);
                            accepted = accepted with { Previous = [replaced, .. (entry.Previous ?? []).Where(earlier => earlier.Sha256 != entry.Sha256 && earlier.Sha256 != full.Text)] };
                            if (!inGit)
                            {
                                changes[^1] += NotInGit(replaced);
                            }
                        }

                        decided[migration.RelativePath] = accepted;
                        manifestChanged = true;
                    }

                    continue;
                }

                unbaselined.Add(migration);
                var renamedFrom = SameContent(Missing(), text.Text, migration.Kind);
                if (renamedFrom is not null)
                {
                    Missing().Remove(renamedFrom);
                    dropped.Add(renamedFrom.Path);
                    var versionNote = renamedFrom.Version == migration.Version?.Text ? "" : $", version {renamedFrom.Version} -> {migration.Version?.Text}";
                    findings.Add(Diagnostics.ScriptRenamed.At(migration.File.FullPath, renamedFrom.Path, migration.RelativePath, versionNote));
                    changes.Add($"renamed {renamedFrom.Path} -> {migration.RelativePath}");
                    if (listStatuses)
                    {
                        statuses.Add(Status(migration, text, MigrationState.Renamed));
                    }

                    decided[migration.RelativePath] = options.Accept ? ToEntry(migration, fullChecksums(migration)) : renamedFrom;
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
                if (listStatuses)
                {
                    statuses.Add(Status(migration, added, MigrationState.New));
                }

                decided[migration.RelativePath] = ToEntry(migration, added);
                manifestChanged = true;
            }

            foreach (var entry in matched == baselined.Count ? [] : Missing())
            {
                var fullPath = Path.GetFullPath(Path.Combine(options.ProjectDirectory, entry.Path));
                findings.Add(Diagnostics.ScriptMissing.At(fullPath, entry.Path, entry.Version ?? entry.Description));
                changes.Add($"removed {entry.Path}");
                if (listStatuses)
                {
                    statuses.Add(new MigrationStatus(entry.Set, entry.Kind, entry.Version, entry.Description, entry.Path, entry.Sha256, MigrationState.Missing));
                }

                if (options.Accept)
                {
                    dropped.Add(entry.Path);
                    manifestChanged = true;
                }
            }
        }

        if (baseline is null && options.Locked && !options.Accept)
        {
            findings.Add(Diagnostics.ManifestMissingInLockedMode.At(options.ManifestPath, options.ManifestDisplayPath));
        }

        var canWrite = manifestChanged && (options.Accept || (!options.Locked && !findings.Any(finding => finding.Severity == Severity.Error)));
        if (digestsRecorded > 0)
        {
            changes.Add($"recorded the {DigestNames(options.ToolDigests)} of {digestsRecorded} baselined script{(digestsRecorded == 1 ? "" : "s")}");
        }

        return new Result(findings, canWrite ? Entries(setNames, sets, index, decided, dropped) : null, changes, statuses)
        {
            Unbaselined = unbaselined,
            DigestsRecorded = canWrite ? digestsRecorded : 0,
        };
    }

    // The manifest to write, in migration order set by set; a baselined script that no longer exists keeps its entry
    // after the current ones unless it was dropped (accepted as removed, or renamed).
    private static List<ManifestEntry> Entries(
        IReadOnlyList<string> setNames,
        IReadOnlyList<MigrationSet> sets,
        ManifestIndex? index,
        Dictionary<string, ManifestEntry> decided,
        HashSet<string> dropped)
    {
        var entries = new List<ManifestEntry>();
        foreach (var setName in setNames)
        {
            var migrations = sets.FirstOrDefault(set => set.Name == setName)?.Migrations ?? [];
            var baselined = index is not null && index.BySet.TryGetValue(setName, out var inSet) ? inSet : [];
            var entryByPath = index?.ByPath(setName) ?? new Dictionary<string, ManifestEntry>();
            var current = new HashSet<string>(StringComparer.Ordinal);
            foreach (var migration in migrations)
            {
                current.Add(migration.RelativePath);
                if (decided.TryGetValue(migration.RelativePath, out var entry) || entryByPath.TryGetValue(migration.RelativePath, out entry))
                {
                    entries.Add(entry);
                }
            }

            entries.AddRange(baselined.Where(entry => !current.Contains(entry.Path) && !dropped.Contains(entry.Path)));
        }

        return entries;
    }

    // A loop rather than a lambda: a lambda capturing the loop's variables would cost an allocation for every script.
    private static ManifestEntry? SameContent(List<ManifestEntry> missing, string sha256, MigrationKind kind)
    {
        foreach (var entry in missing)
        {
            if (entry.Sha256 == sha256 && entry.Kind == kind)
            {
                return entry;
            }
        }

        return null;
    }

    private static List<ManifestEntry> FindMissing(IReadOnlyList<ManifestEntry> baselined, IReadOnlyList<Migration> migrations)
    {
        var current = migrations.Select(migration => migration.RelativePath).ToHashSet(StringComparer.Ordinal);
        return [.. baselined.Where(entry => !current.Contains(entry.Path))];
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
        new(migration.Set, migration.Kind, migration.Version?.Text, migration.Description, migration.RelativePath, checksums.Text, checksums.Semantic, checksums.Flyway, checksums.Md5, checksums.Sha1);

    private static bool Lacks(ManifestEntry entry, ChecksumKinds digests) =>
        (digests.HasFlag(ChecksumKinds.Md5) && entry.Md5 is null) || (digests.HasFlag(ChecksumKinds.Sha1) && entry.Sha1 is null);

    internal static string DigestNames(ChecksumKinds digests) =>
        digests.HasFlag(ChecksumKinds.Md5) && digests.HasFlag(ChecksumKinds.Sha1) ? "md5 and sha1" : digests.HasFlag(ChecksumKinds.Md5) ? "md5" : "sha1";

    // Said when ParityAccept keeps a cosmetic edit's earlier text without finding it in git: the tools' checksums that
    // only that text gives (postgrator's or sqitch's hash, grate's, Liquibase's) are then not in 'previous'.
    private static string NotInGit(PreviousText replaced)
    {
        var held = new List<string> { "sha256" };
        if (replaced.Flyway is not null)
        {
            held.Add("flyway");
        }

        if (replaced.Md5 is not null)
        {
            held.Add("md5");
        }

        if (replaced.Sha1 is not null)
        {
            held.Add("sha1");
        }

        return $"; git holds no earlier text of it, so 'previous' keeps only the {string.Join(", ", held)} the manifest had: a history row storing another checksum of that text stays PARITY2002";
    }

    internal static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}
