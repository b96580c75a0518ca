using Npgsql;

namespace ParityBuild.EndToEnd.Tests.Support;

/// <summary>
/// A PostgreSQL database of the test's own (from PARITY_TEST_POSTGRES, written by build/databases.sh) with a login that
/// may only read it, dropped at the end. Without the variable the test is inconclusive, and fails on CI.
/// </summary>
public sealed class ReplicaDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private ReplicaDatabase(string admin, string name, string user, string password)
    {
        _admin = admin;
        Name = name;
        User = user;
        Password = password;
    }

    public string Name { get; }

    public string User { get; }

    /// <summary>Random and long, so that finding it anywhere in a log can only mean it leaked.</summary>
    public string Password { get; }

    /// <summary>The reader's URL, with the password percent-encoded.</summary>
    public string Url
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(_admin);
            return $"postgres://{User}:{Uri.EscapeDataString(Password)}@{builder.Host}:{builder.Port}/{Name}";
        }
    }

    /// <summary>The administrator's URL to this database, for what deploys to it (DbUp, a dry run).</summary>
    public string AdminUrl
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(_admin);
            return $"postgres://{builder.Username}:{Uri.EscapeDataString(builder.Password ?? "")}@{builder.Host}:{builder.Port}/{Name}";
        }
    }

    /// <summary>The administrator's keyword connection string to this database, as a deployer's own setting holds it.</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder(_admin) { Database = Name, Pooling = false }.ConnectionString;

    public static async Task<ReplicaDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable("PARITY_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            const string message = "PARITY_TEST_POSTGRES is not set: run 'bash build/databases.sh start' and 'source /tmp/paritybuild-db/env.sh' first.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }

        var id = Guid.NewGuid().ToString("N")[..12];
        var database = new ReplicaDatabase(admin!, "parity_e2e_" + id, "reader_e2e_" + id, "Pw:" + Guid.NewGuid().ToString("N") + "@/#");
        await database.ServerAsync($"CREATE DATABASE \"{database.Name}\"");
        await database.ServerAsync($"CREATE ROLE \"{database.User}\" LOGIN PASSWORD '{database.Password}'");
        return database;
    }

    /// <summary>Runs statements on the database as the administrator, then lets the reader read what they created.</summary>
    public async Task ExecuteAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(_admin) { Database = Name, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql + $"; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{User}\";", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(_admin) { Database = Name, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        await ServerAsync($"DROP ROLE IF EXISTS \"{User}\"");
    }

    private async Task ServerAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(_admin) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
