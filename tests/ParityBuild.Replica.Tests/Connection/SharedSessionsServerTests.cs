using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests.Connection;

/// <summary>
/// The sessions a schema-per-tenant fleet's tenants take turns on, on a real PostgreSQL server: each target reads on its
/// own search path, and a session the server closed meanwhile never passes for an unreachable target.
/// </summary>
[TestClass]
public sealed class SharedSessionsServerTests
{
    private static readonly ReplicaTimeouts Timeouts = new(5, 10, 2);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Targets_take_turns_on_one_session_each_on_its_own_search_path_and_a_session_the_server_closed_is_replaced()
    {
        await using var db = await TestDatabase.CreateAsync(ReplicaProvider.Postgres);
        await db.ExecuteAsync("CREATE SCHEMA a; CREATE SCHEMA b; CREATE TABLE a.t (id int); CREATE TABLE b.t (id int, x int);");
        ReplicaTarget Target(string schema) => ReplicaConnectionParser.Parse($"{db.ConnectionString};Search Path={schema}", "postgres", "PARITY_TEST");
        await using var shared = SharedSessions.For(Target("a"), Target("b"));
        Assert.IsNotNull(shared);

        // The unqualified table is the search path's: a.t has one column, b.t two.
        async Task<(int Backend, long Columns)> ReadAsync(ReplicaSession session)
        {
            var row = (await session.QueryAsync("SELECT pg_backend_pid(), (SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0)", TestContext.CancellationToken)).Single();
            return ((int)row[0]!, (long)row[1]!);
        }

        var first = await shared.RunAsync(Target("a"), Timeouts, ReadAsync, TestContext.CancellationToken);
        var second = await shared.RunAsync(Target("b"), Timeouts, ReadAsync, TestContext.CancellationToken);
        var third = await shared.RunAsync(Target("a"), Timeouts, ReadAsync, TestContext.CancellationToken);

        Assert.AreEqual((1L, 2L, 1L), (first.Columns, second.Columns, third.Columns));
        Assert.AreEqual(first.Backend, second.Backend, "the second target's check ran on the first one's session");
        Assert.AreEqual(first.Backend, third.Backend);
        Assert.AreEqual(1, shared.Opened);

        await db.ExecuteAsync($"SELECT pg_terminate_backend({first.Backend})");
        for (var waited = 0; waited < 50 && Convert.ToInt64(await db.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE pid = {first.Backend}"), System.Globalization.CultureInfo.InvariantCulture) > 0; waited++)
        {
            await Task.Delay(100, TestContext.CancellationToken);
        }

        var afterClose = await shared.RunAsync(Target("b"), Timeouts, ReadAsync, TestContext.CancellationToken);

        Assert.AreEqual(2L, afterClose.Columns);
        Assert.AreNotEqual(first.Backend, afterClose.Backend);
        Assert.AreEqual(2, shared.Opened);
    }

    [TestMethod]
    public void Only_targets_in_one_PostgreSQL_database_with_the_same_settings_but_the_search_path_share_sessions()
    {
        static ReplicaTarget Target(string connectionString, string provider) => ReplicaConnectionParser.Parse(connectionString, provider, "PARITY_TEST");

        Assert.IsNotNull(SharedSessions.For(Target("Host=db;Database=app;Username=u;Password=p;Search Path=acme", "postgres"), Target("Host=db;Database=app;Username=u;Password=p;Search Path=globex", "postgres")));
        Assert.IsNotNull(SharedSessions.For(Target("Host=db;Database=app;Username=u;Password=p", "postgres"), Target("Host=db;Database=app;Username=u;Password=p", "postgres")));
        Assert.IsNull(SharedSessions.For(Target("Host=db;Database=acme;Username=u;Password=p", "postgres"), Target("Host=db;Database=globex;Username=u;Password=p", "postgres")));
        Assert.IsNull(SharedSessions.For(Target("Host=db;Database=app;Username=u;Password=p;Search Path=acme", "postgres"), Target("Host=db;Database=app;Username=u;Password=p", "postgres")));
        Assert.IsNull(SharedSessions.For(Target("Server=db;Database=acme;User ID=u;Password=p", "mysql"), Target("Server=db;Database=acme;User ID=u;Password=p", "mysql")));
    }
}
