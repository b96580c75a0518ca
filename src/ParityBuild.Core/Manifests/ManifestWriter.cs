using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ParityBuild.Core.Manifests;

/// <summary>
/// Writes the manifest deterministically — entries in migration order, one per line, LF, 2-space indent, trailing
/// newline — so that a change shows up as one line in review. Writes atomically, and only when the bytes change.
/// </summary>
public static class ManifestWriter
{
    public static string Serialize(Manifest manifest)
    {
        // Entries are written set by set, and the digest must cover them in the order the reader will see them.
        var sets = manifest.Entries.GroupBy(entry => entry.Set, StringComparer.Ordinal).ToList();
        var digest = Manifest.ComputeDigest(sets.SelectMany(set => set));
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append("  \"formatVersion\": ").Append(Manifest.CurrentFormatVersion).Append(",\n");
        text.Append("  \"algorithm\": ").Append(Quote(Manifest.Algorithm)).Append(",\n");
        text.Append("  \"digest\": ").Append(Quote(digest)).Append(",\n");
        text.Append("  \"sets\": [");
        for (var s = 0; s < sets.Count; s++)
        {
            text.Append(s == 0 ? "\n" : ",\n");
            text.Append("    {\n");
            text.Append("      \"name\": ").Append(Quote(sets[s].Key)).Append(",\n");
            text.Append("      \"migrations\": [");
            var entries = sets[s].ToList();
            for (var e = 0; e < entries.Count; e++)
            {
                text.Append(e == 0 ? "\n" : ",\n");
                text.Append("        ");
                AppendEntry(text, entries[e]);
            }

            text.Append(entries.Count == 0 ? "]\n" : "\n      ]\n");
            text.Append("    }");
        }

        text.Append(sets.Count == 0 ? "]\n" : "\n  ]\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Writes the file through a temporary file and a rename; returns false when the content was already the same.</summary>
    public static bool Write(string path, Manifest manifest)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Serialize(manifest));
        return AtomicFile.WriteIfChanged(path, bytes);
    }

    private static void AppendEntry(StringBuilder text, ManifestEntry entry)
    {
        text.Append("{ ");
        if (entry.Version is not null)
        {
            text.Append("\"version\": ").Append(Quote(entry.Version)).Append(", ");
        }

        text.Append("\"description\": ").Append(Quote(entry.Description)).Append(", ");
        text.Append("\"kind\": ").Append(Quote(ManifestFormat.KindName(entry.Kind))).Append(", ");
        text.Append("\"path\": ").Append(Quote(entry.Path)).Append(", ");
        text.Append("\"sha256\": ").Append(Quote(entry.Sha256));
        if (entry.Semantic is not null)
        {
            text.Append(", \"semantic\": ").Append(Quote(entry.Semantic));
        }

        if (entry.Flyway is { } flyway)
        {
            text.Append(", \"flyway\": ").Append(flyway.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (entry.Md5 is not null)
        {
            text.Append(", \"md5\": ").Append(Quote(entry.Md5));
        }

        if (entry.Sha1 is not null)
        {
            text.Append(", \"sha1\": ").Append(Quote(entry.Sha1));
        }

        if (entry.Previous is { Count: > 0 } previous)
        {
            text.Append(", \"previous\": ");
            AppendPrevious(text, previous);
        }

        text.Append(" }");
    }

    /// <summary>The <c>previous</c> list as the manifest writes it: also what the digest covers of it (<see cref="Manifest.ComputeDigest"/>).</summary>
    internal static void AppendPrevious(StringBuilder text, IReadOnlyList<PreviousText> previous)
    {
        text.Append('[');
        for (var i = 0; i < previous.Count; i++)
        {
            text.Append(i == 0 ? "{ " : ", { ").Append("\"sha256\": ").Append(Quote(previous[i].Sha256));
            if (previous[i].Flyway is { } earlierFlyway)
            {
                text.Append(", \"flyway\": ").Append(earlierFlyway.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (previous[i].Md5 is { } md5)
            {
                text.Append(", \"md5\": ").Append(Quote(md5));
            }

            if (previous[i].Sha1 is { } sha1)
            {
                text.Append(", \"sha1\": ").Append(Quote(sha1));
            }

            if (previous[i].Grate is { } grate)
            {
                text.Append(", \"grate\": ").Append(Quote(grate));
            }

            if (previous[i].Liquibase is { Count: > 0 } changesets)
            {
                text.Append(", \"liquibase\": [").AppendJoin(", ", changesets.Select(Quote)).Append(']');
            }

            text.Append(" }");
        }

        text.Append(']');
    }

    // Relaxed escaping keeps non-ASCII descriptions readable; quotes, backslashes and control characters are still escaped.
    internal static string Quote(string value) =>
        "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() + "\"";
}
