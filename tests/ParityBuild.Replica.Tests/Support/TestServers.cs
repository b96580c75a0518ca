namespace ParityBuild.Replica.Tests.Support;

/// <summary>
/// The real servers' administrator connection strings (written by build/databases.sh). Without one a database test is
/// inconclusive on a developer machine, and fails on CI, where a missing server must never pass as green.
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "PARITY_TEST_POSTGRES";

    public const string MySqlVariable = "PARITY_TEST_MYSQL";

    public static string Require(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        Missing($"{variable} is not set: run 'bash build/databases.sh start' and 'source /tmp/paritybuild-db/env.sh' first.");
        return "";
    }

    /// <summary>Something a database test needs is not on this machine: inconclusive here, a failure on CI.</summary>
    public static void Missing(string message)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Inconclusive(message);
    }
}
