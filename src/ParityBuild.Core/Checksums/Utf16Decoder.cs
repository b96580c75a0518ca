using System.Buffers;
using System.Text;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// The first stage of every checksum of a script: a file that starts with a UTF-16 byte-order mark (what SQL Server
/// Management Studio saves as "Unicode": FF FE, or FE FF big-endian) is decoded and handed on as UTF-8, as DbUp and
/// SQL Server read it, so that such a script and its UTF-8 twin have the same checksums. Any other file passes through
/// untouched, without a copy. Chunk boundaries may fall anywhere, even inside the mark or a character.
/// </summary>
internal sealed class Utf16Decoder : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly byte[] _start = new byte[2];
    private int _startLength;
    private int _heldBeforeChunk;
    private bool _decided;
    private Decoder? _decoder;
    private Encoder? _encoder;
    private char[]? _chars;
    private byte[]? _bytes;

    /// <summary>Whether this file is UTF-16 and its bytes are being decoded.</summary>
    public bool Decoding => _decoder is not null;

    /// <summary>Whether the file's first two bytes were seen.</summary>
    public bool Decided => _decided;

    /// <summary>The file's first bytes that earlier chunks held back, once the last <see cref="Process"/> decided.</summary>
    public ReadOnlySpan<byte> HeldFromEarlierChunks => _start.AsSpan(0, _heldBeforeChunk);

    public ReadOnlySpan<byte> Process(ReadOnlySpan<byte> chunk)
    {
        if (_decided)
        {
            return _decoder is null ? chunk : Transcode(chunk, flush: false);
        }

        if (_startLength == 0 && chunk.Length >= 2)
        {
            // The usual case: the first chunk holds both bytes that decide.
            Decide(chunk[0], chunk[1]);
            return _decoder is null ? chunk : Transcode(chunk, flush: false);
        }

        // A chunk of one byte: gather the first two bytes; until then nothing goes out.
        _heldBeforeChunk = _startLength;
        var taken = Math.Min(2 - _startLength, chunk.Length);
        chunk[..taken].CopyTo(_start.AsSpan(_startLength));
        _startLength += taken;
        if (_startLength < 2)
        {
            return default;
        }

        Decide(_start[0], _start[1]);
        if (_decoder is null)
        {
            // Not UTF-16: the two held bytes go out before the rest of this chunk.
            return Joined(_start, chunk[taken..]);
        }

        var decoded = Transcode(_start, flush: false).ToArray();
        return Joined(decoded, Transcode(chunk[taken..], flush: false));
    }

    /// <summary>What is still held at the end of the file: a file shorter than a mark, or a character cut short.</summary>
    public ReadOnlySpan<byte> Flush()
    {
        if (!_decided)
        {
            _decided = true;
            return _start.AsSpan(0, _startLength);
        }

        return _decoder is null ? default : Transcode(default, flush: true);
    }

    /// <summary>Starts over for the next file, keeping the buffers.</summary>
    public void Reset()
    {
        _startLength = 0;
        _heldBeforeChunk = 0;
        _decided = false;
        _decoder = null;
        _encoder = null;
    }

    public void Dispose()
    {
        if (_bytes is not null)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = null;
        }

        if (_chars is not null)
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = null;
        }
    }

    private void Decide(byte first, byte second)
    {
        _decided = true;
        Encoding? encoding = (first, second) switch
        {
            (0xFF, 0xFE) => Encoding.Unicode,
            (0xFE, 0xFF) => Encoding.BigEndianUnicode,
            _ => null,
        };

        // The mark itself is decoded too (U+FEFF, then a UTF-8 BOM), which the text normalization drops as for any
        // UTF-8 file that has one. An unpaired surrogate becomes U+FFFD, as it does for DbUp's StreamReader.
        _decoder = encoding?.GetDecoder();
        _encoder = encoding is null ? null : Utf8.GetEncoder();
    }

    private ReadOnlySpan<byte> Transcode(ReadOnlySpan<byte> utf16, bool flush)
    {
        var chars = Rent(ref _chars, (utf16.Length / 2) + 2);
        var charCount = _decoder!.GetChars(utf16, chars, flush);
        var bytes = Rent(ref _bytes, (charCount * 3) + 8);
        var byteCount = _encoder!.GetBytes(chars.AsSpan(0, charCount), bytes, flush);
        return bytes.AsSpan(0, byteCount);
    }

    private static ReadOnlySpan<byte> Joined(ReadOnlySpan<byte> first, ReadOnlySpan<byte> rest)
    {
        if (first.IsEmpty)
        {
            return rest;
        }

        var joined = new byte[first.Length + rest.Length];
        first.CopyTo(joined);
        rest.CopyTo(joined.AsSpan(first.Length));
        return joined;
    }

    private static T[] Rent<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            if (buffer is not null)
            {
                ArrayPool<T>.Shared.Return(buffer);
            }

            buffer = ArrayPool<T>.Shared.Rent(Math.Max(length, 1024));
        }

        return buffer;
    }
}
