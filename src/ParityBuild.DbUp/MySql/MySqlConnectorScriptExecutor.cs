using DbUp.Engine;
using DbUp.Engine.Output;
using DbUp.Engine.Transactions;
using DbUp.Support;
using MySqlConnector;

namespace ParityBuild.DbUp.MySql;

/// <summary>DbUp's script executor for MySQL and MariaDB over MySqlConnector: logs the server's error code with the script.</summary>
public sealed class MySqlConnectorScriptExecutor(
    Func<IConnectionManager> connectionManager,
    Func<IUpgradeLog> log,
    string? schema,
    Func<bool> variablesEnabled,
    IEnumerable<IScriptPreprocessor> scriptPreprocessors,
    Func<IJournal> journal)
    : ScriptExecutor(connectionManager, new MySqlObjectParser(), log, schema, variablesEnabled, scriptPreprocessors, journal)
{
    /// <summary>A MySQL schema is a database: it is created if it is missing, as DbUp does for a schema elsewhere.</summary>
    protected override string GetVerifySchemaSql(string schema) => $"CREATE DATABASE IF NOT EXISTS {MySqlObjectParser.Quote(schema)}";

    /// <summary>Runs one statement, logging the script, the statement's index and the server's error on failure.</summary>
    protected override void ExecuteCommandsWithinExceptionHandler(int index, SqlScript script, Action excuteCallback)
    {
        try
        {
            excuteCallback();
        }
        catch (MySqlException exception)
        {
            Log().LogInformation("MySQL exception in script '{0}'", script.Name);
            Log().LogError("Script block number: {0}; error {1} ({2}): {3}", index, exception.Number, exception.SqlState ?? "", exception.Message);
            throw;
        }
    }
}

/// <summary>MySQL's backquoted identifiers, for DbUp's <c>$schema$</c> variable.</summary>
internal sealed class MySqlObjectParser : ISqlObjectParser
{
    public static string Quote(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    public string QuoteIdentifier(string objectName) => QuoteIdentifier(objectName, ObjectNameOptions.Trim);

    public string QuoteIdentifier(string objectName, ObjectNameOptions objectNameOptions) =>
        Quote(objectNameOptions == ObjectNameOptions.Trim ? objectName.Trim() : objectName);

    public string UnquoteIdentifier(string objectName) =>
        objectName.Length >= 2 && objectName[0] == '`' && objectName[^1] == '`' ? objectName[1..^1].Replace("``", "`", StringComparison.Ordinal) : objectName;
}
