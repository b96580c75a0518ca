using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Reports;

/// <summary>
/// What one check reported for one project: the gate (with the safety rules) or the replica check. Each check writes
/// its part when it runs; the reports (SARIF, JSON, Markdown) are made from the parts of one build.
/// </summary>
/// <param name="Name">gate | replica.</param>
/// <param name="Summary">The one-line summary the build log shows.</param>
/// <param name="Table">A status table (the replica's), line by line; empty for none.</param>
public sealed record ReportPart(string Name, string Summary, IReadOnlyList<Finding> Findings, IReadOnlyList<string> Table);

/// <param name="ProjectFile">The project's full path; findings without a file are reported at it.</param>
/// <param name="SourceRoot">The repository's root (the folder holding .git), so that paths are relative to it as code-scanning tools want; the project's folder when there is none.</param>
public sealed record Report(string ProjectFile, string SourceRoot, IReadOnlyList<ReportPart> Parts)
{
    public const string ToolName = "ParityBuild";

    public const string InformationUri = "https://github.com/paritybuild/paritybuild";

    public IEnumerable<Finding> Findings => Parts.SelectMany(part => part.Findings);

    /// <summary>The tool's version, from the assembly (the package version it was packed with).</summary>
    public static string ToolVersion { get; } =
        (typeof(Report).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    /// <summary>A path as reports name it: relative to the source root with '/' separators, or absolute outside it.</summary>
    public string RelativePath(string path)
    {
        // No file system path holds a NUL (the path APIs refuse one); a path that does came from a file's content.
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            path = OneLine.Escape(path);
        }

        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(SourceRoot, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full.Replace('\\', '/') : relative.Replace('\\', '/');
    }

    /// <summary>The folder holding .git above <paramref name="projectDirectory"/>, or the project's folder.</summary>
    public static string FindSourceRoot(string projectDirectory)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(projectDirectory)); directory is not null; directory = directory.Parent)
        {
            // .git is a folder in a clone and a file in a worktree or submodule.
            if (Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
            {
                return directory.FullName;
            }
        }

        return Path.GetFullPath(projectDirectory);
    }
}
