namespace ParityBuild.Core.Scripts;

/// <summary>A script whose name follows its set's convention.</summary>
public sealed record Migration(ScriptFile File, ScriptName Name)
{
    public string Set => File.Set;

    public MigrationKind Kind => Name.Kind;

    public MigrationVersion? Version => Name.Version;

    public string Description => Name.Description;

    public string RelativePath => File.RelativePath;
}
