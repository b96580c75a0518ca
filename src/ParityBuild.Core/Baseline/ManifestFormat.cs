using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Baseline;

/// <summary>Names shared by the manifest's reader and writer.</summary>
internal static class ManifestFormat
{
    public static string KindName(MigrationKind kind) => kind switch
    {
        MigrationKind.Versioned => "versioned",
        MigrationKind.Repeatable => "repeatable",
        MigrationKind.Undo => "undo",
        _ => "callback",
    };

    public static MigrationKind? ParseKind(string? name) => name switch
    {
        "versioned" => MigrationKind.Versioned,
        "repeatable" => MigrationKind.Repeatable,
        "undo" => MigrationKind.Undo,
        "callback" => MigrationKind.Callback,
        _ => null,
    };
}
