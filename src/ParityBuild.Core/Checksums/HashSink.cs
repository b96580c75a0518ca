using System.Security.Cryptography;

namespace ParityBuild.Core.Checksums;

/// <summary>
/// An <see cref="IncrementalHash"/> fed byte by byte through a buffer: one AppendData call per byte would cost more
/// than the tokenizer that produces the bytes.
/// </summary>
internal sealed class HashSink : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[8192];
    private int _length;

    public void Add(byte b)
    {
        _buffer[_length++] = b;
        if (_length == _buffer.Length)
        {
            Flush();
        }
    }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < _buffer.Length - _length)
        {
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
            return;
        }

        Flush();
        _hash.AppendData(bytes);
    }

    /// <summary>Writes the digest of everything added since the last reset, and starts over.</summary>
    public void FinishAndReset(Span<byte> digest)
    {
        Flush();
        _hash.GetHashAndReset(digest);
    }

    public void Reset()
    {
        _length = 0;
        Span<byte> discarded = stackalloc byte[32];
        _hash.GetHashAndReset(discarded);
    }

    public void Dispose() => _hash.Dispose();

    private void Flush()
    {
        if (_length > 0)
        {
            _hash.AppendData(_buffer.AsSpan(0, _length));
            _length = 0;
        }
    }
}
