using ParIndex.Workbooks.Safety;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Workbooks.Tests.Survey;

/// <summary>The survey's sheet is inflated a few chunks ahead on a thread of its own: the same bytes, the same failures.</summary>
public sealed class ReadAheadStreamTests
{
    private static byte[] Bytes(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 % 251)).ToArray();

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(8)]
    [TestCase(1000)]
    public void Read_InReadsOfEverySize_GivesTheInnerBytesInOrder(int length)
    {
        var expected = Bytes(length);
        using var stream = new ReadAheadStream(new MemoryStream(expected), chunkBytes: 8, depth: 2);
        var read = new List<byte>();
        var buffer = new byte[13];
        var size = 1;
        int n;
        while ((n = stream.Read(buffer, 0, size)) > 0)
        {
            read.AddRange(buffer.Take(n));
            size = size % 13 + 1;
        }
        Assert.That(read, Is.EqualTo(expected));
        Assert.That(stream.Read(buffer, 0, 5), Is.Zero, "the end stays the end");
    }

    [Test]
    public void Read_InnerFailsPastItsLimit_TheBytesBeforeThenTheSameException()
    {
        var limited = new CountingStream(new MemoryStream(Bytes(100)), allowed: 40);
        using var stream = new ReadAheadStream(limited, chunkBytes: 16, depth: 2);
        var buffer = new byte[100];
        var total = 0;
        Assert.Throws<OverLimitException>(() =>
        {
            int n;
            while ((n = stream.Read(buffer, total, buffer.Length - total)) > 0) total += n;
        });
        Assert.That(total, Is.EqualTo(32), "the two whole chunks read before the limit");
        Assert.That(buffer.Take(total), Is.EqualTo(Bytes(100).Take(32)));
    }

    [Test]
    public void Dispose_BeforeTheEnd_StopsReadingAheadAndDisposesTheInner()
    {
        var inner = new MemoryStream(Bytes(10_000));
        var stream = new ReadAheadStream(inner, chunkBytes: 64, depth: 2);
        var buffer = new byte[10];
        Assert.That(stream.Read(buffer, 0, 10), Is.EqualTo(10));
        Thread.Sleep(100); // time to read ahead as far as it may
        // The chunk being read, the two waiting and the one the thread holds while it waits to hand it over.
        Assert.That(inner.Position, Is.LessThanOrEqualTo(4 * 64), "memory is bounded: only a few chunks are read ahead");
        stream.Dispose();
        Assert.That(inner.CanRead, Is.False, "the inner stream is disposed");
    }
}
