using DbUp.Builder;
using ParityBuild.DbUp;
using ParityBuild.DbUp.MySql;

/// <summary>MySQL and MariaDB for DbUp over MySqlConnector, journaled to ParityBuild's journal.</summary>
public static class MySqlConnectorExtensions
{
    /// <summary>
    /// Upgrades a MySQL or MariaDB database over MySqlConnector: <c>DeployChanges.To.MySqlConnectorDatabase(cs)</c>.
    /// The journal is ParityBuild's (<c>parity_journal</c>, adopting a <c>schemaversions</c> table dbup-mysql wrote);
    /// <c>.JournalToParity(…)</c> still sets its options.
    /// </summary>
    /// <param name="supported">DbUp's <c>DeployChanges.To</c>.</param>
    /// <param name="connectionString">A MySqlConnector connection string.</param>
    /// <param name="schema">The database of the journal; null for the connection's.</param>
    public static UpgradeEngineBuilder MySqlConnectorDatabase(this SupportedDatabases supported, string connectionString, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(supported);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new UpgradeEngineBuilder();
        builder.Configure(configuration => configuration.ConnectionManager = new MySqlConnectorConnectionManager(connectionString));
        builder.Configure(configuration => configuration.ScriptExecutor = new MySqlConnectorScriptExecutor(
            () => configuration.ConnectionManager, () => configuration.Log, schema, () => configuration.VariablesEnabled, configuration.ScriptPreprocessors, () => configuration.Journal));
        return builder.JournalToParity(schema);
    }
}
