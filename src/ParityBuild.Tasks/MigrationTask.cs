using Microsoft.Build.Framework;
using ParityBuild.Core.Baseline;
using ParityBuild.Core.Checksums.Peers;
using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Core.Scripts;
using ParityBuild.Core.Verification;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace ParityBuild.Tasks;

/// <summary>
/// What the ParityBuild tasks share: the ParityMigration items and the gate's settings in, findings out, and no
/// exception ever crossing into MSBuild (it would print a stack trace instead of a coded error).
/// </summary>
public abstract class MigrationTask : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource cancellation = new();

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

    public void Cancel() => cancellation.Cancel();

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
            Execute(scripts, cancellation.Token);
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

    /// <summary>
    /// What ParityVerify learned in this build (the discovery, the manifest it read, the raw-bytes digests for a postgrator
    /// or sqitch history), for the replica check after it. The engine keeps it for this build only: a later build that
    /// finds ParityVerify up to date read nothing, and its check reads the scripts and the manifest itself. Nothing of
    /// the scripts or the manifest is remembered from one build to the next but the stat cache under obj/.
    /// </summary>
    protected void ShareWithLaterTasks(IReadOnlyList<ScriptFile> scripts, VerifyResult result)
    {
        if (BuildEngine is IBuildEngine4 engine)
        {
            engine.UnregisterTaskObject(SharedKey, RegisteredTaskObjectLifetime.Build);
            engine.RegisterTaskObject(SharedKey, new GateShare(scripts, result), RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        }
    }

    /// <summary>What <see cref="ShareWithLaterTasks"/> left in this build, or null.</summary>
    private GateShare? Shared() =>
        BuildEngine is IBuildEngine4 engine ? engine.GetRegisteredTaskObject(SharedKey, RegisteredTaskObjectLifetime.Build) as GateShare : null;

    /// <summary>The raw-bytes digests ParityVerify computed in this build, or null.</summary>
    protected IReadOnlyDictionary<string, RawDigest>? SharedRawDigests() => Shared()?.Result.RawDigests is { Count: > 0 } digests ? digests : null;

    /// <summary>ParityVerify's discovery in this build, when it was given the same scripts.</summary>
    protected MigrationDiscovery.Result? SharedDiscovery(IReadOnlyList<ScriptFile> scripts) =>
        Shared() is { } shared && (ReferenceEquals(shared.Scripts, scripts) || shared.Scripts.SequenceEqual(scripts)) ? shared.Result.Discovery : null;

    private (string, string, string) SharedKey => ("ParityBuild.Gate", Path.GetFullPath(ProjectDirectory), ManifestFullPath);

    private sealed record GateShare(IReadOnlyList<ScriptFile> Scripts, VerifyResult Result);

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

    protected VerifyOptions Options(bool accept = false, bool readOnly = false) => new(
        ProjectDirectory,
        ManifestFullPath,
        LockedMode,
        AllowOutOfOrder,
        accept,
        StatCacheFile.Length > 0 ? Path.GetFullPath(StatCacheFile, ProjectDirectory) : null,
        readOnly);

    /// <summary>
    /// The manifest as ParityVerify left it (the one it read in this build, while the file is unchanged since), or null when
    /// there is none or it cannot be read: the tasks that run after ParityVerify (which reported any problem with it) only
    /// take stored checksums and the digest from it.
    /// </summary>
    protected Manifest? TryReadManifest()
    {
        try
        {
            return File.Exists(ManifestFullPath) ? Shared()?.Result.ManifestIfUnchanged(ManifestFullPath) ?? ManifestReader.Read(ManifestFullPath) : null;
        }
        catch (Exception exception) when (exception is ManifestException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
