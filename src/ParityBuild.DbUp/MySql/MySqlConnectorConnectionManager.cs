using System.Text;
using DbUp.Engine.Transactions;
using MySqlConnector;

namespace ParityBuild.DbUp.MySql;

/// <summary>
/// DbUp's connection manager for MySQL and MariaDB over MySqlConnector, on dbup-core alone (no dbup-mysql package is
/// used here). A script goes to the server as few commands as it can: MySqlConnector runs several statements in one;
/// only the mysql client's <c>DELIMITER</c> lines, which no server understands, split it.
/// </summary>
public sealed class MySqlConnectorConnectionManager(string connectionString)
    : DatabaseConnectionManager(new DelegateConnectionFactory(_ => new MySqlConnection(connectionString)))
{
    /// <summary>Splits at <c>DELIMITER</c> lines and, after one, at each line that ends with the new delimiter.</summary>
    public override IEnumerable<string> SplitScriptIntoCommands(string scriptContents) => Split(scriptContents);

    internal static List<string> Split(string script)
    {
        var commands = new List<string>();
        var current = new StringBuilder();
        var delimiter = ";";
        foreach (var line in script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("DELIMITER ", StringComparison.OrdinalIgnoreCase))
            {
                Flush(commands, current);
                delimiter = trimmed["DELIMITER ".Length..].Trim();
                continue;
            }

            if (delimiter != ";" && trimmed.EndsWith(delimiter, StringComparison.Ordinal))
            {
                var end = line.LastIndexOf(delimiter, StringComparison.Ordinal);
                current.Append(line, 0, end).Append('\n');
                Flush(commands, current);
                continue;
            }

            current.Append(line).Append('\n');
        }

        Flush(commands, current);
        return commands;
    }

    private static void Flush(List<string> commands, StringBuilder current)
    {
        var command = current.ToString().Trim();
        if (command.Length > 0 && command != ";")
        {
            commands.Add(command);
        }

        current.Clear();
    }
}
