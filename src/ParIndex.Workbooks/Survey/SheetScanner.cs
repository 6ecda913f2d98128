using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.IO.Compression;
using System.Text;
using System.Xml;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Workbooks.Survey;

/// <summary>
/// Reads the first worksheet of an xlsx row by row, with the values ExcelDataReader gives (null, string, double,
/// bool, DateTime), by scanning the inflated sheet XML's UTF-8 bytes as they come out of the zip: the sheet is never
/// held whole, only a fixed buffer (grown for one oversized cell, up to <see cref="MaxTokenBytes"/>). The survey
/// read is mostly parsing, and a general XML reader spends ~48 times the inflation on it; this reads only what a
/// sheet's cells need. The small parts (workbook, relationships, shared strings, styles) go through XmlReader
/// with DTDs prohibited.
/// </summary>
/// <remarks>
/// Understood: rows <c>&lt;row r&gt;</c> (gaps are yielded as empty rows, as ExcelDataReader does), cells
/// <c>&lt;c r t s&gt;</c> of types s, inlineStr, str, n, b, e, d, self-closing or without <c>r</c>; <c>&lt;v&gt;</c>
/// and <c>&lt;is&gt;</c> text with rich-text runs (phonetic runs left out), the five XML entities, character
/// references, CDATA and Excel's <c>_xHHHH_</c> escapes; any namespace prefix. A DTD is refused. Numbers in a date
/// format become dates. Not thread-safe.
/// </remarks>
public sealed class SheetScanner : IDisposable
{
    /// <summary>The scan's buffer; a longer element is read by growing it, up to <see cref="MaxTokenBytes"/>.</summary>
    private const int BufferBytes = 256 * 1024;

    /// <summary>The longest single cell the scanner accepts (Excel's own limit is 32,767 characters per cell).</summary>
    public const int MaxTokenBytes = 4 * 1024 * 1024;

    /// <summary>Columns beyond Excel's last (XFD) are refused rather than allocated.</summary>
    private const int MaxColumns = 16384;

    private static readonly string[] Ascii = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

    private readonly ZipArchive _zip;
    private readonly Stream _sheet; // the counted sheet, inflated a few chunks ahead on a thread of its own
    private readonly CountingStream _counted; // refused past its declared size or the guard's limit (a zip that lies gains nothing)
    private readonly string _sheetPath;
    private long _sheetDeclared, _sheetLimit;
    private readonly string[] _shared;
    private readonly bool[] _dateStyles;
    private readonly bool _date1904;

    private byte[] _buffer = new byte[BufferBytes];
    private int _pos, _end; // unread bytes are _buffer[_pos.._end]
    private bool _eof;

    private object?[] _values = new object?[64];
    private string?[] _lastText = new string?[64]; // the previous row's string per column: unit codes and groups repeat
    private char[] _chars = new char[1024];
    private byte[] _bytes = new byte[1024];
    private int _fieldCount;
    private int _scannedRow;        // the number of the row in _values, 0 when it has been shown
    private int _lastSheetRow;      // the last row number found in the XML
    private bool _showing;          // whether the current row is the scanned one (else an empty row of a gap)
    private bool _inSheetData, _done;

    private SheetScanner(ZipArchive zip, CountingStream sheet, string sheetPath, string name, string[] shared, bool[] dateStyles, bool date1904)
    {
        _zip = zip;
        _counted = sheet;
        _sheet = new ReadAheadStream(sheet);
        _sheetPath = sheetPath;
        Name = name;
        _shared = shared;
        _dateStyles = dateStyles;
        _date1904 = date1904;
    }

    /// <summary>The sheet's name, as the workbook lists it.</summary>
    public string Name { get; }

    /// <summary>The 1-based row number of the current row.</summary>
    public int Row { get; private set; }

    /// <summary>Cells of the current row, up to its last written cell (an empty row has none).</summary>
    public int FieldCount => _showing ? _fieldCount : 0;

    /// <summary>The value of a zero-based column of the current row: null, string, double, bool or DateTime.</summary>
    public object? GetValue(int column) => _showing && (uint)column < (uint)_fieldCount ? _values[column] : null;

    /// <summary>
    /// Opens the first worksheet of <paramref name="xlsx"/>, or returns null when the workbook lists no sheet.
    /// </summary>
    /// <param name="xlsx">The workbook, seekable; left open.</param>
    /// <param name="maxSheetBytes">The sheet XML may inflate to at most this many bytes (the workbook guard's limits); it
    /// may never inflate to more than the zip's directory declares (<see cref="SheetRefusedException"/>), which is what lets
    /// the guard leave the sheet's counting to the scanner.</param>
    /// <exception cref="InvalidDataException">The zip or a part is damaged or missing, or a part is over its limit.</exception>
    /// <exception cref="XmlException">A small part is not well-formed XML.</exception>
    public static SheetScanner? Open(Stream xlsx, long maxSheetBytes = long.MaxValue)
    {
        var zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            var workbookPath = PackageParts.Workbook(zip);
            var (name, id, date1904) = FirstSheet(zip, workbookPath);
            if (name is null)
            {
                zip.Dispose();
                return null;
            }
            var rels = PackageParts.Relationships(zip, workbookPath);
            var sheetPath = id is not null && rels.TryGetValue(id, out var target) ? target.Part
                : throw new InvalidDataException($"The workbook's sheet \"{name}\" has no part.");
            var shared = PackageParts.OfType(rels, "/sharedStrings") is { } sharedPath ? SharedStrings(zip, sharedPath) : [];
            var dates = PackageParts.OfType(rels, "/styles") is { } stylesPath ? DateStyles(zip, stylesPath) : [];
            var entry = PackageParts.Entry(zip, sheetPath) ?? throw new InvalidDataException($"The part {sheetPath} is missing.");
            var sheet = new CountingStream(entry.Open(), Math.Min(entry.Length, maxSheetBytes));
            return new SheetScanner(zip, sheet, sheetPath, name, shared, dates, date1904) { _sheetDeclared = entry.Length, _sheetLimit = maxSheetBytes };
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>Moves to the next row: every row number from 1 to the last row, the empty ones between included.</summary>
    /// <exception cref="InvalidDataException">The sheet XML is damaged, or over its limit.</exception>
    public bool Read()
    {
        if (_scannedRow == 0)
        {
            if (_done || !ScanRow()) 
            {
                _done = true;
                _showing = false;
                return false;
            }
        }
        Row++;
        _showing = Row == _scannedRow;
        if (_showing) _scannedRow = 0;
        return true;
    }

    /// <summary>Scans to the end of the next &lt;row&gt;, filling the values; false at the end of sheetData.</summary>
    private bool ScanRow()
    {
        while (NextTag(out var tag))
        {
            var local = LocalName(tag);
            if (!tag.Start)
            {
                _pos = tag.End;
                if (local.SequenceEqual("sheetData"u8)) return false;
                continue;
            }
            if (!_inSheetData || !local.SequenceEqual("row"u8))
            {
                if (local.SequenceEqual("sheetData"u8))
                {
                    _inSheetData = true;
                    _pos = tag.End;
                    if (tag.SelfClosing) return false;
                    continue;
                }
                // Outside sheetData, into every element (sheetData is inside worksheet); inside it, past all but rows.
                if (_inSheetData) SkipElement(tag);
                else _pos = tag.End;
                continue;
            }

            // <row ...>: its r, then its cells up to </row>.
            var r = Attribute(tag, "r"u8);
            var number = r.IsEmpty ? _lastSheetRow + 1 : ParseInt(r);
            if (number <= _lastSheetRow) throw new InvalidDataException($"Row {number} comes after row {_lastSheetRow}.");
            _pos = tag.End;
            Array.Clear(_values, 0, _fieldCount);
            _fieldCount = 0;
            if (!tag.SelfClosing) ScanCells();
            _lastSheetRow = _scannedRow = number;
            return true;
        }
        return false;
    }

    /// <summary>Reads the cells of the current row up to its end tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanCells()
    {
        var column = -1;
        while (true)
        {
            if (FastCell(ref column)) continue;
            if (!NextTag(out var tag)) throw new InvalidDataException("The sheet ends inside a row.");
            var local = LocalName(tag);
            if (!tag.Start)
            {
                _pos = tag.End;
                if (local.SequenceEqual("row"u8)) return;
                continue;
            }
            if (!local.SequenceEqual("c"u8))
            {
                SkipElement(tag);
                continue;
            }
            CellAttributes(tag, out var r, out var t, out var s);
            column = r.IsEmpty ? column + 1 : ColumnOf(r);
            var type = CellType(t);
            var style = s.IsEmpty ? 0 : ParseInt(s);
            Prefix(tag);
            _pos = tag.End;
            if (column >= _values.Length)
            {
                var size = Math.Min(MaxColumns, Math.Max(column + 1, _values.Length * 2));
                Array.Resize(ref _values, size);
                Array.Resize(ref _lastText, size);
            }
            var value = tag.SelfClosing ? null : CellContent(type, style, column);
            if (column >= _fieldCount) _fieldCount = column + 1;
            _values[column] = value;
        }
    }

    /// <summary>The window a cell is read in by <see cref="FastCell"/>: a survey's cells are a few dozen bytes.</summary>
    private const int FastWindow = 512;

    /// <summary>
    /// Reads the cell at the position in one pass when it has the shape nearly every cell has (its start tag with the
    /// last cell's prefix, unprefixed attributes, then <c>&lt;v&gt;</c> or <c>&lt;is&gt;&lt;t&gt;</c> text and the end tags, or
    /// self-closing), within <see cref="FastWindow"/> bytes. False, with nothing consumed, for anything else: the general
    /// path reads it. The general path's rules, in less code per byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FastCell(ref int column)
    {
        if (_end - _pos < FastWindow && !Ensure(FastWindow) && _end - _pos < 8) return false;
        var w = _buffer.AsSpan(_pos, Math.Min(FastWindow, _end - _pos));
        var prefix = _prefix;
        var p = prefix.Length;
        if (w.Length < p + 3 || w[0] != (byte)'<' || w[p + 1] != (byte)'c') return false;
        for (var k = 0; k < p; k++)
            if (w[1 + k] != prefix[k]) return false;
        var i = p + 2;
        if (w[i] is not ((byte)' ' or (byte)'>' or (byte)'/')) return false;
        ReadOnlySpan<byte> r = default, t = default, s = default;
        // Attributes as ` n="value"`, the one-letter name before `="`; values are a few bytes, scanned byte by byte
        // (a vectorised search costs more to start than these take).
        while (w[i] == (byte)' ')
        {
            if (i + 4 >= w.Length || w[i + 2] != (byte)'=' || w[i + 3] != (byte)'"') return false;
            var name = w[i + 1];
            i += 4;
            var from = i;
            while (true)
            {
                if (i >= w.Length) return false;
                var b = w[i];
                if (b == (byte)'"') break;
                if (b == (byte)'&') return false;
                i++;
            }
            var value = w[from..i];
            if (++i >= w.Length) return false;
            switch (name)
            {
                case (byte)'r': r = value; break;
                case (byte)'t': t = value; break;
                case (byte)'s': s = value; break;
                default: return false;
            }
        }
        if (w[i] is not ((byte)'>' or (byte)'/')) return false;
        object? result;
        var type = CellType(t);
        var cellColumn = r.IsEmpty ? column + 1 : ColumnOf(r);
        var style = s.IsEmpty ? 0 : ParseInt(s);
        if (cellColumn >= _values.Length) return false; // the general path grows the row
        if (w[i] == (byte)'/')
        {
            if (i + 1 >= w.Length || w[i + 1] != (byte)'>') return false;
            i += 2;
            result = null;
        }
        else
        {
            i++;
            var inline = type == CellKind.Inline;
            if (!inline && type is not (CellKind.Number or CellKind.Shared)) return false;
            var open = inline ? _inlineOpen : _valueOpen;
            var close = inline ? _inlineClose : _valueClose;
            if (!w[i..].StartsWith(open)) return false;
            i += open.Length;
            // The text up to '<': plain when it is ASCII with nothing to decode (no entity, CR or _xHHHH_ escape).
            var from = i;
            var plain = true;
            while (true)
            {
                if (i >= w.Length) return false;
                var b = w[i];
                if (b == (byte)'<') break;
                if (b >= 0x80 || b is (byte)'&' or (byte)'\r' or (byte)'_') plain = false;
                i++;
            }
            if (!w[i..].StartsWith(close)) return false;
            var raw = w[from..i];
            i += close.Length;
            int length;
            if (plain)
            {
                if (inline && raw.Length == 1)
                {
                    result = Ascii[raw[0]];
                    goto done;
                }
                EnsureChars(raw.Length);
                var chars = _chars;
                for (var k = 0; k < raw.Length; k++) chars[k] = (char)raw[k];
                length = raw.Length;
            }
            else
                length = Decode(raw, 0);
            result = inline ? Text(cellColumn, length) : Value(type, style, cellColumn, length);
        }
    done:
        column = cellColumn;
        _pos += i;
        if (column >= _fieldCount) _fieldCount = column + 1;
        _values[column] = result;
        return true;
    }

    private enum CellKind { Number, Shared, Inline, Formula, Boolean, Error, Date }

    /// <summary>The kind a cell's <c>t</c> names; by its length first, as this is asked once per cell.</summary>
    private static CellKind CellType(ReadOnlySpan<byte> t) => t.Length switch
    {
        0 => CellKind.Number,
        1 => t[0] switch
        {
            (byte)'s' => CellKind.Shared,
            (byte)'b' => CellKind.Boolean,
            (byte)'e' => CellKind.Error,
            (byte)'d' => CellKind.Date,
            _ => CellKind.Number,
        },
        3 when t[0] == (byte)'s' && t[1] == (byte)'t' && t[2] == (byte)'r' => CellKind.Formula,
        9 when BinaryPrimitives.ReadUInt64LittleEndian(t) == InlineStr && t[8] == (byte)'r' => CellKind.Inline,
        _ => CellKind.Number,
    };

    /// <summary>The first eight bytes of "inlineStr", read as one little-endian number.</summary>
    private static readonly ulong InlineStr = BinaryPrimitives.ReadUInt64LittleEndian("inlineStr"u8);

    /// <summary>The cell's value from its children (v, is, f…); the position left after its end tag.</summary>
    private object? CellContent(CellKind type, int style, int column)
    {
        // What nearly every cell is, matched whole: <v>text</v></c> or <is><t>text</t></is></c>.
        var inline = type == CellKind.Inline;
        var open = inline ? _inlineOpen : _valueOpen;
        if (Ensure(open.Length) && _buffer.AsSpan(_pos, open.Length).SequenceEqual(open))
        {
            var lt = IndexOf(open.Length, (byte)'<');
            var close = inline ? _inlineClose : _valueClose;
            if (lt > 0 && Ensure(lt + close.Length) && _buffer.AsSpan(_pos + lt, close.Length).SequenceEqual(close))
            {
                var length = Decode(_buffer.AsSpan(_pos + open.Length, lt - open.Length), 0);
                _pos += lt + close.Length;
                return inline ? Text(column, length) : Value(type, style, column, length);
            }
        }
        object? value = null;
        while (true)
        {
            if (!NextTag(out var tag)) throw new InvalidDataException("The sheet ends inside a cell.");
            var local = LocalName(tag);
            _pos = tag.End;
            if (!tag.Start)
            {
                if (local.SequenceEqual("c"u8)) return value;
                continue;
            }
            if (local.SequenceEqual("v"u8))
            {
                if (tag.SelfClosing) continue;
                var length = TextAt(0);
                if (type != CellKind.Inline) value = Value(type, style, column, length);
                continue;
            }
            if (local.SequenceEqual("is"u8))
            {
                var length = tag.SelfClosing ? 0 : RunsText("is"u8);
                if (type == CellKind.Inline) value = Text(column, length);
                continue;
            }
            SkipElement(tag);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private object? Value(CellKind type, int style, int column, int length)
    {
        var text = _chars.AsSpan(0, length);
        switch (type)
        {
            case CellKind.Shared:
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || (uint)index >= (uint)_shared.Length)
                    throw new InvalidDataException($"Shared string {text} does not exist.");
                return _shared[index];
            case CellKind.Formula:
                return Text(column, length);
            case CellKind.Boolean:
                return text is ['1'] || text.Equals("true", StringComparison.OrdinalIgnoreCase);
            case CellKind.Error:
                return null;
            case CellKind.Date:
                return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? date
                    : throw new InvalidDataException($"\"{text}\" is not a date.");
            default:
                if (length == 0) return null;
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    return Text(column, length);
                if ((uint)style < (uint)_dateStyles.Length && _dateStyles[style] && number is > -657435.0 and < 2958466.0)
                    return DateTime.FromOADate(_date1904 ? number + 1462 : number);
                return number;
        }
    }

    /// <summary>The decoded text in _chars as a string; the previous row's string of the column when equal (codes repeat).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string Text(int column, int length)
    {
        var text = _chars.AsSpan(0, length);
        if (length == 1 && text[0] < 128) return Ascii[text[0]];
        if (length == 0) return "";
        if (_lastText[column] is { } last && text.SequenceEqual(last)) return last;
        return _lastText[column] = new string(text);
    }

    /// <summary>
    /// The text from the position up to the next tag (CDATA sections within it included), decoded into _chars from
    /// <paramref name="at"/>; the position left at that tag. Returns the decoded length so far.
    /// </summary>
    private int TextAt(int at)
    {
        while (true)
        {
            var lt = IndexOf(0, (byte)'<');
            if (lt < 0) throw new InvalidDataException("The sheet ends inside a value.");
            at = Decode(_buffer.AsSpan(_pos, lt), at);
            _pos += lt;
            if (!StartsWith("<![CDATA["u8)) return at;
            var close = IndexOf(9, "]]>"u8);
            if (close < 0) throw new InvalidDataException("A CDATA section is not closed.");
            at = AppendUtf8(_buffer.AsSpan(_pos + 9, close - 9), at, normalise: true);
            _pos += close + 3;
        }
    }

    /// <summary>
    /// The text of a string item: its &lt;t&gt; and its runs' &lt;t&gt; concatenated, phonetic runs left out; the position
    /// left after the end tag named <paramref name="container"/>. Returns the decoded length.
    /// </summary>
    private int RunsText(ReadOnlySpan<byte> container)
    {
        var written = 0;
        var phonetic = 0;
        while (true)
        {
            if (!NextTag(out var tag)) throw new InvalidDataException("The sheet ends inside a string.");
            var local = LocalName(tag);
            var isPhonetic = local.SequenceEqual("rPh"u8);
            var isText = local.SequenceEqual("t"u8);
            var isContainer = local.SequenceEqual(container);
            _pos = tag.End;
            if (!tag.Start)
            {
                if (isPhonetic) phonetic--;
                else if (isContainer) return written;
                continue;
            }
            if (tag.SelfClosing) continue;
            if (isPhonetic) phonetic++;
            else if (isText && phonetic == 0) written = TextAt(written);
        }
    }

    /// <summary>Decodes XML text (entities, character references, line ends, Excel's _xHHHH_) into _chars from <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Decode(ReadOnlySpan<byte> raw, int at)
    {
        if (raw.IndexOfAny((byte)'&', (byte)'\r') < 0) return AppendUtf8(raw, at, normalise: false);
        // Entities and line ends to plain UTF-8 first, then _xHHHH_ on the characters.
        if (_bytes.Length < raw.Length) _bytes = new byte[Math.Max(raw.Length, _bytes.Length * 2)];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\r')
            {
                _bytes[n++] = (byte)'\n';
                if (i + 1 < raw.Length && raw[i + 1] == (byte)'\n') i++;
                continue;
            }
            if (b != (byte)'&')
            {
                _bytes[n++] = b;
                continue;
            }
            var semi = raw[i..].IndexOf((byte)';');
            if (semi < 0) throw new InvalidDataException("An entity is not closed.");
            var name = raw.Slice(i + 1, semi - 1);
            i += semi;
            int code = name switch
            {
                _ when name.SequenceEqual("amp"u8) => '&',
                _ when name.SequenceEqual("lt"u8) => '<',
                _ when name.SequenceEqual("gt"u8) => '>',
                _ when name.SequenceEqual("quot"u8) => '"',
                _ when name.SequenceEqual("apos"u8) => '\'',
                [(byte)'#', (byte)'x', .. var hex] => ParseCode(hex, NumberStyles.AllowHexSpecifier),
                [(byte)'#', .. var dec] => ParseCode(dec, NumberStyles.None),
                _ => throw new InvalidDataException("An undeclared entity is used."),
            };
            n += new Rune(code).EncodeToUtf8(_bytes.AsSpan(n));
        }
        return AppendUtf8(_bytes.AsSpan(0, n), at, normalise: false);
    }

    private static int ParseCode(ReadOnlySpan<byte> digits, NumberStyles style)
    {
        if (!int.TryParse(digits, style, CultureInfo.InvariantCulture, out var code) || !Rune.IsValid(code))
            throw new InvalidDataException("A character reference is not a character.");
        return code;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int AppendUtf8(ReadOnlySpan<byte> utf8, int at, bool normalise)
    {
        EnsureChars(at + utf8.Length);
        var count = Encoding.UTF8.GetChars(utf8, _chars.AsSpan(at));
        if (normalise && _chars.AsSpan(at, count).Contains('\r'))
        {
            var w = at;
            for (var i = at; i < at + count; i++)
            {
                if (_chars[i] == '\r') { _chars[w++] = '\n'; if (i + 1 < at + count && _chars[i + 1] == '\n') i++; }
                else _chars[w++] = _chars[i];
            }
            count = w - at;
        }
        return at + Unescape(_chars.AsSpan(at, count));
    }

    /// <summary>Excel's _xHHHH_ escapes (a character XML cannot hold, e.g. _x000D_) decoded in place; the new length.</summary>
    private static int Unescape(Span<char> span)
    {
        if (span.IndexOf("_x") < 0) return span.Length;
        var w = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == '_' && i + 6 < span.Length && span[i + 1] == 'x' && span[i + 6] == '_'
                && ushort.TryParse(span.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                span[w++] = (char)code;
                i += 6;
                continue;
            }
            span[w++] = span[i];
        }
        return w;
    }

    private void EnsureChars(int length)
    {
        if (_chars.Length < length) Array.Resize(ref _chars, Math.Max(length, _chars.Length * 2));
    }

    /// <summary>An element's tag, whole in the buffer: valid until the buffer is next filled (positions are absolute).</summary>
    private readonly record struct Tag(bool Start, bool SelfClosing, int Begin, int NameStart, int NameEnd, int End);

    /// <summary>
    /// Finds the next element tag from the position, skipping text, comments and processing instructions and refusing
    /// a DTD. The position is left at the tag's '&lt;'. False at the end of the XML.
    /// </summary>
    private bool NextTag(out Tag tag)
    {
        while (true)
        {
            var lt = _pos < _end && _buffer[_pos] == (byte)'<' ? 0 : IndexOf(0, (byte)'<');
            if (lt < 0)
            {
                tag = default;
                return false;
            }
            _pos += lt;
            if (!Ensure(2)) throw new InvalidDataException("The sheet ends inside a tag.");
            var next = _buffer[_pos + 1];
            if (next == (byte)'?')
            {
                _pos += Past(2, "?>"u8);
                continue;
            }
            if (next == (byte)'!')
            {
                if (StartsWith("<!--"u8)) { _pos += Past(4, "-->"u8); continue; }
                if (StartsWith("<![CDATA["u8)) { _pos += Past(9, "]]>"u8); continue; }
                throw new InvalidDataException("The sheet declares a DTD.");
            }
            // The closing '>' (none inside quoted attribute values), with the whole tag read into the buffer. Byte by
            // byte: a tag is a few dozen bytes, shorter than a vectorised search pays for.
            var offset = 1;
            byte quote = 0;
            while (true)
            {
                if (_pos + offset >= _end && !Ensure(offset + 1)) throw new InvalidDataException("The sheet ends inside a tag.");
                var b = _buffer[_pos + offset];
                if (quote != 0) { if (b == quote) quote = 0; }
                else if (b == (byte)'>') break;
                else if (b is (byte)'"' or (byte)'\'') quote = b;
                offset++;
            }
            var start = next != (byte)'/';
            var nameStart = _pos + (start ? 1 : 2);
            var nameEnd = nameStart;
            while (_buffer[nameEnd] is not ((byte)' ' or (byte)'>' or (byte)'/' or (byte)'\t' or (byte)'\n' or (byte)'\r')) nameEnd++;
            tag = new Tag(start, start && _buffer[_pos + offset - 1] == (byte)'/', _pos, nameStart, nameEnd, _pos + offset + 1);
            return true;
        }
    }

    // The fast path's tags, spelt with the prefix the sheet's cells use (none, or e.g. "x:").
    private byte[] _prefix = [];
    private byte[] _valueOpen = "<v>"u8.ToArray(), _valueClose = "</v></c>"u8.ToArray();
    private byte[] _inlineOpen = "<is><t>"u8.ToArray(), _inlineClose = "</t></is></c>"u8.ToArray();

    /// <summary>Respells the fast path's tags when a cell's prefix is not the last one's.</summary>
    private void Prefix(in Tag cell)
    {
        var name = _buffer.AsSpan(cell.NameStart, cell.NameEnd - cell.NameStart);
        var prefix = name[..(name.IndexOf((byte)':') + 1)];
        if (prefix.SequenceEqual(_prefix)) return;
        _prefix = prefix.ToArray();
        var p = Encoding.UTF8.GetString(prefix);
        _valueOpen = Encoding.UTF8.GetBytes($"<{p}v>");
        _valueClose = Encoding.UTF8.GetBytes($"</{p}v></{p}c>");
        _inlineOpen = Encoding.UTF8.GetBytes($"<{p}is><{p}t>");
        _inlineClose = Encoding.UTF8.GetBytes($"</{p}t></{p}is></{p}c>");
    }

    /// <summary>A cell's r, t and s attributes in one pass, byte by byte (empty when absent).</summary>
    private void CellAttributes(in Tag tag, out ReadOnlySpan<byte> r, out ReadOnlySpan<byte> t, out ReadOnlySpan<byte> s)
    {
        r = t = s = default;
        var span = _buffer.AsSpan(tag.NameEnd, tag.End - 1 - tag.NameEnd);
        var i = 0;
        while (true)
        {
            while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
            var nameStart = i;
            while (i < span.Length && span[i] is not ((byte)'=' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) i++;
            var nameLength = i - nameStart;
            while (i < span.Length && span[i] is not ((byte)'"' or (byte)'\'')) i++;
            if (i >= span.Length) return;
            var quote = span[i++];
            var valueStart = i;
            while (i < span.Length && span[i] != quote) i++;
            if (i >= span.Length) return;
            var value = span[valueStart..i++];
            if (nameLength != 1) continue; // prefixed and longer names are no cell's r, t or s
            switch (span[nameStart])
            {
                case (byte)'r': r = value; break;
                case (byte)'t': t = value; break;
                case (byte)'s': s = value; break;
            }
        }
    }

    /// <summary>The name without its namespace prefix.</summary>
    private ReadOnlySpan<byte> LocalName(in Tag tag)
    {
        var name = _buffer.AsSpan(tag.NameStart, tag.NameEnd - tag.NameStart);
        var colon = name.IndexOf((byte)':');
        return colon < 0 ? name : name[(colon + 1)..];
    }

    /// <summary>The value of the attribute with this local name (any prefix but xmlns), quotes excluded; empty when absent.</summary>
    private ReadOnlySpan<byte> Attribute(in Tag tag, ReadOnlySpan<byte> name)
    {
        var span = _buffer.AsSpan(tag.NameEnd, tag.End - 1 - tag.NameEnd);
        var i = 0;
        while (i < span.Length)
        {
            var eq = span[i..].IndexOf((byte)'=');
            if (eq < 0) return default;
            var attr = span.Slice(i, eq).Trim(" \t\r\n"u8);
            var colon = attr.IndexOf((byte)':');
            var local = colon < 0 ? attr : attr[(colon + 1)..];
            i += eq + 1;
            var q = span[i..].IndexOfAny((byte)'"', (byte)'\'');
            if (q < 0) return default;
            i += q;
            var close = span[(i + 1)..].IndexOf(span[i]);
            if (close < 0) return default;
            var value = span.Slice(i + 1, close);
            i += close + 2;
            if (local.SequenceEqual(name) && (colon < 0 || !attr[..colon].SequenceEqual("xmlns"u8))) return value;
        }
        return default;
    }

    /// <summary>Skips the element whose start tag this is, with its content (nested ones included).</summary>
    private void SkipElement(in Tag start)
    {
        _pos = start.End;
        if (start.SelfClosing) return;
        var depth = 1;
        while (depth > 0)
        {
            if (!NextTag(out var tag)) throw new InvalidDataException("The sheet ends inside an element.");
            if (!tag.Start) depth--;
            else if (!tag.SelfClosing) depth++;
            _pos = tag.End;
        }
    }

    private static int ColumnOf(ReadOnlySpan<byte> reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && reference[i] is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z'; i++)
        {
            column = column * 26 + ((reference[i] | 0x20) - 'a' + 1);
            if (column > MaxColumns) throw new InvalidDataException("A cell lies beyond the last column.");
        }
        if (i == 0) throw new InvalidDataException("A cell reference has no column.");
        return column - 1;
    }

    private static int ParseInt(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out int value, out var consumed) && consumed == digits.Length && value >= 0
            ? value : throw new InvalidDataException("A number attribute is not a number.");

    private bool StartsWith(ReadOnlySpan<byte> text) =>
        Ensure(text.Length) && _buffer.AsSpan(_pos, text.Length).SequenceEqual(text);

    /// <summary>The offset from the position just past <paramref name="terminator"/>, searched from <paramref name="from"/>.</summary>
    private int Past(int from, ReadOnlySpan<byte> terminator)
    {
        var at = IndexOf(from, terminator);
        if (at < 0) throw new InvalidDataException("The sheet ends inside a comment or instruction.");
        return at + terminator.Length;
    }

    /// <summary>The offset from the position of a byte at or after offset <paramref name="from"/>, reading on as needed; -1 at the end.</summary>
    private int IndexOf(int from, byte value)
    {
        while (true)
        {
            if (_pos + from < _end)
            {
                var found = _buffer.AsSpan(_pos + from, _end - _pos - from).IndexOf(value);
                if (found >= 0) return from + found;
                from = _end - _pos;
            }
            if (!Ensure(from + 1)) return -1;
        }
    }

    private int IndexOf(int from, ReadOnlySpan<byte> value)
    {
        while (true)
        {
            if (_pos + from + value.Length <= _end)
            {
                var found = _buffer.AsSpan(_pos + from, _end - _pos - from).IndexOf(value);
                if (found >= 0) return from + found;
                from = _end - _pos - value.Length + 1;
            }
            if (!Ensure(from + value.Length)) return -1;
        }
    }

    /// <summary>
    /// Makes <paramref name="count"/> bytes from the position available, moving the unread bytes to the buffer's start
    /// (absolute positions change; offsets from the position do not). False when the XML ends first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Ensure(int count)
    {
        if (_pos + count <= _end) return true;
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            _end -= _pos;
            _pos = 0;
        }
        while (count > _end)
        {
            if (_eof) return false;
            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= MaxTokenBytes) throw new InvalidDataException($"A cell is longer than {MaxTokenBytes / 1048576} MB.");
                Array.Resize(ref _buffer, Math.Min(MaxTokenBytes, _buffer.Length * 2));
            }
            int n;
            try
            {
                n = _sheet.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (OverLimitException)
            {
                var inflated = _counted.Count;
                throw new SheetRefusedException(inflated > _sheetDeclared
                    ? GuardTexts.LyingSize(_sheetPath, _sheetDeclared)
                    : GuardTexts.EntryTooLarge(_sheetPath, inflated, _sheetLimit));
            }
            if (n == 0) _eof = true;
            _end += n;
        }
        return true;
    }

    public void Dispose()
    {
        _sheet.Dispose();
        _zip.Dispose();
    }

    // ---- the small parts, through XmlReader ----

    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static (string? Name, string? Id, bool Date1904) FirstSheet(ZipArchive zip, string path)
    {
        var entry = PackageParts.Entry(zip, path) ?? throw new InvalidDataException($"The part {path} is missing.");
        using var xml = XmlReader.Create(entry.Open(), PackageParts.Settings);
        var date1904 = false;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.LocalName == "workbookPr")
                date1904 = xml.GetAttribute("date1904") is "1" or "true";
            else if (xml.LocalName == "sheet")
                return (xml.GetAttribute("name") ?? "", xml.GetAttribute("id", RelationshipsNamespace), date1904);
        }
        return (null, null, date1904);
    }

    private static string[] SharedStrings(ZipArchive zip, string path)
    {
        if (PackageParts.Entry(zip, path) is not { } entry) return [];
        var list = new List<string>();
        var text = new StringBuilder();
        using var xml = XmlReader.Create(entry.Open(), PackageParts.Settings);
        int phonetic = 0, inText = 0;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si":
                    text.Clear();
                    if (xml.IsEmptyElement) list.Add("");
                    break;
                case XmlNodeType.Element when xml.LocalName == "rPh" && !xml.IsEmptyElement:
                    phonetic++;
                    break;
                case XmlNodeType.Element when xml.LocalName == "t" && !xml.IsEmptyElement:
                    inText++;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si":
                    list.Add(UnescapeString(text));
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    phonetic--;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "t":
                    inText--;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace
                    when inText > 0 && phonetic == 0:
                    text.Append(xml.Value);
                    break;
            }
        }
        return list.ToArray();
    }

    private static string UnescapeString(StringBuilder text)
    {
        var chars = text.ToString().ToCharArray();
        return new string(chars, 0, Unescape(chars));
    }

    /// <summary>Per cell style (cellXfs index): whether its number format shows a date, as ExcelDataReader decides.</summary>
    private static bool[] DateStyles(ZipArchive zip, string path)
    {
        if (PackageParts.Entry(zip, path) is not { } entry) return [];
        var formats = new Dictionary<int, string>();
        var xfs = new List<int>();
        using var xml = XmlReader.Create(entry.Open(), PackageParts.Settings);
        var inCellXfs = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs") inCellXfs = false;
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.LocalName == "numFmt" && int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id))
                formats[id] = xml.GetAttribute("formatCode") ?? "";
            else if (xml.LocalName == "cellXfs") inCellXfs = !xml.IsEmptyElement;
            else if (inCellXfs && xml.LocalName == "xf")
                xfs.Add(int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0);
        }
        return xfs.Select(f => formats.TryGetValue(f, out var code)
            ? new ExcelNumberFormat.NumberFormat(code).IsDateTimeFormat
            : f is >= 14 and <= 22 or >= 45 and <= 47).ToArray();
    }
}

/// <summary>The sheet inflated to more than its zip directory declares, or than the limit: the file is refused, in the guard's words.</summary>
public sealed class SheetRefusedException(string message) : IOException(message);
