using ParityBuild.Core.Findings;

namespace ParityBuild.Core.Fleet;

/// <summary>
/// The tenants of a fleet: names from ParityTenant items, a file (one a line, <c>#</c> comments) or a catalog query,
/// each checked before it goes into a connection string.
/// </summary>
public static class TenantList
{
    /// <summary>
    /// Whether a name may stand for <c>{tenant}</c> in a connection string: letters, digits and <c>_ - . $</c> only, so
    /// that no name can add a key (<c>;</c>), quote a value or change the host; and not dots alone, since the name is
    /// also the folder of the tenant's repair SQL.
    /// </summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '$') && name.Any(c => c != '.');

    /// <summary>Reads a tenants file; a line that is not a name is a PARITY6002 at the file and line, and no tenant is returned then.</summary>
    public static IReadOnlyList<string> ReadFile(string path, List<Finding> findings)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            findings.Add(Diagnostics.TenantListInvalid.At(path, $"{path} cannot be read ({exception.GetType().Name}: {exception.Message})."));
            return [];
        }

        var names = new List<string>();
        var before = findings.Count;
        for (var i = 0; i < lines.Length; i++)
        {
            var comment = lines[i].IndexOf('#', StringComparison.Ordinal);
            var name = (comment < 0 ? lines[i] : lines[i][..comment]).Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (IsValidName(name))
            {
                names.Add(name);
            }
            else
            {
                findings.Add(Diagnostics.TenantListInvalid.AtLine(path, i + 1, $"line {i + 1} of {path} is '{name}', which is not a tenant name (one name a line: letters, digits, _ - . $, not dots alone; # starts a comment)."));
            }
        }

        return findings.Count > before ? [] : names;
    }

    /// <summary>The names in their first order, each once; a name that is not valid is a PARITY6002 naming <paramref name="source"/>.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string> names, string source, List<Finding> findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<string>();
        foreach (var name in names.Select(name => name.Trim()))
        {
            if (!IsValidName(name))
            {
                findings.Add(Diagnostics.TenantListInvalid.At(null, $"{source} gave '{OneLine.Escape(name)}', which is not a tenant name (letters, digits, _ - . $ only, so that no name can change the connection string, and not dots alone)."));
            }
            else if (seen.Add(name))
            {
                kept.Add(name);
            }
        }

        return kept;
    }
}
