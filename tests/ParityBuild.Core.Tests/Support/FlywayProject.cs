using ParityBuild.Core.Scripts;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Support;

/// <summary>A throw-away project with Flyway scripts under Migrations/, and the gate run over them.</summary>
internal static class FlywayProject
{
    public const string ManifestName = "migrations.baseline.json";

    /// <summary>V1 and V2, no manifest yet.</summary>
    public static TempFolder WithTwoScripts()
    {
        var folder = new TempFolder();
        folder.Write("Migrations/V1__init.sql", "create table users (id int primary key);\n");
        folder.Write("Migrations/V2__add_email.sql", "alter table users add email text;\n");
        return folder;
    }

    /// <summary>Every file under Migrations/ is a script.</summary>
    public static VerifyResult Run(TempFolder folder, bool accept = false, bool locked = false)
    {
        var scripts = Directory.GetFiles(folder.PathOf("Migrations"))
            .Select(path => new ScriptFile(path, "Migrations/" + Path.GetFileName(path), "", "flyway"))
            .ToList();
        return Verifier.Run(scripts, new VerifyOptions(folder.Root, folder.PathOf(ManifestName), Locked: locked, Accept: accept));
    }
}
