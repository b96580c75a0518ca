using System.Text;
using System.Text.Json;

namespace ParityBuild.Core.Baseline;

/// <summary>
/// Reads the manifest strictly. Anything that would make the gate trust wrong data — merge-conflict markers,
/// truncation, wrong types, an unknown format version, a path that leaves the project, a duplicate entry,
/// a digest that does not match the entries — is a <see cref="ManifestException"/> with the line where there is one.
/// </summary>
public static class ManifestReader
{
    /// <param name="verifyDigest">False only for ParityAccept, which rewrites a manifest whose digest was left stale by a merge.</param>
    public static Manifest Read(string path, bool verifyDigest = true) => Parse(File.ReadAllBytes(path), verifyDigest);

    public static Manifest Parse(ReadOnlySpan<byte> content, bool verifyDigest = true)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        var lines = new LineMap(content);
        var conflict = FindConflictMarker(content);
        if (conflict > 0)
        {
            throw new ManifestException(
                "it holds git merge-conflict markers: two branches changed the baseline. Resolve the conflict by keeping both sides' entries, then run 'dotnet build -t:ParityAccept' to check the merged scripts and recompute the digest.",
                conflict);
        }

        var reader = new Utf8JsonReader(content, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            return ReadDocument(ref reader, lines, verifyDigest);
        }
        catch (JsonException exception)
        {
            var line = exception.LineNumber is { } number ? (int)number + 1 : 0;
            throw new ManifestException($"it is not valid JSON ({FirstSentence(exception.Message)})", line);
        }
    }

    private static Manifest ReadDocument(ref Utf8JsonReader reader, LineMap lines, bool verifyDigest)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the manifest", lines);
        int? formatVersion = null;
        string? algorithm = null;
        string? digest = null;
        var digestLine = 0;
        List<ManifestEntry>? entries = null;

        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            var line = lines.LineOf(reader.TokenStartIndex);
            Next(ref reader);
            switch (property)
            {
                case "formatVersion":
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var version))
                    {
                        throw new ManifestException("'formatVersion' must be an integer.", line);
                    }

                    if (version != Manifest.CurrentFormatVersion)
                    {
                        throw new ManifestException(
                            $"its formatVersion is {version}, but this version of ParityBuild reads formatVersion {Manifest.CurrentFormatVersion}. Update the ParityBuild package (or use the version that wrote it).", line);
                    }

                    formatVersion = version;
                    break;
                case "algorithm":
                    algorithm = ReadString(ref reader, "algorithm", line);
                    if (algorithm != Manifest.Algorithm)
                    {
                        throw new ManifestException($"its checksum algorithm is '{algorithm}'; this version of ParityBuild computes '{Manifest.Algorithm}'.", line);
                    }

                    break;
                case "digest":
                    digest = ReadString(ref reader, "digest", line);
                    digestLine = line;
                    break;
                case "sets":
                    entries = ReadSets(ref reader, lines);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (reader.Read())
        {
            throw new ManifestException("it has content after the closing brace.", lines.LineOf(reader.TokenStartIndex));
        }

        if (formatVersion is null || algorithm is null || digest is null || entries is null)
        {
            var missing = formatVersion is null ? "formatVersion" : algorithm is null ? "algorithm" : digest is null ? "digest" : "sets";
            throw new ManifestException($"the property '{missing}' is missing.", 0);
        }

        var manifest = new Manifest(entries);
        if (verifyDigest && !string.Equals(manifest.Digest, digest, StringComparison.Ordinal))
        {
            throw new ManifestException(
                "its digest does not match its entries: it was edited by hand or merged without a conflict. Run 'dotnet build -t:ParityAccept' to check the scripts and recompute it.",
                digestLine);
        }

        return manifest;
    }

    private static List<ManifestEntry> ReadSets(ref Utf8JsonReader reader, LineMap lines)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartArray, "'sets'", lines);
        var entries = new List<ManifestEntry>();
        var sets = new HashSet<string>(StringComparer.Ordinal);
        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            var setLine = lines.LineOf(reader.TokenStartIndex);
            ExpectCurrent(ref reader, JsonTokenType.StartObject, "a set", lines);
            string? name = null;
            List<(ManifestEntryDraft Draft, int Line)>? drafts = null;
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                var property = reader.GetString();
                var line = lines.LineOf(reader.TokenStartIndex);
                Next(ref reader);
                switch (property)
                {
                    case "name":
                        name = ReadString(ref reader, "name", line);
                        break;
                    case "migrations":
                        drafts = ReadEntries(ref reader, lines);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (name is null || drafts is null)
            {
                throw new ManifestException($"a set lacks its '{(name is null ? "name" : "migrations")}'.", setLine);
            }

            if (!sets.Add(name))
            {
                throw new ManifestException($"the set '{name}' appears twice.", setLine);
            }

            foreach (var (draft, line) in drafts)
            {
                if (paths.TryGetValue(draft.Path, out var firstLine))
                {
                    throw new ManifestException($"the path '{draft.Path}' appears twice (first on line {firstLine}).", line);
                }

                paths.Add(draft.Path, line);
                entries.Add(draft.ToEntry(name) with { Line = line });
            }
        }

        return entries;
    }

    private static List<(ManifestEntryDraft, int)> ReadEntries(ref Utf8JsonReader reader, LineMap lines)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartArray, "'migrations'", lines);
        var drafts = new List<(ManifestEntryDraft, int)>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            var entryLine = lines.LineOf(reader.TokenStartIndex);
            ExpectCurrent(ref reader, JsonTokenType.StartObject, "a migration", lines);
            var draft = new ManifestEntryDraft();
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                var property = reader.GetString();
                var line = lines.LineOf(reader.TokenStartIndex);
                Next(ref reader);
                switch (property)
                {
                    case "version": draft.Version = ReadString(ref reader, property, line); break;
                    case "description": draft.Description = ReadString(ref reader, property, line); break;
                    case "kind": draft.Kind = ReadString(ref reader, property, line); break;
                    case "path": draft.Path = ReadString(ref reader, property, line); break;
                    case "sha256": draft.Sha256 = ReadString(ref reader, property, line); break;
                    case "semantic": draft.Semantic = ReadString(ref reader, property, line); break;
                    case "flyway":
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var flyway))
                        {
                            throw new ManifestException("'flyway' must be a 32-bit integer.", line);
                        }

                        draft.Flyway = flyway;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            draft.Validate(entryLine);
            drafts.Add((draft, entryLine));
        }

        return drafts;
    }

    private sealed class ManifestEntryDraft
    {
        public string? Version { get; set; }

        public string? Description { get; set; }

        public string? Kind { get; set; }

        public string Path { get; set; } = "";

        public string? Sha256 { get; set; }

        public string? Semantic { get; set; }

        public int? Flyway { get; set; }

        public void Validate(int line)
        {
            if (Path.Length == 0)
            {
                throw new ManifestException("a migration has no 'path'.", line);
            }

            if (!IsSafeRelativePath(Path))
            {
                throw new ManifestException($"the path '{Path}' is not a relative path inside the project (absolute, '..', '\\' or empty segments are refused).", line);
            }

            if (ManifestFormat.ParseKind(Kind) is not { } kind)
            {
                throw new ManifestException($"the migration '{Path}' has kind '{Kind}'; expected versioned, repeatable, undo or callback.", line);
            }

            if (Version is null && kind is Scripts.MigrationKind.Versioned or Scripts.MigrationKind.Undo)
            {
                throw new ManifestException($"the {ManifestFormat.KindName(kind)} migration '{Path}' has no 'version'.", line);
            }

            if (Sha256 is null || !IsHexSha256(Sha256))
            {
                throw new ManifestException($"the migration '{Path}' has no valid 'sha256' (64 lowercase hex digits).", line);
            }

            if (Semantic is not null && !IsHexSha256(Semantic))
            {
                throw new ManifestException($"the migration '{Path}' has an invalid 'semantic' checksum.", line);
            }
        }

        public ManifestEntry ToEntry(string set) =>
            new(set, ManifestFormat.ParseKind(Kind)!.Value, Version, Description ?? "", Path, Sha256!, Semantic, Flyway);
    }

    internal static bool IsSafeRelativePath(string path)
    {
        if (path.Contains('\\') || path.StartsWith('/') || path.Contains(':') || path.Contains('\0'))
        {
            return false;
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHexSha256(string value) =>
        value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new ManifestException("it ends too early (truncated?).", 0);
        }

        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what, LineMap lines)
    {
        Next(ref reader);
        ExpectCurrent(ref reader, type, what, lines);
    }

    private static void ExpectCurrent(ref Utf8JsonReader reader, JsonTokenType type, string what, LineMap lines)
    {
        if (reader.TokenType != type)
        {
            var expected = type switch
            {
                JsonTokenType.StartObject => "an object",
                JsonTokenType.StartArray => "an array",
                _ => type.ToString(),
            };
            throw new ManifestException($"{what} must be {expected}, not {Describe(reader.TokenType)}.", lines.LineOf(reader.TokenStartIndex));
        }
    }

    private static string ReadString(ref Utf8JsonReader reader, string property, int line)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ManifestException($"'{property}' must be a string, not {Describe(reader.TokenType)}.", line);
        }

        return reader.GetString()!;
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    private static int FindConflictMarker(ReadOnlySpan<byte> content)
    {
        var line = 1;
        var start = 0;
        while (start <= content.Length)
        {
            var rest = content[start..];
            if (rest.StartsWith("<<<<<<<"u8) || rest.StartsWith(">>>>>>>"u8) || rest.StartsWith("|||||||"u8) || (rest.StartsWith("======="u8) && (rest.Length == 7 || rest[7] is (byte)'\n' or (byte)'\r')))
            {
                return line;
            }

            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            start += newline + 1;
            line++;
        }

        return 0;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    /// <summary>Maps byte offsets to 1-based line numbers.</summary>
    private sealed class LineMap
    {
        private readonly List<long> starts = [0];

        public LineMap(ReadOnlySpan<byte> content)
        {
            for (var i = 0; i < content.Length; i++)
            {
                if (content[i] == (byte)'\n')
                {
                    starts.Add(i + 1);
                }
            }
        }

        public int LineOf(long offset)
        {
            var index = starts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }
    }
}
