using System.Data.Common;
using MySqlConnector;
using Npgsql;

namespace ParityBuild.DbUp.Tests;

/// <summary>
/// A PostgreSQL or MariaDB database of a test's own, created with a unique name and dropped at the end. Without the
/// server the test is inconclusive on a developer machine and fails on CI, where a missing server must never pass as green.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private TestDatabase(bool isPostgres, string admin, string name)
    {
        IsPostgres = isPostgres;
        _admin = admin;
        Name = name;
        DbConnectionStringBuilder builder = isPostgres ? new NpgsqlConnectionStringBuilder(admin) : new MySqlConnectionStringBuilder(admin);
        builder["Database"] = name;

        // No pool: a pooled connection would outlive the database the test drops.
        builder["Pooling"] = false;
        ConnectionString = builder.ConnectionString;
    }

    public bool IsPostgres { get; }

    public string Name { get; }

    /// <summary>The administrator's connection to this database.</summary>
    public string ConnectionString { get; }

    /// <summary>SQL for the schema unqualified names resolve to.</summary>
    public string CurrentSchema => IsPostgres ? "current_schema()" : "DATABASE()";

    public static async Task<TestDatabase> CreateAsync(bool postgres)
    {
        var admin = Admin(postgres);
        var database = new TestDatabase(postgres, admin, "parity_" + Guid.NewGuid().ToString("N")[..12]);
        await database.ServerAsync($"CREATE DATABASE {database.Quote(database.Name)}");
        return database;
    }

    /// <summary>The administrator's connection string to the server; without one the test is inconclusive here, and fails on CI.</summary>
    public static string Admin(bool postgres)
    {
        var variable = postgres ? "PARITY_TEST_POSTGRES" : "PARITY_TEST_MYSQL";
        var admin = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            var message = $"{variable} is not set: run 'bash build/databases.sh start' and 'source /tmp/paritybuild-db/env.sh' first.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }

        return admin!;
    }

    public string Quote(string identifier) => IsPostgres ? $"\"{identifier}\"" : $"`{identifier}`";

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync(ConnectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of a query, each as its column values (DBNull as null).</summary>
    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = await OpenAsync(ConnectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(values);
        }

        return rows;
    }

    /// <summary>Whether a table of that name is in the database's current schema.</summary>
    public async Task<bool> HasTableAsync(string table) =>
        (await RowsAsync($"SELECT 1 FROM information_schema.tables WHERE table_name = '{table}' AND table_schema = {CurrentSchema}")).Count > 0;

    public async ValueTask DisposeAsync() =>
        await ServerAsync(IsPostgres ? $"DROP DATABASE IF EXISTS {Quote(Name)} WITH (FORCE)" : $"DROP DATABASE IF EXISTS {Quote(Name)}");

    private async Task ServerAsync(string sql)
    {
        await using var connection = await OpenAsync(_admin);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<DbConnection> OpenAsync(string connectionString)
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(connectionString) : new MySqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
