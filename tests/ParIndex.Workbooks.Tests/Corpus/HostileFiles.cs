using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ParIndex.Workbooks.Tests.Corpus;

/// <summary>
/// Builds spoiled workbooks from real ones with .NET's zip API: a part replaced or added, sizes patched in
/// the central directory, a compound-file header. Large parts are streamed, never held in memory.
/// </summary>
internal static class HostileFiles
{
    public const string SheetPart = "xl/worksheets/sheet1.xml";

    /// <summary>The parts of an xlsx, in order.</summary>
    public static List<(string Name, byte[] Content)> Parts(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return zip.Entries.Select(e =>
        {
            using var s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return (e.FullName, ms.ToArray());
        }).ToList();
    }

    /// <summary>A zip of the given parts.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> parts)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in parts)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(content);
            }
        return ms.ToArray();
    }

    /// <summary>The workbook with one part's text changed.</summary>
    public static byte[] ReplacePart(byte[] xlsx, string part, Func<string, string> change) =>
        Zip(Parts(xlsx).Select(p => p.Name == part ? (p.Name, Encoding.UTF8.GetBytes(change(Encoding.UTF8.GetString(p.Content)))) : p));

    /// <summary>The XML with a document type declaration after its XML declaration.</summary>
    public static string WithDoctype(string xml, string doctype)
    {
        var at = xml.IndexOf("?>", StringComparison.Ordinal);
        return at < 0 ? doctype + xml : xml[..(at + 2)] + doctype + xml[(at + 2)..];
    }

    /// <summary>The workbook with one part's bytes replaced.</summary>
    public static byte[] ReplacePart(byte[] xlsx, string part, byte[] content) =>
        Zip(Parts(xlsx).Select(p => p.Name == part ? (p.Name, content) : p));

    /// <summary>The workbook with more parts.</summary>
    public static byte[] AddParts(byte[] xlsx, params (string Name, byte[] Content)[] more) => Zip(Parts(xlsx).Concat(more));

    /// <summary>
    /// Writes to <paramref name="path"/> the workbook with <paramref name="part"/> replaced by
    /// <paramref name="repeat"/> written <paramref name="times"/> times between a head and a tail (streamed).
    /// </summary>
    public static void WriteWithLargePart(string path, byte[] xlsx, string part, string head, string repeat, long times, string tail)
    {
        var parts = Parts(xlsx);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, content) in parts)
        {
            using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            if (name != part)
            {
                s.Write(content);
                continue;
            }
            s.Write(Encoding.UTF8.GetBytes(head));
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(repeat, (int)Math.Max(1, Math.Min(times, 65536 / Math.Max(1, repeat.Length))))));
            var perChunk = chunk.Length / Encoding.UTF8.GetByteCount(repeat);
            for (long written = 0; written < times; written += perChunk)
                s.Write(chunk, 0, (int)(Math.Min(perChunk, times - written) * Encoding.UTF8.GetByteCount(repeat)));
            s.Write(Encoding.UTF8.GetBytes(tail));
        }
    }

    /// <summary>
    /// The zip with the uncompressed size of <paramref name="part"/> rewritten to <paramref name="declared"/> in its
    /// central directory record and its local header: a directory that lies about how much will come out.
    /// </summary>
    public static byte[] LieAboutSize(byte[] zip, string part, uint declared)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(part);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var sig = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (sig == 0x02014b50 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), declared);
            else if (sig == 0x04034b50 && i + 30 + name.Length <= bytes.Length && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name))
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), declared);
        }
        return bytes;
    }

    /// <summary>The zip with the signature of its first central directory record broken.</summary>
    public static byte[] BreakDirectory(byte[] zip)
    {
        var bytes = (byte[])zip.Clone();
        for (var i = 0; i + 4 < bytes.Length; i++)
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) == 0x02014b50)
            {
                bytes[i + 3] = 0x7F;
                break;
            }
        return bytes;
    }

    /// <summary>
    /// An OLE compound file as Excel writes for a password-protected xlsx: the header, and a directory that
    /// names the EncryptionInfo and EncryptedPackage streams.
    /// </summary>
    public static byte[] EncryptedXlsx()
    {
        var file = new byte[512 * 4];
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1A), 3);      // major version
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1C), 0xFFFE); // little endian
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1E), 9);      // 512-byte sectors
        var directory = 512;
        foreach (var (index, name) in new[] { (0, "Root Entry"), (1, "EncryptionInfo"), (2, "EncryptedPackage") })
        {
            var at = directory + index * 128;
            Encoding.Unicode.GetBytes(name).CopyTo(file, at);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at + 64), (ushort)((name.Length + 1) * 2));
            file[at + 66] = (byte)(index == 0 ? 5 : 2);
        }
        return file;
    }
}
