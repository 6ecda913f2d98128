using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Workbooks.Survey;

/// <summary>
/// Reads a forward-only stream a few chunks ahead on a thread of its own, so that inflating a survey's sheet XML runs
/// beside the scan of the chunk before instead of between two scans. At most <c>depth</c> chunks wait at once, so the
/// memory held is fixed whatever the sheet's size. A failure of the inner stream (a damaged zip, a part over its limit)
/// is rethrown as it was by the read that reaches it. Not thread-safe for its reader; disposing stops the thread
/// before the inner stream is disposed.
/// </summary>
internal sealed class ReadAheadStream : ForwardOnlyStream
{
    private readonly Stream _inner;
    private readonly int _chunkBytes;
    private readonly BlockingCollection<(byte[] Buffer, int Count)> _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private ExceptionDispatchInfo? _failure; // written before the collection is completed, read after it is
    private byte[]? _current;
    private int _offset, _count;
    private bool _ended;

    public ReadAheadStream(Stream inner, int chunkBytes = 256 * 1024, int depth = 4)
    {
        _inner = inner;
        _chunkBytes = chunkBytes;
        _ready = new BlockingCollection<(byte[], int)>(depth);
        _reader = Task.Factory.StartNew(ReadAhead, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void ReadAhead()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(_chunkBytes);
                var n = 0;
                int read;
                while (n < _chunkBytes && (read = _inner.Read(buffer, n, _chunkBytes - n)) > 0) n += read;
                if (n == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return;
                }
                _ready.Add((buffer, n), _stop.Token);
                if (n < _chunkBytes) return; // the inner stream ended within this chunk
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed before the end: nothing more is wanted.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }

    public override int Read(Span<byte> destination)
    {
        if (destination.IsEmpty) return 0;
        while (_current is null || _offset == _count)
        {
            if (_current is not null)
            {
                ArrayPool<byte>.Shared.Return(_current);
                _current = null;
            }
            if (_ended) return 0;
            if (!_ready.TryTake(out var chunk, Timeout.Infinite))
            {
                _ended = true;
                _failure?.Throw();
                return 0;
            }
            (_current, _count, _offset) = (chunk.Buffer, chunk.Count, 0);
        }
        var n = Math.Min(destination.Length, _count - _offset);
        _current.AsSpan(_offset, n).CopyTo(destination);
        _offset += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_stop.IsCancellationRequested)
        {
            _stop.Cancel();
            _reader.Wait(); // it catches everything; this only waits for a read under way to return
            while (_ready.TryTake(out var chunk)) ArrayPool<byte>.Shared.Return(chunk.Buffer);
            if (_current is not null) ArrayPool<byte>.Shared.Return(_current);
            _current = null;
            _inner.Dispose();
            _ready.Dispose();
            _stop.Dispose();
        }
        base.Dispose(disposing);
    }
}
