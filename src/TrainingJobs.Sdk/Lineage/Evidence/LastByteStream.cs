namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>
/// A read-only pass-through that remembers the last byte read: whether a copied log ended with a line feed, for a
/// source (an HTTP response) that cannot seek back to look. Disposing it disposes the source.
/// </summary>
internal sealed class LastByteStream(Stream source) : Stream
{
    /// <summary>The last byte read so far; -1 before any.</summary>
    public int LastByte { get; private set; } = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Seen(buffer, source.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Seen(buffer.Span, read);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) source.Dispose();
        base.Dispose(disposing);
    }

    private int Seen(ReadOnlySpan<byte> buffer, int read)
    {
        if (read > 0) LastByte = buffer[read - 1];
        return read;
    }
}
