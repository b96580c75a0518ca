// The orders service's deployer: applies Migrations/*.sql with DbUp, journaling each script's checksum with
// ParityBuild.DbUp so that the nightly replica check can tell an applied script that was edited afterwards.
// The connection string comes from an environment variable, never from the command line (it would show in `ps`).
using System.Reflection;
using DbUp;
using ParityBuild.DbUp;

const string variable = "ORDERS_DATABASE";
var connectionString = Environment.GetEnvironmentVariable(variable);
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine($"Set {variable} to the PostgreSQL connection string of the database to deploy to.");
    return 2;
}

var upgrade = DeployChanges.To.PostgresqlDatabase(connectionString)
    .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly())
    .WithTransactionPerScript()
    .JournalToParity()
    .LogToConsole()
    .Build()
    .PerformUpgrade();

if (!upgrade.Successful)
{
    Console.Error.WriteLine($"Deploy failed in {upgrade.ErrorScript?.Name}: {upgrade.Error.Message}");
    return 1;
}

Console.WriteLine($"Deployed {upgrade.Scripts.Count()} scripts.");
return 0;
