using Microsoft.Build.Framework;
using ParityBuild.Core.Baseline;
using ParityBuild.Core.Checksums.Peers;
using ParityBuild.Core.Findings;
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

    /// <summary>Whether a reused node may watch the script folders instead of statting every script (ParityFileWatch).</summary>
    public bool WatchFolders { get; set; } = true;

    protected string ManifestDisplayPath => Verifier.DisplayPath(ProjectDirectory, ManifestFullPath);

    private string ManifestFullPath => Path.GetFullPath(BaselineFile, ProjectDirectory);

    public void Cancel() => cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            var findings = new List<Finding>();
            var scripts = ScriptItems.Read(Scripts, ProjectDirectory, Naming, findings, Registered<ScriptItems.Memory>("ParityBuild.ScriptItems"));
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
    /// What earlier builds in this MSBuild node remember of this project (manifest, discovery, stat cache), kept by
    /// the build engine rather than in a static field, so that it follows the node's lifetime and can be collected.
    /// </summary>
    protected VerifierMemory? Memory() => Registered<VerifierMemory>("ParityBuild.VerifierMemory");

    // One object of each kind per project (and manifest) and node, made on first use.
    private T? Registered<T>(string kind)
        where T : class, new()
    {
        if (BuildEngine is not IBuildEngine4 engine)
        {
            return null;
        }

        var key = (kind, Path.GetFullPath(ProjectDirectory), ManifestFullPath);
        if (engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.AppDomain) is T known)
        {
            return known;
        }

        var made = new T();
        engine.RegisterTaskObject(key, made, RegisteredTaskObjectLifetime.AppDomain, allowEarlyCollection: true);
        return made;
    }

    /// <summary>
    /// The raw-bytes digests ParityVerify computed in this build for a postgrator or sqitch history, for the replica check
    /// after it. The engine keeps them for this build only: a later build that finds ParityVerify up to date read nothing,
    /// and its check reads the scripts itself.
    /// </summary>
    protected void ShareRawDigests(IReadOnlyDictionary<string, RawDigest> digests)
    {
        if (BuildEngine is IBuildEngine4 engine)
        {
            engine.UnregisterTaskObject(RawDigestsKey, RegisteredTaskObjectLifetime.Build);
            engine.RegisterTaskObject(RawDigestsKey, digests, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        }
    }

    /// <summary>What <see cref="ShareRawDigests"/> left in this build, or null.</summary>
    protected IReadOnlyDictionary<string, RawDigest>? SharedRawDigests() =>
        BuildEngine is IBuildEngine4 engine ? engine.GetRegisteredTaskObject(RawDigestsKey, RegisteredTaskObjectLifetime.Build) as IReadOnlyDictionary<string, RawDigest> : null;

    private (string, string, string) RawDigestsKey => ("ParityBuild.RawDigests", Path.GetFullPath(ProjectDirectory), ManifestFullPath);

    protected VerifyOptions Options(bool accept = false, bool readOnly = false) => new(
        ProjectDirectory,
        ManifestFullPath,
        LockedMode,
        AllowOutOfOrder,
        accept,
        StatCacheFile.Length > 0 ? Path.GetFullPath(StatCacheFile, ProjectDirectory) : null,
        readOnly)
    {
        WatchFolders = WatchFolders,
    };

    /// <summary>
    /// The manifest as ParityVerify left it (from this node's memory of it when the file is unchanged since), or null when
    /// there is none or it cannot be read: the tasks that run after ParityVerify (which reported any problem with it) only
    /// take stored checksums and the digest from it.
    /// </summary>
    protected Manifest? TryReadManifest()
    {
        try
        {
            return File.Exists(ManifestFullPath) ? Memory()?.KnownManifest(ManifestFullPath) ?? ManifestReader.Read(ManifestFullPath) : null;
        }
        catch (Exception exception) when (exception is ManifestException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    protected static string InSets(int sets) => sets == 1 ? "" : $" in {sets} sets";
}
