using System.IO.Compression;
using System.Security.Cryptography;

namespace ParIndex.Application;

/// <summary>
/// The bytes of one answer that is served many times (a result document, a rendered page), made once: as they are
/// and gzipped, each with its ETag (a hash of the bytes; the gzipped one marked "-gz"), so that a request costs no
/// serialisation, no compression and no hashing.
/// </summary>
public sealed record Representations(byte[] Plain, string ETag, byte[] Gzip, string GzipETag)
{
    /// <summary>The representations of the bytes, compressed at the given level.</summary>
    public static Representations Of(byte[] plain, CompressionLevel level = CompressionLevel.SmallestSize)
    {
        var hash = Convert.ToHexString(SHA256.HashData(plain), 0, 16);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
            gzip.Write(plain);
        return new Representations(plain, "\"" + hash + "\"", output.ToArray(), "\"" + hash + "-gz\"");
    }

    /// <summary>Whether an If-None-Match header value names these bytes (either representation, or *).</summary>
    public bool MatchesAny(IEnumerable<string?> ifNoneMatch) =>
        ifNoneMatch.Any(v => v is not null && v.Split(',').Select(t => t.Trim()).Any(t => t == ETag || t == GzipETag || t == "*"));

    /// <summary>How many bytes are held (both representations), for caches bounded in size.</summary>
    public long Size => Plain.LongLength + Gzip.LongLength;
}
