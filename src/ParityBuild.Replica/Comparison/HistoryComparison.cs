using System.Globalization;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.History;

namespace ParityBuild.Replica.Comparison;

/// <summary>
/// The replica check's judgement, without a database: the repository's migrations against a history table's rows,
/// for every tool alike. Each applied row is matched to a script by its key (the reader says which local keys it may
/// match); rows without a script, with another checksum or description, or recorded as failed are findings; scripts
/// no row matches (and no baseline covers) are pending. A script's own <see cref="LocalMigration.Verify"/> judges a stored
/// checksum where a plain comparison would mislead; a checksum it cannot recompute is one message, never drift.
/// </summary>
public static class HistoryComparison
{
    // Enough names to recognize the batch; the count says the rest.
    private const int PendingNamesShown = 10;

    public sealed record Result(IReadOnlyList<Finding> Findings, IReadOnlyList<ReplicaMigrationStatus> Statuses)
    {
        /// <summary>The repository's migrations no row records (for the history repair).</summary>
        public IReadOnlyList<LocalMigration> Pending { get; init; } = [];

        /// <summary>The rows whose stored checksum is the one of a semantically identical earlier text (PARITY2011), for the history repair.</summary>
        public IReadOnlyList<(LocalMigration Local, AppliedMigration Row)> Realignable { get; init; } = [];

        private int[]? _counts;

        // The summary asks for every state: count them all in one pass over the (ten thousand) statuses.
        public int Count(ReplicaState state)
        {
            if (_counts is null)
            {
                var tally = new int[Enum.GetValues<ReplicaState>().Length];
                foreach (var status in Statuses)
                {
                    tally[(int)status.State]++;
                }

                _counts = tally;
            }

            return _counts[(int)state];
        }
    }

    /// <param name="where">How messages name the table and the replica: "public.flyway_schema_history", "replica/app".</param>
    /// <param name="manifest">The manifest's entries by path: a reformatted script's earlier checksums (<see cref="ManifestEntry.Previous"/>).</param>
    public static Result Compare(
        HistoryReader reader,
        IReadOnlyList<LocalMigration> locals,
        IReadOnlyList<AppliedMigration> applied,
        string table,
        string replica,
        Severity pendingSeverity = Severity.Message,
        IReadOnlyDictionary<string, ManifestEntry>? manifest = null)
    {
        var realignable = new List<(LocalMigration, AppliedMigration)>();
        applied = reader.Relevant(applied, locals);
        var byKey = new Dictionary<string, LocalMigration>(locals.Count, StringComparer.Ordinal);
        foreach (var local in locals)
        {
            byKey.TryAdd(local.Key, local);
        }

        var findings = new List<Finding>();
        var statuses = new List<ReplicaMigrationStatus>(Math.Max(locals.Count, applied.Count));
        var matched = new HashSet<string>(applied.Count, StringComparer.Ordinal);
        var stillPending = new HashSet<string>(StringComparer.Ordinal);
        var notComparable = new List<(LocalMigration Local, string Note)>();
        MigrationVersion? covered = null;
        MigrationVersion? newestApplied = null;

        foreach (var row in applied)
        {
            var local = Match(reader, row, byKey);

            // Ten thousand rows per check: the label (reader.Describe) is made only for a finding, and a version the
            // script spells alike is not parsed again.
            var version = row.Version is null ? null
                : local?.Version is { } known && string.Equals(known.Text, row.Version, StringComparison.Ordinal) ? known
                : ParseVersion(row.Version);
            if (row.CoversEarlier && version is not null && row.State != AppliedState.Failed && (covered is null || version > covered))
            {
                covered = version;
            }

            if (local is not null)
            {
                matched.Add(local.Key);
            }

            if (version is not null && !row.Repeatable && row.State != AppliedState.Failed && (newestApplied is null || version > newestApplied))
            {
                newestApplied = version;
            }

            switch (row.State)
            {
                case AppliedState.Failed or AppliedState.Dirty:
                    findings.Add(Diagnostics.FailedMigrationRecorded.AtLine(
                        local?.FullPath, local?.Line ?? 0, reader.Describe(row), row.State == AppliedState.Failed ? "failed" : "dirty", table, replica, On(row.AppliedOn), reader.RepairHint));
                    statuses.Add(Status(row, local, ReplicaState.Failed));
                    continue;
                case AppliedState.Baseline:
                    // A baseline stands for what was there before the tool; it needs no script of its own.
                    statuses.Add(Status(row, local, ReplicaState.Applied));
                    continue;
            }

            if (local is null)
            {
                findings.Add(Diagnostics.AppliedWithoutScript.At(null, Capitalize(reader.Describe(row)), reader.ToolName, table, On(row.AppliedOn)));
                statuses.Add(Status(row, null, ReplicaState.Missing));
                continue;
            }

            // The same value is a match for every tool: no verdict object for the ten thousand rows that match.
            var verdict = row.Checksum is null || string.Equals(row.Checksum, local.Checksum, StringComparison.Ordinal) ? null
                : local.Verify is { } verify ? verify(row.Checksum)
                : reader.Judge(local, row.Checksum) is { } judged ? judged
                : local.Checksum is null ? null
                : ChecksumVerdict.Compare(row.Checksum, local.Checksum);
            if (verdict?.Outcome == ChecksumOutcome.NotComparable)
            {
                // Counted as applied: the row exists, and only its checksum cannot be judged. Never reported as drift.
                notComparable.Add((local, verdict.Note ?? $"{row.Checksum} cannot be recomputed"));
                statuses.Add(Status(row, local, ReplicaState.Applied));
                continue;
            }

            if (verdict?.Outcome == ChecksumOutcome.Differs)
            {
                if (local.Repeatable)
                {
                    // A repeatable that changed is applied again by the next migrate: pending, not drift.
                    stillPending.Add(local.Key);
                    continue;
                }

                var repository = verdict.Note is null ? verdict.Local : $"{verdict.Local} ({verdict.Note})";
                if (IsEarlierText(reader, local, row.Checksum!, manifest))
                {
                    // Reformatted after it was applied, and the manifest proves the texts semantically identical: not drift.
                    findings.Add(Diagnostics.AppliedChecksumRealignable.AtLine(local.FullPath, local.Line, reader.Name(local, row), reader.ToolName, table, row.Checksum, repository));
                    realignable.Add((local, row));
                    statuses.Add(Status(row, local, ReplicaState.Changed));
                    continue;
                }

                findings.Add(Diagnostics.AppliedChecksumDiffers.AtLine(local.FullPath, local.Line, reader.Name(local, row), reader.ToolName, table, row.Checksum, repository));
                statuses.Add(Status(row, local, ReplicaState.Changed));
                continue;
            }

            if (reader.ComparesDescriptions && !local.Repeatable && row.Description.Length > 0 && local.Description.Length > 0
                && !string.Equals(row.Description, local.Description, StringComparison.Ordinal))
            {
                findings.Add(Diagnostics.AppliedDescriptionDiffers.AtLine(local.FullPath, local.Line, local.Path, row.Description, table, local.Description, reader.ToolName + "'s validate"));
                statuses.Add(Status(row, local, ReplicaState.Changed));
                continue;
            }

            statuses.Add(Status(row, local, ReplicaState.Applied));
        }

        var pending = new List<LocalMigration>();
        foreach (var local in locals)
        {
            if ((matched.Contains(local.Key) && !stillPending.Contains(local.Key)) || local.Optional)
            {
                continue;
            }

            if (!local.Repeatable && covered is not null && local.Version is not null && local.Version < covered)
            {
                statuses.Add(new ReplicaMigrationStatus(local.Version.Text, local.Description, local.Path, local.Checksum, null, ReplicaState.Applied, null));
                continue;
            }

            pending.Add(local);
            statuses.Add(new ReplicaMigrationStatus(local.Version?.Text, local.Description, local.Path, local.Checksum, null, ReplicaState.Pending, null));
        }

        if (pending.Count > 0)
        {
            findings.Add(Pending(pending, newestApplied, replica, reader).WithSeverity(pendingSeverity));
        }

        if (notComparable.Count > 0)
        {
            findings.Add(NotCompared(notComparable, table));
        }

        return new Result(findings, statuses) { Pending = pending, Realignable = realignable };
    }

    // Whether the stored checksum is the tool's checksum of an earlier text that ParityAccept took in as a cosmetic edit.
    private static bool IsEarlierText(HistoryReader reader, LocalMigration local, string stored, IReadOnlyDictionary<string, ManifestEntry>? manifest)
    {
        if (manifest is null || !manifest.TryGetValue(reader.ScriptPath(local), out var entry) || entry.Previous is not { } previous)
        {
            return false;
        }

        foreach (var earlier in previous)
        {
            if (reader.IsEarlier(earlier, local, stored))
            {
                return true;
            }
        }

        return false;
    }

    // One message for all of them: the build should say the check did not cover these checksums, not fail on them.
    private static Finding NotCompared(List<(LocalMigration Local, string Note)> notComparable, string table)
    {
        var first = notComparable[0];
        var more = notComparable.Count == 1 ? "" : $" (and {notComparable.Count - 1} more)";
        return Diagnostics.ChecksumNotCompared.AtLine(first.Local.FullPath, first.Local.Line, first.Local.Path, more, table, first.Note);
    }

    private static Finding Pending(List<LocalMigration> pending, MigrationVersion? newestApplied, string replica, HistoryReader reader)
    {
        var names = string.Join(", ", pending.Take(PendingNamesShown).Select(local => local.Path));
        if (pending.Count > PendingNamesShown)
        {
            names += $" and {pending.Count - PendingNamesShown} more";
        }

        var below = newestApplied is null
            ? []
            : pending.Where(local => !local.Repeatable && local.Version is not null && local.Version < newestApplied).ToList();
        var note = below.Count == 0
            ? ""
            : $" {below.Count} of them sort below the newest applied version {newestApplied}: {(reader.Tool == MigrationTool.Flyway ? "Flyway refuses them unless outOfOrder is on" : "the tool may skip them")}.";
        var count = pending.Count == 1 ? "1 migration is" : $"{pending.Count} migrations are";
        return Diagnostics.PendingMigrations.AtLine(pending[0].FullPath, pending[0].Line, count, replica, names, note);
    }

    // The first of the row's candidate keys that a script has.
    private static LocalMigration? Match(HistoryReader reader, AppliedMigration row, Dictionary<string, LocalMigration> byKey)
    {
        // Every reader's first candidate is the row's own key, and nearly every row matches by it: no enumerator for those.
        if (byKey.TryGetValue(row.Key, out var exact))
        {
            return exact;
        }

        foreach (var key in reader.Candidates(row))
        {
            if (byKey.TryGetValue(key, out var local))
            {
                return local;
            }
        }

        return null;
    }

    private static ReplicaMigrationStatus Status(AppliedMigration row, LocalMigration? local, ReplicaState state) =>
        new(row.Version ?? local?.Version?.Text, local?.Description ?? row.Description, local?.Path, local?.Checksum, row.Checksum, state, row.AppliedOn);

    private static MigrationVersion ParseVersion(string text) =>
        MigrationVersion.TryParseNumeric(text, out var version) ? version : MigrationVersion.Named(text);

    private static string On(DateTime? appliedOn) =>
        appliedOn is { } time ? ", applied on " + time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
