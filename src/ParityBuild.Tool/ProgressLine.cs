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

    private readonly TextWriter _terminal;
    private readonly Func<string> _text;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly object _gate = new();
    private int _written;
    private bool _ended;

    private ProgressLine(TextWriter terminal, Func<string> text)
    {
        _terminal = terminal;
        _text = text;
        _timer = new Timer(_ => Write(), null, Delay, Interval);
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
        _timer.Dispose();
        lock (_gate)
        {
            _ended = true;
            if (_written > 0)
            {
                _terminal.Write("\r" + new string(' ', _written) + "\r");
                _terminal.Flush();
            }
        }
    }

    internal void Write()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            var line = $"{_text()} ({_clock.Elapsed.TotalSeconds:0.0} s)";
            _terminal.Write("\r" + line.PadRight(_written));
            _terminal.Flush();
            _written = Math.Max(_written, line.Length);
        }
    }
}
