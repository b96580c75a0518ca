using System.Globalization;

namespace ParityBuild.Core.Findings;

/// <summary>A diagnostic of the catalog: a stable code, a default severity, a title and a message format.</summary>
public sealed record Diagnostic(string Code, Severity DefaultSeverity, string Title, string MessageFormat)
{
    public string HelpLink => $"{Diagnostics.DocsUrl}#{Code.ToLowerInvariant()}";

    public Finding At(string? file, params object?[] args) => Finding.Create(this, file, Format(args));

    public Finding AtLine(string? file, int line, params object?[] args) => Finding.Create(this, file, Format(args), line);

    public string Format(params object?[] args) => string.Format(CultureInfo.InvariantCulture, MessageFormat, args);
}
