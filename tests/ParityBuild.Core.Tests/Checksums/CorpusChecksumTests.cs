using System.Text;
using System.Text.RegularExpressions;
using ParityBuild.Core.Checksums;
using static ParityBuild.Core.Tests.Checksums.ChecksumTestData;

namespace ParityBuild.Core.Tests.Checksums;

/// <summary>
/// Real-world migration folders (../shared/corpora, see SOURCES.md there): each script is checked against simple,
/// independently written references, one row per corpus.
/// </summary>
[TestClass]
public sealed partial class CorpusChecksumTests
{
    private static readonly string[] KnownCorpora =
    [
        "cloudfoundry__uaa",
        "gchq__stroom",
        "IQSS__dataverse",
        "Energinet-DataHub__opengeh-edi",
        "rust-lang__crates.io",
        "openmeterio__openmeter",
        "Ed-Fi-Alliance-OSS__Ed-Fi-ODS",
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Every_corpus_on_disk_has_a_row()
    {
        var root = CorporaRoot();
        var onDisk = Directory.GetDirectories(root).Select(Path.GetFileName).Where(n => !n!.StartsWith('_')).Order(StringComparer.Ordinal);
        CollectionAssert.AreEquivalent(onDisk.ToList(), KnownCorpora);
    }

    [TestMethod]
    [DataRow("cloudfoundry__uaa")]
    [DataRow("gchq__stroom")]
    [DataRow("IQSS__dataverse")]
    [DataRow("Energinet-DataHub__opengeh-edi")]
    [DataRow("rust-lang__crates.io")]
    [DataRow("openmeterio__openmeter")]
    [DataRow("Ed-Fi-Alliance-OSS__Ed-Fi-ODS")]
    public void Corpus_scripts_agree_with_the_reference_implementations(string corpus)
    {
        var files = Directory.GetFiles(Path.Combine(CorporaRoot(), corpus), "*.sql", SearchOption.AllDirectories);
        Assert.IsNotEmpty(files);
        var random = new Random(corpus.Length);
        var withSemantic = 0;
        var reasons = new Dictionary<string, int>();
        foreach (var file in files)
        {
            var content = File.ReadAllBytes(file);
            var name = Path.GetRelativePath(CorporaRoot(), file);
            var checksums = ScriptHasher.Hash(content, ChecksumKinds.All);

            Assert.AreEqual(-1L, checksums.FirstInvalidUtf8Offset, name);
            Assert.AreEqual(ReferenceFlyway(content), checksums.Flyway, name);

            // A Windows checkout: CRLF everywhere and a BOM.
            var windows = ToWindows(content);
            var windowsChecksums = ScriptHasher.Hash(windows, ChecksumKinds.All);
            Assert.AreEqual(checksums.Text, windowsChecksums.Text, name);
            Assert.AreEqual(checksums.Flyway, windowsChecksums.Flyway, name);
            Assert.AreEqual(checksums.Semantic, windowsChecksums.Semantic, name);

            // Chunked the way no reader would, to shake out boundary bugs on real text.
            var chunks = RandomChunks(windows, random, 97).ToList();
            Assert.AreEqual(checksums.Text, Text(chunks), name);
            Assert.AreEqual(checksums.Semantic, Semantic(chunks), name);
            Assert.AreEqual(checksums.Flyway, Flyway(chunks), name);

            if (checksums.Semantic is null)
            {
                var reason = SemanticReasonOf(content);
                var key = ReasonKind().Replace(reason, string.Empty);
                reasons[key] = reasons.GetValueOrDefault(key) + 1;
                continue;
            }

            withSemantic++;
            var reformatted = Reformat(Encoding.UTF8.GetString(content));
            Assert.AreEqual(checksums.Semantic, ScriptHasher.Hash(Bytes(reformatted), ChecksumKinds.Semantic).Semantic, name + "\n" + reformatted);
            Assert.AreNotEqual(checksums.Semantic, ScriptHasher.Hash(Bytes(reformatted + "\nSELECT 1;"), ChecksumKinds.Semantic).Semantic, name);
        }

        TestContext.WriteLine($"{corpus}: {files.Length} scripts, {withSemantic} with a semantic checksum");
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value))
        {
            TestContext.WriteLine($"  {count} x {reason}");
        }
    }

    [TestMethod]
    public void Ed_Fi_T_SQL_scripts_that_use_temp_tables_keep_a_semantic_checksum_and_a_licence_header_stays_cosmetic()
    {
        // None of Ed-Fi's scripts uses #temp or ##global tables outside strings: each of its T-SQL scripts gets one, as
        // SSMS users write them, above and below its own batches.
        var folder = Path.Combine(CorporaRoot(), "Ed-Fi-Alliance-OSS__Ed-Fi-ODS");
        var scripts = Directory.GetFiles(folder, "*.sql", SearchOption.AllDirectories).Where(file => file.Contains("MsSql", StringComparison.Ordinal)).ToList();
        Assert.IsGreaterThan(100, scripts.Count);
        foreach (var file in scripts)
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(file)).TrimStart('\uFEFF');
            var withTemp = "SELECT name INTO #Before FROM sys.objects;\nGO\n" + text + "\nGO\nINSERT INTO ##Audit SELECT name FROM #Before WHERE name <> N'it''s';\nDROP TABLE #Before;\n";
            var name = Path.GetRelativePath(folder, file);

            var semantic = ScriptHasher.Hash(Bytes(withTemp), ChecksumKinds.Semantic).Semantic;

            Assert.IsNotNull(semantic, $"{name}: {SemanticReasonOf(Bytes(withTemp))}");
            Assert.AreEqual(semantic, ScriptHasher.Hash(Bytes("/* Copyright 2026 Example Ltd. */\n" + withTemp), ChecksumKinds.Semantic).Semantic, name);
            Assert.AreNotEqual(semantic, ScriptHasher.Hash(Bytes(withTemp.Replace("FROM #Before", "FROM #After", StringComparison.Ordinal)), ChecksumKinds.Semantic).Semantic, name);
        }
    }

    private static string SemanticReasonOf(byte[] content)
    {
        using var semantic = new SemanticSha256();
        semantic.Append(content);
        semantic.FinishHex();
        return semantic.UnsupportedReason!;
    }

    private static byte[] ToWindows(byte[] content)
    {
        var lf = Encoding.UTF8.GetString(content).Replace("\r\n", "\n", StringComparison.Ordinal);
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);
        return Bytes(crlf.StartsWith('\uFEFF') ? crlf : "\uFEFF" + crlf);
    }

    /// <summary>Flyway's loop written naively: decode, split lines as BufferedReader.readLine does, CRC each line.</summary>
    private static int ReferenceFlyway(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content);
        var lines = new List<string>();
        var line = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                lines.Add(line.ToString());
                line.Clear();
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else
            {
                line.Append(text[i]);
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        if (lines.Count > 0 && lines[0].StartsWith('\uFEFF'))
        {
            lines[0] = lines[0][1..];
        }

        var crc = 0xFFFFFFFFu;
        foreach (var b in lines.SelectMany(Encoding.UTF8.GetBytes))
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return unchecked((int)~crc);
    }

    /// <summary>
    /// A cosmetic edit made with a deliberately simple whole-text scanner: lines that start outside strings, bodies and
    /// comments are reindented, "-- " comments are dropped, and block comments that neither nest nor execute become a
    /// space. The tokenizer must see the same tokens.
    /// </summary>
    private static string Reformat(string sql)
    {
        var output = new StringBuilder();
        var i = 0;
        var lineNumber = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\n')
            {
                output.Append('\n');
                i++;
                while (i < sql.Length && sql[i] is ' ' or '\t')
                {
                    i++;
                }

                output.Append(++lineNumber % 2 == 0 ? "\t  " : "     ");
                continue;
            }

            var end = c switch
            {
                '\'' or '"' or '`' => EndOfQuoted(sql, i, c, c),
                '[' => EndOfQuoted(sql, i, '[', ']'),
                '$' when i == 0 || !IsWordChar(sql[i - 1]) => EndOfDollarQuote(sql, i),
                '-' when At(sql, i, "--") => EndOfLine(sql, i),
                '/' when At(sql, i, "/*") => EndOfBlockComment(sql, i),
                _ => i + 1,
            };
            var piece = sql[i..end];
            if (piece.StartsWith("--", StringComparison.Ordinal) && (piece.Length == 2 || char.IsWhiteSpace(piece[2])))
            {
                // Dropped; the newline after it stays.
            }
            else if (piece.StartsWith("/*", StringComparison.Ordinal) && !IsKeptBlockComment(piece))
            {
                output.Append(' ');
            }
            else
            {
                output.Append(piece);
            }

            i = end;
        }

        return output.ToString();
    }

    private static bool At(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$' || c > 127;

    private static int EndOfQuoted(string s, int start, char open, char close)
    {
        for (var i = start + 1; i < s.Length; i++)
        {
            if (s[i] == close)
            {
                if (i + 1 < s.Length && s[i + 1] == close)
                {
                    i++;
                    continue;
                }

                return i + 1;
            }
        }

        return s.Length;
    }

    private static int EndOfDollarQuote(string s, int start)
    {
        var match = DollarOpening().Match(s, start);
        if (!match.Success || match.Index != start)
        {
            return start + 1;
        }

        var close = s.IndexOf(match.Value, start + match.Length, StringComparison.Ordinal);
        return close < 0 ? s.Length : close + match.Length;
    }

    private static int EndOfLine(string s, int start)
    {
        var newline = s.IndexOf('\n', start);
        return newline < 0 ? s.Length : newline;
    }

    private static int EndOfBlockComment(string s, int start)
    {
        var depth = 0;
        for (var i = start; i + 1 < s.Length; i++)
        {
            if (At(s, i, "/*"))
            {
                depth++;
                i++;
            }
            else if (At(s, i, "*/"))
            {
                i++;
                if (--depth == 0)
                {
                    return i + 1;
                }
            }
        }

        return s.Length;
    }

    private static bool IsKeptBlockComment(string comment) =>
        comment.StartsWith("/*!", StringComparison.Ordinal) || comment.StartsWith("/*+", StringComparison.Ordinal)
        || comment.StartsWith("/*M!", StringComparison.Ordinal) || comment.IndexOf("/*", 2, StringComparison.Ordinal) >= 0;

    private static string CorporaRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "corpora");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Inconclusive("shared/corpora was not found above " + AppContext.BaseDirectory);
        return string.Empty;
    }

    [GeneratedRegex(@"\$([A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$")]
    private static partial Regex DollarOpening();

    [GeneratedRegex(@"^line \d+: ")]
    private static partial Regex ReasonKind();
}
