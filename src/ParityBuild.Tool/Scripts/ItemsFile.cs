using ParityBuild.Core.Findings;
using ParityBuild.Core.Gate;
using ParityBuild.Tool.Settings;

namespace ParityBuild.Tool.Scripts;

/// <summary>
/// --items FILE: the scripts listed one per line as <c>path&lt;TAB&gt;set&lt;TAB&gt;naming&lt;TAB&gt;link</c> (the last
/// three may be empty or left out), paths relative to the project folder. The package's targets write the
/// ParityMigration items so, under obj/parity/, where a list of 10,000 scripts does not meet the command line's length
/// limit; paths alone when no item has metadata.
/// </summary>
internal static class ItemsFile
{
    public static List<ScriptItem> Read(string file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException(Diagnostics.ToolItemsInvalid.At(file, file, $"it cannot be read ({exception.Message})"));
        }

        var items = new List<ScriptItem>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var fields = lines[i].Split('\t');
            if (fields.Length > 4 || fields[0].Trim().Length == 0)
            {
                throw new SettingsException(Diagnostics.ToolItemsInvalid.AtLine(file, i + 1, file,
                    fields.Length > 4 ? $"line {i + 1} has {fields.Length} tab-separated fields" : $"line {i + 1} has no path"));
            }

            items.Add(new ScriptItem(fields[0], Field(fields, 1), Field(fields, 2), Field(fields, 3)));
        }

        return items;
    }

    private static string Field(string[] fields, int index) => index < fields.Length ? fields[index] : "";
}
