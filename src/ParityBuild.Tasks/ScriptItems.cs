using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Tasks;

/// <summary>Reads ParityMigration items: full path, path relative to the project (or the Link metadata), Set and Naming.</summary>
internal static class ScriptItems
{
    public static IReadOnlyList<ScriptFile> Read(ITaskItem[]? items, string projectDirectory, string defaultNaming, List<Finding> findings) =>
        ScriptItem.ToScripts(
            [.. (items ?? []).Select(item => new ScriptItem(item.ItemSpec, item.GetMetadata("Set"), item.GetMetadata("Naming"), item.GetMetadata("Link")))],
            projectDirectory, defaultNaming, findings);
}
