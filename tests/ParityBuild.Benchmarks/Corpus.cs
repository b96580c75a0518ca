using System.Globalization;
using System.Text;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Benchmarks;

/// <summary>
/// A generated project folder with Flyway-style scripts <c>Migrations/V&lt;n&gt;__step_&lt;n&gt;.sql</c>: sizes drawn
/// log-uniformly from 200 B to 64 KB, SQL text (CREATE TABLE, INSERT, comments), LF line endings with about 1 in 100 CRLF.
/// The same seed gives the same files, and the first N scripts of a larger corpus are the scripts of the N corpus.
/// </summary>
internal sealed record Corpus(string ProjectDirectory, IReadOnlyList<ScriptFile> Scripts, long TotalBytes, int CrlfScripts)
{
    private const int MinimumSize = 200;
    private const int MaximumSize = 64 * 1024;

    /// <summary>Old enough that the stat cache trusts every script (it skips files modified within 2 s of its writing).</summary>
    public static readonly DateTime ScriptTimeUtc = DateTime.UtcNow.AddHours(-1);

    public IEnumerable<string> Paths => Scripts.Select(script => script.FullPath);

    /// <summary>Flyway's naming, the default: <c>V&lt;n&gt;__step_&lt;n&gt;.sql</c>.</summary>
    public static string FlywayName(int n) => $"V{n}__step_{n}.sql";

    /// <summary>postgrator's naming: <c>&lt;n&gt;.do.step_&lt;n&gt;.sql</c>.</summary>
    public static string PostgratorName(int n) => $"{n}.do.step_{n}.sql";

    /// <param name="fileName">The file name of script n (default <see cref="FlywayName"/>); the text is the same whatever the name.</param>
    public static Corpus Generate(string projectDirectory, int count, int seed, Func<int, string>? fileName = null)
    {
        fileName ??= FlywayName;
        var migrations = Path.Combine(projectDirectory, "Migrations");
        Directory.CreateDirectory(migrations);
        var random = new Random(seed);
        var scripts = new List<ScriptFile>(count);
        long total = 0;
        var crlf = 0;
        var text = new StringBuilder(MaximumSize + 1024);
        for (var n = 1; n <= count; n++)
        {
            var size = (int)Math.Round(Math.Exp(Math.Log(MinimumSize) + (random.NextDouble() * (Math.Log(MaximumSize) - Math.Log(MinimumSize)))));
            var windows = random.Next(100) == 0;
            text.Clear();
            WriteSql(text, random, n, size);
            var content = windows ? text.Replace("\n", "\r\n").ToString() : text.ToString();
            var bytes = Encoding.UTF8.GetBytes(content);
            var name = fileName(n);
            var path = Path.Combine(migrations, name);
            File.WriteAllBytes(path, bytes);
            File.SetLastWriteTimeUtc(path, ScriptTimeUtc);
            scripts.Add(new ScriptFile(path, "Migrations/" + name));
            total += bytes.Length;
            crlf += windows ? 1 : 0;
        }

        return new Corpus(projectDirectory, scripts, total, crlf);
    }

    /// <summary>The scripts of a generated folder, in the order <see cref="Generate"/> made them.</summary>
    public static IReadOnlyList<ScriptFile> ScriptsIn(string projectDirectory) =>
        [.. Directory.EnumerateFiles(Path.Combine(projectDirectory, "Migrations"), "*.sql")
            .Select(path => (Path: path, Number: int.Parse(Path.GetFileName(path).AsSpan(1, Path.GetFileName(path).IndexOf("__", StringComparison.Ordinal) - 1), CultureInfo.InvariantCulture)))
            .OrderBy(script => script.Number)
            .Select(script => new ScriptFile(script.Path, "Migrations/" + Path.GetFileName(script.Path)))];

    private static readonly string[] Words =
        ["customer", "order", "invoice", "product", "shipment", "warehouse", "supplier", "payment", "refund", "audit",
         "account", "region", "category", "discount", "review", "session", "token", "ledger", "batch", "schedule"];

    private static readonly string[] Notes =
        ["imported from the legacy system", "it''s checked nightly", "Zürich office", "café menu item", "backfilled by ops",
         "see ticket OPS-1234", "kept for audit", "na\u00efve default, revisit", "pending review", "migrated as-is"];

    private static readonly string[] ColumnTypes =
        ["integer NOT NULL DEFAULT 0", "varchar(200)", "text", "numeric(12, 2) NOT NULL DEFAULT 0", "boolean NOT NULL DEFAULT false",
         "timestamp NULL", "char(3) NOT NULL DEFAULT 'EUR'", "bigint REFERENCES accounts (id)"];

    private static void WriteSql(StringBuilder text, Random random, int n, int size)
    {
        var table = $"{Words[random.Next(Words.Length)]}_{n}";
        text.Append(CultureInfo.InvariantCulture, $"-- V{n}: step {n}, creates {table}\n");
        text.Append(CultureInfo.InvariantCulture, $"CREATE TABLE {table} (\n    id bigint PRIMARY KEY,\n    name varchar(200) NOT NULL");
        var extra = random.Next(1, 6);
        var columns = new List<string> { "id", "name" };
        for (var c = 0; c < extra && text.Length < size - 40; c++)
        {
            var column = $"{Words[random.Next(Words.Length)]}_{c}";
            text.Append(CultureInfo.InvariantCulture, $",\n    {column} {ColumnTypes[random.Next(ColumnTypes.Length)]}");
            columns.Add(column);
        }

        text.Append("\n);\n");
        var columnList = string.Join(", ", columns.Take(3));
        var row = 1;
        while (text.Length < size)
        {
            switch (random.Next(40))
            {
                case 0:
                    text.Append(CultureInfo.InvariantCulture, $"\n/* Batch {row / 50 + 1}: rows {row} and up.\n   {Notes[random.Next(Notes.Length)]}. */\n");
                    break;
                case 1:
                    text.Append(CultureInfo.InvariantCulture, $"CREATE INDEX ix_{table}_{row} ON {table} (name);\n");
                    break;
                case 2:
                    text.Append(CultureInfo.InvariantCulture, $"-- {Notes[random.Next(Notes.Length)]}\n");
                    break;
                default:
                    text.Append(CultureInfo.InvariantCulture, $"INSERT INTO {table} ({columnList}) VALUES ({row}, '{Words[random.Next(Words.Length)]} {random.Next(100_000)}'");
                    if (columns.Count > 2)
                    {
                        text.Append(CultureInfo.InvariantCulture, $", {random.Next(10_000)}");
                    }

                    text.Append(");\n");
                    row++;
                    break;
            }
        }
    }
}
