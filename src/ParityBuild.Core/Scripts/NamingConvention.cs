namespace ParityBuild.Core.Scripts;

/// <summary>Reads a script's kind, version and description from its path (relative, with <c>/</c> separators).</summary>
public abstract class NamingConvention
{
    /// <summary>The setting that selects it: flyway, numbered, timestamp, dbup (also liquibase, sqitch), auto, or the regex itself.</summary>
    public abstract string Name { get; }

    /// <summary>What a conforming name looks like, for PARITY1008.</summary>
    public abstract string Expected { get; }

    /// <summary>What PARITY1008 says of a path that does not follow the convention.</summary>
    public virtual string Explain(string relativePath) => Expected;

    /// <summary>The parsed name, or null when the path does not follow the convention.</summary>
    public abstract ScriptName? Parse(string relativePath);

    /// <summary>
    /// Resolves a <c>ParityNaming</c> value; anything that is not a known name is a regex with the named group
    /// <c>version</c> (and optionally <c>description</c> and <c>kind</c>). Throws <see cref="ArgumentException"/> with a readable message for a bad regex.
    /// </summary>
    public static NamingConvention Resolve(string? setting)
    {
        var value = string.IsNullOrWhiteSpace(setting) ? "auto" : setting.Trim();
        return value.ToLowerInvariant() switch
        {
            "auto" => AutoNaming.Instance,
            "flyway" => FlywayNaming.Instance,
            "numbered" => NumberedNaming.Numbered,
            "timestamp" or "timestamped" => NumberedNaming.Timestamp,
            // Tools whose scripts are known by name rather than by a version in it: Liquibase changelogs hold their
            // changesets inside, sqitch orders deploy/<change>.sql by its plan.
            "dbup" or "liquibase" or "sqitch" or "name" => DbUpNaming.Instance,
            _ => new RegexNaming(value),
        };
    }

    /// <summary>The last segment of a relative path.</summary>
    protected static string FileName(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? relativePath : relativePath[(slash + 1)..];
    }

    /// <summary>The segment before the last, or "" for a file at the root.</summary>
    protected static string ParentFolderName(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        if (slash <= 0)
        {
            return "";
        }

        var previous = relativePath.LastIndexOf('/', slash - 1);
        return relativePath[(previous + 1)..slash];
    }

    protected static bool HasSqlExtension(string fileName) => fileName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase);

    protected static string WithoutSqlExtension(string fileName) => fileName[..^4];

    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
}
