namespace ParityBuild.Core.Scripts;

/// <summary>
/// A script as MSBuild hands it over: its full path, its path relative to the project (with <c>/</c>), the migration set
/// it belongs to ("" for the default set) and the naming convention of that set.
/// </summary>
public sealed record ScriptFile(string FullPath, string RelativePath, string Set = "", string Naming = "auto");
