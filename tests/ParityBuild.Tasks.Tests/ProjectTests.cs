using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ParityBuild.Tasks.Tests;

/// <summary>The set-up of every task test: a project folder of its own with Migrations/V1__init.sql (and what <see cref="MoreScripts"/> adds), deleted after it.</summary>
public abstract class ProjectTests
{
    protected string Project { get; private set; } = null!;

    /// <summary>Scripts besides V1__init.sql, by file name.</summary>
    protected virtual IReadOnlyDictionary<string, string> MoreScripts => new Dictionary<string, string>();

    [TestInitialize]
    public void CreateProject()
    {
        Project = Path.Combine(Path.GetTempPath(), "paritybuild-tasks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Project, "Migrations"));
        File.WriteAllText(Path.Combine(Project, "Migrations", "V1__init.sql"), "CREATE TABLE a (id int);\n");
        foreach (var (name, sql) in MoreScripts)
        {
            File.WriteAllText(Path.Combine(Project, "Migrations", name), sql);
        }
    }

    [TestCleanup]
    public void DeleteProject() => Directory.Delete(Project, recursive: true);

    /// <summary>Every script of the project, as the targets pass them.</summary>
    protected ITaskItem[] ScriptItems() =>
        [.. Directory.GetFiles(Path.Combine(Project, "Migrations")).Order(StringComparer.Ordinal).Select(path => new TaskItem(path))];

    /// <summary>All a task logged: errors, warnings and messages.</summary>
    private protected static string Everything(RecordingBuildEngine engine) =>
        string.Join("\n", engine.Errors.Select(e => e.Message).Concat(engine.Warnings.Select(w => w.Message)).Concat(engine.Messages.Select(m => m.Message)));
}
