using System.Text.RegularExpressions;

namespace ParityBuild.EndToEnd.Tests.Support;

/// <summary>What a build printed, with the diagnostics parsed out of MSBuild's canonical error format.</summary>
public sealed partial record BuildResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>
    /// Diagnostics as MSBuild prints them: <c>file(line,col): error CODE: message [project]</c>, after the node number
    /// (<c>1&gt;</c>) that a detailed log puts first.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics =>
        [.. CanonicalLine().Matches(Output).Select(match => new Diagnostic(
            match.Groups["file"].Value.Trim(),
            match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
            match.Groups["severity"].Value,
            match.Groups["code"].Value,
            match.Groups["message"].Value.Trim())).Distinct()];

    public IReadOnlyList<Diagnostic> Errors => [.. Diagnostics.Where(d => d.Severity == "error")];

    public IReadOnlyList<Diagnostic> Warnings => [.. Diagnostics.Where(d => d.Severity == "warning")];

    public IReadOnlyList<Diagnostic> WithCode(string code) => [.. Diagnostics.Where(d => d.Code == code)];

    public override string ToString() => $"exit code {ExitCode}\n{Output}";

    public sealed record Diagnostic(string File, int Line, string Severity, string Code, string Message);

    [GeneratedRegex(@"^\s*(?:\d+>)?(?<file>[^\r\n]*?)(?:\((?<line>\d+)(?:,\d+)*\))?\s*:\s*(?<severity>error|warning|message)\s+(?<code>PARITY\d{4})\s*:\s*(?<message>[^\r\n]*?)(?:\s+\[[^\]\r\n]+\])?\r?$", RegexOptions.Multiline)]
    private static partial Regex CanonicalLine();
}
