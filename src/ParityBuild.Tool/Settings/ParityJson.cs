using System.CommandLine;
using System.Text.Json;
using ParityBuild.Core.Findings;

namespace ParityBuild.Tool.Settings;

/// <summary>
/// parity.json: the settings a project file would give as MSBuild properties, for a repository without one. Its keys are
/// the options' names in camelCase (<c>"naming"</c>, <c>"allowOutOfOrder"</c>, <c>"historyTable"</c>); a repeatable
/// option takes an array. Every problem is a PARITY1018 finding at the file and line.
/// </summary>
internal sealed class ParityJson
{
    public const string FileName = "parity.json";

    private readonly Dictionary<string, (JsonElement Value, int Line)> _settings;

    private ParityJson(string path, Dictionary<string, (JsonElement, int)> settings)
    {
        Path = path;
        _settings = settings;
    }

    public string Path { get; }

    /// <summary>
    /// The settings file --config names (relative to the project folder; none: no file), or else the project folder's
    /// parity.json when there is one and it is no JSON report: with ParityReportFile=parity.sarif the package writes its
    /// JSON report beside it as parity.json, which must not stop the next run.
    /// </summary>
    public static ParityJson? Load(string projectDirectory, string? config)
    {
        if (string.Equals(config, "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (config is { Length: > 0 })
        {
            var given = System.IO.Path.GetFullPath(config, projectDirectory);
            return File.Exists(given) ? Read(given) : throw Invalid(given, 0, $"{given} does not exist (--config names the settings file, or none).");
        }

        var path = System.IO.Path.Combine(projectDirectory, FileName);
        return File.Exists(path) && Read(path) is var json && !json.IsReport ? json : null;
    }

    // ParityBuild's JSON report starts with these two keys (JsonReport); no settings file has either.
    private bool IsReport => _settings.TryGetValue("tool", out var tool) && tool.Value.ValueKind == JsonValueKind.String
        && tool.Value.GetString() == Core.Reports.Report.ToolName && _settings.ContainsKey("formatVersion");

    private static ParityJson Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, 0, $"{path} cannot be read: {exception.Message}.");
        }

        var settings = new Dictionary<string, (JsonElement, int)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(path, LineOf(bytes, reader.TokenStartIndex), $"{path} must hold one JSON object, such as {{ \"naming\": \"flyway\" }}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var line = LineOf(bytes, reader.TokenStartIndex);
                reader.Read();
                var value = JsonElement.ParseValue(ref reader);
                if (!settings.TryAdd(name, (value, line)))
                {
                    throw Invalid(path, line, $"{path} sets \"{name}\" twice.");
                }
            }
        }
        catch (JsonException exception)
        {
            // System.Text.Json counts lines from 0.
            throw Invalid(path, (int)(exception.LineNumber ?? -1) + 1, $"{path} is not valid JSON: {exception.Message}");
        }

        return new ParityJson(path, settings);
    }

    /// <summary>The key of an option: its name without the dashes, in camelCase (--allow-out-of-order: allowOutOfOrder).</summary>
    public static string KeyOf(Option option)
    {
        var parts = option.Name.TrimStart('-').Split('-');
        return parts[0] + string.Concat(parts.Skip(1).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
    }

    /// <summary>Refuses a key that is none of the options given: a misspelt setting would otherwise be silently ignored.</summary>
    public void CheckKeys(IEnumerable<Option> options)
    {
        var known = options.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, (_, line)) in _settings)
        {
            if (!known.Contains(key))
            {
                throw Invalid(Path, line, $"{Path} sets \"{key}\", which is not a setting of any parity command (the settings are: {string.Join(", ", known.Order(StringComparer.Ordinal))}).");
            }
        }
    }

    /// <summary>The value parity.json gives the option, converted to its type.</summary>
    public bool TryGet<T>(Option<T> option, out T value)
    {
        value = default!;
        var key = KeyOf(option);
        if (!_settings.TryGetValue(key, out var setting))
        {
            return false;
        }

        var (element, line) = setting;
        object? converted = typeof(T) switch
        {
            var type when type == typeof(string) => AsString(element),
            var type when type == typeof(bool) || type == typeof(bool?) => element.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(element.GetString(), out var flag) => flag,
                _ => null,
            },
            var type when type == typeof(int) || type == typeof(int?) => element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number) ? number : null,
            var type when type == typeof(string[]) => element.ValueKind == JsonValueKind.Array
                ? element.EnumerateArray().Select(AsString).ToArray() is var items && items.All(item => item is not null) ? items! : null
                : AsString(element) is { } single ? new[] { single } : null,
            _ => null,
        };
        if (converted is null)
        {
            var expected = typeof(T) == typeof(string[]) ? "a string or an array of strings"
                : typeof(T) == typeof(bool) || typeof(T) == typeof(bool?) ? "true or false"
                : typeof(T) == typeof(int) || typeof(T) == typeof(int?) ? "a whole number" : "a string";
            throw Invalid(Path, line, $"{Path} gives \"{key}\" the value {element.GetRawText()}; expected {expected}.");
        }

        value = (T)converted;
        return true;
    }

    private static string? AsString(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };

    private static int LineOf(ReadOnlySpan<byte> bytes, long index) => bytes[..(int)Math.Min(index, bytes.Length)].Count((byte)'\n') + 1;

    private static SettingsException Invalid(string path, int line, string message) =>
        new(Diagnostics.ToolSettingsInvalid.AtLine(path, Math.Max(line, 0), message));
}
