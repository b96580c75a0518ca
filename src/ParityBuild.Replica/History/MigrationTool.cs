namespace ParityBuild.Replica.History;

/// <summary>The migration tool whose history table a replica holds.</summary>
public enum MigrationTool
{
    Flyway,
    Liquibase,
    DbUp,
    EfCore,

    /// <summary>Rails, dbmate and golang-migrate (whose table has a <c>dirty</c> flag).</summary>
    SchemaMigrations,
    Sqitch,
    Postgrator,

    /// <summary>ParityBuild's own journal (written by ParityBuild.DbUp).</summary>
    Parity,

    /// <summary>grate's <c>ScriptsRun</c> (the successor of RoundhousE).</summary>
    Grate,

    /// <summary>Evolve's <c>changelog</c>.</summary>
    Evolve,
}
