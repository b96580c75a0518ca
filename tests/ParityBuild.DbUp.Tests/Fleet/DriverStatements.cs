using System.Collections.Concurrent;
using System.Diagnostics;

namespace ParityBuild.DbUp.Tests.Fleet;

/// <summary>
/// The statements a driver (Npgsql, MySqlConnector) traces on the sessions of some tenants while it is alive: the
/// round trips a fleet check costs, counted on the real server. A connect carries no statement and is not counted.
/// </summary>
internal sealed class DriverStatements : IDisposable
{
    private readonly ConcurrentBag<string> _texts = [];
    private readonly ActivityListener _listener;

    public DriverStatements(string driver, IReadOnlySet<string> tenants)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == driver,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                var text = activity.TagObjects.FirstOrDefault(tag => tag.Key is "db.statement" or "db.query.text").Value as string;
                if (text is not null && activity.TagObjects.Any(tag => tag.Value is string value && tenants.Contains(value)))
                {
                    _texts.Add(text);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<string> Texts => [.. _texts];

    /// <summary>"3 × SELECT …" a line: for an assertion's message.</summary>
    public string Counts => string.Join("\n", _texts.GroupBy(text => text).Select(group => $"{group.Count()} × {group.Key}"));

    public void Dispose() => _listener.Dispose();
}
