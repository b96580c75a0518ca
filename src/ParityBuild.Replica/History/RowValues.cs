using System.Globalization;

namespace ParityBuild.Replica.History;

/// <summary>
/// Reads history columns whatever type the engine gives them: MySQL's BOOL is a TINYINT, golang-migrate's version a
/// BIGINT where Rails keeps a string, timestamps with or without a zone.
/// </summary>
internal static class RowValues
{
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string text => text,
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static bool Bool(object? value) => value switch
    {
        null or DBNull => false,
        bool flag => flag,
        string text => text is "1" or "t" or "true" or "TRUE" or "True" or "y",
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
    };

    public static long? Integer(object? value) => value switch
    {
        null or DBNull => null,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    public static DateTime? Time(object? value) => value switch
    {
        DateTime time => time,
        DateTimeOffset offset => offset.UtcDateTime,
        _ => null,
    };
}
