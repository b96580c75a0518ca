using System.Text.Unicode;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// Incremental UTF-8 check: the offset of the first byte of the first ill-formed sequence, or -1. A sequence split
/// across chunks is judged once its bytes are all there; one left incomplete at the end of the input is ill-formed.
/// </summary>
public sealed class Utf8Validator
{
    private readonly byte[] _pending = new byte[4];
    private int _pendingLength;
    private long _pendingOffset;
    private long _offset;
    private long _firstInvalid = -1;
    private bool _finished;

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        var chunkOffset = _offset;
        _offset += chunk.Length;
        if (_firstInvalid >= 0)
        {
            return;
        }

        var consumed = 0;
        if (_pendingLength > 0)
        {
            Span<byte> joined = stackalloc byte[4];
            _pending.AsSpan(0, _pendingLength).CopyTo(joined);
            var taken = Math.Min(4 - _pendingLength, chunk.Length);
            chunk[..taken].CopyTo(joined[_pendingLength..]);
            var available = joined[..(_pendingLength + taken)];
            switch (Utf8Sequence.Classify(available, out var length))
            {
                case Utf8SequenceKind.NeedMore:
                    available.CopyTo(_pending);
                    _pendingLength = available.Length;
                    return;
                case Utf8SequenceKind.Malformed:
                    _firstInvalid = _pendingOffset;
                    return;
                default:
                    // The held bytes are a proper prefix of the sequence, so it ends inside this chunk.
                    consumed = length - _pendingLength;
                    _pendingLength = 0;
                    break;
            }
        }

        var body = chunk[consumed..];
        var tail = IncompleteTailLength(body);
        var complete = body[..^tail];

        // Utf8.IsValid is vectorized; only an invalid chunk pays for the byte-by-byte search.
        if (!Utf8.IsValid(complete))
        {
            _firstInvalid = chunkOffset + consumed + FirstInvalid(complete);
            return;
        }

        if (tail > 0)
        {
            body[^tail..].CopyTo(_pending);
            _pendingLength = tail;
            _pendingOffset = chunkOffset + consumed + complete.Length;
        }
    }

    /// <summary>Starts over for another input, so that one validator serves file after file.</summary>
    public void Reset()
    {
        _pendingLength = 0;
        _pendingOffset = 0;
        _offset = 0;
        _firstInvalid = -1;
        _finished = false;
    }

    /// <summary>The offset of the first invalid byte, or -1. The validator cannot be used afterwards, unless <see cref="Reset"/>.</summary>
    public long FinishFirstInvalidOffset()
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        _finished = true;
        if (_firstInvalid < 0 && _pendingLength > 0)
        {
            _firstInvalid = _pendingOffset;
        }

        return _firstInvalid;
    }

    // The length of a lead byte and its continuation bytes at the end that do not yet make a whole sequence.
    private static int IncompleteTailLength(ReadOnlySpan<byte> s)
    {
        for (var back = 1; back <= Math.Min(3, s.Length); back++)
        {
            var b = s[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b switch
            {
                >= 0xC2 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                _ => 1,
            };
            return needed > back ? back : 0;
        }

        return 0;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length)
        {
            var ascii = s[i..].IndexOfAnyExceptInRange((byte)0x00, (byte)0x7F);
            if (ascii < 0)
            {
                break;
            }

            i += ascii;
            if (Utf8Sequence.Classify(s[i..], out var length) != Utf8SequenceKind.Valid)
            {
                return i;
            }

            i += length;
        }

        // Unreachable when Utf8.IsValid said no; kept total so a disagreement cannot index out of range.
        return s.Length;
    }
}
