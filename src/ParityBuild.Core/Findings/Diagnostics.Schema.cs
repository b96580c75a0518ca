namespace ParityBuild.Core.Findings;

// Physical schema drift (PARITY3xxx): a replica's catalog against the committed schema snapshot.
public static partial class Diagnostics
{
    private static IReadOnlyList<Diagnostic> SchemaDiagnostics => [];
}
