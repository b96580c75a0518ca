namespace ParityBuild.Tool.Tests;

[TestClass]
public sealed class AcceptAndStatusCommandTests
{
    [TestMethod]
    public void Accept_takes_in_an_intended_edit_lists_it_and_the_next_locked_verify_passes()
    {
        using var folder = new ScratchFolder();
        var script = folder.Write("Migrations/V1__create.sql", "create table if not exists a (id int);\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        File.WriteAllText(script, "create table if not exists a (id bigint);\n");

        var accept = folder.Run("accept", "--locked", "false");
        var verify = folder.Run("verify", "--locked");

        Assert.AreEqual(0, accept.ExitCode, accept.Output);
        StringAssert.Contains(accept.Output, "ParityAccept: updated Migrations/V1__create.sql");
        StringAssert.Contains(accept.Output, "ParityAccept: wrote migrations.baseline.json (1 migrations, 1 changed); commit it.");
        Assert.AreEqual(0, verify.ExitCode, verify.Output);
    }

    [TestMethod]
    public void Accept_on_a_matching_manifest_leaves_its_bytes_as_they_are()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        var before = File.ReadAllBytes(folder.ManifestPath);

        var accept = folder.Run("accept");

        Assert.AreEqual(0, accept.ExitCode, accept.Output);
        StringAssert.Contains(accept.Output, "ParityAccept: migrations.baseline.json already matches the 1 migrations.");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(folder.ManifestPath));
    }

    [TestMethod]
    public void Status_prints_a_row_per_migration_with_its_state_and_writes_nothing()
    {
        using var folder = new ScratchFolder();
        var script = folder.Write("Migrations/V1__create.sql", "select 1;\n");
        Assert.AreEqual(0, folder.Run("verify", "--locked", "false").ExitCode);
        File.WriteAllText(script, "select 11;\n");
        folder.Write("Migrations/V2__more.sql", "select 2;\n");
        var before = File.ReadAllBytes(folder.ManifestPath);

        var status = folder.Run("status");

        Assert.AreEqual(0, status.ExitCode, status.Output);
        StringAssert.StartsWith(status.Lines[0], "ParityStatus: 2 migrations against migrations.baseline.json");
        Assert.IsTrue(status.Lines.Any(line => line.StartsWith("1 ", StringComparison.Ordinal) && line.Contains("CHANGED", StringComparison.Ordinal)), status.Output);
        Assert.IsTrue(status.Lines.Any(line => line.StartsWith("2 ", StringComparison.Ordinal) && line.EndsWith("Migrations/V2__more.sql", StringComparison.Ordinal)), status.Output);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(folder.ManifestPath));
    }

    [TestMethod]
    public void Status_of_two_scripts_with_one_version_exits_1_with_PARITY1005_and_no_table()
    {
        using var folder = new ScratchFolder();
        folder.Write("Migrations/V1__create.sql", "select 1;\n");
        folder.Write("Migrations/V1__again.sql", "select 2;\n");

        var status = folder.Run("status");

        Assert.AreEqual(1, status.ExitCode, status.Output);
        Assert.HasCount(1, status.WithCode("PARITY1005"), status.Output);
        Assert.DoesNotContain("ParityStatus:", status.Output);
        Assert.IsFalse(folder.Exists("migrations.baseline.json"));
    }

    [TestMethod]
    public void The_root_help_lists_every_command_by_its_first_sentence_and_no_command_is_a_usage_error()
    {
        using var help = new StringWriter();
        using var none = new StringWriter();

        var helpExit = Program.Run(["--help"], help);
        var noneExit = Program.Run([], none);

        Assert.AreEqual(0, helpExit);
        foreach (var command in Program.Root().Subcommands.Where(command => !command.Hidden))
        {
            StringAssert.Contains(help.ToString(), $"\n  {command.Name} ");
        }

        // report is the package's (its WriteReports on Visual Studio 2022), not a user's.
        Assert.DoesNotContain("\n  report ", help.ToString());

        Assert.DoesNotContain("Examples:", help.ToString());
        Assert.AreEqual(2, noneExit);
        StringAssert.StartsWith(none.ToString(), "parity: error PARITY1019: ");
    }

    [TestMethod]
    public void Every_command_has_help_with_examples()
    {
        foreach (var command in Program.Root().Subcommands.Where(command => !command.Hidden))
        {
            using var output = new StringWriter();

            var exitCode = Program.Run([command.Name, "--help"], output);

            Assert.AreEqual(0, exitCode, command.Name);
            StringAssert.Contains(output.ToString(), "Examples:", command.Name);
            StringAssert.Contains(output.ToString(), $"parity {command.Name}", command.Name);
        }
    }
}
