using ParityBuild.Core.Manifests;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Support;

/// <summary>Small manifests for reader and writer tests.</summary>
internal static class ManifestSamples
{
    public static ManifestEntry Versioned(string version, string path, string set = "", string? description = null) =>
        new(set, MigrationKind.Versioned, version, description ?? Path.GetFileNameWithoutExtension(path), path, Checksum.Of(path), null, null);

    public static ManifestEntry Repeatable(string path, string set = "") =>
        new(set, MigrationKind.Repeatable, null, Path.GetFileNameWithoutExtension(path), path, Checksum.Of(path), Checksum.Of("semantic:" + path), -12345);

    /// <summary>Two versioned scripts and a repeatable in the default set: the file has one entry per line from line 9.</summary>
    public static Manifest Sample() => new(
    [
        Versioned("1", "Migrations/V1__init.sql"),
        Versioned("2", "Migrations/V2__add_email.sql"),
        Repeatable("Migrations/R__views.sql"),
    ]);

    public static string SampleText() => ManifestWriter.Serialize(Sample());

    public static byte[] Utf8(string text) => new System.Text.UTF8Encoding(false).GetBytes(text);

    /// <summary>Replaces the 1-based line <paramref name="line"/> of an LF text.</summary>
    public static string ReplaceLine(string text, int line, string replacement)
    {
        var lines = text.Split('\n');
        lines[line - 1] = replacement;
        return string.Join('\n', lines);
    }

    public static string Line(string text, int line) => text.Split('\n')[line - 1];
}
