using System.Collections.Concurrent;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.History;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica;

/// <summary>
/// What a replica check compares the database with, as ParityVerify leaves it: the scripts and their discovery, the
/// manifest (null when there is none), EF Core's migration files, and the committed schema snapshot to compare the
/// physical schema with (null not to). <see cref="RawDigests"/>: what ParityVerify's read of the scripts computed for a
/// postgrator or sqitch history, by full path, so that those readers need not read the scripts again. One instance
/// serves every tenant of a fleet, and reads the scripts (where a reader needs them) once for all of them.
/// </summary>
public sealed record RepositorySide(
    IReadOnlyList<ScriptFile> Scripts,
    Manifest? Manifest,
    IReadOnlyList<ScriptFile> EfMigrations,
    MigrationDiscovery.Result Discovery,
    SchemaSettings? Schema)
{
    // The local side per history tool and set, made by the first check that needs it: a thousand tenants read and
    // hash each script once, and are all compared with the same reading of it. Lazy, so that tenants checked at once
    // wait for the one reading rather than each making its own.
    private readonly ConcurrentDictionary<(MigrationTool Tool, string Set), Lazy<IReadOnlyList<LocalMigration>>> _locals = new();

    // A copy (with { … }) may differ in what the local side is made of: it starts without the original's.
    private RepositorySide(RepositorySide original)
    {
        Scripts = original.Scripts;
        Manifest = original.Manifest;
        EfMigrations = original.EfMigrations;
        Discovery = original.Discovery;
        Schema = original.Schema;
        RawDigests = original.RawDigests;
        ManifestRead = original.ManifestRead;
        _locals = new();
    }

    public IReadOnlyDictionary<string, RawDigest>? RawDigests { get; init; }

    /// <summary>
    /// The manifest while it is still being read, when a single check reads it as its session opens and the history is
    /// read (only the comparison needs it); null when <see cref="Manifest"/> holds it.
    /// </summary>
    public Task<Manifest?>? ManifestRead { get; init; }

    /// <summary>The manifest, once read.</summary>
    internal async Task<Manifest?> ManifestAsync() => ManifestRead is { } read ? await read.ConfigureAwait(false) : Manifest;

    /// <summary>The reader's local side for a set, made by <paramref name="make"/> the first time it is asked for.</summary>
    internal IReadOnlyList<LocalMigration> Locals(HistoryReader reader, string set, Func<IReadOnlyList<LocalMigration>> make) =>
        _locals.GetOrAdd((reader.Tool, set), _ => new Lazy<IReadOnlyList<LocalMigration>>(make)).Value;
}
