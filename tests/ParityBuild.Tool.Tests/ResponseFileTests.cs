namespace ParityBuild.Tool.Tests;

[TestClass]
public sealed class ResponseFileTests
{
    [TestMethod]
    public void Values_with_quotes_spaces_hashes_and_at_signs_reach_the_command_from_a_response_file_as_they_are()
    {
        // What the package's targets write: one --name=value per line, the value as it is.
        using var folder = new ScratchFolder();
        var project = folder.File("odd \"dir\" #1 @home");
        folder.Write("odd \"dir\" #1 @home/Migrations/V1__it's \"quoted\" #1 @home.sql", "select 1;\n");
        var items = folder.Write("odd \"dir\" #1 @home/obj/verify.items", "Migrations/V1__it's \"quoted\" #1 @home.sql\t\t\t\n");
        var rsp = folder.Write("verify.rsp", string.Join('\n',
            $"--project-dir={project}",
            "--manifest=@base \"q\" #1.json",
            $"--items={items}",
            "--schema-file=",
            "--locked=false") + "\n");

        using var output = new StringWriter();
        var exitCode = Program.Run(["verify", "@" + rsp], output);

        Assert.AreEqual(0, exitCode, output.ToString());
        var manifest = File.ReadAllText(Path.Combine(project, "@base \"q\" #1.json"));
        StringAssert.Contains(manifest, "Migrations/V1__it's \\\"quoted\\\" #1 @home.sql");
    }
}
