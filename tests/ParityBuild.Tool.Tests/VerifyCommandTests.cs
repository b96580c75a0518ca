namespace ParityBuild.Tool.Tests;

[TestClass]
public sealed class VerifyCommandTests
{
    [TestMethod]
    public void Verify_with_no_options_baselines_the_default_scripts_beside_the_default_manifest()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "create table a (id int);\n");

        var run = folder.Run("verify", "--locked", "false");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(folder.Read("migrations.baseline.json"), "V1__create.sql");
    }

    [TestMethod]
    public void An_edited_baselined_script_exits_1_with_the_canonical_PARITY1001_line_at_the_script_file()
    {
        using var folder = new ScratchFolder();
        var script = folder.Write("Migrations/V1__create.sql", "create table a (id int);\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        File.WriteAllText(script, "create table a (id bigint);\n");

        var run = folder.Run("verify", "--locked");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        // The whole file changed, so the finding has no line: MSBuild's format is then "file: error CODE: message".
        Assert.IsTrue(run.Lines.Any(line => line.StartsWith(script + ": error PARITY1001: ", StringComparison.Ordinal)), run.Output);
    }

    [TestMethod]
    public void An_unknown_option_exits_2_with_PARITY1019()
    {
        using var folder = new ScratchFolder();

        var run = folder.Run("verify", "--no-such-option");

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.StartsWith(run.Lines[0], "parity: error PARITY1019: ");
    }
}
