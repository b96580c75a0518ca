namespace ParityBuild.Core.Findings;

/// <summary>
/// One thing the gate has to say, about one file. <see cref="File"/> is a full path so that
/// the IDE's error list and the build log point at the right place; <see cref="Line"/> is 1-based, 0 when unknown.
/// </summary>
public sealed record Finding(Diagnostic Diagnostic, Severity Severity, string Message, string? File, int Line = 0, int Column = 0)
{
    public string Code => Diagnostic.Code;

    public static Finding Create(Diagnostic diagnostic, string? file, string message, int line = 0, int column = 0) =>
        new(diagnostic, diagnostic.DefaultSeverity, message, file, line, column);

    public Finding WithSeverity(Severity severity) => this with { Severity = severity };

    public override string ToString()
    {
        var location = File is null ? "" : Line > 0 ? $"{File}({Line}): " : $"{File}: ";
        return $"{location}{Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
    }
}
