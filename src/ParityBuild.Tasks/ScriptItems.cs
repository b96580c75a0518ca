using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Tasks;

/// <summary>Reads ParityMigration items: full path, path relative to the project (or the Link metadata), Set and Naming.</summary>
internal static class ScriptItems
{
    public static List<ScriptFile> Read(ITaskItem[]? items, string projectDirectory, string defaultNaming, List<Finding> findings)
    {
        var scripts = new List<ScriptFile>(items?.Length ?? 0);
        var projectPrefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory)) + Path.DirectorySeparatorChar;
        foreach (var item in items ?? [])
        {
            // The item's path against the project folder, as its FullPath metadata is: asking MSBuild for that metadata
            // costs several times more, which ten thousand scripts turn into tens of milliseconds per build.
            var fullPath = Path.GetFullPath(item.ItemSpec, projectDirectory);
            var link = item.GetMetadata("Link");
            var relative = (link.Length > 0 ? link
                : fullPath.StartsWith(projectPrefix, StringComparison.Ordinal) ? fullPath[projectPrefix.Length..]
                : Path.GetRelativePath(projectDirectory, fullPath)).Replace('\\', '/');
            if (relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative))
            {
                findings.Add(Diagnostics.ScriptUnreadable.At(
                    fullPath, item.ItemSpec,
                    "it lies outside the project folder, and the manifest records paths relative to the project. Give the item a Link metadata (its path as seen from the project, e.g. Link=\"Migrations/%(Filename)%(Extension)\")."));
                continue;
            }

            var naming = item.GetMetadata("Naming");
            scripts.Add(new ScriptFile(fullPath, relative, item.GetMetadata("Set").Trim(), naming.Length > 0 ? naming : defaultNaming));
        }

        return scripts;
    }
}
