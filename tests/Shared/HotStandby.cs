using Npgsql;

namespace ParityBuild.Tests.Shared;

/// <summary>
/// The hot standby build/databases.sh streams from the test PostgreSQL server. Replication is asynchronous, so a test
/// that wrote on the primary waits until the standby has replayed it. Compiled into each test project that needs it.
/// </summary>
internal static class HotStandby
{
    public const string Variable = "PARITY_TEST_POSTGRES_STANDBY";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The standby's connection string to <paramref name="database"/>, once <paramref name="probe"/> gives <paramref name="expected"/> there.</summary>
    public static async Task<string> ReplayedAsync(string database, string probe, long expected)
    {
        var standby = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(standby))
        {
            Assert.Fail($"{Variable} is not set: run 'bash build/databases.sh start' and 'source /tmp/paritybuild-db/env.sh' first.");
        }

        var builder = new NpgsqlConnectionStringBuilder(standby) { Database = database, Pooling = false };
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(probe, connection);
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == expected)
                {
                    return builder.ConnectionString;
                }
            }
            catch (PostgresException) when (DateTime.UtcNow < deadline)
            {
                // The database or the table has not been replayed on the standby yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"The standby did not replay '{probe}' = {expected} within {Patience.TotalSeconds:0} s.");
            }

            await Task.Delay(100);
        }
    }
}
