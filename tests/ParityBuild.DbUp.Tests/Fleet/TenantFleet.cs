using System.Data.Common;
using DbUp;
using DbUp.Builder;
using MySqlConnector;
using Npgsql;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Scripts;
using ParityBuild.Replica;

namespace ParityBuild.DbUp.Tests.Fleet;

/// <summary>
/// A fleet of tenant databases (or schemas) on a real server, every one migrated by DbUp through ParityBuild's journal
/// from the same scripts (or, <see cref="FlywayAsync"/>, with Flyway's history), shared by the tests of one class and
/// dropped at its end. PostgreSQL's tenants are copies of one migrated template (CREATE DATABASE … TEMPLATE … STRATEGY
/// FILE_COPY, about 3 s per 100); MariaDB's are migrated one by one.
/// </summary>
public sealed class TenantFleet : IAsyncDisposable
{
    public static readonly (string Name, string Sql)[] Scripts =
    [
        ("0001_users.sql", "CREATE TABLE users (id int PRIMARY KEY);"),
        ("0002_email.sql", "ALTER TABLE users ADD email varchar(320);"),
        ("0003_orders.sql", "CREATE TABLE orders (id int PRIMARY KEY, user_id int);"),
    ];

    private readonly string _admin;
    private readonly List<DbConnection> _held = [];

    private TenantFleet(bool postgres, string admin, string prefix, string folder, bool flyway)
    {
        IsPostgres = postgres;
        _admin = admin;
        Prefix = prefix;
        Folder = folder;
        var scripts = Scripts.Select(script => new ScriptFile(Path.Combine(folder, "Scripts", ScriptName(script.Name, flyway)), "Scripts/" + ScriptName(script.Name, flyway), "", flyway ? "flyway" : "dbup")).ToList();
        Repository = new RepositorySide(scripts, null, [], MigrationDiscovery.Discover(scripts), null);
    }

    public bool IsPostgres { get; }

    /// <summary>Every tenant's name starts with it (and then <c>_000</c>, <c>_001</c>, …).</summary>
    public string Prefix { get; }

    public string Folder { get; }

    public List<string> Tenants { get; } = [];

    /// <summary>The database holding every tenant's schema, for a schema-per-tenant fleet; null for a database per tenant.</summary>
    public string? SharedDatabase { get; private set; }

    /// <summary>The repository's side, made once for the whole fleet.</summary>
    public RepositorySide Repository { get; }

    /// <summary>The connection string the fleet check is given, with {tenant} where each tenant's database (or schema) goes.</summary>
    public string Template => SharedDatabase is null ? With(_admin, "{tenant}") : With(_admin, SharedDatabase) + ";Search Path={tenant}";

    public string Tenant(int index) => $"{Prefix}_{index:000}";

    public static async Task<TenantFleet> DatabasesAsync(bool postgres, int count)
    {
        var fleet = await NewAsync(postgres);
        if (postgres)
        {
            await fleet.CopiesAsync(count, template =>
            {
                fleet.Migrate(With(fleet._admin, template));
                return Task.CompletedTask;
            });
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                await fleet.ServerAsync($"CREATE DATABASE `{fleet.Tenant(i)}`");
                fleet.Tenants.Add(fleet.Tenant(i));
                fleet.Migrate(With(fleet._admin, fleet.Tenant(i)));
            }
        }

        return fleet;
    }

    /// <summary>
    /// PostgreSQL tenant databases where Flyway's migrate has run the scripts (V1__users.sql, …): the scripts' tables, and
    /// flyway_schema_history as Flyway creates it with one successful row per script and Flyway's CRC32 of it.
    /// </summary>
    public static async Task<TenantFleet> FlywayAsync(int count)
    {
        var fleet = await NewAsync(postgres: true, flyway: true);
        var history = new System.Text.StringBuilder("""
            CREATE TABLE "public"."flyway_schema_history" (
                "installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL,
                "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER, "installed_by" VARCHAR(100) NOT NULL,
                "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL);
            ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
            CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");

            """);
        for (var i = 0; i < Scripts.Length; i++)
        {
            var name = ScriptName(Scripts[i].Name, flyway: true);
            var checksum = ScriptHasher.Hash(Path.Combine(fleet.Folder, "Scripts", name), ChecksumKinds.Flyway).Flyway!.Value;
            history.Append(Scripts[i].Sql).Append('\n').Append(System.FormattableString.Invariant(
                $"INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES ({i + 1}, '{i + 1}', '{Scripts[i].Name[5..^4]}', 'SQL', '{name}', {checksum}, 'deployer', 12, TRUE);\n"));
        }

        await fleet.CopiesAsync(count, template => fleet.ExecuteAsync(template, history.ToString()));
        return fleet;
    }

    /// <summary>One PostgreSQL database with a schema per tenant, each migrated by DbUp with its search path on that schema.</summary>
    public static async Task<TenantFleet> SchemasAsync(int count)
    {
        var fleet = await NewAsync(postgres: true);
        fleet.SharedDatabase = fleet.Prefix + "_shared";
        await fleet.ServerAsync($"CREATE DATABASE \"{fleet.SharedDatabase}\"");
        for (var i = 0; i < count; i++)
        {
            await fleet.ExecuteAsync(fleet.SharedDatabase, $"CREATE SCHEMA \"{fleet.Tenant(i)}\"");
            fleet.Tenants.Add(fleet.Tenant(i));
            fleet.Migrate(fleet.Template.Replace("{tenant}", fleet.Tenant(i), StringComparison.Ordinal));
        }

        return fleet;
    }

    // DbUp's names (0001_users.sql) or Flyway's (V1__users.sql).
    private static string ScriptName(string name, bool flyway) => flyway ? $"V{int.Parse(name[..4], System.Globalization.CultureInfo.InvariantCulture)}__{name[5..]}" : name;

    /// <summary>The tenants as copies of one template database, made by <paramref name="migrate"/> and dropped after.</summary>
    private async Task CopiesAsync(int count, Func<string, Task> migrate)
    {
        var template = Prefix + "_template";
        await ServerAsync($"CREATE DATABASE \"{template}\"");
        await migrate(template);
        await ServerAsync(string.Join(";", Enumerable.Range(0, count).Select(i => $"CREATE DATABASE \"{Tenant(i)}\" TEMPLATE \"{template}\" STRATEGY FILE_COPY")));
        await ServerAsync($"DROP DATABASE \"{template}\"");
        Tenants.AddRange(Enumerable.Range(0, count).Select(Tenant));
    }

    /// <summary>
    /// A database like a clean tenant's, which is not one of <see cref="Tenants"/> (the caller drops it): on PostgreSQL a
    /// copy of the first tenant, on MariaDB migrated as the tenants were.
    /// </summary>
    public async Task AddCleanAsync(string database)
    {
        if (IsPostgres)
        {
            await ServerAsync($"CREATE DATABASE \"{database}\" TEMPLATE \"{Tenant(0)}\" STRATEGY FILE_COPY");
            return;
        }

        await ServerAsync($"CREATE DATABASE `{database}`");
        Migrate(With(_admin, database));
    }

    private static async Task<TenantFleet> NewAsync(bool postgres, bool flyway = false)
    {
        var admin = TestDatabase.Admin(postgres);
        var folder = Path.Combine(Path.GetTempPath(), "paritybuild-fleet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "Scripts"));
        foreach (var (name, sql) in Scripts)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "Scripts", ScriptName(name, flyway)), sql);
        }

        return new TenantFleet(postgres, admin, "pf" + Guid.NewGuid().ToString("N")[..8], folder, flyway);
    }

    private void Migrate(string connectionString)
    {
        UpgradeEngineBuilder builder = IsPostgres ? DeployChanges.To.PostgresqlDatabase(connectionString) : DeployChanges.To.MySqlConnectorDatabase(connectionString);
        var result = builder.WithScriptsFromFileSystem(Path.Combine(Folder, "Scripts")).JournalToParity().LogToNowhere().Build().PerformUpgrade();
        Assert.IsTrue(result.Successful, result.Error?.ToString());
    }

    /// <summary>Runs statements in a tenant's database (or, schema per tenant, with its schema first on the search path).</summary>
    public Task TenantAsync(string tenant, string sql) =>
        SharedDatabase is null ? ExecuteAsync(tenant, sql) : ExecuteAsync(SharedDatabase, $"SET search_path TO \"{tenant}\"; {sql}");

    /// <summary>Takes the lock that keeps every reader off a tenant's journal, until the fleet is disposed.</summary>
    public async Task LockJournalAsync(string tenant)
    {
        var connection = Open(SharedDatabase ?? tenant);
        _held.Add(connection);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = IsPostgres
            ? $"BEGIN; LOCK TABLE \"{(SharedDatabase is null ? "public" : tenant)}\".parity_journal IN ACCESS EXCLUSIVE MODE"
            : "LOCK TABLES parity_journal WRITE";
        await command.ExecuteNonQueryAsync();
    }

    public Task DropAsync(string tenant, bool ifExists = false) =>
        ServerAsync(IsPostgres ? $"DROP DATABASE {(ifExists ? "IF EXISTS " : "")}\"{tenant}\" WITH (FORCE)" : $"DROP DATABASE {(ifExists ? "IF EXISTS " : "")}`{tenant}`");

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _held)
        {
            await connection.DisposeAsync();
        }

        var databases = SharedDatabase is null ? Tenants : [SharedDatabase];
        foreach (var database in databases)
        {
            await ServerAsync(IsPostgres ? $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)" : $"DROP DATABASE IF EXISTS `{database}`");
        }

        Directory.Delete(Folder, recursive: true);
    }

    private async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = Open(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;

        // Each database copied checkpoints first: a hundred take minutes on a loaded server, not the default 30 s.
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private Task ServerAsync(string sql) => ExecuteAsync(IsPostgres ? "postgres" : "mysql", sql);

    private DbConnection Open(string database) =>
        IsPostgres ? new NpgsqlConnection(With(_admin, database)) : new MySqlConnection(With(_admin, database));

    // No pool: a pooled connection would outlive the database the fleet drops.
    private static string With(string connectionString, string database)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        builder["Database"] = database;
        builder["Pooling"] = "false";
        return builder.ConnectionString;
    }
}
