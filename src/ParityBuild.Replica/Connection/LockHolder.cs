namespace ParityBuild.Replica.Connection;

/// <summary>Another session that holds (or waits for) a lock on the history table: who, since when, doing what.</summary>
public sealed record LockHolder(string Session, string? User, string? Client, DateTime? Since, string? Statement, string Mode, bool Granted)
{
    public override string ToString()
    {
        var who = User is null ? $"session {Session}" : $"session {Session} of {User}{(Client is null ? "" : "@" + Client)}";
        var since = Since is null ? "" : $" since {Since:yyyy-MM-dd HH:mm:ss} UTC";
        var statement = string.IsNullOrWhiteSpace(Statement) ? "" : $", running: {Shorten(Statement)}";
        return $"{who} {(Granted ? "holds" : "waits for")} {Mode}{since}{statement}";
    }

    private static string Shorten(string statement)
    {
        var single = string.Join(' ', statement.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return single.Length <= 160 ? single : single[..159] + "…";
    }
}
