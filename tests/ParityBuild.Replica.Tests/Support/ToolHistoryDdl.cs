using System.Globalization;

namespace ParityBuild.Replica.Tests.Support;

/// <summary>
/// History tables of Liquibase, postgrator and sqitch, created as each tool's own code creates them (none of the three
/// runs here), per engine.
/// </summary>
public static class ToolHistoryDdl
{
    /// <summary>
    /// Liquibase: CreateDatabaseChangeLogTableGenerator as StandardChangeLogHistoryService runs it (liquibase/liquibase
    /// liquibase-standard/src/main/java/liquibase/sqlgenerator/core/CreateDatabaseChangeLogTableGenerator.java): the
    /// documented DATABASECHANGELOG columns, no key; PostgreSQL folds the names to lowercase, MySQL keeps them uppercase.
    /// </summary>
    public static string Liquibase(TestDatabase db) => db.IsPostgres
        ? """
          CREATE TABLE public.databasechangelog (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL,
              DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL,
              MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20),
              CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));
          """
        : $"""
          CREATE TABLE `{db.Name}`.DATABASECHANGELOG (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL,
              DATEEXECUTED datetime NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL,
              MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20),
              CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));
          """;

    /// <summary>A row as StandardChangeLogHistoryService's MarkChangeSetRanGenerator inserts it.</summary>
    public static string LiquibaseRow(TestDatabase db, string id, string author, string fileName, int order, string execType, string? md5) =>
        $"INSERT INTO {(db.IsPostgres ? "databasechangelog" : "DATABASECHANGELOG")} (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) "
        + $"VALUES ('{id}', '{author}', '{fileName}', CURRENT_TIMESTAMP, {order.ToString(CultureInfo.InvariantCulture)}, {(md5 is null ? "NULL" : $"'{md5}'")}, 'sql', '', '{execType}', NULL, NULL, '4.29.2', '1234567890');";

    /// <summary>
    /// postgrator: ensureTable of rickbergfalk/postgrator lib/commonClient.js (the table with its version 0 row, then the
    /// name, md5 and run_at columns); rows as its persistActionSql writes them.
    /// </summary>
    public static string Postgrator(TestDatabase db) =>
        "CREATE TABLE schemaversion (version BIGINT PRIMARY KEY); INSERT INTO schemaversion (version) VALUES (0); "
        + "ALTER TABLE schemaversion ADD COLUMN name TEXT; ALTER TABLE schemaversion ADD COLUMN md5 TEXT; "
        + $"ALTER TABLE schemaversion ADD COLUMN run_at {(db.IsPostgres ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP")};";

    public static string PostgratorRow(long version, string name, string md5) =>
        $"INSERT INTO schemaversion (version, name, md5, run_at) VALUES ({version.ToString(CultureInfo.InvariantCulture)}, '{name}', '{md5}', '2024-05-01 10:00:00');";

    /// <summary>sqitch (PostgreSQL): the projects and changes tables of sqitchers/sqitch lib/App/Sqitch/Engine/pg.sql, registry "sqitch".</summary>
    public const string SqitchPostgres = """
        CREATE SCHEMA sqitch;
        CREATE TABLE sqitch.projects (
            project         TEXT        PRIMARY KEY,
            uri             TEXT            NULL UNIQUE,
            created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
            creator_name    TEXT        NOT NULL,
            creator_email   TEXT        NOT NULL
        );
        CREATE TABLE sqitch.changes (
            change_id       TEXT        PRIMARY KEY,
            script_hash     TEXT            NULL,
            change          TEXT        NOT NULL,
            project         TEXT        NOT NULL REFERENCES sqitch.projects(project) ON UPDATE CASCADE,
            note            TEXT        NOT NULL DEFAULT '',
            committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
            committer_name  TEXT        NOT NULL,
            committer_email TEXT        NOT NULL,
            planned_at      TIMESTAMPTZ NOT NULL,
            planner_name    TEXT        NOT NULL,
            planner_email   TEXT        NOT NULL,
            UNIQUE(project, script_hash)
        );
        """;

    public static string SqitchProject(string project) =>
        $"INSERT INTO sqitch.projects (project, creator_name, creator_email) VALUES ('{project}', 'Alice', 'alice@example.com');";

    public static string SqitchChange(string project, string change, string hash) =>
        "INSERT INTO sqitch.changes (change_id, script_hash, change, project, committer_name, committer_email, planned_at, planner_name, planner_email) "
        + $"VALUES (md5('{project}/{change}'), '{hash}', '{change}', '{project}', 'Alice', 'alice@example.com', clock_timestamp(), 'Alice', 'alice@example.com');";
}
