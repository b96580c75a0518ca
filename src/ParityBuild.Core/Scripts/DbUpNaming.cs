namespace ParityBuild.Core.Scripts;

/// <summary>
/// DbUp's view: any <c>.sql</c> file is a migration, known by its name and run in ordinal name order
/// (DbUp's default script sorting). Two scripts may share a timestamp prefix; only the names must differ.
/// </summary>
public sealed class DbUpNaming : NamingConvention
{
    public static DbUpNaming Instance { get; } = new();

    public override string Name => "dbup";

    public override string Expected => "<name>.sql";

    public override ScriptName? Parse(string relativePath)
    {
        var fileName = FileName(relativePath);
        if (!HasSqlExtension(fileName) || fileName.Length == 4)
        {
            return null;
        }

        var name = WithoutSqlExtension(fileName);
        return new ScriptName(MigrationKind.Versioned, MigrationVersion.Named(name), name);
    }
}
