namespace ParityBuild.Core.Checksums;

/// <summary>Names the encoding a script that is not UTF-8 was most likely saved in, for PARITY1012's advice.</summary>
public static class EncodingGuess
{
    // Enough text to judge by; a script is read again only when it is not UTF-8.
    private const int Sample = 64 * 1024;

    private static readonly (int CodePage, string Name)[] MultiByte = [(932, "Shift-JIS"), (936, "GBK"), (950, "Big5")];

    /// <summary>A short phrase ("it looks like …"), or a neutral one when the file cannot be read.</summary>
    public static string Describe(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var bytes = new byte[(int)Math.Min(Sample, file.Length)];
            file.ReadExactly(bytes);
            return Describe(bytes);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "its encoding could not be told";
        }
    }

    public static string Describe(ReadOnlySpan<byte> bytes)
    {
        // ASCII text saved as UTF-16 has a NUL beside every character: after it (little-endian) or before it.
        var nulEven = 0;
        var nulOdd = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == 0)
            {
                _ = i % 2 == 0 ? nulEven++ : nulOdd++;
            }
        }

        var pairs = bytes.Length / 2;
        if (pairs > 0 && nulOdd > pairs / 2 && nulEven < pairs / 8)
        {
            return "it looks like UTF-16 LE without a byte-order mark; save it with one (SSMS: \"Unicode\"), or as UTF-8";
        }

        if (pairs > 0 && nulEven > pairs / 2 && nulOdd < pairs / 8)
        {
            return "it looks like UTF-16 BE without a byte-order mark; save it with one, or as UTF-8";
        }

        // Text in Shift-JIS, GBK or Big5 decodes without error in one of them, mostly to CJK characters; the accented
        // letters of a single-byte code page rarely do (a lone high byte before a space, a digit or punctuation).
        foreach (var (codePage, name) in MultiByte)
        {
            if (MostlyCjk(bytes, codePage))
            {
                return $"it looks like {name} or another multi-byte code page; save it as UTF-8";
            }
        }

        return "it looks like a single-byte code page such as Windows-1252 (ANSI) or ISO-8859-1; save it as UTF-8";
    }

    // Decoded strictly, the sample's non-ASCII characters are mostly CJK ideographs, kana or full-width forms. The
    // provider is asked directly, not registered, so that nothing changes for the rest of the build process.
    private static bool MostlyCjk(ReadOnlySpan<byte> bytes, int codePage)
    {
        var encoding = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(codePage, System.Text.EncoderFallback.ExceptionFallback, System.Text.DecoderFallback.ExceptionFallback);
        if (encoding is null)
        {
            return false;
        }

        string text;
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }

        var nonAscii = 0;
        var cjk = 0;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                continue;
            }

            nonAscii++;
            if (c is (>= '\u3000' and <= '\u9FFF') or (>= '\uFF00' and <= '\uFFEF'))
            {
                cjk++;
            }
        }

        return nonAscii > 0 && cjk * 2 >= nonAscii;
    }
}
