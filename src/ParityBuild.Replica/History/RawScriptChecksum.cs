using ParityBuild.Core.Checksums.Tools;

namespace ParityBuild.Replica.History;

/// <summary>
/// Judges the checksum of a tool that hashes a script's raw bytes (sqitch, postgrator): on a mismatch, recomputes it
/// over the file with its line endings converted, so that a CRLF checkout (or a file applied from one) is named as such
/// instead of passing for an edit.
/// </summary>
internal static class RawScriptChecksum
{
    /// <summary>A tool's checksum of a script's bytes.</summary>
    public delegate string Hasher(ReadOnlySpan<byte> content);

    public static ChecksumVerdict Verify(string stored, string? local, string fullPath, Hasher hash, string advice)
    {
        if (local is null || string.Equals(stored, local, StringComparison.OrdinalIgnoreCase))
        {
            return new ChecksumVerdict(ChecksumOutcome.Match, local);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new ChecksumVerdict(ChecksumOutcome.Differs, local);
        }

        foreach (var (ending, name) in new[] { ("\n"u8.ToArray(), "LF"), ("\r\n"u8.ToArray(), "CRLF") })
        {
            var converted = WithLineEndings(bytes, ending);
            if (Core.Checksums.Tools.LineEndings.DifferOnlyInLineEndings(bytes, converted)
                && string.Equals(hash(converted), stored, StringComparison.OrdinalIgnoreCase))
            {
                return new ChecksumVerdict(ChecksumOutcome.Differs, local,
                    $"only the line endings differ: the replica's value is this script's with {name} line endings; {advice}");
            }
        }

        return new ChecksumVerdict(ChecksumOutcome.Differs, local);
    }

    /// <summary>
    /// The checksums of many scripts: taken from what ParityVerify's read computed where <paramref name="fromKnown"/>
    /// accepts its digest, else read in parallel (these tools hash the raw bytes, which
    /// ParityVerify's own checksum does not keep). Null for a script that cannot be read: ParityVerify reports it; here
    /// it only means there is nothing to compare.
    /// </summary>
    public static string?[] HashAll(IReadOnlyList<string> fullPaths, Hasher hash, IReadOnlyDictionary<string, RawDigest>? known, Func<RawDigest, string?> fromKnown)
    {
        var checksums = new string?[fullPaths.Count];
        var toRead = new List<int>();
        for (var i = 0; i < fullPaths.Count; i++)
        {
            if (known is not null && known.TryGetValue(fullPaths[i], out var digest) && fromKnown(digest) is { } checksum)
            {
                checksums[i] = checksum;
            }
            else
            {
                toRead.Add(i);
            }
        }

        Parallel.ForEach(toRead, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                checksums[i] = hash(File.ReadAllBytes(fullPaths[i]));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                checksums[i] = null;
            }
        });
        return checksums;
    }

    // Every CRLF, lone CR and LF becomes `ending`, as a checkout with other line endings would write the file.
    private static byte[] WithLineEndings(byte[] bytes, byte[] ending)
    {
        var output = new List<byte>(bytes.Length + (bytes.Length / 16));
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == (byte)'\r' || b == (byte)'\n')
            {
                if (b == (byte)'\r' && i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n')
                {
                    i++;
                }

                output.AddRange(ending);
            }
            else
            {
                output.Add(b);
            }
        }

        return [.. output];
    }
}
