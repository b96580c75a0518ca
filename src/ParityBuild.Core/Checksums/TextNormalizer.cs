using System.Buffers;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// Streaming form of the text normalization behind <see cref="ScriptChecksums.Text"/>: a leading UTF-8 BOM is removed
/// and CRLF / lone CR become LF, whatever the chunk boundaries (a BOM split across chunks, CR at the end of one chunk
/// and LF at the start of the next).
/// </summary>
/// <remarks>
/// The output of <see cref="Process"/> is either a slice of the input (no copy: the common case of a chunk without CR)
/// or a view of an internal buffer; either way it is only valid until the next call.
/// </remarks>
internal sealed class TextNormalizer : IDisposable
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private bool _bomDecided;
    private int _bomBytesHeld;
    private bool _lastWasCr;
    private byte[]? _scratch;

    /// <summary>Whether the text so far is the bytes themselves: no BOM was removed and no CR was seen.</summary>
    public bool Unchanged { get; private set; } = true;

    public ReadOnlySpan<byte> Process(ReadOnlySpan<byte> chunk)
    {
        var heldPrefix = 0;
        if (!_bomDecided)
        {
            var matched = 0;
            while (_bomBytesHeld + matched < 3 && matched < chunk.Length && chunk[matched] == Bom[_bomBytesHeld + matched])
            {
                matched++;
            }

            if (_bomBytesHeld + matched == 3)
            {
                Unchanged = false;
                _bomDecided = true;
                _bomBytesHeld = 0;
                chunk = chunk[matched..];
            }
            else if (matched == chunk.Length)
            {
                // Still a possible BOM: hold the bytes until the next chunk decides.
                _bomBytesHeld += matched;
                return default;
            }
            else
            {
                // Not a BOM after all: the bytes held from earlier chunks are content and go out first.
                _bomDecided = true;
                heldPrefix = _bomBytesHeld;
                _bomBytesHeld = 0;
            }
        }

        if (heldPrefix == 0)
        {
            if (_lastWasCr && chunk.Length > 0)
            {
                _lastWasCr = false;
                if (chunk[0] == (byte)'\n')
                {
                    chunk = chunk[1..];
                }
            }

            // Fast path: IndexOf is vectorized, and most scripts have no CR at all.
            if (chunk.IndexOf((byte)'\r') < 0)
            {
                return chunk;
            }
        }

        var output = Rent(heldPrefix + chunk.Length);
        var written = 0;
        for (var i = 0; i < heldPrefix; i++)
        {
            output[written++] = Bom[i];
        }

        // Held BOM bytes are never CR, so the LF-after-CR rule only concerns the chunk. Copy line by line: IndexOf
        // is vectorized, a byte loop is not.
        while (!chunk.IsEmpty)
        {
            if (_lastWasCr)
            {
                _lastWasCr = false;
                if (chunk[0] == (byte)'\n')
                {
                    chunk = chunk[1..];
                    continue;
                }
            }

            var cr = chunk.IndexOf((byte)'\r');
            Unchanged &= cr < 0;
            var segment = cr < 0 ? chunk : chunk[..cr];
            segment.CopyTo(output.AsSpan(written));
            written += segment.Length;
            if (cr < 0)
            {
                break;
            }

            output[written++] = (byte)'\n';
            _lastWasCr = true;
            chunk = chunk[(cr + 1)..];
        }

        return output.AsSpan(0, written);
    }

    /// <summary>Starts over for the next file, keeping the scratch buffer.</summary>
    public void Reset()
    {
        _bomDecided = false;
        _bomBytesHeld = 0;
        _lastWasCr = false;
        Unchanged = true;
    }

    /// <summary>The bytes still held at the end of the input: a file holding only the start of a BOM.</summary>
    public ReadOnlySpan<byte> Flush()
    {
        var held = _bomDecided ? 0 : _bomBytesHeld;
        _bomDecided = true;
        _bomBytesHeld = 0;
        return Bom[..held];
    }

    public void Dispose()
    {
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }

    private byte[] Rent(int length)
    {
        if (_scratch is null || _scratch.Length < length)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(length, 4096));
        }

        return _scratch;
    }
}
