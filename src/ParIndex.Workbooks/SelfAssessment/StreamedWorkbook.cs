using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>
/// A small, streamed view of an xlsx for the self-assessment reader: the sheets' names, the workbook's defined names,
/// and on demand one sheet's cells as a sparse <see cref="StreamedSheet"/>. Parts are read with <see cref="XmlReader"/>
/// (no DTD, no resolver) straight from the zip; nothing is evaluated and no other part is touched. The caller has
/// had <see cref="Safety.WorkbookGuard"/> vet the zip (sizes, DTDs) first.
/// </summary>
internal sealed class StreamedWorkbook : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, string> _sheetParts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StreamedSheet> _loaded = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _sharedStringsPart;
    private readonly string? _stylesPart;
    private string[]? _sharedStrings;
    private NumberFormats? _formats;

    private StreamedWorkbook(ZipArchive zip)
    {
        _zip = zip;
        var workbookPart = PackageParts.Workbook(zip);
        var relations = PackageParts.Relationships(zip, workbookPart);
        var sheets = new List<string>();
        var names = new List<DefinedName>();
        using (var xml = Open(workbookPart) ?? throw new InvalidDataException($"thiếu phần {workbookPart}"))
        {
            // ReadElementContentAsString leaves the reader on the next node already: read on only otherwise.
            for (var more = xml.Read(); more; )
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName is not ("sheet" or "definedName"))
                {
                    more = xml.Read();
                    continue;
                }
                if (xml.LocalName == "sheet")
                {
                    var name = xml.GetAttribute("name");
                    var id = xml.GetAttribute("id", RelationshipsNs) ?? RelationshipId(xml);
                    if (name is null)
                    {
                        more = xml.Read();
                        continue;
                    }
                    sheets.Add(name);
                    if (id is not null && relations.TryGetValue(id, out var target)) _sheetParts.TryAdd(name, target.Part);
                    more = xml.Read();
                }
                else if (xml.LocalName == "definedName")
                {
                    // Names scoped to one sheet (localSheetId) are that sheet's, not the workbook's.
                    var name = xml.GetAttribute("name");
                    var local = xml.GetAttribute("localSheetId") is not null;
                    var refersTo = xml.ReadElementContentAsString();
                    if (name is not null && !local) names.Add(new DefinedName(name, refersTo));
                    more = !xml.EOF;
                }
            }
        }
        SheetNames = sheets;
        DefinedNames = names;
        _sharedStringsPart = PackageParts.OfType(relations, "/sharedStrings");
        _stylesPart = PackageParts.OfType(relations, "/styles");
    }

    /// <summary>The sheets' names in the workbook's order.</summary>
    public IReadOnlyList<string> SheetNames { get; }

    /// <summary>The workbook-scoped defined names, as written (refers-to without a leading '=').</summary>
    public IReadOnlyList<DefinedName> DefinedNames { get; }

    /// <summary>Opens the xlsx in <paramref name="input"/> (left open); throws <see cref="InvalidDataException"/> or <see cref="XmlException"/> when it is no workbook.</summary>
    public static StreamedWorkbook Open(Stream input)
    {
        var zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            return new StreamedWorkbook(zip);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The sheet named <paramref name="name"/> (case-insensitive, as Excel compares them), read once; null when the
    /// workbook has no such sheet. Throws <see cref="SheetTooLargeException"/> past <paramref name="maxCells"/> cells with content.
    /// </summary>
    public StreamedSheet? Sheet(string name, int maxCells)
    {
        var actual = SheetNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (actual is null) return null;
        if (_loaded.TryGetValue(actual, out var done)) return done;
        var part = _sheetParts.GetValueOrDefault(actual) ?? throw new InvalidDataException($"không thấy phần của trang tính \"{actual}\"");
        using var xml = Open(part) ?? throw new InvalidDataException($"thiếu phần {part}");
        var sheet = StreamedSheet.Read(actual, xml, SharedStrings(), Formats(), maxCells);
        _loaded[actual] = sheet;
        return sheet;
    }

    public void Dispose() => _zip.Dispose();

    private string[] SharedStrings() => _sharedStrings ??= ReadSharedStrings();

    private NumberFormats Formats() => _formats ??= NumberFormats.Read(_stylesPart is null ? null : Open(_stylesPart));

    private string[] ReadSharedStrings()
    {
        var part = _sharedStringsPart ?? (_zip.GetEntry("xl/sharedStrings.xml") is null ? null : "xl/sharedStrings.xml");
        if (part is null) return [];
        using var xml = Open(part);
        if (xml is null) return [];
        var strings = new List<string>();
        while (xml.Read())
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si" && xml.NamespaceURI == Main)
                strings.Add(StringItem(xml, decode: true));
        return [.. strings];
    }

    /// <summary>
    /// The text of a string item (<c>&lt;si&gt;</c> or <c>&lt;is&gt;</c>, the reader on it): its runs' texts joined, else
    /// its own <c>&lt;t&gt;</c> (with Excel's <c>_xHHHH_</c> escapes decoded when <paramref name="decode"/>); phonetic
    /// runs (<c>&lt;rPh&gt;</c>) are not the text. Leaves the reader on the item's end.
    /// </summary>
    internal static string StringItem(XmlReader xml, bool decode)
    {
        if (xml.IsEmptyElement) return "";
        var plain = new StringBuilder();
        var runs = new StringBuilder();
        var hasRuns = false;
        // The elements open below the item: the text that counts is in <t> (depth 1) or <r><t> (depth 2).
        Span<byte> open = stackalloc byte[3]; // 1 = t, 2 = r, 3 = other
        var depth = 0;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    if (xml.LocalName == "r") hasRuns = true;
                    if (xml.IsEmptyElement) break;
                    if (depth < open.Length) open[depth] = xml.LocalName switch { "t" => 1, "r" => 2, _ => 3 };
                    depth++;
                    break;
                case XmlNodeType.EndElement:
                    if (depth == 0) return hasRuns ? runs.ToString() : decode ? DecodeEscapes(plain.ToString()) : plain.ToString();
                    depth--;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (depth == 1 && open[0] == 1) plain.Append(xml.Value);
                    else if (depth == 2 && open[0] == 2 && open[1] == 1) runs.Append(xml.Value);
                    break;
            }
        }
        throw new XmlException("string item not closed");
    }

    /// <summary>Excel's <c>_xHHHH_</c> escapes of characters XML cannot hold (e.g. <c>_x000D_</c>), as Excel shows them.</summary>
    private static string DecodeEscapes(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal)) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_'
                && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                result.Append((char)code);
                i += 6;
            }
            else result.Append(text[i]);
        }
        return result.ToString();
    }

    private XmlReader? Open(string part) => PackageParts.Open(_zip, part);

    private static string? RelationshipId(XmlReader xml)
    {
        // Strict OOXML and some writers use another namespace for r:id; any attribute named "id" with a prefix will do.
        for (var i = 0; i < xml.AttributeCount; i++)
        {
            xml.MoveToAttribute(i);
            if (xml.LocalName == "id" && xml.Prefix.Length > 0)
            {
                var value = xml.Value;
                xml.MoveToElement();
                return value;
            }
        }
        xml.MoveToElement();
        return null;
    }
}

/// <summary>A workbook's defined name and what it refers to, as written (e.g. <c>'Tự đánh giá'!$B$2</c>, or <c>"2024"</c>).</summary>
internal sealed record DefinedName(string Name, string RefersTo);

/// <summary>A sheet holding more cells than any self-assessment could: it is not read into memory.</summary>
internal sealed class SheetTooLargeException(string sheet, int maxCells) : Exception($"sheet {sheet} holds more than {maxCells} cells")
{
    public string Sheet { get; } = sheet;
    public int MaxCells { get; } = maxCells;
}

/// <summary>The styles' number formats, by cell format (<c>s</c>) index: what makes a number a percent or a date.</summary>
internal sealed class NumberFormats
{
    /// <summary>What a number in a cell of that format means (as ClosedXML 0.95, which the reader replaced, decided it).</summary>
    internal enum Kind : byte { Number, Percent, DateTime, TimeSpan, Text }

    private readonly Kind[] _byStyle;

    private NumberFormats(Kind[] byStyle) => _byStyle = byStyle;

    public Kind Of(int style) => style >= 0 && style < _byStyle.Length ? _byStyle[style] : Kind.Number;

    public static NumberFormats Read(XmlReader? xml)
    {
        if (xml is null) return new([]);
        using (xml)
        {
            var custom = new Dictionary<int, string>();
            var styles = new List<Kind>();
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element) continue;
                if (xml.LocalName == "numFmt" && int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id))
                    custom[id] = xml.GetAttribute("formatCode") ?? "";
                else if (xml.LocalName == "cellXfs")
                {
                    if (xml.IsEmptyElement) continue;
                    var depth = xml.Depth;
                    while (xml.Read() && xml.Depth > depth)
                        if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "xf" && xml.Depth == depth + 1)
                            styles.Add(KindOf(int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0, custom));
                }
            }
            return new([.. styles]);
        }
    }

    private static Kind KindOf(int id, Dictionary<int, string> custom)
    {
        // Built-in formats (below 164) by their id; a custom one by its code.
        if (id < 164 || !custom.TryGetValue(id, out var code))
            return id switch
            {
                9 or 10 => Kind.Percent,
                46 => Kind.TimeSpan,
                >= 14 and <= 22 or >= 45 and <= 47 => Kind.DateTime,
                49 => Kind.Text,
                _ => Kind.Number,
            };
        if (code.Contains('%', StringComparison.Ordinal)) return Kind.Percent;
        return FromCode(code);
    }

    /// <summary>
    /// A custom format's meaning from its code: the first digit placeholder (0 # ?) makes a number, the first date or
    /// time letter (y m d h s) a date; quoted text and escaped characters are skipped, and so are bracketed sections
    /// (a colour such as [Red], a locale such as [$-42A]), save elapsed times ([h]:mm), which are dates.
    /// </summary>
    private static Kind FromCode(string code)
    {
        for (var i = 0; i < code.Length; i++)
        {
            var c = char.ToLowerInvariant(code[i]);
            switch (c)
            {
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    if (close < 0) return Kind.Number;
                    i = close;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    if (end < 0) return Kind.Number;
                    var inside = code.AsSpan(i + 1, end - i - 1);
                    if (inside.Length > 0 && inside.IndexOfAnyExcept("hHmMsS") < 0) return Kind.DateTime; // elapsed time: a date as ClosedXML read it
                    i = end;
                    break;
                case '0' or '#' or '?':
                    return Kind.Number;
                case 'y' or 'm' or 'd' or 'h' or 's':
                    return Kind.DateTime;
            }
        }
        return Kind.Number;
    }
}
