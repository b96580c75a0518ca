namespace ParityBuild.Core.Checksums;

/// <summary>What the bytes at a position hold, as Java's UTF-8 decoder (sun.nio.cs.UTF_8) sees them.</summary>
internal enum Utf8SequenceKind
{
    /// <summary>A well-formed sequence of <c>length</c> bytes.</summary>
    Valid,

    /// <summary>An ill-formed sequence; Java replaces its <c>length</c> bytes with one U+FFFD.</summary>
    Malformed,

    /// <summary>A well-formed start that the available bytes do not complete.</summary>
    NeedMore,
}

/// <summary>
/// Classifies one UTF-8 sequence exactly as Java's decoder does, including how many bytes each U+FFFD replaces:
/// Flyway's checksum re-encodes the decoded text, so the replacement count is part of the checksum.
/// </summary>
/// <remarks>
/// Java differs from the Unicode "maximal subpart" practice that .NET follows in one place: an encoded surrogate
/// (ED A0..BF xx) is one malformed unit of three bytes, not three units. Which inputs are valid is the same in both.
/// </remarks>
internal static class Utf8Sequence
{
    /// <param name="s">Bytes starting at a byte &gt;= 0x80 (ASCII needs no classification).</param>
    /// <param name="length">Bytes the sequence (or the malformed unit) spans; 0 for <see cref="Utf8SequenceKind.NeedMore"/>.</param>
    public static Utf8SequenceKind Classify(ReadOnlySpan<byte> s, out int length)
    {
        int b1 = s[0];
        length = 1;
        if (b1 is >= 0xC2 and <= 0xDF)
        {
            if (s.Length < 2)
            {
                return NeedMore(out length);
            }

            if (!IsContinuation(s[1]))
            {
                return Utf8SequenceKind.Malformed;
            }

            length = 2;
            return Utf8SequenceKind.Valid;
        }

        if (b1 is >= 0xE0 and <= 0xEF)
        {
            if (s.Length < 3)
            {
                if (s.Length > 1 && IsMalformed3Second(b1, s[1]))
                {
                    return Utf8SequenceKind.Malformed;
                }

                return NeedMore(out length);
            }

            if (IsMalformed3Second(b1, s[1]))
            {
                return Utf8SequenceKind.Malformed;
            }

            if (!IsContinuation(s[2]))
            {
                length = 2;
                return Utf8SequenceKind.Malformed;
            }

            // An encoded surrogate is one malformed unit of three bytes in Java.
            length = 3;
            return b1 == 0xED && s[1] >= 0xA0 ? Utf8SequenceKind.Malformed : Utf8SequenceKind.Valid;
        }

        if (b1 is >= 0xF0 and <= 0xF7)
        {
            if (b1 > 0xF4 || (s.Length > 1 && IsMalformed4Second(b1, s[1])))
            {
                return Utf8SequenceKind.Malformed;
            }

            if (s.Length > 2 && !IsContinuation(s[2]))
            {
                length = 2;
                return Utf8SequenceKind.Malformed;
            }

            if (s.Length < 4)
            {
                return NeedMore(out length);
            }

            if (!IsContinuation(s[3]))
            {
                length = 3;
                return Utf8SequenceKind.Malformed;
            }

            length = 4;
            return Utf8SequenceKind.Valid;
        }

        // 80..BF (a stray continuation), C0, C1 (always overlong) and F8..FF: one byte each.
        return Utf8SequenceKind.Malformed;
    }

    private static Utf8SequenceKind NeedMore(out int length)
    {
        length = 0;
        return Utf8SequenceKind.NeedMore;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    // E0 must be followed by A0..BF (shorter forms are overlong); E1..EF by any continuation byte.
    private static bool IsMalformed3Second(int b1, byte b2) => (b1 == 0xE0 && (b2 & 0xE0) == 0x80) || !IsContinuation(b2);

    // F0 must be followed by 90..BF (shorter forms are overlong), F4 by 80..8F (above U+10FFFF otherwise).
    private static bool IsMalformed4Second(int b1, byte b2) =>
        (b1 == 0xF0 && (b2 < 0x90 || b2 > 0xBF)) || (b1 == 0xF4 && (b2 & 0xF0) != 0x80) || !IsContinuation(b2);
}
