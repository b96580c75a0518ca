namespace ParityBuild.Core.Manifests;

/// <summary>The manifest cannot be trusted; <see cref="Line"/> is 1-based, 0 when the problem has no line.</summary>
public sealed class ManifestException(string message, int line) : Exception(message)
{
    public int Line { get; } = line;
}
