namespace ParityBuild.EndToEnd.Tests;

/// <summary>A small, realistic migration history that most tests start from.</summary>
internal static class Scripts
{
    public const string CreateUsers = """
        -- The users of the application.
        CREATE TABLE users (
            id bigint PRIMARY KEY,
            name text NOT NULL
        );

        """;

    public const string AddEmail = """
        ALTER TABLE users ADD COLUMN email text;
        CREATE UNIQUE INDEX users_email ON users (email);

        """;

    public const string AddOrders = """
        CREATE TABLE orders (
            id bigint PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users (id)
        );

        """;

    /// <summary>flyway_schema_history as Flyway's postgresql/createMetaDataTable.sql creates it.</summary>
    public const string FlywayHistoryTable = """
        CREATE TABLE "public"."flyway_schema_history" (
            "installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL,
            "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL,
            "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL);
        ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
        """;

    /// <summary>The rows Flyway writes for V1__create_users.sql and V2__add_email.sql as given (with their CRC32).</summary>
    public static string FlywayRows(string createUsers, string addEmail) => $"""
        INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES
            (1, '1', 'create users', 'SQL', 'V1__create_users.sql', {Crc(createUsers)}, 'deployer', 10, TRUE),
            (2, '2', 'add email', 'SQL', 'V2__add_email.sql', {Crc(addEmail)}, 'deployer', 10, TRUE)
        """;

    /// <summary>Flyway's CRC32 of a script, as flyway_schema_history stores it.</summary>
    public static int Crc(string script) =>
        Core.Checksums.ScriptHasher.Hash(System.Text.Encoding.UTF8.GetBytes(script), Core.Checksums.ChecksumKinds.Flyway).Flyway!.Value;

    public static Support.Consumer WithHistory(this Support.Consumer consumer) => consumer
        .Script("Migrations/V1__create_users.sql", CreateUsers)
        .Script("Migrations/V2__add_email.sql", AddEmail);
}
