using System.Text;
using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

/// <summary>A DbUp project on SQL Server, as SSMS users write one: T-SQL with GO batches, a script saved as "Unicode".</summary>
[TestClass]
public sealed class SqlServerTests
{
    private const string First = "Migrations/Script0001 - create orders.sql";
    private const string Second = "Migrations/Script0002 - customers.sql";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void A_TSQL_project_is_gated_end_to_end_in_its_own_dialect()
    {
        var consumer = Consumer.Create(TestContext.TestName!, properties: "<ParityNaming>dbup</ParityNaming>")
            .Script(First, "CREATE TABLE [dbo].[Orders] ([Id] int NOT NULL, [CustomerId] int NULL)\r\nGO\r\nSELECT 1\r\nGO\r\n")
            .WriteBytes(Second, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("-- Kunden (Straße)\r\nCREATE TABLE [dbo].[Customers] ([Name] nvarchar(50) NOT NULL)\r\nGO\r\n")]);

        var baselined = consumer.Build();
        Assert.IsTrue(baselined.Succeeded, baselined.ToString());
        Assert.AreEqual(0, baselined.WithCode("PARITY1012").Count, "A UTF-16 script with a byte-order mark is read as text.\n" + baselined.Output);

        // A new script that builds an index offline on the live table: the T-SQL rule, at its line, with T-SQL's advice.
        consumer.Script("Migrations/Script0003 - index.sql", "SET LOCK_TIMEOUT 5000\r\nGO\r\nCREATE INDEX [IX_Orders_CustomerId] ON [dbo].[Orders] ([CustomerId])\r\nGO\r\n");
        var withIndex = consumer.Build("--no-restore", "-v:n");
        Assert.IsTrue(withIndex.Succeeded, withIndex.ToString());
        var online = withIndex.WithCode("PARITY4016").Single();
        Assert.AreEqual((consumer.PathOf("Migrations/Script0003 - index.sql"), 3), (online.File, online.Line));
        StringAssert.Contains(online.Message, "[dbo].[Orders]");
        StringAssert.Contains(withIndex.WithCode("PARITY4010").Single().Message, "IF NOT EXISTS (SELECT 1 FROM sys.indexes");
        Assert.AreEqual(0, withIndex.Diagnostics.Count(diagnostic => diagnostic.Code is "PARITY4001" or "PARITY4009"), "No PostgreSQL rule reads T-SQL.\n" + withIndex.Output);
        StringAssert.Contains(withIndex.Output, "the safety rules read sqlserver (a GO line in Migrations/Script0001 - create orders.sql:2)");

        // GO moved onto the line before: the batches merge and GO becomes an alias, a real edit.
        consumer.Script(First, "CREATE TABLE [dbo].[Orders] ([Id] int NOT NULL, [CustomerId] int NULL)\r\nGO\r\nSELECT 1 GO\r\n");
        var merged = consumer.Build("--no-restore");
        Assert.IsFalse(merged.Succeeded);
        Assert.AreEqual(consumer.PathOf(First), merged.WithCode("PARITY1001").Single().File);
        Assert.AreEqual(0, merged.WithCode("PARITY1009").Count, merged.Output);
    }
}
