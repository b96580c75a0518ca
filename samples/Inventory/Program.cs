// The inventory service. Its database schema lives in Migrations/, applied by Flyway at deploy time;
// ParityBuild makes `dotnet build` fail when an applied migration is edited, removed or reordered.
Console.WriteLine("Inventory service: schema migrations are checked at build time by ParityBuild.");
