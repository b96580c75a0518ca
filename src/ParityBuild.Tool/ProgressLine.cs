namespace ParityBuild.Tool;

/// <summary>
/// A line that says what is running and for how long, rewritten in place while long work runs and erased when it ends.
/// Only on a terminal: a CI log or a pipe (the package's targets read the output) never sees it.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    // Work shorter than this shows nothing: most runs are that short.
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter terminal;
    private readonly Func<string> text;
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Timer timer;
    private readonly object gate = new();
    private int written;
    private bool ended;

    private ProgressLine(TextWriter terminal, Func<string> text)
    {
        this.terminal = terminal;
        this.text = text;
        timer = new Timer(_ => Write(), null, Delay, Interval);
    }

    /// <summary>A progress line on <paramref name="output"/> when it is the console and the console is a terminal; else nothing.</summary>
    public static IDisposable? Start(TextWriter output, string text) => Start(output, () => text);

    /// <summary>The same, with a text read again at each rewrite (how far the work is).</summary>
    public static IDisposable? Start(TextWriter output, Func<string> text) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb" ? new ProgressLine(output, text) : null;

    /// <summary>A progress line on any writer, for tests: <see cref="Write"/> rewrites it.</summary>
    internal static ProgressLine On(TextWriter terminal, Func<string> text) => new(terminal, text);

    public void Dispose()
    {
        timer.Dispose();
        lock (gate)
        {
            ended = true;
            if (written > 0)
            {
                terminal.Write("\r" + new string(' ', written) + "\r");
                terminal.Flush();
            }
        }
    }

    internal void Write()
    {
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            var line = $"{text()} ({clock.Elapsed.TotalSeconds:0.0} s)";
            terminal.Write("\r" + line.PadRight(written));
            terminal.Flush();
            written = Math.Max(written, line.Length);
        }
    }
}
