using System.Buffers;
using System.IO.Hashing;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// Incremental form of <see cref="ScriptChecksums.Flyway"/>: the checksum Flyway stores in
/// <c>flyway_schema_history.checksum</c> for a SQL migration read as UTF-8 (Flyway's default encoding).
/// </summary>
/// <remarks>
/// Flyway's ChecksumCalculator reads the script with <c>BufferedReader.readLine</c> (terminators LF, CR, CRLF), drops a
/// U+FEFF from the start of the first line, and updates one CRC32 with each line's UTF-8 bytes without terminators;
/// it stores <c>(int) crc32.getValue()</c>. For valid UTF-8 that is the CRC32 of every byte except CR and LF, after a
/// leading BOM. Invalid UTF-8 does not round-trip through Java's decoder: a decoder in REPLACE mode turns each
/// malformed unit into U+FFFD (EF BF BD when re-encoded), and this class reproduces that unit by unit (see
/// <see cref="Utf8Sequence"/>). Current Flyway builds its readers with <c>charset.newDecoder()</c>, whose action is
/// REPORT, so it refuses such a script instead ("Unable to calculate checksum"); <see cref="SawMalformedUtf8"/> tells
/// the caller so. The replacement value is still the one any Flyway that did apply the script recorded.
/// </remarks>
public sealed class FlywayCrc32
{
    private static readonly SearchValues<byte> LineBreaksAndNonAscii = SearchValues.Create(CreateSpecialBytes());
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];
    private static ReadOnlySpan<byte> ReplacementCharacter => [0xEF, 0xBF, 0xBD];

    private readonly Crc32 _crc = new();
    private readonly byte[] _pending = new byte[4];
    private int _pendingLength;
    private bool _atStart = true;
    private bool _finished;

    /// <summary>True once a byte sequence that is not UTF-8 was seen (and replaced as Java does).</summary>
    public bool SawMalformedUtf8 { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        if (_atStart)
        {
            // The BOM test needs three bytes; until then they wait in _pending like an incomplete sequence would.
            var take = Math.Min(3 - _pendingLength, chunk.Length);
            chunk[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            chunk = chunk[take..];
            var held = _pending.AsSpan(0, _pendingLength);
            if (held.Length < 3 && Bom.StartsWith(held))
            {
                return;
            }

            _atStart = false;
            var replay = held.ToArray();
            _pendingLength = 0;
            AppendContent(held.SequenceEqual(Bom) ? [] : replay);
        }

        AppendContent(chunk);
    }

    /// <summary>The signed 32-bit checksum, as Flyway stores it. The accumulator cannot be used afterwards.</summary>
    public int FinishChecksum()
    {
        if (_finished)
        {
            throw AccumulatorState.Finished(this);
        }

        _finished = true;
        if (_atStart)
        {
            // Fewer than three bytes in all, and all of them the start of a BOM: decode them as content.
            _atStart = false;
            var replay = _pending.AsSpan(0, _pendingLength).ToArray();
            _pendingLength = 0;
            AppendContent(replay);
        }

        if (_pendingLength > 0)
        {
            // Java's decoder reports the bytes left at the end of the input as one malformed unit.
            AppendMalformed();
            _pendingLength = 0;
        }

        return unchecked((int)_crc.GetCurrentHashAsUInt32());
    }

    private void AppendContent(ReadOnlySpan<byte> chunk)
    {
        Span<byte> joined = stackalloc byte[4];
        while (_pendingLength > 0 && !chunk.IsEmpty)
        {
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
                case Utf8SequenceKind.Valid:
                    _crc.Append(available[..length]);
                    break;
                default:
                    AppendMalformed();
                    break;
            }

            if (length >= _pendingLength)
            {
                chunk = chunk[(length - _pendingLength)..];
                _pendingLength = 0;
            }
            else
            {
                // Defensive: a unit shorter than the held bytes leaves the rest held for the next round.
                _pending.AsSpan(length, _pendingLength - length).CopyTo(_pending);
                _pendingLength -= length;
            }
        }

        while (!chunk.IsEmpty)
        {
            var special = chunk.IndexOfAny(LineBreaksAndNonAscii);
            if (special < 0)
            {
                _crc.Append(chunk);
                return;
            }

            if (special > 0)
            {
                _crc.Append(chunk[..special]);
                chunk = chunk[special..];
            }

            if (chunk[0] is (byte)'\n' or (byte)'\r')
            {
                chunk = chunk[1..];
                continue;
            }

            // A run of non-ASCII: append the well-formed sequences in one call, replace the malformed ones.
            var run = 0;
            while (run < chunk.Length && chunk[run] >= 0x80)
            {
                var kind = Utf8Sequence.Classify(chunk[run..], out var length);
                if (kind == Utf8SequenceKind.Valid)
                {
                    run += length;
                    continue;
                }

                _crc.Append(chunk[..run]);
                if (kind == Utf8SequenceKind.NeedMore)
                {
                    chunk[run..].CopyTo(_pending);
                    _pendingLength = chunk.Length - run;
                    return;
                }

                AppendMalformed();
                chunk = chunk[(run + length)..];
                run = 0;
            }

            _crc.Append(chunk[..run]);
            chunk = chunk[run..];
        }
    }

    private void AppendMalformed()
    {
        SawMalformedUtf8 = true;
        _crc.Append(ReplacementCharacter);
    }

    private static byte[] CreateSpecialBytes()
    {
        var bytes = new List<byte> { (byte)'\n', (byte)'\r' };
        for (var b = 0x80; b <= 0xFF; b++)
        {
            bytes.Add((byte)b);
        }

        return [.. bytes];
    }
}
