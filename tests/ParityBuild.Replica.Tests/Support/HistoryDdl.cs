namespace ParityBuild.Replica.Tests.Support;

/// <summary>
/// History tables created exactly as each tool's own code creates them, per engine, so that the check reads what it will
/// meet on a real replica (column types, case, quoting).
/// </summary>
public static class HistoryDdl
{
    /// <summary>
    /// Flyway: flyway-core/src/main/resources/org/flywaydb/core/internal/database/{postgresql,mysql}/createMetaDataTable.sql
    /// in flyway/flyway (${schema} and ${table} filled in as Flyway does).
    /// </summary>
    public static string Flyway(TestDatabase db) => db.IsPostgres
        ? """
          CREATE TABLE "public"."flyway_schema_history" (
              "installed_rank" INT NOT NULL,
              "version" VARCHAR(50),
              "description" VARCHAR(200) NOT NULL,
              "type" VARCHAR(20) NOT NULL,
              "script" VARCHAR(1000) NOT NULL,
              "checksum" INTEGER,
              "installed_by" VARCHAR(100) NOT NULL,
              "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
              "execution_time" INTEGER NOT NULL,
              "success" BOOLEAN NOT NULL
          );
          ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
          CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");
          """
        : $"""
          CREATE TABLE `{db.Name}`.`flyway_schema_history` (
              `installed_rank` INT NOT NULL,
              `version` VARCHAR(50),
              `description` VARCHAR(200) NOT NULL,
              `type` VARCHAR(20) NOT NULL,
              `script` VARCHAR(1000) NOT NULL,
              `checksum` INT,
              `installed_by` VARCHAR(100) NOT NULL,
              `installed_on` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
              `execution_time` INT NOT NULL,
              `success` BOOL NOT NULL,
              CONSTRAINT `flyway_schema_history_pk`PRIMARY KEY (`installed_rank`)
          ) ENGINE=InnoDB;
          CREATE INDEX `flyway_schema_history_s_idx` ON `{db.Name}`.`flyway_schema_history` (`success`);
          """;

    /// <summary>A row as Flyway's JdbcTableSchemaHistory inserts it (installed_on from the column default).</summary>
    public static string FlywayRow(int rank, string? version, string description, string type, string script, int? checksum, bool success = true) =>
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES "
        + $"({rank}, {(version is null ? "NULL" : $"'{version}'")}, '{description}', '{type}', '{script}', {(checksum is null ? "NULL" : checksum.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}, 'deployer', 12, {(success ? "TRUE" : "FALSE")});";

    /// <summary>
    /// DbUp: CreateSchemaTableSql of PostgresqlTableJournal (DbUp/dbup-postgresql) and MySqlTableJournal (DbUp/dbup-mysql),
    /// with TableJournal's primary key name PK_{table}_Id; rows as their GetInsertJournalEntrySql writes them.
    /// </summary>
    public static string DbUp(TestDatabase db) => db.IsPostgres
        ? """
          CREATE TABLE "public"."schemaversions"
          (
              schemaversionsid serial NOT NULL,
              scriptname character varying(255) NOT NULL,
              applied timestamp without time zone NOT NULL,
              CONSTRAINT "PK_schemaversions_Id" PRIMARY KEY (schemaversionsid)
          );
          """
        : $"""
          CREATE TABLE `{db.Name}`.`schemaversions`
          (
              `schemaversionid` INT NOT NULL AUTO_INCREMENT,
              `scriptname` VARCHAR(255) NOT NULL,
              `applied` TIMESTAMP NOT NULL,
              PRIMARY KEY (`schemaversionid`)
          );
          """;

    public static string DbUpRow(string scriptName) => $"insert into schemaversions (ScriptName, Applied) values ('{scriptName}', CURRENT_TIMESTAMP);";

    /// <summary>
    /// EF Core: HistoryRepository.ConfigureTable (dotnet/efcore: MigrationId max 150 as the key, ProductVersion max 32
    /// required) as Npgsql's and Pomelo's migrations SQL generators write it (GetCreateIfNotExistsScript).
    /// </summary>
    public static string EfCore(TestDatabase db) => db.IsPostgres
        ? """
          CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
              "MigrationId" character varying(150) NOT NULL,
              "ProductVersion" character varying(32) NOT NULL,
              CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
          );
          """
        : """
          CREATE TABLE IF NOT EXISTS `__EFMigrationsHistory` (
              `MigrationId` varchar(150) CHARACTER SET utf8mb4 NOT NULL,
              `ProductVersion` varchar(32) CHARACTER SET utf8mb4 NOT NULL,
              CONSTRAINT `PK___EFMigrationsHistory` PRIMARY KEY (`MigrationId`)
          ) CHARACTER SET=utf8mb4;
          """;

    public static string EfCoreRow(TestDatabase db, string id) => db.IsPostgres
        ? $"""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('{id}', '8.0.8');"""
        : $"INSERT INTO `__EFMigrationsHistory` (`MigrationId`, `ProductVersion`) VALUES ('{id}', '8.0.8');";

    /// <summary>golang-migrate: ensureVersionTable of database/postgres/postgres.go and database/mysql/mysql.go (golang-migrate/migrate).</summary>
    public static string GolangMigrate(TestDatabase db) => db.IsPostgres
        ? """CREATE TABLE IF NOT EXISTS "public"."schema_migrations" (version bigint not null primary key, dirty boolean not null)"""
        : "CREATE TABLE `schema_migrations` (version bigint not null primary key, dirty boolean not null)";

    /// <summary>
    /// dbmate: CreateMigrationsTable of pkg/driver/postgres and pkg/driver/mysql (amacneil/dbmate); the same shape as
    /// Rails' ActiveRecord::SchemaMigration#create_table (a string primary key named version).
    /// </summary>
    public static string Dbmate(TestDatabase db) => db.IsPostgres
        ? """create table if not exists "public"."schema_migrations" (version varchar(128) primary key)"""
        : "create table if not exists `schema_migrations` (version varchar(128) primary key)";
}
