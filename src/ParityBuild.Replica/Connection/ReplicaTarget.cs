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

    /// <summary>
    /// A driver's or server's text as it is, or, when a secret occurs anywhere in it, a notice in its place. Never a
    /// masked copy: masking part of a text shows where the secret was and so what it is (<c>for user "***"</c> when the
    /// password is the user name, <c>r***fus***d</c> for the password <c>e</c>). Pass only the driver's text, not a
    /// message that already names <see cref="Display"/>.
    /// </summary>
    /// <remarks>
    /// A secret shorter than four characters occurs by chance in nearly any text, where nothing marks it, so it is not
    /// looked for: withholding every message would hide the error and say only that the password is short. No text
    /// that quotes the connection string (a driver's parse error) is ever passed here.
    /// </remarks>
    public string Scrub(string text) =>
        Secrets.Any(secret => secret.Length >= 4 && text.Contains(secret, StringComparison.Ordinal))
            ? "(the driver's message is not shown: it may quote the password)"
            : text;

    public override string ToString() => $"{Provider} {Display}";
}
