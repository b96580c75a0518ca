using System.Diagnostics.Tracing;

namespace ParityBuild.Benchmarks;

/// <summary>
/// Where a whole check's allocations go, by type: the runtime's allocation ticks (a sample about every 100 KB, each
/// charged to the type whose allocation crossed it) summed while the action runs, averaged per run and printed to
/// stderr. Figures 5 and 7 run it when PARITY_ALLOC_PROFILE is set; it samples, so small figures are noise.
/// </summary>
internal sealed class AllocationProfile : EventListener
{
    private readonly Dictionary<string, long> _bytesByType = [];
    private bool _on;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on || e.EventId != 10 || e.Payload is null)
        {
            return;
        }

        var name = e.PayloadNames!.IndexOf("TypeName") is var i and >= 0 ? e.Payload[i]?.ToString() ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var j and >= 0 ? Convert.ToInt64(e.Payload[j]) : 100_000;
        lock (_bytesByType)
        {
            _bytesByType[name] = _bytesByType.GetValueOrDefault(name) + amount;
        }
    }

    public static void Print(Action action, int times)
    {
        using var profile = new AllocationProfile();
        Thread.Sleep(200);
        profile._on = true;
        for (var i = 0; i < times; i++) action();
        profile._on = false;
        Thread.Sleep(200);
        lock (profile._bytesByType)
        {
            foreach (var (type, bytes) in profile._bytesByType.OrderByDescending(pair => pair.Value).Take(40))
            {
                Console.Error.WriteLine($"ALLOC {bytes / times / 1024.0,10:F0} KB  {type}");
            }
        }
    }
}
