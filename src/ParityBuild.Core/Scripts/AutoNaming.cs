namespace ParityBuild.Core.Scripts;

/// <summary>Flyway names first, then names that start with a number (numbered, timestamped, DbUp's ScriptNNNN).</summary>
public sealed class AutoNaming : NamingConvention
{
    public static AutoNaming Instance { get; } = new();

    public override string Name => "auto";

    public override string Expected => $"{FlywayNaming.Instance.Expected}; or {NumberedNaming.Numbered.Expected}";

    public override ScriptName? Parse(string relativePath) =>
        FlywayNaming.Instance.Parse(relativePath) ?? NumberedNaming.Numbered.Parse(relativePath);
}
