using System.Text;

namespace ParityBuild.Core.Findings;

/// <summary>A plain-text table with aligned columns and a rule under the header, for the status reports.</summary>
public static class TextTable
{
    public static IReadOnlyList<string> Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> body)
    {
        // A description or path from a database or a file name may hold a line break: one row stays one line.
        var rows = new List<IReadOnlyList<string>> { header };
        rows.AddRange(body.Select(row => (IReadOnlyList<string>)[.. row.Select(OneLine.Escape)]));
        var widths = Enumerable.Range(0, header.Count).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var lines = new List<string>(rows.Count + 1);
        for (var r = 0; r < rows.Count; r++)
        {
            var line = new StringBuilder();
            for (var column = 0; column < widths.Length; column++)
            {
                line.Append(column == widths.Length - 1 ? rows[r][column] : rows[r][column].PadRight(widths[column] + 2));
            }

            lines.Add(line.ToString().TrimEnd());
            if (r == 0)
            {
                lines.Add(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
            }
        }

        return lines;
    }

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
