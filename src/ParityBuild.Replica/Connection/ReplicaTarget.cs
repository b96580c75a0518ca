namespace ParityBuild.Replica.Connection;

/// <summary>
/// A parsed replica connection. <see cref="ConnectionString"/> holds the secret and is only ever handed to the driver;
/// <see cref="ToString"/> and <see cref="Display"/> name the host and database, never the user or password.
/// </summary>
public sealed class ReplicaTarget(ReplicaProvider provider, string connectionString, string host, string? database, IReadOnlyList<string> secrets)
{
    public ReplicaProvider Provider { get; } = provider;

    public string ConnectionString { get; } = connectionString;

    public string Host { get; } = host;

    public string? Database { get; } = database;

    /// <summary>Values that must never be printed (the password in its raw and decoded forms); see <see cref="Scrub"/>.</summary>
    public IReadOnlyList<string> Secrets { get; } = secrets;

    public string Display => Database is null ? Host : $"{Host}/{Database}";

    /// <summary>Removes every secret from a text (a driver's message may quote what it was given).</summary>
    public string Scrub(string text)
    {
        foreach (var secret in Secrets.Where(secret => secret.Length > 0).OrderByDescending(secret => secret.Length))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }

    public override string ToString() => $"{Provider} {Display}";
}
