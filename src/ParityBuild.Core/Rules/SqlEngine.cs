namespace ParityBuild.Core.Rules;

/// <summary>The SQL dialect the safety rules read a script in: it decides comments, quoting and which rules apply.</summary>
public enum SqlEngine
{
    PostgreSql,

    /// <summary>MySQL and MariaDB.</summary>
    MySql,

    /// <summary>SQL Server and Azure SQL (T-SQL, with sqlcmd's GO batches).</summary>
    SqlServer,
}

/// <summary>Which scripts the safety rules check.</summary>
public enum RuleScope
{
    /// <summary>None (<c>ParityRules=off</c>).</summary>
    Off,

    /// <summary>Scripts whose content is not in the baseline manifest yet: new and edited ones (the default).</summary>
    New,

    /// <summary>Every script (<c>ParityRules=all</c>).</summary>
    All,
}
