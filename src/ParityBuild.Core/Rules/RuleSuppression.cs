namespace ParityBuild.Core.Rules;

/// <summary>
/// A <c>-- parity:ignore PARITY4001 reason</c> comment (or <c>parity:ignore-file</c>): the codes it silences and why.
/// </summary>
/// <param name="WholeFile">Whether it is the <c>ignore-file</c> form, which silences the codes in the whole script.</param>
public sealed record RuleSuppression(int Line, int Column, bool WholeFile, IReadOnlyList<string> Codes, string Reason)
{
    public bool Covers(string code) => Codes.Contains(code, StringComparer.OrdinalIgnoreCase);
}
