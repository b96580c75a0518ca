using System.Security.Cryptography;
using System.Text;
using ParityBuild.Core.Checksums;

namespace ParityBuild.Core.Tests.Support;

/// <summary>Fixed, distinct checksums for tests that do not read files.</summary>
internal static class Checksum
{
    /// <summary>A well-formed lowercase hex SHA-256 derived from a seed, so that "same seed" means "same content".</summary>
    public static string Of(string seed) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(seed))).ToLowerInvariant();

    public static ScriptChecksums Text(string seed) => new(Of(seed), seed.Length);

    public static ScriptChecksums Full(string seed, string? semanticSeed = null) =>
        new(Of(seed), seed.Length, Of("semantic:" + (semanticSeed ?? seed)), seed.Length);
}
