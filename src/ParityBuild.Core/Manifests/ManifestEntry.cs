using ParityBuild.Core.Checksums;
using ParityBuild.Core.Checksums.Tools;
using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Manifests;

/// <summary>
/// One baselined script. <see cref="Path"/> is relative to the project with <c>/</c> separators;
/// <see cref="Sha256"/> is the normalized text checksum the gate compares; <see cref="Semantic"/> tells a cosmetic edit
/// from a real one; <see cref="Flyway"/> lets a replica check compare with flyway_schema_history without reading files.
/// <see cref="Md5"/> and <see cref="Sha1"/> (only when the project's history is postgrator's or sqitch's, which store
/// those hashes of a script's raw bytes) are the hashes of the same text as <see cref="Sha256"/>: the raw bytes of a
/// checkout with LF line endings and no BOM, whose hash the replica check then takes from here instead of computing it.
/// </summary>
/// <remarks>
/// The manifest reader keeps the two SHA-256 values as bytes and makes their hex only when asked (a change, a write):
/// every build reads every entry, and two 64-character strings each would be most of what it keeps.
/// </remarks>
public sealed record ManifestEntry
{
    private readonly Sha256Digest _sha256Digest;
    private readonly Sha256Digest _semanticDigest;
    private readonly bool _digestsHeld;
    private readonly bool _hasSemantic;
    private string? _sha256;
    private string? _semantic;

    public ManifestEntry(
        string Set,
        MigrationKind Kind,
        string? Version,
        string Description,
        string Path,
        string Sha256,
        string? Semantic,
        int? Flyway,
        string? Md5 = null,
        string? Sha1 = null)
    {
        this.Set = Set;
        this.Kind = Kind;
        this.Version = Version;
        this.Description = Description;
        this.Path = Path;
        _sha256 = Sha256;
        _semantic = Semantic;
        this.Flyway = Flyway;
        this.Md5 = Md5;
        this.Sha1 = Sha1;
    }

    /// <summary>An entry as read, with its checksums as bytes.</summary>
    internal ManifestEntry(
        string set, MigrationKind kind, string? version, string description, string path, in Sha256Digest sha256, in Sha256Digest? semantic, int? flyway, string? md5, string? sha1)
    {
        Set = set;
        Kind = kind;
        Version = version;
        Description = description;
        Path = path;
        _sha256Digest = sha256;
        (_semanticDigest, _hasSemantic) = semantic is { } value ? (value, true) : (default, false);
        _digestsHeld = true;
        Flyway = flyway;
        Md5 = md5;
        Sha1 = sha1;
    }

    public string Set { get; init; }

    public MigrationKind Kind { get; init; }

    public string? Version { get; init; }

    public string Description { get; init; }

    public string Path { get; init; }

    public string Sha256
    {
        get => _sha256 ??= _sha256Digest.ToHex();
        init => (_sha256, _sha256Digest, _digestsHeld, _semantic) = (value, default, false, Semantic);
    }

    public string? Semantic
    {
        get => _semantic ?? (_digestsHeld && _hasSemantic ? _semantic = _semanticDigest.ToHex() : null);
        init => (_semantic, _hasSemantic) = (value, false);
    }

    public int? Flyway { get; init; }

    public string? Md5 { get; init; }

    public string? Sha1 { get; init; }

    /// <summary>
    /// The checksums of the earlier texts of this script that a cosmetic edit (PARITY1009) replaced and ParityAccept took
    /// in, newest first: what the migration tools may still store for it. Null for a script never reformatted.
    /// </summary>
    public IReadOnlyList<PreviousText>? Previous { get; init; }

    /// <summary>The recorded hash of the text that stands for another tool's raw digest of this kind (<see cref="Md5"/>, <see cref="Sha1"/>), or null.</summary>
    public string? ToolDigest(RawDigestKind kind) => kind switch
    {
        RawDigestKind.Md5 => Md5,
        RawDigestKind.Sha1 => Sha1,
        _ => null,
    };

    /// <summary>Whether <paramref name="checksums"/> hold this entry's text checksum, compared as bytes where both are.</summary>
    public bool HasText(ScriptChecksums checksums) => _digestsHeld ? checksums.TextIs(_sha256Digest) : checksums.TextIs(Sha256);

    /// <summary>
    /// Writes <see cref="Sha256"/> as UTF-8 (64 bytes) without making the string, when the entry holds it as bytes (as
    /// read); false for an entry made from a string, whose string the caller writes as it is.
    /// </summary>
    internal bool TryWriteSha256(Span<byte> destination)
    {
        if (_digestsHeld)
        {
            _sha256Digest.WriteHex(destination);
        }

        return _digestsHeld;
    }

    public bool Equals(ManifestEntry? other) =>
        other is not null && Set == other.Set && Kind == other.Kind && Version == other.Version && Description == other.Description
        && Path == other.Path && Sha256 == other.Sha256 && Semantic == other.Semantic && Flyway == other.Flyway && Md5 == other.Md5 && Sha1 == other.Sha1
        && (Previous ?? []).SequenceEqual(other.Previous ?? []);

    public override int GetHashCode() => HashCode.Combine(Set, Kind, Version, Path, Sha256, Flyway);
}

/// <summary>
/// The checksums an earlier, semantically identical text of a script had: its <see cref="Sha256"/> and, where the
/// manifest held them or ParityAccept found that text in git (<see cref="ManifestPrevious"/>), its <see cref="Flyway"/>
/// CRC32, the <see cref="Md5"/> and <see cref="Sha1"/> of its text (LF, no BOM), grate's <see cref="Grate"/> text_hash
/// when its quotes make that differ from the md5, and the <see cref="Liquibase"/> MD5SUMs of the changesets whose
/// checksum the edit changed (<c>author:id 9:hex</c>). A tool's checksum that none of these determine cannot be realigned.
/// </summary>
public sealed record PreviousText(string Sha256, int? Flyway, string? Md5 = null, string? Sha1 = null)
{
    /// <summary>grate's base64 text_hash of the earlier text, recorded only where it holds a <c>'</c> (grate doubles them before hashing).</summary>
    public string? Grate { get; init; }

    /// <summary><c>author:id 8:hex</c> / <c>author:id 9:hex</c>: Liquibase's MD5SUM of each changeset of the earlier text whose checksum the edit changed.</summary>
    public IReadOnlyList<string>? Liquibase { get; init; }

    public static PreviousText Of(ManifestEntry entry) => new(entry.Sha256, entry.Flyway, entry.Md5, entry.Sha1);

    public bool Equals(PreviousText? other) =>
        other is not null && Sha256 == other.Sha256 && Flyway == other.Flyway && Md5 == other.Md5 && Sha1 == other.Sha1 && Grate == other.Grate
        && (Liquibase ?? []).SequenceEqual(other.Liquibase ?? []);

    public override int GetHashCode() => HashCode.Combine(Sha256, Flyway, Md5);
}
