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
public sealed record ScriptChecksums(string Text, long Length, string? Semantic = null, int? Flyway = null, long FirstInvalidUtf8Offset = -1);
