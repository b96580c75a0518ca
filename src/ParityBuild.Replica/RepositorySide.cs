using ParityBuild.Core.Manifests;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica.Schema;

namespace ParityBuild.Replica;

/// <summary>
/// What a replica check compares the database with, as ParityVerify leaves it: the scripts and their discovery, the
/// manifest (null when there is none), EF Core's migration files, and the committed schema snapshot to compare the
/// physical schema with (null not to). <see cref="RawDigests"/>: what ParityVerify's read of the scripts computed for a
/// postgrator or sqitch history, by full path, so that those readers need not read the scripts again.
/// </summary>
public sealed record RepositorySide(
    IReadOnlyList<ScriptFile> Scripts,
    Manifest? Manifest,
    IReadOnlyList<ScriptFile> EfMigrations,
    MigrationDiscovery.Result Discovery,
    SchemaSettings? Schema)
{
    public IReadOnlyDictionary<string, RawDigest>? RawDigests { get; init; }
}
