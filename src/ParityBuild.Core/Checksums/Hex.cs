namespace ParityBuild.Core.Checksums;

/// <summary>Lowercase hex (net8.0 has no Convert.ToHexStringLower), and comparison with it without making a string.</summary>
public static class Hex
{
    private const string Digits = "0123456789abcdef";

    /// <summary>One allocation: the string.</summary>
    public static string Lower(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = bytes.Length <= 128 ? stackalloc char[bytes.Length * 2] : new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Digits[bytes[i] >> 4];
            chars[(2 * i) + 1] = Digits[bytes[i] & 0xF];
        }

        return new string(chars);
    }

    /// <summary>Writes the lowercase hex of <paramref name="bytes"/> as UTF-8 (twice as many bytes) without making a string.</summary>
    public static void WriteLower(ReadOnlySpan<byte> bytes, Span<byte> utf8)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            utf8[2 * i] = (byte)Digits[bytes[i] >> 4];
            utf8[(2 * i) + 1] = (byte)Digits[bytes[i] & 0xF];
        }
    }

    /// <summary>Whether <paramref name="hex"/> is exactly the lowercase hex of <paramref name="bytes"/>.</summary>
    public static bool IsLower(ReadOnlySpan<byte> bytes, string hex)
    {
        if (hex.Length != bytes.Length * 2)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (hex[2 * i] != Digits[bytes[i] >> 4] || hex[(2 * i) + 1] != Digits[bytes[i] & 0xF])
            {
                return false;
            }
        }

        return true;
    }
}
