using Microsoft.Extensions.FileSystemGlobbing;
using ParityBuild.Core.Gate;

namespace ParityBuild.Tool.Scripts;

/// <summary>
/// --include GLOB[=SET]: the scripts a glob relative to the project folder matches (the SDK's glob semantics: <c>**</c>
/// any folders, <c>*</c> within a name), in the migration set after <c>=</c>. The package's default item is
/// <c>Migrations/**/*.sql</c>.
/// </summary>
internal static class IncludePatterns
{
    public const string Default = "Migrations/**/*.sql";

    /// <summary>
    /// The items the globs match, each file once (the first glob that matches it gives its set), in ordinal order of
    /// their paths within each glob.
    /// </summary>
    public static List<ScriptItem> Expand(string projectDirectory, IEnumerable<string> includes)
    {
        var items = new List<ScriptItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var include in includes)
        {
            var (glob, set) = Split(include);
            // Case-sensitive where the file system is, as MSBuild's globs are on Linux.
            var matcher = new Matcher(OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
            matcher.AddInclude(glob);
            var matches = Directory.Exists(projectDirectory) ? matcher.GetResultsInFullPath(projectDirectory).Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
            foreach (var path in matches)
            {
                if (seen.Add(path))
                {
                    items.Add(new ScriptItem(Path.GetRelativePath(projectDirectory, path), set));
                }
            }
        }

        return items;
    }

    // The set follows the last '=' (a glob has none): Migrations/Orders/**/*.sql=orders.
    private static (string Glob, string Set) Split(string include)
    {
        var equals = include.LastIndexOf('=');
        return equals < 0 ? (include.Trim(), "") : (include[..equals].Trim(), include[(equals + 1)..].Trim());
    }
}
