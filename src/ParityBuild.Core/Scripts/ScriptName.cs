namespace ParityBuild.Core.Scripts;

/// <summary>What a naming convention reads from a script's name. <see cref="Version"/> is null for repeatables and callbacks.</summary>
public sealed record ScriptName(MigrationKind Kind, MigrationVersion? Version, string Description);
