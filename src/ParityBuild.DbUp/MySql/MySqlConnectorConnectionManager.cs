using DbUp.Engine.Transactions;
using MySqlConnector;
using ParityBuild.Core.Rules;

namespace ParityBuild.DbUp.MySql;

/// <summary>
/// DbUp's connection manager for MySQL and MariaDB over MySqlConnector, on dbup-core alone (no dbup-mysql package is
/// used here). A script goes to the server as few commands as it can: MySqlConnector runs several statements in one;
/// only the mysql client's <c>DELIMITER</c> syntax, which no server understands, splits it.
/// </summary>
public sealed class MySqlConnectorConnectionManager(string connectionString)
    : DatabaseConnectionManager(new DelegateConnectionFactory(_ => new MySqlConnection(connectionString)))
{
    /// <summary>
    /// Splits where the mysql client would: at <c>DELIMITER</c> lines and, after one, at each use of the new delimiter,
    /// outside strings and comments (Core's statement splitter, in the MySQL dialect). Each command is the text between
    /// them as written, so <c>/*! … */</c> executable comments and a statement's comments reach the server intact.
    /// </summary>
    public override IEnumerable<string> SplitScriptIntoCommands(string scriptContents) => Split(scriptContents);

    internal static List<string> Split(string script)
    {
        var text = script.Replace("\r\n", "\n", StringComparison.Ordinal);
        var commands = new List<string>();
        var start = 0;
        foreach (var (at, length) in SqlStatementSplitter.Split(text, SqlEngine.MySql).ClientSyntax)
        {
            Add(commands, text[start..at]);
            start = at + length;
        }

        Add(commands, text[start..]);
        return commands;
    }

    private static void Add(List<string> commands, string command)
    {
        command = command.Trim();
        if (command.Length > 0 && command != ";")
        {
            commands.Add(command);
        }
    }
}
