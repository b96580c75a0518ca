using System.Text;
using ParityBuild.Core.Manifests;
using ParityBuild.Core.Tests.Support;

namespace ParityBuild.Core.Tests.Manifests;

/// <summary>
/// Manifests made to hurt the reader: sizes that must cost work in proportion (measured by what the read allocates,
/// never by a clock), and bytes that must end in PARITY1006's ManifestException with a line, never in another exception.
/// </summary>
[TestClass]
public sealed class HostileManifestTests
{
    [TestMethod]
    public void A_manifest_of_many_empty_sets_is_read_with_allocations_in_proportion_to_its_size()
    {
        var small = EmptySets(2_000);
        var large = EmptySets(32_000);

        var perByteSmall = AllocatedPerByte(small);
        var perByteLarge = AllocatedPerByte(large);

        // Each set pre-sized its lists from the whole file's length: 16 times the sets cost 256 times the memory.
        Assert.IsLessThan(8.0, perByteSmall, $"{perByteSmall:F1} bytes allocated per byte of a {small.Length:N0}-byte manifest");
        Assert.IsLessThan(8.0, perByteLarge, $"{perByteLarge:F1} bytes allocated per byte of a {large.Length:N0}-byte manifest");
    }

    [TestMethod]
    public void A_large_manifest_of_real_entries_is_read_with_allocations_in_proportion_to_its_size()
    {
        var entries = Enumerable.Range(1, 20_000)
            .Select(i => ManifestSamples.Versioned(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Migrations/set{i % 7}/V{i}__change_number_{i}.sql", set: $"set{i % 7}"))
            .ToList();
        var bytes = ManifestSamples.Utf8(ManifestWriter.Serialize(new Manifest(entries)));

        var perByte = AllocatedPerByte(bytes);

        Assert.IsLessThan(8.0, perByte, $"{perByte:F1} bytes allocated per byte of a {bytes.Length:N0}-byte manifest");
    }

    [TestMethod]
    [DataRow("description", DisplayName = "in a description")]
    [DataRow("path", DisplayName = "in a path")]
    [DataRow("name", DisplayName = "in a set's name")]
    [DataRow("version", DisplayName = "in a version")]
    [DataRow("kind", DisplayName = "in a kind")]
    [DataRow("property", DisplayName = "in a property's name")]
    public void Invalid_UTF8_inside_a_string_is_refused_with_its_line(string where)
    {
        var text = ManifestSamples.SampleText();
        var target = where switch
        {
            "description" => "\"description\": \"V2__add_email",
            "path" => "\"path\": \"Migrations/V2__add_email",
            "name" => "\"name\": \"",
            "version" => "\"version\": \"2",
            "kind" => "\"description\": \"V2__add_email\", \"kind\": \"versioned",
            _ => "{\n  \"",
        };
        var at = text.IndexOf(target, StringComparison.Ordinal) + target.Length;
        var prefix = ManifestSamples.Utf8(text[..at]);
        var bytes = prefix.Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(ManifestSamples.Utf8(text[at..])).ToArray();
        var line = text[..at].Count(c => c == '\n') + 1;

        var refusal = Assert.ThrowsExactly<ManifestException>(() => ManifestReader.Parse(bytes, verifyDigest: false));

        Assert.Contains("UTF-8", refusal.Message);
        Assert.AreEqual(line, refusal.Line, refusal.Message);
    }

    [TestMethod]
    [DataRow("\"description\": \"V2__add_email\"", "\"description\": \"V2\\ud800\"", DisplayName = "a high surrogate alone, in a description")]
    [DataRow("\"path\": \"Migrations/V2__add_email.sql\"", "\"path\": \"Migrations/V2\\udc00.sql\"", DisplayName = "a low surrogate alone, in a path")]
    public void A_lone_surrogate_escape_inside_a_string_is_refused_with_its_line(string original, string replacement)
    {
        var text = ManifestSamples.SampleText();

        var refusal = Assert.ThrowsExactly<ManifestException>(() => ManifestReader.Parse(ManifestSamples.Utf8(text.Replace(original, replacement, StringComparison.Ordinal)), verifyDigest: false));

        Assert.Contains("not valid text", refusal.Message);
        Assert.AreEqual(10, refusal.Line, refusal.Message);
    }

    // Set names are distinct: a repeated one is refused before the cost could pile up.
    private static byte[] EmptySets(int count)
    {
        var text = new StringBuilder();
        text.Append("{\n  \"formatVersion\": 1,\n  \"algorithm\": \"").Append(Manifest.Algorithm)
            .Append("\",\n  \"digest\": \"").Append(Manifest.ComputeDigest([])).Append("\",\n  \"sets\": [\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : ",\n").Append("    { \"name\": \"s").Append(i).Append("\", \"migrations\": [] }");
        }

        text.Append("\n  ]\n}\n");
        return ManifestSamples.Utf8(text.ToString());
    }

    private static double AllocatedPerByte(byte[] manifest)
    {
        // The read is single-threaded: what this thread allocates is what it costs, whatever other tests do meanwhile.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = ManifestReader.Parse(manifest);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsNotNull(parsed);
        return (double)allocated / manifest.Length;
    }
}
