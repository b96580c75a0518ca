using System.Text;
using ParityBuild.Core.Checksums;

namespace ParityBuild.Core.Tests.Checksums;

/// <summary>Shared helpers: run each accumulator over content cut into chunks of chosen sizes.</summary>
internal static class ChecksumTestData
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static IEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] content, int size)
    {
        for (var i = 0; i < content.Length; i += size)
        {
            yield return content.AsMemory(i, Math.Min(size, content.Length - i));
        }
    }

    public static IEnumerable<ReadOnlyMemory<byte>> RandomChunks(byte[] content, Random random, int maxSize)
    {
        var i = 0;
        while (i < content.Length)
        {
            // Empty chunks too: a reader may hand over zero bytes.
            var size = Math.Min(random.Next(0, maxSize + 1), content.Length - i);
            yield return content.AsMemory(i, size);
            i += size;
        }
    }

    public static string Text(IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        using var accumulator = new NormalizedSha256();
        foreach (var chunk in chunks)
        {
            accumulator.Append(chunk.Span);
        }

        return accumulator.FinishHex();
    }

    public static string? Semantic(IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        using var accumulator = new SemanticSha256();
        foreach (var chunk in chunks)
        {
            accumulator.Append(chunk.Span);
        }

        return accumulator.FinishHex();
    }

    public static int Flyway(IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        var accumulator = new FlywayCrc32();
        foreach (var chunk in chunks)
        {
            accumulator.Append(chunk.Span);
        }

        return accumulator.FinishChecksum();
    }

    public static long FirstInvalidUtf8(IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        var accumulator = new Utf8Validator();
        foreach (var chunk in chunks)
        {
            accumulator.Append(chunk.Span);
        }

        return accumulator.FinishFirstInvalidOffset();
    }

    public static string Text(byte[] content) => Text([content]);

    public static string? Semantic(string sql) => Semantic([Bytes(sql)]);

    public static string? SemanticReason(string sql)
    {
        using var accumulator = new SemanticSha256();
        accumulator.Append(Bytes(sql));
        accumulator.FinishHex();
        return accumulator.UnsupportedReason;
    }

    public static int Flyway(byte[] content) => Flyway([content]);

    public static long FirstInvalidUtf8(byte[] content) => FirstInvalidUtf8([content]);
}
