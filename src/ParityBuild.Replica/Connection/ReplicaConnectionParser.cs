using System.Data.Common;
using MySqlConnector;
using Npgsql;

namespace ParityBuild.Replica.Connection;

/// <summary>
/// Reads a replica connection string: an ADO.NET keyword string (<c>Host=…;Database=…</c>) or a URL
/// (<c>postgres://user:pass@host:5432/db?sslmode=require</c>, <c>postgresql://</c>, <c>mysql://</c>, <c>mariadb://</c>).
/// The provider comes from the URL scheme, the <c>ParityReplicaProvider</c> setting, or the port. TLS settings pass through.
/// No message this class produces holds the string itself.
/// </summary>
public static class ReplicaConnectionParser
{
    public static ReplicaTarget Parse(string? raw, string? providerSetting, string variableName)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new ReplicaException(
                ReplicaFailureKind.Configuration,
                $"the environment variable {variableName} is not set (or empty). Set it to the replica's connection string, e.g. {variableName}='Host=replica;Database=app;Username=reader;Password=…' or a postgres:// / mysql:// URL.");
        }

        var setting = ParseProviderSetting(providerSetting);
        var trimmed = raw.Trim();
        // Only a scheme-shaped prefix makes a URL: "Password=a://b" is a keyword string, whose prefix must not be echoed.
        var scheme = trimmed.IndexOf("://", StringComparison.Ordinal) is var index and > 0 && trimmed[..index].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            ? trimmed[..index].ToLowerInvariant()
            : null;
        return scheme is null ? ParseKeywords(trimmed, setting, variableName) : ParseUrl(trimmed, scheme, setting, variableName);
    }

    private static ReplicaProvider? ParseProviderSetting(string? setting) => (setting ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "auto" => null,
        "postgres" or "postgresql" or "npgsql" => ReplicaProvider.Postgres,
        "mysql" or "mariadb" or "mysqlconnector" => ReplicaProvider.MySql,
        _ => throw new ReplicaException(ReplicaFailureKind.Configuration, $"ParityReplicaProvider is '{setting}'; expected auto, postgres or mysql."),
    };

    private static ReplicaTarget ParseUrl(string url, string scheme, ReplicaProvider? setting, string variableName)
    {
        var provider = scheme switch
        {
            "postgres" or "postgresql" => ReplicaProvider.Postgres,
            "mysql" or "mariadb" => ReplicaProvider.MySql,
            _ => throw new ReplicaException(ReplicaFailureKind.Configuration, $"{variableName} is a URL with the scheme '{scheme}'; expected postgres://, postgresql://, mysql:// or mariadb://."),
        };
        if (setting is { } chosen && chosen != provider)
        {
            throw new ReplicaException(ReplicaFailureKind.Configuration, $"{variableName} is a {scheme}:// URL but ParityReplicaProvider is {chosen}.");
        }

        // The user information ends at the last '@', so a password may hold an unescaped '?', '/' or '@': read the host,
        // the database and the query only after it, or a fragment of the password would be taken for one of them.
        var rest = url[(scheme.Length + 3)..];
        var at = rest.LastIndexOf('@');
        var userInfo = at < 0 ? "" : rest[..at];
        var afterAt = at < 0 ? rest : rest[(at + 1)..];
        var queryStart = afterAt.IndexOf('?');
        var query = queryStart < 0 ? "" : afterAt[(queryStart + 1)..];
        var hostPart = queryStart < 0 ? afterAt : afterAt[..queryStart];
        var slash = hostPart.IndexOf('/');
        var hosts = slash < 0 ? hostPart : hostPart[..slash];
        var database = slash < 0 ? "" : Uri.UnescapeDataString(hostPart[(slash + 1)..]);
        var colon = userInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var rawPassword = colon < 0 ? "" : userInfo[(colon + 1)..];
        var password = Uri.UnescapeDataString(rawPassword);
        var secrets = new List<string> { password, rawPassword };
        var what = $"a {scheme}:// URL";

        var (host, port) = SplitHostPort(hosts);
        if (port is not null && (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535))
        {
            throw Unparsable(variableName, what, "its port is not a number from 1 to 65535");
        }

        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Key: Uri.UnescapeDataString(pair[0]).ToLowerInvariant(), Value: pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : ""))
            .ToList();

        DbConnectionStringBuilder builder = provider == ReplicaProvider.Postgres ? new NpgsqlConnectionStringBuilder() : new MySqlConnectionStringBuilder();
        Set(builder, provider == ReplicaProvider.Postgres ? "Host" : "Server", host, variableName, what, "its host");
        if (port is not null)
        {
            Set(builder, "Port", port, variableName, what, "its port");
        }

        if (database.Length > 0)
        {
            Set(builder, "Database", database, variableName, what, "its database name");
        }

        if (user.Length > 0)
        {
            Set(builder, provider == ReplicaProvider.Postgres ? "Username" : "User ID", user, variableName, what, "its user name");
        }

        if (password.Length > 0)
        {
            Set(builder, "Password", password, variableName, what, "its password");
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var (key, value) = parameters[i];
            var converted = (provider, key) switch
            {
                (ReplicaProvider.MySql, "sslmode" or "ssl-mode") => MySqlSslMode(value),
                (ReplicaProvider.Postgres, "sslmode") => PostgresSslMode(value),
                _ => value,
            };
            Set(builder, UrlParameterKeyword(provider, key), converted, variableName, what, $"its {Ordinal(i + 1)} query parameter");
        }

        return new ReplicaTarget(provider, builder.ConnectionString, host, database.Length > 0 ? database : null, secrets);
    }

    private static ReplicaTarget ParseKeywords(string text, ReplicaProvider? setting, string variableName)
    {
        const string What = "a 'Key=Value;…' connection string";
        DbConnectionStringBuilder generic;
        try
        {
            generic = new DbConnectionStringBuilder { ConnectionString = text };
        }
        catch (ArgumentException exception)
        {
            // The parser's message quotes the string; only the index it gives is used, to count the keys before it.
            throw Unparsable(variableName, What, SyntaxErrorKey(text, exception.Message));
        }

        var keys = generic.Keys.Cast<string>().ToList();
        var secrets = keys
            .Where(key => key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() is "password" or "pwd")
            .Select(key => Convert.ToString(generic[key], System.Globalization.CultureInfo.InvariantCulture) ?? "")
            .ToList();
        var provider = setting ?? GuessProvider(generic) ?? throw new ReplicaException(
            ReplicaFailureKind.Configuration,
            $"cannot tell whether {variableName} is a PostgreSQL or a MySQL connection string. Set ParityReplicaProvider to postgres or mysql, or use a postgres:// or mysql:// URL.");

        // Key by key, so that a failure says which one: after an unquoted ';' in a password, the "key" the driver refuses
        // is the rest of the password, so neither it nor its value is ever shown.
        DbConnectionStringBuilder builder = provider == ReplicaProvider.Postgres ? new NpgsqlConnectionStringBuilder() : new MySqlConnectionStringBuilder();
        var what = $"a {(provider == ReplicaProvider.Postgres ? "PostgreSQL" : "MySQL")} connection string";
        for (var i = 0; i < keys.Count; i++)
        {
            Set(builder, keys[i], generic[keys[i]], variableName, what, $"its {Ordinal(i + 1)} key is unknown to the driver or has a value it refuses");
        }

        return builder switch
        {
            NpgsqlConnectionStringBuilder postgres => new ReplicaTarget(provider, postgres.ConnectionString, postgres.Host ?? "localhost", postgres.Database, secrets),
            MySqlConnectionStringBuilder mysql => new ReplicaTarget(provider, mysql.ConnectionString, mysql.Server, mysql.Database.Length > 0 ? mysql.Database : null, secrets),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    private static void Set(DbConnectionStringBuilder builder, string key, object value, string variableName, string what, string failure)
    {
        try
        {
            builder[key] = value;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException or NotSupportedException)
        {
            throw Unparsable(variableName, what, failure);
        }
    }

    /// <summary>
    /// The error for a string that could not be parsed. It never holds the driver's message, a key or a value: any of
    /// them may be a fragment of the password. It says where, and how to quote.
    /// </summary>
    private static ReplicaException Unparsable(string variableName, string what, string failure)
    {
        var quoting = what.Contains("://", StringComparison.Ordinal)
            ? "In a URL, percent-encode every special character in the user name and password (%40 for @, %3A for :, %2F for /, %3F for ?, %23 for #, %25 for %, %3B for ;)."
            : "A value that holds ';', '=', a quote or leading or trailing spaces must be wrapped in double quotes, with every double quote inside doubled: Password=\"a;b\"\"c\".";
        return new ReplicaException(
            ReplicaFailureKind.Configuration,
            $"{variableName} could not be parsed as {what}: {failure} (keys and values are not shown, as they may hold part of the password). {quoting}");
    }

    // "…starting at index 42." names where the syntax fails: the keys that parse before it give its position.
    private static string SyntaxErrorKey(string text, string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"index (\d+)");
        if (!match.Success || !int.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var index) || index > text.Length)
        {
            return "its syntax is invalid";
        }

        try
        {
            var before = new DbConnectionStringBuilder { ConnectionString = text[..index] };
            return $"its {Ordinal(before.Count + 1)} key or value is malformed";
        }
        catch (ArgumentException)
        {
            return "its syntax is invalid";
        }
    }

    private static string Ordinal(int number) => (number % 100, number % 10) switch
    {
        (11 or 12 or 13, _) => $"{number}th",
        (_, 1) => $"{number}st",
        (_, 2) => $"{number}nd",
        (_, 3) => $"{number}rd",
        _ => $"{number}th",
    };

    // Keywords alone do not tell the drivers apart (both accept Host, Server, User ID, Password): the port and the
    // keywords only one of them knows do.
    private static ReplicaProvider? GuessProvider(DbConnectionStringBuilder builder)
    {
        var keys = builder.Keys.Cast<string>().Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        var port = keys.Contains("port") ? Convert.ToString(builder["port"], System.Globalization.CultureInfo.InvariantCulture) : null;
        if (port == "5432" || keys.Overlaps(["searchpath", "targetsessionattributes", "rootcertificate", "trustservercertificate", "includeerrordetail", "multiplexing"]))
        {
            return ReplicaProvider.Postgres;
        }

        if (port == "3306" || keys.Overlaps(["uid", "sslca", "allowpublickeyretrieval", "allowuservariables", "guidformat", "characterset"]))
        {
            return ReplicaProvider.MySql;
        }

        return null;
    }

    private static string UrlParameterKeyword(ReplicaProvider provider, string key) => (provider, key) switch
    {
        (ReplicaProvider.Postgres, "sslmode") => "SSL Mode",
        (ReplicaProvider.Postgres, "sslrootcert") => "Root Certificate",
        (ReplicaProvider.Postgres, "sslcert") => "SSL Certificate",
        (ReplicaProvider.Postgres, "sslkey") => "SSL Key",
        (ReplicaProvider.Postgres, "sslpassword") => "SSL Password",
        (ReplicaProvider.Postgres, "application_name") => "Application Name",
        (ReplicaProvider.Postgres, "connect_timeout") => "Timeout",
        (ReplicaProvider.Postgres, "target_session_attrs") => "Target Session Attributes",
        (ReplicaProvider.Postgres, "options") => "Options",
        (ReplicaProvider.MySql, "sslmode" or "ssl-mode") => "SslMode",
        (ReplicaProvider.MySql, "ssl-ca" or "sslca") => "SslCa",
        (ReplicaProvider.MySql, "ssl-cert" or "sslcert") => "SslCert",
        (ReplicaProvider.MySql, "ssl-key" or "sslkey") => "SslKey",
        (ReplicaProvider.MySql, "connect_timeout" or "connect-timeout") => "Connection Timeout",
        _ => key,
    };

    // libpq's sslmode values (disable, allow, prefer, require, verify-ca, verify-full) as Npgsql's SslMode names them.
    private static string PostgresSslMode(string value) => value.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "disable" => "Disable",
        "allow" => "Allow",
        "prefer" => "Prefer",
        "require" => "Require",
        "verifyca" => "VerifyCA",
        "verifyfull" => "VerifyFull",
        _ => value,
    };

    // MySQL URLs say ssl-mode=REQUIRED / VERIFY_IDENTITY; MySqlConnector says Required / VerifyFull.
    private static string MySqlSslMode(string value) => value.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "disabled" or "disable" or "false" => "None",
        "preferred" or "prefer" => "Preferred",
        "required" or "require" or "true" => "Required",
        "verifyca" => "VerifyCA",
        "verifyidentity" or "verifyfull" => "VerifyFull",
        _ => value,
    };

    private static (string Host, string? Port) SplitHostPort(string hosts)
    {
        // Several hosts (host1,host2:5433) go to the driver as they are; a single host's port is split off.
        if (hosts.Contains(',', StringComparison.Ordinal) || hosts.Length == 0)
        {
            return (hosts.Length == 0 ? "localhost" : hosts, null);
        }

        if (hosts.StartsWith('['))
        {
            var end = hosts.IndexOf(']');
            if (end < 0)
            {
                return (hosts, null);
            }

            var host = hosts[1..end];
            return end + 2 < hosts.Length && hosts[end + 1] == ':' ? (host, hosts[(end + 2)..]) : (host, null);
        }

        var colon = hosts.LastIndexOf(':');
        return colon < 0 ? (Uri.UnescapeDataString(hosts), null) : (Uri.UnescapeDataString(hosts[..colon]), hosts[(colon + 1)..]);
    }
}
