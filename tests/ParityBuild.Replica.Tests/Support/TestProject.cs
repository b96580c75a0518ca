using System.Text;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Replica.Tests.Support;

/// <summary>A throw-away project folder with migration scripts, handed to the check as ParityMigration items would be.</summary>
public sealed class TestProject : IDisposable
{
    private readonly List<ScriptFile> _scripts = [];
    private readonly List<ScriptFile> _efMigrations = [];

    public TestProject(string naming = "auto")
    {
        Naming = naming;
        Directory = Path.Combine(Path.GetTempPath(), "paritybuild-replica-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Naming { get; }

    public IReadOnlyList<ScriptFile> Scripts => _scripts;

    public IReadOnlyList<ScriptFile> EfMigrations => _efMigrations;

    public TestProject Script(string relativePath, string content)
    {
        _scripts.Add(new ScriptFile(Write(relativePath, content), relativePath, "", Naming));
        return this;
    }

    /// <summary>A script of exactly these bytes (another encoding, malformed UTF-8).</summary>
    public TestProject Script(string relativePath, byte[] content)
    {
        Script(relativePath, "");
        File.WriteAllBytes(PathOf(relativePath), content);
        return this;
    }

    /// <summary>Deletes a script and hands it over no more, as a script removed from the repository.</summary>
    public TestProject Remove(string relativePath)
    {
        File.Delete(PathOf(relativePath));
        _scripts.RemoveAll(script => script.RelativePath == relativePath);
        return this;
    }

    /// <summary>Rewrites a script the project already hands over, as an edit in the repository.</summary>
    public TestProject Edit(string relativePath, string content)
    {
        Assert.IsTrue(_scripts.Any(script => script.RelativePath == relativePath), relativePath);
        Write(relativePath, content);
        return this;
    }

    /// <summary>An EF Core migration class file (its content does not matter to the check).</summary>
    public TestProject EfMigration(string relativePath)
    {
        _efMigrations.Add(new ScriptFile(Write(relativePath, "namespace App.Migrations;\n"), relativePath));
        return this;
    }

    /// <summary>
    /// Commits the folder as it is to a git repository of its own (made on first use), as a team commits its scripts:
    /// where ParityAccept finds the text a cosmetic edit replaced.
    /// </summary>
    public TestProject Commit()
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, ".git")))
        {
            Git("init", "-q");
        }

        Git("add", "-A");
        Git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m", "scripts");
        return this;
    }

    private void Git(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"git {string.Join(' ', arguments)}: {error}");
    }

    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Flyway's CRC32 of a text, as flyway_schema_history stores it.</summary>
    public static int Flyway(string content) => ScriptHasher.Hash(Encoding.UTF8.GetBytes(content), ChecksumKinds.Flyway).Flyway!.Value;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private string Write(string relativePath, string content)
    {
        var path = PathOf(relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
