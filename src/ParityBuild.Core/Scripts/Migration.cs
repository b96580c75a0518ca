namespace ParityBuild.Core.Scripts;

/// <summary>A script whose name follows its set's convention.</summary>
public sealed record Migration(ScriptFile File, ScriptName Name)
{
    public string Set => File.Set;

    public MigrationKind Kind => Name.Kind;

    public MigrationVersion? Version => Name.Version;

    public string Description => Name.Description;

    public string RelativePath => File.RelativePath;

    /// <summary>The script's position in the list discovery was given, so that per-script results live in arrays.</summary>
    internal int Index { get; init; } = -1;
}
