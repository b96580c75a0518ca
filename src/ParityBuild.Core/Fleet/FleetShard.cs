using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace ParityBuild.Core.Fleet;

/// <summary>
/// ParityFleetShard=k/n: the share of the tenants that CI job k of n checks. A tenant's shard follows from a stable hash
/// of its name (XxHash3 of its UTF-8 bytes, the same on every machine and run, unlike string.GetHashCode), so the n
/// jobs check every tenant exactly once without talking to each other.
/// </summary>
public sealed record FleetShard(int Index, int Count)
{
    public static FleetShard All { get; } = new(1, 1);

    /// <summary>Reads <c>k/n</c> with 1 ≤ k ≤ n; empty is <see cref="All"/>; null for anything else.</summary>
    public static FleetShard? Parse(string? text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            return All;
        }

        var parts = trimmed.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count is >= 1 and <= 10_000 && index >= 1 && index <= count
                ? new FleetShard(index, count)
                : null;
    }

    public bool Includes(string tenant) => Count == 1 || (int)(XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(tenant)) % (ulong)Count) == Index - 1;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}

/// <summary>ParityFleetMaxUnreachable: how many tenants may be unreachable before that fails the build, as a count or a percentage.</summary>
public sealed record UnreachableLimit(int Value, bool Percent)
{
    /// <summary>Reads <c>5</c> or <c>10%</c>; empty is 0 (any unreachable tenant fails the build); null for anything else.</summary>
    public static UnreachableLimit? Parse(string? text)
    {
        var trimmed = (text ?? "").Trim();
        var percent = trimmed.EndsWith('%');
        var number = percent ? trimmed[..^1].Trim() : trimmed;
        if (number.Length == 0 && !percent)
        {
            return new UnreachableLimit(0, false);
        }

        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && (!percent || value <= 100)
            ? new UnreachableLimit(value, percent)
            : null;
    }

    /// <summary>How many of <paramref name="tenants"/> may be unreachable (a percentage rounds down).</summary>
    public int Allowed(int tenants) => Percent ? (int)((long)tenants * Value / 100) : Value;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value}{(Percent ? "%" : "")}");
}
