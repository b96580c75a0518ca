using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Checksums;

/// <summary>
/// T-SQL's GO ends a batch only alone on its line; moved onto the line before, it becomes a column alias and the two
/// batches merge. The gate must call that a real edit, never a reformatting.
/// </summary>
[TestClass]
public sealed class BatchSeparatorGateTests
{
    private const string Script = "Migrations/Script0001 - create orders.sql";

    [TestMethod]
    public void A_GO_moved_onto_the_statement_before_it_is_PARITY1001()
    {
        using var project = new TempFolder();
        project.Write(Script, "CREATE TABLE [dbo].[Orders] ([Id] int NOT NULL)\nGO\nSELECT 1\nGO\n");
        var options = new VerifyOptions(project.Root, project.PathOf("migrations.baseline.json"));
        Verifier.Run(Scripts(project), options);

        project.Write(Script, "CREATE TABLE [dbo].[Orders] ([Id] int NOT NULL)\nGO\nSELECT 1 GO\n");
        var result = Verifier.Run(Scripts(project), options);

        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(result.Findings).Code);
    }

    [TestMethod]
    public void Spacing_and_a_comment_around_a_GO_line_are_PARITY1009()
    {
        using var project = new TempFolder();
        project.Write(Script, "CREATE TABLE [dbo].[Orders] ([Id] int NOT NULL)\nGO\nSELECT 1\nGO\n");
        var options = new VerifyOptions(project.Root, project.PathOf("migrations.baseline.json"));
        Verifier.Run(Scripts(project), options);

        project.Write(Script, "-- orders\r\nCREATE TABLE [dbo].[Orders] ([Id] int NOT NULL)\r\n\r\n  GO  -- batch 1\r\nSELECT 1\r\nGO\r\n");
        var result = Verifier.Run(Scripts(project), options);

        Assert.AreEqual("PARITY1009", Assert.ContainsSingle(result.Findings).Code);
    }

    private static ScriptFile[] Scripts(TempFolder project) => [new(project.PathOf(Script), Script, "", "dbup")];
}
