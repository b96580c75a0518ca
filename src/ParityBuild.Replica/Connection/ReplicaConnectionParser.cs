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
        var scheme = trimmed.IndexOf("://", StringComparison.Ordinal) is var index and > 0 ? trimmed[..index].ToLowerInvariant() : null;
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

        var rest = url[(scheme.Length + 3)..];
        var queryStart = rest.IndexOf('?');
        var query = queryStart < 0 ? "" : rest[(queryStart + 1)..];
        var main = queryStart < 0 ? rest : rest[..queryStart];

        // The password may hold an unescaped '@' or '/': the user information ends at the last '@'.
        var at = main.LastIndexOf('@');
        var userInfo = at < 0 ? "" : main[..at];
        var hostPart = at < 0 ? main : main[(at + 1)..];
        var slash = hostPart.IndexOf('/');
        var hosts = slash < 0 ? hostPart : hostPart[..slash];
        var database = slash < 0 ? "" : Uri.UnescapeDataString(hostPart[(slash + 1)..]);
        var colon = userInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var rawPassword = colon < 0 ? "" : userInfo[(colon + 1)..];
        var password = Uri.UnescapeDataString(rawPassword);
        var secrets = new List<string> { password, rawPassword };

        var (host, port) = SplitHostPort(hosts);
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Key: Uri.UnescapeDataString(pair[0]).ToLowerInvariant(), Value: pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : ""))
            .ToList();

        try
        {
            DbConnectionStringBuilder builder = provider == ReplicaProvider.Postgres ? new NpgsqlConnectionStringBuilder() : new MySqlConnectionStringBuilder();
            builder[provider == ReplicaProvider.Postgres ? "Host" : "Server"] = host;
            if (port is not null)
            {
                builder["Port"] = port;
            }

            if (database.Length > 0)
            {
                builder["Database"] = database;
            }

            if (user.Length > 0)
            {
                builder[provider == ReplicaProvider.Postgres ? "Username" : "User ID"] = user;
            }

            if (password.Length > 0)
            {
                builder["Password"] = password;
            }

            foreach (var (key, value) in parameters)
            {
                builder[UrlParameterKeyword(provider, key)] = provider == ReplicaProvider.MySql && key is "sslmode" or "ssl-mode" ? MySqlSslMode(value) : value;
            }

            return new ReplicaTarget(provider, builder.ConnectionString, host, database.Length > 0 ? database : null, secrets);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ReplicaException(ReplicaFailureKind.Configuration, $"{variableName} is not a valid {scheme}:// URL: {Scrub(exception.Message, secrets)}");
        }
    }

    private static ReplicaTarget ParseKeywords(string text, ReplicaProvider? setting, string variableName)
    {
        DbConnectionStringBuilder generic;
        try
        {
            generic = new DbConnectionStringBuilder { ConnectionString = text };
        }
        catch (ArgumentException)
        {
            // The parser's message quotes the string; say where it went wrong without it.
            throw new ReplicaException(ReplicaFailureKind.Configuration, $"{variableName} is neither a URL nor a valid 'Key=Value;…' connection string.");
        }

        var secrets = generic.Keys.Cast<string>()
            .Where(key => key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() is "password" or "pwd")
            .Select(key => Convert.ToString(generic[key], System.Globalization.CultureInfo.InvariantCulture) ?? "")
            .ToList();
        var provider = setting ?? GuessProvider(generic) ?? throw new ReplicaException(
            ReplicaFailureKind.Configuration,
            $"cannot tell whether {variableName} is a PostgreSQL or a MySQL connection string. Set ParityReplicaProvider to postgres or mysql, or use a postgres:// or mysql:// URL.");

        try
        {
            if (provider == ReplicaProvider.Postgres)
            {
                var builder = new NpgsqlConnectionStringBuilder(text);
                return new ReplicaTarget(provider, builder.ConnectionString, builder.Host ?? "localhost", builder.Database, secrets);
            }
            else
            {
                var builder = new MySqlConnectionStringBuilder(text);
                return new ReplicaTarget(provider, builder.ConnectionString, builder.Server, builder.Database.Length > 0 ? builder.Database : null, secrets);
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ReplicaException(ReplicaFailureKind.Configuration, $"{variableName} is not a valid {provider} connection string: {Scrub(exception.Message, secrets)}");
        }
    }

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
            var host = hosts[1..end];
            return end + 2 < hosts.Length && hosts[end + 1] == ':' ? (host, hosts[(end + 2)..]) : (host, null);
        }

        var colon = hosts.LastIndexOf(':');
        return colon < 0 ? (Uri.UnescapeDataString(hosts), null) : (Uri.UnescapeDataString(hosts[..colon]), hosts[(colon + 1)..]);
    }

    private static string Scrub(string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(secret => secret.Length > 0))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
