namespace ParityBuild.Core.Findings;

/// <summary>
/// One thing the gate has to say, about one file. <see cref="File"/> is a full path so that
/// the IDE's error list and the build log point at the right place; <see cref="Line"/> is 1-based, 0 when unknown.
/// </summary>
public sealed record Finding(Diagnostic Diagnostic, Severity Severity, string Message, string? File, int Line = 0, int Column = 0)
{
    private readonly string _message = OneLine.Escape(Message);

    /// <summary>
    /// What the finding says, on one line: a name from a database, a snapshot or a manifest that holds a line break or a
    /// control character shows it escaped (<see cref="OneLine"/>), so that it can neither forge another line of the log
    /// nor put a NUL into it.
    /// </summary>
    public string Message
    {
        get => _message;
        init => _message = OneLine.Escape(value);
    }

    public string Code => Diagnostic.Code;

    public static Finding Create(Diagnostic diagnostic, string? file, string message, int line = 0, int column = 0) =>
        new(diagnostic, diagnostic.DefaultSeverity, message, file, line, column);

    public Finding WithSeverity(Severity severity) => this with { Severity = severity };

    public override string ToString()
    {
        var file = File is null ? null : OneLine.Escape(File);
        var location = file is null ? "" : Line > 0 ? $"{file}({Line}): " : $"{file}: ";
        return $"{location}{Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
    }
}
