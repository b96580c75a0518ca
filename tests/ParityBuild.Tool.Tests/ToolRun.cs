namespace ParityBuild.Tool.Tests;

/// <summary>A folder of scripts for one test, and the tool run in this process against it.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "parity-tool-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string text)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    public bool Exists(string relativePath) => File.Exists(System.IO.Path.Combine(Path, relativePath));

    /// <summary>Runs <c>parity command --project-dir this-folder args…</c> (the folder is not the current one: tests run in parallel).</summary>
    public ToolRun Run(string command, params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = Program.Run([command, "--project-dir", Path, .. args], output);
        return new ToolRun(exitCode, output.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record ToolRun(int ExitCode, string Output)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
