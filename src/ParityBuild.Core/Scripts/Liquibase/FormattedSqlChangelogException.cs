namespace ParityBuild.Core.Scripts.Liquibase;

/// <summary>A changelog Liquibase itself would refuse to parse (so no database can hold checksums for it).</summary>
public sealed class FormattedSqlChangelogException(string message, int line) : Exception($"line {line}: {message}")
{
    /// <summary>1-based line where Liquibase would stop.</summary>
    public int Line { get; } = line;
}
