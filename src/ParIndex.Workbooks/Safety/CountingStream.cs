namespace ParIndex.Workbooks.Safety;

/// <summary>More bytes came out of a part than were allowed.</summary>
internal sealed class OverLimitException : Exception;

/// <summary>Counts the bytes read through it and stops one byte past the allowed count.</summary>
internal sealed class CountingStream(Stream inner, long allowed) : ForwardOnlyStream
{
    public long Count { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Count += n;
        if (Count > allowed) throw new OverLimitException();
        return n;
    }

    public override long Position { get => Count; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
