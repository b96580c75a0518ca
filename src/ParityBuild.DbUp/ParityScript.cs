using System.Text;
using ParityBuild.Core.Checksums;
using ParityBuild.Core.Scripts;

namespace ParityBuild.DbUp;

/// <summary>
/// What the journal records about a script from its name and text alone: ParityBuild's checksum (the manifest's
/// <c>sha256</c>) and the Flyway-style version its name carries, if any.
/// </summary>
public static class ParityScript
{
    /// <summary>
    /// The normalized SHA-256 of the script's text (UTF-8, leading BOM removed, CRLF and lone CR read as LF): the same
    /// value as the manifest's <c>sha256</c> for the file the script was read from.
    /// </summary>
    public static string Checksum(string contents) =>
        ScriptHasher.Hash(Encoding.UTF8.GetBytes(contents), ChecksumKinds.Text).Text;

    /// <summary>
    /// The version of a versioned Flyway-style name (<c>V1.2__add_email.sql</c>), null for any other name. An embedded
    /// script is named after its resource (<c>MyApp.Scripts.V1_2__add_email.sql</c>), so the name is tried as a whole,
    /// then after each <c>.</c>, <c>/</c> or <c>\</c>, longest first.
    /// </summary>
    public static string? Version(string scriptName)
    {
        foreach (var candidate in Candidates(scriptName))
        {
            if (FlywayNaming.Instance.Parse(candidate) is { Kind: MigrationKind.Versioned, Version: { } version })
            {
                return version.Text;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        for (var i = 0; i < name.Length - 1; i++)
        {
            if (name[i] is '.' or '/' or '\\')
            {
                yield return name[(i + 1)..];
            }
        }
    }
}
