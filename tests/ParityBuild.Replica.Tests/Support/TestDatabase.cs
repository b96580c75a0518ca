using System.Data.Common;
using MySqlConnector;
using Npgsql;
using ParityBuild.Replica.Connection;

namespace ParityBuild.Replica.Tests.Support;

/// <summary>
/// A database of a test's own on a real server, created with a unique name and dropped at the end, with an
/// administrator connection to arrange it (history tables, rows, roles, locks). Roles a test creates are dropped too.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly List<string> _users = [];

    private TestDatabase(ReplicaProvider provider, string admin, string name)
    {
        Provider = provider;
        _admin = admin;
        Name = name;
    }

    public ReplicaProvider Provider { get; }

    public string Name { get; }

    public bool IsPostgres => Provider == ReplicaProvider.Postgres;

    /// <summary>The schema history tables live in: PostgreSQL's public, MySQL's database itself.</summary>
    public string Schema => IsPostgres ? "public" : Name;

    /// <summary>The administrator's connection string to this database.</summary>
    public string ConnectionString => With(_admin, Name);

    public string Host => Builder(_admin)[IsPostgres ? "Host" : "Server"]!.ToString()!;

    public int Port => Convert.ToInt32(Builder(_admin)["Port"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The administrator's user name and password, for a command-line client (the password goes in its environment).</summary>
    public (string User, string Password) Login
    {
        get
        {
            var builder = Builder(_admin);
            return (builder[IsPostgres ? "Username" : "User ID"]!.ToString()!, builder["Password"]?.ToString() ?? "");
        }
    }

    public static async Task<TestDatabase> CreateAsync(ReplicaProvider provider)
    {
        var admin = TestServers.Require(provider == ReplicaProvider.Postgres ? TestServers.PostgresVariable : TestServers.MySqlVariable);
        var database = new TestDatabase(provider, admin, "parity_" + Guid.NewGuid().ToString("N")[..12]);
        await database.ServerAsync($"CREATE DATABASE {database.Quote(database.Name)}");
        return database;
    }

    public string Quote(string identifier) => IsPostgres ? $"\"{identifier}\"" : $"`{identifier}`";

    /// <summary>Runs statements on this database as the administrator.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>An open administrator connection to this database, for a test that holds a lock on it.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(ConnectionString) : new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Creates a login that can read nothing but <paramref name="table"/> (and the catalog every user sees).</summary>
    public async Task<string> CreateReaderAsync(string user, string password, string table)
    {
        _users.Add(user);
        if (IsPostgres)
        {
            var literal = password.Replace("'", "''", StringComparison.Ordinal);
            await ServerAsync($"CREATE ROLE {Quote(user)} LOGIN PASSWORD '{literal}'");
            await ExecuteAsync($"REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO {Quote(user)}; GRANT SELECT ON public.{Quote(table)} TO {Quote(user)};");
        }
        else
        {
            var literal = password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
            await ServerAsync($"CREATE USER '{user}'@'%' IDENTIFIED BY '{literal}'");
            await ServerAsync($"GRANT SELECT ON {Quote(Name)}.{Quote(table)} TO '{user}'@'%'");
        }

        var builder = Builder(ConnectionString);
        builder[IsPostgres ? "Username" : "User ID"] = user;
        builder["Password"] = password;
        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (IsPostgres)
        {
            await ServerAsync($"DROP DATABASE IF EXISTS {Quote(Name)} WITH (FORCE)");
            foreach (var user in _users)
            {
                await ServerAsync($"DROP ROLE IF EXISTS {Quote(user)}");
            }
        }
        else
        {
            await ServerAsync($"DROP DATABASE IF EXISTS {Quote(Name)}");
            foreach (var user in _users)
            {
                await ServerAsync($"DROP USER IF EXISTS '{user}'@'%'");
            }
        }
    }

    private async Task ServerAsync(string sql)
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(_admin) : new MySqlConnection(_admin);
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = Command(connection, sql);
            await command.ExecuteNonQueryAsync();
        }
    }

    private DbConnectionStringBuilder Builder(string connectionString) =>
        IsPostgres ? new NpgsqlConnectionStringBuilder(connectionString) : new MySqlConnectionStringBuilder(connectionString);

    private string With(string connectionString, string database)
    {
        var builder = Builder(connectionString);
        builder["Database"] = database;

        // No pool: a pooled connection would outlive the database the test drops.
        builder["Pooling"] = false;

        return builder.ConnectionString;
    }
}
