using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Tasks;

/// <summary>Reads ParityMigration items: full path, path relative to the project (or the Link metadata), Set and Naming.</summary>
internal static class ScriptItems
{
    /// <param name="memory">What the last build of this project in this node read, reused when the items are the same.</param>
    public static IReadOnlyList<ScriptFile> Read(ITaskItem[]? items, string projectDirectory, string defaultNaming, List<Finding> findings, Memory? memory = null)
    {
        items ??= [];
        if (memory?.Recall(items, projectDirectory, defaultNaming) is { } remembered)
        {
            return remembered;
        }

        var scripts = new List<ScriptFile>(items.Length);
        // What the memory keeps of each item, as read here: asking MSBuild twice costs as much again.
        var read = memory is null ? null : new string[items.Length][];
        var index = 0;
        var projectPrefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory)) + Path.DirectorySeparatorChar;
        foreach (var item in items)
        {
            // The item's path against the project folder, as its FullPath metadata is: asking MSBuild for that metadata
            // costs several times more, which ten thousand scripts turn into tens of milliseconds per build.
            var spec = item.ItemSpec;
            var fullPath = Path.GetFullPath(spec, projectDirectory);
            var link = item.GetMetadata("Link");
            var set = item.GetMetadata("Set");
            var naming = item.GetMetadata("Naming");
            if (read is not null)
            {
                read[index++] = [spec, link, set, naming];
            }

            var relative = (link.Length > 0 ? link
                : fullPath.StartsWith(projectPrefix, StringComparison.Ordinal) ? fullPath[projectPrefix.Length..]
                : Path.GetRelativePath(projectDirectory, fullPath)).Replace('\\', '/');
            if (relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative))
            {
                findings.Add(Diagnostics.ScriptUnreadable.At(
                    fullPath, spec,
                    "it lies outside the project folder, and the manifest records paths relative to the project. Give the item a Link metadata (its path as seen from the project, e.g. Link=\"Migrations/%(Filename)%(Extension)\")."));
                continue;
            }

            scripts.Add(new ScriptFile(fullPath, relative, set.Trim(), naming.Length > 0 ? naming : defaultNaming));
        }

        if (findings.Count == 0)
        {
            memory?.Remember(read!, projectDirectory, defaultNaming, scripts);
        }

        return scripts;
    }

    /// <summary>
    /// The script list the last build read, with the item specs and metadata it came from. A build of the same items
    /// (most builds) gets the same list back (read-only: every build shares it) instead of ten thousand new paths, which a reused node's garbage collector
    /// would otherwise have to sweep up, in pauses of tens of milliseconds.
    /// </summary>
    internal sealed class Memory
    {
        private static readonly string[] Names = ["Link", "Set", "Naming"];

        private string[][] read = [];
        private string projectDirectory = "";
        private string defaultNaming = "";
        private IReadOnlyList<ScriptFile>? scripts;

        public IReadOnlyList<ScriptFile>? Recall(ITaskItem[] items, string projectDirectory, string defaultNaming)
        {
            if (scripts is null || items.Length != read.Length || projectDirectory != this.projectDirectory || defaultNaming != this.defaultNaming)
            {
                return null;
            }

            for (var i = 0; i < items.Length; i++)
            {
                var known = read[i];
                if (!string.Equals(items[i].ItemSpec, known[0], StringComparison.Ordinal))
                {
                    return null;
                }

                for (var m = 0; m < Names.Length; m++)
                {
                    if (!string.Equals(items[i].GetMetadata(Names[m]), known[m + 1], StringComparison.Ordinal))
                    {
                        return null;
                    }
                }
            }

            return scripts;
        }

        /// <param name="read">Each item's spec and its <see cref="Names"/> metadata, in order.</param>
        public void Remember(string[][] read, string projectDirectory, string defaultNaming, List<ScriptFile> scripts)
        {
            this.read = read;
            this.projectDirectory = projectDirectory;
            this.defaultNaming = defaultNaming;
            this.scripts = scripts;
        }
    }
}
