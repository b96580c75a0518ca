using System.Text;

namespace ParityBuild.Core.Checksums.Tools;

/// <summary>
/// A script's text as a .NET migration tool reads it: <c>File.ReadAllText(path)</c> or <c>File.ReadAllText(path,
/// Encoding.UTF8)</c>, both of which honour a byte order mark (UTF-8, UTF-16 or UTF-32; the mark itself is not part of
/// the text) and otherwise decode UTF-8, each malformed sequence becoming U+FFFD. grate and Evolve hash this text.
/// </summary>
public static class DotNetScriptText
{
    public static string Read(ReadOnlySpan<byte> content)
    {
        // The same reader File.ReadAllText uses, so that every byte order mark and malformed byte is treated as the tools'.
        using var reader = new StreamReader(new MemoryStream(content.ToArray(), writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
