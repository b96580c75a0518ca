namespace ParityBuild.Core.Checksums.Tools;

/// <summary>Tells a caller whose raw-bytes checksum mismatched that only line endings changed (e.g. a CRLF checkout).</summary>
public static class LineEndings
{
    /// <summary>
    /// True when the contents are not identical but become identical once every CRLF, lone CR and LF counts as one
    /// line break. Identical contents do not differ, so they give false.
    /// </summary>
    public static bool DifferOnlyInLineEndings(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.SequenceEqual(b))
        {
            return false;
        }

        var i = 0;
        var j = 0;
        while (i < a.Length && j < b.Length)
        {
            var breakA = BreakLength(a, i);
            var breakB = BreakLength(b, j);
            if (breakA > 0 && breakB > 0)
            {
                i += breakA;
                j += breakB;
                continue;
            }

            if (breakA > 0 || breakB > 0 || a[i] != b[j])
            {
                return false;
            }

            i++;
            j++;
        }

        return i == a.Length && j == b.Length;
    }

    private static int BreakLength(ReadOnlySpan<byte> s, int index) => s[index] switch
    {
        (byte)'\r' => index + 1 < s.Length && s[index + 1] == (byte)'\n' ? 2 : 1,
        (byte)'\n' => 1,
        _ => 0,
    };
}
