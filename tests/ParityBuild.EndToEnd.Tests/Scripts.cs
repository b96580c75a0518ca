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

    public static Support.Consumer WithHistory(this Support.Consumer consumer) => consumer
        .Script("Migrations/V1__create_users.sql", CreateUsers)
        .Script("Migrations/V2__add_email.sql", AddEmail);
}
