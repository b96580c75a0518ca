using System.Runtime.CompilerServices;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// A SHA-256 held as its 32 bytes, inline in the object that has it: ten thousand scripts' checksums as 64-character
/// hex strings would be twenty thousand more objects for the garbage collector to copy on every build.
/// </summary>
[InlineArray(32)]
internal struct Sha256Digest
{
    private byte _first;

    /// <summary>Reads 64 lowercase hex digits (UTF-8); false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> hex, out Sha256Digest digest)
    {
        digest = default;
        if (hex.Length != 64)
        {
            return false;
        }

        for (var i = 0; i < 32; i++)
        {
            var high = Nibble(hex[2 * i]);
            var low = Nibble(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            digest[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    /// <summary>Writes the 64 lowercase hex digits as UTF-8.</summary>
    public readonly void WriteHex(Span<byte> destination) => Hex.WriteLower(this, destination);

    public readonly string ToHex() => Hex.Lower(this);

    public readonly bool SameAs(in Sha256Digest other) => ((ReadOnlySpan<byte>)this).SequenceEqual(other);

    // Lowercase only: the manifest is written so, and anything else is refused rather than read.
    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
