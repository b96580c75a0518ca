using System.Diagnostics;

namespace ParityBuild.Tool.Tests;

/// <summary>A folder of scripts for one test, and the tool run against it (in this process, or as `dotnet exec`).</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "parity-tool-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string ManifestPath => File("migrations.baseline.json");

    public string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public string Write(string relativePath, string text)
    {
        var file = File(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        System.IO.File.WriteAllText(file, text);
        return file;
    }

    public string Read(string relativePath) => System.IO.File.ReadAllText(File(relativePath));

    public bool Exists(string relativePath) => System.IO.File.Exists(File(relativePath));

    /// <summary>Runs <c>parity command --project-dir this-folder args…</c> in this process (tests run in parallel: no current folder).</summary>
    public ToolRun Run(string command, params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = Program.Run([command, "--project-dir", Path, .. args], output);
        return new ToolRun(exitCode, output.ToString());
    }

    /// <summary>Runs the built tool as a process in this folder, as a user types <c>parity …</c>, with the environment given.</summary>
    public ToolRun Exec(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "ParityBuild.Tool.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "CI", "ContinuousIntegrationBuild", "GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "GITHUB_STEP_SUMMARY" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ToolRun(process.ExitCode, output + error.Result);
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

    /// <summary>The lines of a diagnostic with this code, in MSBuild's canonical format.</summary>
    public string[] WithCode(string code) => [.. Lines.Where(line => line.Contains($" {code}: ", StringComparison.Ordinal))];
}
