using Microsoft.Build.Framework;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Scripts;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace ParityBuild.Tasks;

/// <summary>
/// What the ParityBuild tasks share: the ParityMigration items and the gate's settings in, findings out, and no
/// exception ever crossing into MSBuild (it would print a stack trace instead of a coded error).
/// </summary>
public abstract class MigrationTask : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    public ITaskItem[]? Scripts { get; set; }

    [Required]
    public string ProjectDirectory { get; set; } = "";

    [Required]
    public string BaselineFile { get; set; } = "";

    public bool LockedMode { get; set; }

    public bool AllowOutOfOrder { get; set; }

    /// <summary>The naming convention of items without Naming metadata.</summary>
    public string Naming { get; set; } = "auto";

    /// <summary>The stat cache under obj/; empty for none.</summary>
    public string StatCacheFile { get; set; } = "";

    private string ManifestFullPath => Path.GetFullPath(BaselineFile, ProjectDirectory);

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            var findings = new List<Finding>();
            var scripts = ScriptItems.Read(Scripts, ProjectDirectory, Naming, findings);
            if (findings.Count > 0)
            {
                FindingLogger.LogAll(Log, findings);
                return false;
            }

            Log.LogMessage(MessageImportance.Low, $"ParityBuild: {scripts.Count} scripts, manifest {ManifestFullPath}, locked mode {LockedMode}, allow out of order {AllowOutOfOrder}, naming {Naming}.");
            Execute(scripts, _cancellation.Token);
            return !Log.HasLoggedErrors;
        }
        catch (OperationCanceledException)
        {
            Log.LogMessage(MessageImportance.High, "ParityBuild: cancelled.");
            return false;
        }
        catch (Exception exception)
        {
            FindingLogger.Log(Log, Diagnostics.InternalError.At(BaselineFile, exception.GetType().Name, exception.Message));
            return false;
        }
    }

    protected abstract void Execute(IReadOnlyList<ScriptFile> scripts, CancellationToken cancellation);

    /// <summary>The gate's settings this task's parameters give.</summary>
    protected GateSettings GateSettings() => new(ProjectDirectory, BaselineFile)
    {
        Locked = LockedMode,
        AllowOutOfOrder = AllowOutOfOrder,
        StatCacheFile = StatCacheFile,
    };

    /// <summary>Logs what the gate returned: its findings, then its messages.</summary>
    protected void LogOutcome(GateOutcome outcome)
    {
        FindingLogger.LogAll(Log, outcome.Findings);
        foreach (var message in outcome.Messages)
        {
            Log.LogMessage(message.Importance switch { Importance.High => MessageImportance.High, Importance.Normal => MessageImportance.Normal, _ => MessageImportance.Low }, message.Text);
        }
    }
}
