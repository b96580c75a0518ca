using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Gate;

/// <summary>
/// A script as a ParityMigration item gives it (or a line of the tool's --items file, or a match of its --include): the
/// path as written, and the Set, Naming and Link metadata ("" when not given).
/// </summary>
public sealed record ScriptItem(string Path, string Set = "", string Naming = "", string Link = "")
{
    /// <summary>
    /// The scripts the items stand for: each one's full path, and its path relative to the project (or its Link) with
    /// <c>/</c>, as the manifest records it. A script outside the project folder without a Link is a PARITY1011 finding.
    /// </summary>
    public static List<ScriptFile> ToScripts(IReadOnlyCollection<ScriptItem> items, string projectDirectory, string defaultNaming, List<Finding> findings)
    {
        var scripts = new List<ScriptFile>(items.Count);
        var projectPrefix = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(projectDirectory)) + System.IO.Path.DirectorySeparatorChar;
        foreach (var item in items)
        {
            // The path against the project folder, as MSBuild's FullPath metadata is (asking MSBuild for it costs more).
            var fullPath = System.IO.Path.GetFullPath(item.Path, projectDirectory);
            var relative = (item.Link.Length > 0 ? item.Link
                : fullPath.StartsWith(projectPrefix, StringComparison.Ordinal) ? fullPath[projectPrefix.Length..]
                : System.IO.Path.GetRelativePath(projectDirectory, fullPath)).Replace('\\', '/');
            if (relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || System.IO.Path.IsPathRooted(relative))
            {
                findings.Add(Diagnostics.ScriptUnreadable.At(
                    fullPath, item.Path,
                    "it lies outside the project folder, and the manifest records paths relative to the project. Give the item a Link metadata (its path as seen from the project, e.g. Link=\"Migrations/%(Filename)%(Extension)\")."));
                continue;
            }

            scripts.Add(new ScriptFile(fullPath, relative, item.Set.Trim(), item.Naming.Length > 0 ? item.Naming : defaultNaming));
        }

        return scripts;
    }
}
