using System.Text.RegularExpressions;

namespace ParityBuild.Core.Schema;

/// <summary>
/// Removes what engines print differently for the same thing, so that a replica migrated by the same scripts compares
/// equal: type aliases (int4 / integer, MySQL display widths such as int(11)), casts PostgreSQL adds to default
/// literals ('a'::character varying), and whitespace in definitions. Applied when a snapshot is captured and again on
/// both sides of a comparison, so a snapshot written by hand or by an older version compares the same way.
/// </summary>
public static partial class SchemaNormalizer
{
    private static readonly Dictionary<string, string> PostgresAliases = new(StringComparer.Ordinal)
    {
        ["int"] = "integer", ["int4"] = "integer", ["int8"] = "bigint", ["int2"] = "smallint",
        ["float8"] = "double precision", ["float4"] = "real", ["bool"] = "boolean",
        ["varchar"] = "character varying", ["char"] = "character", ["bpchar"] = "character",
        ["timestamptz"] = "timestamp with time zone", ["timestamp"] = "timestamp without time zone",
        ["timetz"] = "time with time zone", ["time"] = "time without time zone", ["decimal"] = "numeric",
        ["varbit"] = "bit varying",
    };

    private static readonly Dictionary<string, string> MySqlAliases = new(StringComparer.Ordinal)
    {
        ["integer"] = "int", ["bool"] = "tinyint", ["boolean"] = "tinyint", ["dec"] = "decimal", ["numeric"] = "decimal",
    };

    private static readonly HashSet<string> MySqlIntegers = new(StringComparer.Ordinal) { "tinyint", "smallint", "mediumint", "int", "bigint" };

    public static string Type(string engine, string type)
    {
        // Quoted names and enum labels keep their case and spaces; only keywords are folded.
        var text = Whitespace(type);
        if (engine == SchemaSnapshot.Postgres && text.Contains('"', StringComparison.Ordinal))
        {
            return text;
        }

        var array = "";
        while (text.EndsWith("[]", StringComparison.Ordinal))
        {
            array += "[]";
            text = text[..^2].TrimEnd();
        }

        if (engine == SchemaSnapshot.MySql)
        {
            // MySQL 8.0.19 and later dropped integer display widths; MariaDB still prints int(11). The width never
            // changed what a column holds.
            var parts = MySqlType().Match(text);
            if (!parts.Success)
            {
                return text;
            }

            var baseName = parts.Groups[1].Value.ToLowerInvariant();
            baseName = MySqlAliases.GetValueOrDefault(baseName, baseName);
            var arguments = parts.Groups[2].Value;
            arguments = MySqlIntegers.Contains(baseName) ? ""
                : arguments.Contains('\'', StringComparison.Ordinal) ? arguments
                : arguments.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
            var modifiers = parts.Groups[3].Value.Trim().ToLowerInvariant();
            return baseName + arguments + (modifiers.Length == 0 ? "" : " " + modifiers) + array;
        }

        text = text.ToLowerInvariant();
        var open = text.IndexOf('(');
        var name = open < 0 ? text : text[..open].TrimEnd();
        var rest = open < 0 ? "" : text[open..].Replace(" ", "", StringComparison.Ordinal);
        if (open >= 0 && text.IndexOf(')', open) is var close and >= 0 && close < text.Length - 1)
        {
            // format_type prints a time precision inside the name: timestamp(3) without time zone.
            name += text[(close + 1)..];
            rest = text[open..(close + 1)].Replace(" ", "", StringComparison.Ordinal);
        }

        name = PostgresAliases.GetValueOrDefault(name, name);
        if (rest.Length > 0 && name is "timestamp without time zone" or "timestamp with time zone" or "time without time zone" or "time with time zone")
        {
            var zone = name[name.IndexOf(' ')..];
            return name[..name.IndexOf(' ')] + rest + zone + array;
        }

        return name + rest + array;
    }

    /// <summary>A default expression without the casts PostgreSQL adds to literals, or a MySQL expression in one spelling.</summary>
    public static string? Default(string engine, string? expression)
    {
        if (expression is null)
        {
            return null;
        }

        var text = Whitespace(expression);
        if (engine == SchemaSnapshot.Postgres)
        {
            // 'x'::character varying, 0::numeric, ('{}'::text[]): the literal is the default, the cast is the column's type.
            string previous;
            do
            {
                previous = text;
                text = LiteralCast().Replace(text, "$1");
                text = ParenthesizedLiteral().Replace(text, "$1");
            }
            while (text != previous);
            return text;
        }

        // MySQL prints CURRENT_TIMESTAMP, MariaDB current_timestamp(): one function.
        return CurrentTimestamp().Replace(text, match => "current_timestamp" + match.Groups[1].Value);
    }

    /// <summary>A definition (view query, constraint, index key, trigger) with runs of whitespace as one space.</summary>
    public static string Definition(string definition) => Whitespace(definition);

    private static string Whitespace(string text) => Spaces().Replace(text.Trim(), " ");

    [GeneratedRegex(@"^([a-z0-9_]+)(\(.*\))?([^)]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex MySqlType();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"('(?:[^']|'')*'|-?\d+(?:\.\d+)?)::(?:character varying|bit varying|double precision|(?:timestamp|time)(?:\(\d+\))? with(?:out)? time zone|""[^""]+""|[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*(?![a-z0-9_])", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralCast();

    [GeneratedRegex(@"^\(('(?:[^']|'')*'|-?\d+(?:\.\d+)?)\)$")]
    private static partial Regex ParenthesizedLiteral();

    [GeneratedRegex(@"current_timestamp(?:\(\))?(\(\d+\))?", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentTimestamp();
}
