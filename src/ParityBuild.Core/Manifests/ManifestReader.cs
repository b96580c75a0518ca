using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ParityBuild.Core.Manifests;

/// <summary>
/// Reads the manifest strictly. Anything that would make the gate trust wrong data — merge-conflict markers,
/// truncation, wrong types, an unknown format version, a path that leaves the project, a duplicate entry,
/// a digest that does not match the entries — is a <see cref="ManifestException"/> with the line where there is one.
/// </summary>
public static class ManifestReader
{
    /// <param name="verifyDigest">False only for ParityAccept, which rewrites a manifest whose digest was left stale by a merge.</param>
    public static Manifest Read(string path, bool verifyDigest = true)
    {
        // A pooled buffer: a 10,000-script manifest is 3 MB, and a new array of that size per read lands on the
        // large-object heap, whose budget a few reads exhaust, so that every other check paid for a full collection.
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new ManifestException($"it is {length} bytes long, more than a manifest can be", 0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length && RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read) is var count and > 0)
            {
                read += count;
            }

            return Parse(buffer.AsSpan(0, read), verifyDigest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static Manifest Parse(byte[] bytes, bool verifyDigest = true) => Parse((ReadOnlySpan<byte>)bytes, verifyDigest);

    /// <summary>
    /// Whether the manifest's first entries record another tool's hash of the text of this kind (<c>md5</c>, <c>sha1</c>):
    /// a glance at its first 4 KB, before it is read, to decide how to hash the scripts meanwhile. Such a hash is
    /// recorded for all entries or none (a developer build records it for every entry), so the first ones tell. False
    /// when there is no file.
    /// </summary>
    public static bool RecordsToolDigest(string path, Checksums.Tools.RawDigestKind kind)
    {
        if (ManifestFormat.ToolDigestProperty(kind) is not { } name)
        {
            return false;
        }

        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> start = stackalloc byte[4096];
            var read = RandomAccess.Read(handle, start, 0);
            return start[..read].IndexOf(Encoding.UTF8.GetBytes($"\"{name}\": \"")) >= 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static Manifest Parse(ReadOnlySpan<byte> bytes, bool verifyDigest)
    {
        var content = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        var lines = new Lines(content);
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
        catch (PositionedError error)
        {
            throw new ManifestException(error.Message, error.Offset < 0 ? 0 : lines.LineOf(error.Offset));
        }
        catch (JsonException exception)
        {
            var line = exception.LineNumber is { } number ? (int)number + 1 : 0;
            throw new ManifestException($"it is not valid JSON ({FirstSentence(exception.Message)})", line);
        }
    }

    private static Manifest ReadDocument(ref Utf8JsonReader reader, Lines lines, bool verifyDigest)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the manifest", lines);
        int? formatVersion = null;
        string? algorithm = null;
        string? digest = null;
        long digestAt = -1;
        List<ManifestEntry>? entries = null;

        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            var property = Text(ref reader);
            var at = reader.TokenStartIndex;
            Next(ref reader);
            switch (property)
            {
                case "formatVersion":
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var version))
                    {
                        throw new PositionedError("'formatVersion' must be an integer.", at);
                    }

                    if (version != Manifest.CurrentFormatVersion)
                    {
                        throw new PositionedError(
                            $"its formatVersion is {version}, but this version of ParityBuild reads formatVersion {Manifest.CurrentFormatVersion}. Update the ParityBuild package (or use the version that wrote it).", at);
                    }

                    formatVersion = version;
                    break;
                case "algorithm":
                    algorithm = ReadString(ref reader, "algorithm", at);
                    if (algorithm != Manifest.Algorithm)
                    {
                        throw new PositionedError($"its checksum algorithm is '{algorithm}'; this version of ParityBuild computes '{Manifest.Algorithm}'.", at);
                    }

                    break;
                case "digest":
                    digest = ReadString(ref reader, "digest", at);
                    digestAt = at;
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
            throw new PositionedError("it has content after the closing brace.", reader.TokenStartIndex);
        }

        if (formatVersion is null || algorithm is null || digest is null || entries is null)
        {
            var missing = formatVersion is null ? "formatVersion" : algorithm is null ? "algorithm" : digest is null ? "digest" : "sets";
            throw new PositionedError($"the property '{missing}' is missing.", -1);
        }

        var manifest = new Manifest(entries);
        if (verifyDigest && !string.Equals(manifest.Digest, digest, StringComparison.Ordinal))
        {
            throw new PositionedError(
                "its digest does not match its entries: it was edited by hand or merged without a conflict. Run 'dotnet build -t:ParityAccept' to check the scripts and recompute it.",
                digestAt);
        }

        return verifyDigest ? manifest : manifest with { RecordedDigest = digest };
    }

    private static List<ManifestEntry> ReadSets(ref Utf8JsonReader reader, Lines lines)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartArray, "'sets'", lines);

        // Sized once from the file's length (an entry takes a line of about 300 bytes): growing these one doubling at a
        // time would leave a trail of large-object arrays for the garbage collector on every build.
        var estimate = lines.Length / 256;
        var entries = new List<ManifestEntry>(estimate);
        var sets = new HashSet<string>(StringComparer.Ordinal);
        var paths = new Dictionary<string, long>(estimate, StringComparer.Ordinal);
        // A set's entries and where each starts (for a duplicate's line: beside the entries rather than in a list of
        // tuples, whose code the precompiled framework lacks). One pair of lists for every set, each set refilling them:
        // sized per set from the file's length, a manifest of many empty sets would cost time quadratic in its size.
        var read = new List<ManifestEntry>(estimate);
        var offsets = new List<long>(estimate);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            var setAt = reader.TokenStartIndex;
            ExpectCurrent(ref reader, JsonTokenType.StartObject, "a set", lines);
            string? name = null;
            var hasEntries = false;
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                var property = Text(ref reader);
                var at = reader.TokenStartIndex;
                Next(ref reader);
                switch (property)
                {
                    case "name":
                        name = ReadString(ref reader, "name", at);
                        break;
                    case "migrations":
                        // The writer puts the name first, so entries are made with it; a hand-ordered set gets it after.
                        ReadEntries(ref reader, lines, name, read, offsets);
                        hasEntries = true;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (name is null || !hasEntries)
            {
                throw new PositionedError($"a set lacks its '{(name is null ? "name" : "migrations")}'.", setAt);
            }

            if (!sets.Add(name))
            {
                throw new PositionedError($"the set '{name}' appears twice.", setAt);
            }

            for (var i = 0; i < read.Count; i++)
            {
                var entry = read[i];
                var at = offsets[i];
                if (paths.TryGetValue(entry.Path, out var firstAt))
                {
                    throw new PositionedError($"the path '{entry.Path}' appears twice (first on line {lines.LineOf(firstAt)}).", at);
                }

                paths.Add(entry.Path, at);
                entries.Add(entry.Set == name ? entry : entry with { Set = name });
            }
        }

        return entries;
    }

    private static void ReadEntries(ref Utf8JsonReader reader, Lines lines, string? set, List<ManifestEntry> read, List<long> offsets)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartArray, "'migrations'", lines);
        read.Clear();
        offsets.Clear();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            var entryAt = reader.TokenStartIndex;
            ExpectCurrent(ref reader, JsonTokenType.StartObject, "a migration", lines);
            var draft = new ManifestEntryDraft();
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                // Property names compared as UTF-8 in place: a manifest has tens of thousands of them.
                var property = PropertyOf(ref reader);
                var at = reader.TokenStartIndex;
                Next(ref reader);
                switch (property)
                {
                    case EntryProperty.Version: draft.Version = ReadString(ref reader, "version", at); break;
                    case EntryProperty.Description: draft.Description = ReadString(ref reader, "description", at); break;
                    case EntryProperty.Kind: draft.Kind = ReadKind(ref reader, at); break;
                    case EntryProperty.Path: draft.Path = ReadString(ref reader, "path", at); break;
                    case EntryProperty.Sha256: draft.Sha256Valid = ReadDigest(ref reader, "sha256", at, out draft.Sha256); break;
                    case EntryProperty.Semantic: draft.SemanticValid = ReadDigest(ref reader, "semantic", at, out draft.Semantic); break;
                    case EntryProperty.Flyway: draft.Flyway = ReadFlyway(ref reader, at); break;
                    case EntryProperty.Md5: draft.Md5 = ReadString(ref reader, "md5", at); break;
                    case EntryProperty.Sha1: draft.Sha1 = ReadString(ref reader, "sha1", at); break;
                    case EntryProperty.Previous: draft.Previous = ReadPrevious(ref reader, at); break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            draft.Validate(entryAt);
            read.Add(draft.ToEntry(set ?? ""));
            offsets.Add(entryAt);
        }
    }

    private enum EntryProperty
    {
        Other,
        Version,
        Description,
        Kind,
        Path,
        Sha256,
        Semantic,
        Flyway,
        Md5,
        Sha1,
        Previous,
    }

    // The earlier texts' checksums of a reformatted script: [{ "sha256": …, "flyway": …, "md5": …, "sha1": … }, …].
    private static List<PreviousText> ReadPrevious(ref Utf8JsonReader reader, long at)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new PositionedError($"'previous' must be an array, not {Describe(reader.TokenType)}.", at);
        }

        var previous = new List<PreviousText>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            var itemAt = reader.TokenStartIndex;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new PositionedError($"an item of 'previous' must be an object, not {Describe(reader.TokenType)}.", itemAt);
            }

            string? sha256 = null, md5 = null, sha1 = null, grate = null;
            List<string>? liquibase = null;
            int? flyway = null;
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                var property = PropertyOf(ref reader);
                var isGrate = reader.ValueTextEquals("grate"u8);
                var isLiquibase = reader.ValueTextEquals("liquibase"u8);
                var propertyAt = reader.TokenStartIndex;
                Next(ref reader);
                switch (property)
                {
                    case EntryProperty.Sha256: sha256 = ReadString(ref reader, "sha256", propertyAt); break;
                    case EntryProperty.Flyway: flyway = ReadFlyway(ref reader, propertyAt); break;
                    case EntryProperty.Md5: md5 = ReadString(ref reader, "md5", propertyAt); break;
                    case EntryProperty.Sha1: sha1 = ReadString(ref reader, "sha1", propertyAt); break;
                    case EntryProperty.Other when isGrate: grate = ReadString(ref reader, "grate", propertyAt); break;
                    case EntryProperty.Other when isLiquibase: liquibase = ReadStrings(ref reader, "liquibase", propertyAt); break;
                    default: reader.Skip(); break;
                }
            }

            if (sha256 is null || !IsLowercaseHex(sha256, 64) || (md5 is not null && !IsLowercaseHex(md5, 32)) || (sha1 is not null && !IsLowercaseHex(sha1, 40)))
            {
                throw new PositionedError("an item of 'previous' needs a 'sha256' (64 lowercase hex digits), and its 'md5' and 'sha1' are 32 and 40 lowercase hex digits.", itemAt);
            }

            previous.Add(new PreviousText(sha256, flyway, md5, sha1) { Grate = grate, Liquibase = liquibase is { Count: > 0 } ? liquibase : null });
        }

        return previous;
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader, string property, long at)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new PositionedError($"'{property}' must be an array of strings, not {Describe(reader.TokenType)}.", at);
        }

        var values = new List<string>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            values.Add(ReadString(ref reader, property, reader.TokenStartIndex));
        }

        return values;
    }

    private static int ReadFlyway(ref Utf8JsonReader reader, long at) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var flyway) ? flyway : throw new PositionedError("'flyway' must be a 32-bit integer.", at);

    private static EntryProperty PropertyOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("version"u8) ? EntryProperty.Version
        : reader.ValueTextEquals("description"u8) ? EntryProperty.Description
        : reader.ValueTextEquals("kind"u8) ? EntryProperty.Kind
        : reader.ValueTextEquals("path"u8) ? EntryProperty.Path
        : reader.ValueTextEquals("sha256"u8) ? EntryProperty.Sha256
        : reader.ValueTextEquals("semantic"u8) ? EntryProperty.Semantic
        : reader.ValueTextEquals("flyway"u8) ? EntryProperty.Flyway
        : reader.ValueTextEquals("md5"u8) ? EntryProperty.Md5
        : reader.ValueTextEquals("sha1"u8) ? EntryProperty.Sha1
        : reader.ValueTextEquals("previous"u8) ? EntryProperty.Previous
        : EntryProperty.Other;

    // A struct: only the entry it becomes outlives the loop.
    private struct ManifestEntryDraft
    {
        public string? Version { get; set; }

        public string? Description { get; set; }

        public string? Kind { get; set; }

        public string? Path { get; set; }

        // The checksums as bytes (no hex string per entry); whether each was there and valid (null: absent).
        public Checksums.Sha256Digest Sha256;
        public Checksums.Sha256Digest Semantic;
        public bool? Sha256Valid;
        public bool? SemanticValid;

        public int? Flyway { get; set; }

        public string? Md5 { get; set; }

        public string? Sha1 { get; set; }

        public List<PreviousText>? Previous { get; set; }

        public readonly void Validate(long at)
        {
            if (string.IsNullOrEmpty(Path))
            {
                throw new PositionedError("a migration has no 'path'.", at);
            }

            if (!IsSafeRelativePath(Path))
            {
                throw new PositionedError($"the path '{Path}' is not a relative path inside the project (absolute, '..', '\\' or empty segments are refused).", at);
            }

            if (ManifestFormat.ParseKind(Kind) is not { } kind)
            {
                throw new PositionedError($"the migration '{Path}' has kind '{Kind}'; expected versioned, repeatable, undo or callback.", at);
            }

            if (Version is null && kind is Scripts.MigrationKind.Versioned or Scripts.MigrationKind.Undo)
            {
                throw new PositionedError($"the {ManifestFormat.KindName(kind)} migration '{Path}' has no 'version'.", at);
            }

            if (Sha256Valid != true)
            {
                throw new PositionedError($"the migration '{Path}' has no valid 'sha256' (64 lowercase hex digits).", at);
            }

            if (SemanticValid == false)
            {
                throw new PositionedError($"the migration '{Path}' has an invalid 'semantic' checksum.", at);
            }

            if (Md5 is not null && !IsLowercaseHex(Md5, 32))
            {
                throw new PositionedError($"the migration '{Path}' has an invalid 'md5' (32 lowercase hex digits).", at);
            }

            if (Sha1 is not null && !IsLowercaseHex(Sha1, 40))
            {
                throw new PositionedError($"the migration '{Path}' has an invalid 'sha1' (40 lowercase hex digits).", at);
            }
        }

        public readonly ManifestEntry ToEntry(string set) =>
            new(set, ManifestFormat.ParseKind(Kind)!.Value, Version, Description ?? "", Path!, Sha256, SemanticValid == true ? Semantic : null, Flyway, Md5, Sha1)
            {
                Previous = Previous is { Count: > 0 } ? Previous : null,
            };
    }

    internal static bool IsSafeRelativePath(string path)
    {
        if (path.Contains('\\') || path.StartsWith('/') || path.Contains(':') || path.Contains('\0'))
        {
            return false;
        }

        var rest = path.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }

            if (slash < 0)
            {
                return true;
            }

            rest = rest[(slash + 1)..];
        }
    }

    private static bool IsLowercaseHex(string value, int length) =>
        value.Length == length && !value.AsSpan().ContainsAnyExcept(LowercaseHex);

    private static readonly System.Buffers.SearchValues<char> LowercaseHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new PositionedError("it ends too early (truncated?).", -1);
        }

        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what, Lines lines)
    {
        Next(ref reader);
        ExpectCurrent(ref reader, type, what, lines);
    }

    private static void ExpectCurrent(ref Utf8JsonReader reader, JsonTokenType type, string what, Lines lines)
    {
        if (reader.TokenType != type)
        {
            var expected = type switch
            {
                JsonTokenType.StartObject => "an object",
                JsonTokenType.StartArray => "an array",
                _ => type.ToString(),
            };
            throw new PositionedError($"{what} must be {expected}, not {Describe(reader.TokenType)}.", reader.TokenStartIndex);
        }
    }

    // The kinds are four known words: no string per entry.
    private static string ReadKind(ref Utf8JsonReader reader, long at) =>
        reader.TokenType != JsonTokenType.String ? ReadString(ref reader, "kind", at)
        : reader.ValueTextEquals("versioned"u8) ? "versioned"
        : reader.ValueTextEquals("repeatable"u8) ? "repeatable"
        : reader.ValueTextEquals("undo"u8) ? "undo"
        : reader.ValueTextEquals("callback"u8) ? "callback"
        : Text(ref reader);

    // A checksum straight from the UTF-8 of the file into its bytes: false when it is not 64 lowercase hex digits.
    private static bool ReadDigest(ref Utf8JsonReader reader, string property, long at, out Checksums.Sha256Digest digest)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new PositionedError($"'{property}' must be a string, not {Describe(reader.TokenType)}.", at);
        }

        return reader.ValueIsEscaped || reader.HasValueSequence
            ? Checksums.Sha256Digest.TryParse(Encoding.UTF8.GetBytes(Text(ref reader)), out digest)
            : Checksums.Sha256Digest.TryParse(reader.ValueSpan, out digest);
    }

    private static string ReadString(ref Utf8JsonReader reader, string property, long at)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new PositionedError($"'{property}' must be a string, not {Describe(reader.TokenType)}.", at);
        }

        return Text(ref reader);
    }

    // The JSON reader decodes a string (its UTF-8, its \u escapes) only when it is asked for, and refuses invalid text
    // then: invalid UTF-8, a lone surrogate escape.
    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            throw new PositionedError(
                $"a string in it is not valid text ({FirstSentence(exception.Message)}). Save the file as UTF-8, or restore it from version control.",
                reader.TokenStartIndex);
        }
    }

    internal static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    // git writes these at the start of a line; a vectorized search for each beats looking at every line.
    internal static int FindConflictMarker(ReadOnlySpan<byte> content)
    {
        var first = -1;
        foreach (var marker in new[] { "<<<<<<<"u8.ToArray(), "|||||||"u8.ToArray(), "======="u8.ToArray(), ">>>>>>>"u8.ToArray() })
        {
            var at = content.StartsWith(marker) ? 0 : content.IndexOf([(byte)'\n', .. marker]) is var index and >= 0 ? index + 1 : -1;
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        return first < 0 ? 0 : content[..first].Count((byte)'\n') + 1;
    }

    internal static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    /// <summary>A refusal at a byte offset (-1: none), turned into a line only when thrown out of <see cref="Parse"/>.</summary>
    private sealed class PositionedError(string message, long offset) : Exception(message)
    {
        public long Offset { get; } = offset;
    }

    /// <summary>Line numbers of the manifest's text, for its errors only (so counted when asked, not indexed).</summary>
    private readonly ref struct Lines(ReadOnlySpan<byte> content)
    {
        private readonly ReadOnlySpan<byte> _content = content;

        public int Length => _content.Length;

        public int LineOf(long position) => _content[..(int)Math.Min(Math.Max(position, 0), _content.Length)].Count((byte)'\n') + 1;
    }
}
