using System.Globalization;

namespace ParityBuild.Benchmarks;

/// <summary>Collects the figures as they are measured, and prints them as one table plus one line per target.</summary>
internal sealed class Report
{
    private readonly List<Row> _rows = [];

    private sealed record Row(string Section, string Name, string Value, string? Target, bool? Met);

    /// <summary>A figure with no target (context, breakdowns).</summary>
    public void Info(string section, string name, string value) => _rows.Add(new Row(section, name, value, null, null));

    /// <summary>A figure with a target.</summary>
    public void Figure(string section, string name, string value, string target, bool met) => _rows.Add(new Row(section, name, value, target, met));

    public static void Progress(string message) => Console.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {message}");

    public void Print()
    {
        Console.WriteLine();
        string[] headers = ["section", "figure", "value", "target", "result"];
        var cells = _rows.Select(row => new[] { row.Section, row.Name, row.Value, row.Target ?? "", Result(row) }).ToList();
        var widths = headers.Select((header, column) => Math.Max(header.Length, cells.Count == 0 ? 0 : cells.Max(cell => cell[column].Length))).ToArray();
        string Line(string[] values) => "| " + string.Join(" | ", values.Select((value, column) => value.PadRight(widths[column]))) + " |";
        Console.WriteLine(Line(headers));
        Console.WriteLine("|" + string.Join("|", widths.Select(width => new string('-', width + 2))) + "|");
        string? section = null;
        foreach (var cell in cells)
        {
            Console.WriteLine(Line(section == cell[0] ? ["", .. cell[1..]] : cell));
            section = cell[0];
        }

        Console.WriteLine();
        foreach (var row in _rows.Where(row => row.Target is not null))
        {
            Console.WriteLine($"FIGURE {row.Name}: {row.Value} (target {row.Target}) {Result(row)}");
        }

        var missed = _rows.Count(row => row.Met == false);
        Console.WriteLine(missed == 0
            ? $"All {_rows.Count(row => row.Target is not null)} targets met."
            : $"{missed} of {_rows.Count(row => row.Target is not null)} targets MISSED.");
    }

    private static string Result(Row row) => row.Met switch { true => "met", false => "MISSED", null => "" };

    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string MB(double bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Rate(long bytes, double milliseconds) =>
        (bytes / (1024.0 * 1024.0) / (milliseconds / 1000.0)).ToString("0", CultureInfo.InvariantCulture) + " MB/s";

    public static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    public static string Number(double value, string format = "0.000") => value.ToString(format, CultureInfo.InvariantCulture);

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>"median (min-max, n=5)".</summary>
    public static string Spread(IReadOnlyCollection<double> milliseconds) =>
        $"{Ms(Median(milliseconds))} (min {Ms(milliseconds.Min())}, max {Ms(milliseconds.Max())}, n={milliseconds.Count})";
}
