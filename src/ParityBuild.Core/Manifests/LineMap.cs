namespace ParityBuild.Core.Manifests;

/// <summary>
/// Maps byte offsets to 1-based line numbers. Built on first use: only an error needs a line, and scanning a large
/// manifest or snapshot for every build would cost more than reading it.
/// </summary>
internal sealed class LineMap(byte[] content, int offset, int length)
{
    private List<long>? _starts;

    /// <summary>The file's length in bytes.</summary>
    public int Length => length - offset;

    public int LineOf(long position)
    {
        if (_starts is null)
        {
            _starts = [0];
            var span = content.AsSpan(offset, length - offset);
            for (var start = 0; start < span.Length;)
            {
                var newline = span[start..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                start += newline + 1;
                _starts.Add(start);
            }
        }

        var index = _starts.BinarySearch(position);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
