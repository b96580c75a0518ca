namespace ParityBuild.Core.Verification;

/// <param name="ProjectDirectory">Scripts' relative paths and the manifest's paths are relative to it.</param>
/// <param name="ManifestPath">The committed baseline manifest.</param>
/// <param name="Locked">CI: never write the manifest; a script missing from it is an error.</param>
/// <param name="AllowOutOfOrder">A new script may sort before the newest baselined one.</param>
/// <param name="Accept">Rewrite the manifest for the current scripts (ParityAccept).</param>
/// <param name="StatCachePath">Where the stat cache lives (under obj/), or null for none. Ignored in locked mode.</param>
/// <param name="ReadOnly">Report only (ParityStatus): never write the manifest or the cache.</param>
public sealed record VerifyOptions(
    string ProjectDirectory,
    string ManifestPath,
    bool Locked = false,
    bool AllowOutOfOrder = false,
    bool Accept = false,
    string? StatCachePath = null,
    bool ReadOnly = false);
