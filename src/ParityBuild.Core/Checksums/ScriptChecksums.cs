namespace ParityBuild.Core.Checksums;

/// <summary>Which checksums to compute. The text checksum is always computed; the others only where needed.</summary>
[Flags]
public enum ChecksumKinds
{
    Text = 0,
    Semantic = 1,
    Flyway = 2,
    Utf8Validation = 4,
    All = Semantic | Flyway | Utf8Validation,

    /// <summary>MD5 of the normalized text: the manifest's <c>md5</c>, for a postgrator history. Only when asked for.</summary>
    Md5 = 8,

    /// <summary>SHA-1 of the normalized text: the manifest's <c>sha1</c>, for a sqitch registry. Only when asked for.</summary>
    Sha1 = 16,
}

/// <summary>
/// The checksums of one script.
/// <see cref="Text"/>: lowercase hex SHA-256 of the bytes with a leading UTF-8 BOM removed and CRLF / lone CR turned into LF.
/// <see cref="Semantic"/>: lowercase hex SHA-256 over the SQL tokens (comments and whitespace removed; strings,
/// quoted identifiers and dollar-quoted bodies kept exactly); null when not computed, or when the script cannot be
/// tokenized without knowing its dialect (then every edit counts as a real one).
/// <see cref="Flyway"/>: Flyway's CRC32 as the signed 32-bit integer it stores in flyway_schema_history.
/// <see cref="FirstInvalidUtf8Offset"/>: -1 when the bytes are valid UTF-8 (or not checked).
/// </summary>
public sealed record ScriptChecksums
{
    // The hasher's digest, kept as bytes: the gate compares it with the manifest's hex without making a string for
    // each of ten thousand unchanged scripts. The hex is made on first use of Text (a change, a report, the stat cache).
    private readonly Sha256Digest _digest;
    private readonly bool _hasDigest;
    private string? _text;

    // The same for the semantic checksum, which only a changed script's comparison reads.
    private readonly Sha256Digest _semanticDigest;
    private readonly bool _hasSemanticDigest;
    private string? _semantic;

    public ScriptChecksums(string Text, long Length, string? Semantic = null, int? Flyway = null, long FirstInvalidUtf8Offset = -1)
    {
        _text = Text;
        this.Length = Length;
        this.Semantic = Semantic;
        this.Flyway = Flyway;
        this.FirstInvalidUtf8Offset = FirstInvalidUtf8Offset;
    }

    internal ScriptChecksums(ReadOnlySpan<byte> sha256, long length)
    {
        sha256.CopyTo(_digest);
        _hasDigest = true;
        Length = length;
    }

    /// <summary>Both digests as bytes (the stat cache's, as read); the hex strings are made on first use.</summary>
    internal ScriptChecksums(in Sha256Digest sha256, long length, in Sha256Digest? semantic, int? flyway, long firstInvalidUtf8Offset)
        : this(sha256, length)
    {
        if (semantic is { } known)
        {
            _semanticDigest = known;
            _hasSemanticDigest = true;
        }

        Flyway = flyway;
        FirstInvalidUtf8Offset = firstInvalidUtf8Offset;
    }

    public string Text
    {
        get => _text ??= Hex.Lower(_digest);
        init => (_text, _hasDigest) = (value, false);
    }

    public long Length { get; init; }

    public string? Semantic
    {
        get => _semantic ??= _hasSemanticDigest ? Hex.Lower(_semanticDigest) : null;
        init => (_semantic, _hasSemanticDigest) = (value, false);
    }

    public int? Flyway { get; init; }

    public long FirstInvalidUtf8Offset { get; init; } = -1;

    /// <summary>Lowercase hex MD5 of the same text as <see cref="Text"/>; null when not computed.</summary>
    public string? Md5 { get; init; }

    /// <summary>Lowercase hex SHA-1 of the same text as <see cref="Text"/>; null when not computed.</summary>
    public string? Sha1 { get; init; }

    /// <summary>
    /// For a script saved as UTF-16 only: the text checksum of its raw bytes, which ParityBuild recorded for it before
    /// it decoded UTF-16, so that a manifest of that time still matches the unchanged script. Null otherwise.
    /// </summary>
    public string? RawBytesText { get; init; }

    /// <summary>Whether these checksums hold every kind of <paramref name="kinds"/> that has a value of its own here.</summary>
    public bool Has(ChecksumKinds kinds) =>
        (!kinds.HasFlag(ChecksumKinds.Md5) || Md5 is not null) && (!kinds.HasFlag(ChecksumKinds.Sha1) || Sha1 is not null);

    /// <summary>Whether <see cref="Text"/> is this lowercase hex checksum (the manifest's), without making the string.</summary>
    public bool TextIs(string sha256) => _hasDigest ? Hex.IsLower(_digest, sha256) : string.Equals(_text, sha256, StringComparison.Ordinal);

    /// <summary>Whether <see cref="Text"/> is this checksum, held as bytes (the manifest's, as read).</summary>
    internal bool TextIs(in Sha256Digest sha256) => _hasDigest ? _digest.SameAs(sha256) : Hex.IsLower(sha256, _text!);

    public bool Equals(ScriptChecksums? other) =>
        other is not null && Text == other.Text && Length == other.Length && Semantic == other.Semantic && Flyway == other.Flyway
        && FirstInvalidUtf8Offset == other.FirstInvalidUtf8Offset && Md5 == other.Md5 && Sha1 == other.Sha1;

    public override int GetHashCode() => HashCode.Combine(Text, Length, Semantic, Flyway, FirstInvalidUtf8Offset, Md5, Sha1);
}
