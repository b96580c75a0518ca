namespace ParityBuild.Core.Findings;

// Migration safety rules (PARITY4xxx): what a new script would do to a live database.
public static partial class Diagnostics
{
    private static IReadOnlyList<Diagnostic> RuleDiagnostics => [];
}
