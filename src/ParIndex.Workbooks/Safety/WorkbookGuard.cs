using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Xml;
using T = ParIndex.Workbooks.Safety.GuardTexts;

namespace ParIndex.Workbooks.Safety;

/// <summary>
/// Looks at a user's workbook as a zip before any xlsx library does, and refuses what would make a library
/// crash, hang or run out of memory: not a zip, cut short, encrypted, legacy or macro-enabled, too many or
/// too large parts (by what the central directory says and by what really inflates, so a directory that
/// lies gains nothing), a suspicious compression ratio, a DTD or entity declaration in an XML part.
/// Memory stays flat: parts are inflated through a small buffer and thrown away.
/// </summary>
public static class WorkbookGuard
{
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] EncryptedPackage = Encoding.Unicode.GetBytes("EncryptedPackage");
    private static readonly string[] MacroExtensions = [".xlsm", ".xltm", ".xlam"];

    /// <summary>The buffer of a streamed copy or inflation (the runtime's own default for Stream.CopyTo).</summary>
    private const int CopyBufferBytes = 81920;

    /// <summary>
    /// Checks <paramref name="input"/> (which must be seekable) against <paramref name="limits"/>; null when it may be
    /// opened. The stream is left at its starting position either way.
    /// </summary>
    /// <param name="input">The workbook's bytes.</param>
    /// <param name="fileName">The file's name, for the problem and for its extension.</param>
    /// <param name="limits">The limits of this kind of workbook.</param>
    /// <param name="countedByReader">Parts whose content the caller's reader counts itself as it inflates them, refusing
    /// more bytes than the directory declares (the directory's sizes are checked against every limit here): only their
    /// XML prolog is read here, so that a streamed sheet is inflated once, not twice.</param>
    public static WorkbookProblem? Check(Stream input, string fileName, WorkbookLimits limits, Func<string, bool>? countedByReader = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.CanSeek) throw new ArgumentException("The guard needs a seekable stream.", nameof(input));
        var start = input.Position;
        try
        {
            var reason = Reason(input, start, fileName, limits, countedByReader);
            return reason is null ? null : new WorkbookProblem(fileName, null, null, reason);
        }
        finally
        {
            input.Position = start;
        }
    }

    /// <summary>
    /// <paramref name="input"/> itself when it can seek, else its first <paramref name="maxBytes"/> + 1 bytes in memory
    /// (enough for <see cref="Check"/> to refuse a longer one as too large without reading it all).
    /// </summary>
    public static Stream Seekable(Stream input, long maxBytes)
    {
        if (input.CanSeek) return input;
        var copy = new MemoryStream();
        var buffer = new byte[CopyBufferBytes];
        int n;
        while (copy.Length <= maxBytes && (n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - copy.Length))) > 0)
            copy.Write(buffer, 0, n);
        copy.Position = 0;
        return copy;
    }

    private static string? Reason(Stream input, long start, string fileName, WorkbookLimits limits, Func<string, bool>? countedByReader)
    {
        var length = input.Length - start;
        if (length == 0) return T.Empty;
        if (length > limits.MaxFileBytes) return T.FileTooLarge(length, limits.MaxFileBytes);

        Span<byte> head = stackalloc byte[8];
        var got = ReadAtMost(input, head);
        if (got == 8 && head.SequenceEqual(OleSignature))
            return Contains(input, start, EncryptedPackage) ? T.Encrypted : T.LegacyXls;
        if (got < 4 || head[0] != (byte)'P' || head[1] != (byte)'K' || head[2] is not (3 or 5) || head[3] is not (4 or 6))
            return T.NotAZip;
        if (MacroExtensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase))) return T.Macro;

        try
        {
            var entries = new List<Entry>();
            return Directory(input, start, length, limits, entries) ?? Inflate(input, start, length, limits, entries, countedByReader);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotSupportedException or IOException)
        {
            return T.Corrupt;
        }
    }

    /// <summary>The central directory as written, walked by hand so that a million entries are counted, not loaded.</summary>
    /// <summary>A part as the central directory describes it.</summary>
    private sealed record Entry(string Name, int Method, long Compressed, long Size, long LocalOffset);

    private static string? Directory(Stream input, long start, long length, WorkbookLimits limits, List<Entry> parts)
    {
        var tailLength = (int)Math.Min(length, 22 + 65535);
        var tail = new byte[tailLength];
        input.Position = start + length - tailLength;
        input.ReadExactly(tail);
        var eocd = -1;
        for (var i = tailLength - 22; i >= 0; i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == 0x06054b50) { eocd = i; break; }
        if (eocd < 0) return T.Truncated;

        long entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(eocd + 10));
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd + 12));
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd + 16));
        if (entries == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF)
        {
            // Zip64: the locator just before the end record points at the 64-bit end record.
            if (eocd < 20 || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd - 20)) != 0x07064b50) return T.Corrupt;
            var zip64At = (long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(eocd - 12));
            if (zip64At < 0 || zip64At + 56 > length) return T.Corrupt;
            var record = new byte[56];
            input.Position = start + zip64At;
            input.ReadExactly(record);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != 0x06064b50) return T.Corrupt;
            entries = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)), long.MaxValue);
            directorySize = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40)), long.MaxValue);
            directoryOffset = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48)), long.MaxValue);
        }
        if (entries > limits.MaxEntries) return T.TooManyEntries(entries, limits.MaxEntries);
        if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize > length) return T.Truncated;

        input.Position = start + directoryOffset;
        using var reader = new BinaryReader(new BufferedStream(new BoundedStream(input, directorySize), 65536), Encoding.UTF8, leaveOpen: true);
        long count = 0, total = 0;
        for (long consumed = 0; consumed < directorySize;)
        {
            if (++count > limits.MaxEntries) return T.TooManyEntries(count, limits.MaxEntries);
            var fixedPart = reader.ReadBytes(46);
            if (fixedPart.Length != 46) return T.Corrupt;
            if (BinaryPrimitives.ReadUInt32LittleEndian(fixedPart) != 0x02014b50) return T.Corrupt;
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(8));
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(20));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(24));
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(28));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(30));
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(32));
            int method = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(10));
            long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(42));
            var name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
            var extra = reader.ReadBytes(extraLength);
            reader.ReadBytes(commentLength);
            consumed += 46 + nameLength + extraLength + commentLength;
            if (size == 0xFFFFFFFF || compressed == 0xFFFFFFFF || localOffset == 0xFFFFFFFF)
                (size, compressed, localOffset) = Zip64Fields(extra, size, compressed, localOffset);
            parts.Add(new Entry(name, method, compressed, size, localOffset));

            if ((flags & 1) != 0) return T.Encrypted;
            if (IsMacroPart(name)) return T.Macro;
            if (size > limits.MaxEntryBytes) return T.EntryTooLarge(name, size, limits.MaxEntryBytes);
            total += size;
            if (total > limits.MaxTotalBytes) return T.TotalTooLarge(total, limits.MaxTotalBytes);
            if (size > limits.RatioFloorBytes && size > compressed * limits.MaxRatio) return T.Ratio(name, limits.MaxRatio);
        }
        // Every workbook has its content types; a zip without them is some other archive.
        if (!parts.Any(e => e.Name == "[Content_Types].xml")) return T.NotAWorkbookZip;
        return null;
    }

    private static (long Size, long Compressed, long LocalOffset) Zip64Fields(byte[] extra, long size, long compressed, long localOffset)
    {
        static long U64(byte[] b, int at) => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at)), long.MaxValue);
        for (var i = 0; i + 4 <= extra.Length;)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra.AsSpan(i));
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra.AsSpan(i + 2));
            if (id == 1)
            {
                // The 64-bit values come in this order, each only when its 32-bit field is full.
                var at = i + 4;
                if (size == 0xFFFFFFFF && at + 8 <= extra.Length) { size = U64(extra, at); at += 8; }
                if (compressed == 0xFFFFFFFF && at + 8 <= extra.Length) { compressed = U64(extra, at); at += 8; }
                if (localOffset == 0xFFFFFFFF && at + 8 <= extra.Length) localOffset = U64(extra, at);
                break;
            }
            i += 4 + length;
        }
        return (size, compressed, localOffset);
    }

    private static bool IsMacroPart(string name) =>
        name.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || name.EndsWith("vbaProjectSignature.bin", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every part inflated from its own compressed bytes (not through a zip library that may stop at the declared
    /// size), counting what really comes out: more than declared is a lie, more than the limits a bomb.
    /// </summary>
    private static string? Inflate(Stream input, long start, long length, WorkbookLimits limits, List<Entry> entries, Func<string, bool>? countedByReader)
    {
        var buffer = new byte[CopyBufferBytes];
        var header = new byte[30];
        long total = 0;
        foreach (var entry in entries)
        {
            if (entry.LocalOffset < 0 || entry.LocalOffset + 30 > length) return T.Corrupt;
            input.Position = start + entry.LocalOffset;
            input.ReadExactly(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != 0x04034b50) return T.Corrupt;
            var dataAt = entry.LocalOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
            if (entry.Compressed < 0 || dataAt + entry.Compressed > length) return T.Truncated;
            input.Position = start + dataAt;
            var raw = new BoundedStream(input, entry.Compressed);
            Stream content = entry.Method switch
            {
                0 => raw,
                8 => new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: false),
                _ => throw new NotSupportedException("compression method " + entry.Method),
            };
            var allowed = Math.Min(Math.Min(entry.Size, limits.MaxEntryBytes), limits.MaxTotalBytes - total);
            if (entry.Size > limits.RatioFloorBytes) allowed = Math.Min(allowed, Math.Max(limits.RatioFloorBytes, entry.Compressed * limits.MaxRatio));
            using var counted = new CountingStream(content, allowed);
            try
            {
                if (IsXml(entry.Name) && Prolog(counted) is { } xmlProblem) return xmlProblem(entry.Name);
                if (countedByReader?.Invoke(entry.Name) == true)
                {
                    total += entry.Size; // its reader refuses more than declared
                    continue;
                }
                while (counted.Read(buffer, 0, buffer.Length) > 0) { }
            }
            catch (OverLimitException)
            {
                var size = counted.Count;
                if (size > entry.Size) return T.LyingSize(entry.Name, entry.Size);
                if (size > limits.MaxEntryBytes) return T.EntryTooLarge(entry.Name, size, limits.MaxEntryBytes);
                if (total + size > limits.MaxTotalBytes) return T.TotalTooLarge(total + size, limits.MaxTotalBytes);
                return T.Ratio(entry.Name, limits.MaxRatio);
            }
            total += counted.Count;
        }
        return null;
    }

    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".vml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads an XML part up to its root element: a DTD can only come before it, and entities only from a DTD
    /// (XXE, billion laughs). Nothing is resolved or expanded; the rest of the part is left for counting.
    /// </summary>
    private static Func<string, string>? Prolog(Stream part)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse, XmlResolver = null, MaxCharactersFromEntities = 1024,
            CloseInput = false, IgnoreComments = true, IgnoreWhitespace = true,
        };
        try
        {
            using var xml = XmlReader.Create(part, settings);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.DocumentType) return T.Dtd;
                if (xml.NodeType == XmlNodeType.Element) return null;
            }
            return T.BadXml;
        }
        catch (XmlException)
        {
            return T.BadXml;
        }
    }

    private static int ReadAtMost(Stream input, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = input.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>Whether the bytes occur in the file (the OLE directory of an encrypted xlsx names its EncryptedPackage stream).</summary>
    private static bool Contains(Stream input, long start, byte[] needle)
    {
        input.Position = start;
        var buffer = new byte[65536 + needle.Length];
        var kept = 0;
        while (true)
        {
            var n = input.Read(buffer, kept, buffer.Length - kept);
            if (n == 0) return false;
            var span = buffer.AsSpan(0, kept + n);
            if (span.IndexOf(needle) >= 0) return true;
            kept = Math.Min(needle.Length - 1, span.Length);
            span[^kept..].CopyTo(buffer);
        }
    }

    /// <summary>A window of <paramref name="length"/> bytes from the inner stream's position, so the directory walk cannot overrun.</summary>
    private sealed class BoundedStream(Stream inner, long length) : ForwardOnlyStream
    {
        private long _read;
        private long Left => length - _read;

        public override int Read(Span<byte> buffer)
        {
            if (Left <= 0) return 0;
            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, Left)]);
            _read += n;
            return n;
        }

        public override long Length => length;
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        protected override void Dispose(bool disposing) { } // the inner stream belongs to the caller
    }
}
