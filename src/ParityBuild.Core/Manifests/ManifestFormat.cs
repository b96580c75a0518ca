using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Manifests;

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

    /// <summary>The entry property that records another tool's hash of the text: <c>md5</c>, <c>sha1</c>; null for none.</summary>
    public static string? ToolDigestProperty(RawDigestKind kind) => kind switch
    {
        RawDigestKind.Md5 => "md5",
        RawDigestKind.Sha1 => "sha1",
        _ => null,
    };
}
