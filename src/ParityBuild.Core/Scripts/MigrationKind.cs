namespace ParityBuild.Core.Scripts;

/// <summary>What a script is to its migration tool.</summary>
public enum MigrationKind
{
    /// <summary>Applied once, in version order (Flyway <c>V</c>, numbered, timestamped, DbUp, an <c>up</c> script).</summary>
    Versioned,

    /// <summary>Re-applied whenever its checksum changes (Flyway <c>R__</c>).</summary>
    Repeatable,

    /// <summary>Reverts a versioned migration (Flyway <c>U</c>, a <c>down</c> script).</summary>
    Undo,

    /// <summary>Runs around every migrate (Flyway <c>beforeMigrate</c>, <c>afterMigrate</c>, …); tracked but never versioned.</summary>
    Callback,
}
