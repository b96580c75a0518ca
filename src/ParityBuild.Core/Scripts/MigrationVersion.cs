namespace ParityBuild.Core.Scripts;

/// <summary>
/// A migration version. Numeric versions compare part by part as numbers (1.10 after 1.9, 4_99_1561608282 before 4_100),
/// with <c>_</c> read as <c>.</c> and trailing zero parts ignored, as Flyway does (2 equals 2.0).
/// Named versions (DbUp, where the script name is the key) compare ordinally, as DbUp orders scripts.
/// </summary>
public sealed class MigrationVersion : IComparable<MigrationVersion>, IEquatable<MigrationVersion>
{
    // Numeric parts with leading zeros removed and trailing zero parts dropped; null for a named version, and for a
    // single part (most versions), which is kept alone: no array for each of ten thousand versions.
    private readonly string[]? _parts;
    private readonly string? _single;

    private MigrationVersion(string text, string[]? parts, string? single = null)
    {
        Text = text;
        _parts = parts;
        _single = single;
        Normalized = (parts, single) switch
        {
            (null, null) => text,
            (null, _) => single.Length == 0 ? "0" : single,
            _ => string.Join('.', parts.Select(part => part.Length == 0 ? "0" : part)),
        };
    }

    /// <summary>The version as a migration tool displays it: Flyway keeps leading zeros and turns <c>_</c> into <c>.</c>.</summary>
    public string Text { get; }

    public bool IsNumeric => _parts is not null || _single is not null;

    private int PartCount => _parts?.Length ?? (_single is null ? 0 : 1);

    private string Part(int i) => _parts is not null ? _parts[i] : _single!;

    /// <summary>A key equal for equal versions: <c>1.2</c>, <c>1_2</c>, <c>01.2.0</c> all give <c>1.2</c>.</summary>
    public string Normalized { get; }

    public static MigrationVersion Named(string name) => new(name, null);

    /// <summary>Parses digits separated by <c>.</c> or <c>_</c>; false for anything else (empty parts included).</summary>
    public static bool TryParseNumeric(string text, out MigrationVersion version)
    {
        // Allocation-lean: ten thousand versions are parsed on every build (scripts and history rows alike).
        version = null!;
        if (text.Length == 0)
        {
            return false;
        }

        var count = 1 + text.AsSpan().Count('.') + text.AsSpan().Count('_');
        if (count == 1)
        {
            var digitsOnly = text.AsSpan();
            if (digitsOnly.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            var trimmed = digitsOnly.TrimStart('0');
            version = new MigrationVersion(text, null, trimmed.Length == text.Length ? text : trimmed.ToString());
            return true;
        }

        var parts = new string[count];
        var rest = text.AsSpan();
        for (var i = 0; i < count; i++)
        {
            var separator = rest.IndexOfAny('.', '_');
            var part = separator < 0 ? rest : rest[..separator];
            if (part.Length == 0 || part.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            parts[i] = part.TrimStart('0').ToString();
            rest = separator < 0 ? default : rest[(separator + 1)..];
        }

        var kept = count;
        while (kept > 1 && parts[kept - 1].Length == 0)
        {
            kept--;
        }

        // Replace returns the same string when there is no '_'.
        var shown = text.Replace('_', '.');
        version = kept == 1 ? new MigrationVersion(shown, null, parts[0]) : new MigrationVersion(shown, kept == count ? parts : parts[..kept]);
        return true;
    }

    public static MigrationVersion ParseNumeric(string text) =>
        TryParseNumeric(text, out var version) ? version : throw new FormatException($"'{text}' is not a numeric version.");

    public int CompareTo(MigrationVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (!IsNumeric || !other.IsNumeric)
        {
            // Numeric versions sort before named ones; a set never mixes them unless its naming is mixed.
            return IsNumeric == other.IsNumeric
                ? string.CompareOrdinal(Text, other.Text)
                : IsNumeric ? -1 : 1;
        }

        var count = Math.Max(PartCount, other.PartCount);
        for (var i = 0; i < count; i++)
        {
            var mine = i < PartCount ? Part(i) : "";
            var theirs = i < other.PartCount ? other.Part(i) : "";
            var byLength = mine.Length.CompareTo(theirs.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            var byDigits = string.CompareOrdinal(mine, theirs);
            if (byDigits != 0)
            {
                return byDigits;
            }
        }

        return 0;
    }

    public bool Equals(MigrationVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is MigrationVersion other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Normalized);

    public override string ToString() => Text;

    public static bool operator <(MigrationVersion left, MigrationVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(MigrationVersion left, MigrationVersion right) => left.CompareTo(right) > 0;
}
