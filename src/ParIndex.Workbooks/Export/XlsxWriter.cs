using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using ParIndex.Scoring;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Workbooks.Export;

/// <summary>
/// The look of a cell, a row or a column: each property left null is taken from the layer under it
/// (a cell over its row over its column, as a spreadsheet resolves them).
/// </summary>
internal sealed record Look(bool? Bold = null, double? Size = null, bool? Wrap = null,
    HorizontalAlignmentValues? Horizontal = null, VerticalAlignmentValues? Vertical = null)
{
    /// <summary>Bold.</summary>
    public static readonly Look Strong = new(Bold: true);

    /// <summary>Text wrapped within the column.</summary>
    public static readonly Look Wrapped = new(Wrap: true);

    /// <summary>This look over <paramref name="under"/>.</summary>
    public Look Over(Look? under) => under is null ? this : new(Bold ?? under.Bold, Size ?? under.Size, Wrap ?? under.Wrap,
        Horizontal ?? under.Horizontal, Vertical ?? under.Vertical);
}

/// <summary>How a sheet prints: landscape, fitted to one page wide (and one tall when asked), a header row repeated.</summary>
/// <param name="RepeatRow">The row printed atop every page (the sheet's <c>_xlnm.Print_Titles</c>); 0 for none.</param>
/// <param name="OnePage">Fitted to one page tall too.</param>
/// <param name="A4">A4 paper; otherwise the default (Letter).</param>
internal sealed record PrintSetup(int RepeatRow, bool OnePage = false, bool A4 = true);

/// <summary>
/// One sheet of an <see cref="XlsxWriter"/>, held as its cells until the workbook is written, so that its
/// <c>&lt;dimension&gt;</c> (which comes before the rows) is the true extent of what was written.
/// Text is always text with the "@" format; numbers are rounded (<see cref="Numbers.Round"/>) and formatted.
/// </summary>
internal sealed class XlsxSheet(string name)
{
    private const string General = "General";

    private readonly record struct Entry(string? Text, string? Number, string Format, Look? Look);

    private readonly List<Entry?[]> _rows = [];
    private readonly Dictionary<int, Look> _rowLooks = [];
    private readonly Dictionary<int, Look> _columnLooks = [];
    private readonly Dictionary<int, double> _widths = [];
    private (int FromRow, int Columns)? _blanks;

    /// <summary>The sheet's name.</summary>
    public string Name { get; } = name;

    /// <summary>Rows frozen atop the sheet; 0 for none.</summary>
    public int FrozenRows { get; set; }

    /// <summary>How it prints; null leaves the defaults.</summary>
    public PrintSetup? Print { get; set; }

    /// <summary>Text as text, never a formula or a number; nothing is written for null or "".</summary>
    public void Text(int row, int column, string? value, Look? look = null)
    {
        if (string.IsNullOrEmpty(value)) return;
        Put(row, column, new Entry(value, null, "@", look));
    }

    /// <summary>A number rounded half away from zero to <paramref name="decimals"/>, shown with that many places.</summary>
    public void Number(int row, int column, decimal? value, int decimals, bool signed = false, Look? look = null)
    {
        if (value is not { } v) return;
        Put(row, column, new Entry(null, NumberText(Numbers.Round(v, decimals)), Cells.Format(decimals, signed), look));
    }

    /// <summary>The shortest text of a decimal: "74.42", "100", "0" (never "-0" or "100.00").</summary>
    private static string NumberText(decimal value)
    {
        if (value == 0) return "0";
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>A whole number; signed shows "+3" for a rise.</summary>
    public void Whole(int row, int column, int? value, bool signed = false, Look? look = null)
    {
        if (value is not { } v) return;
        Put(row, column, new Entry(null, v.ToString(CultureInfo.InvariantCulture), Cells.Format(0, signed), look));
    }

    /// <summary>An empty cell with a look of its own (an empty cell already written keeps its value).</summary>
    public void Blank(int row, int column, Look look)
    {
        var cells = Row(row);
        if (cells.Length >= column && cells[column - 1] is { } e) cells[column - 1] = e with { Look = look.Over(e.Look) };
        else Put(row, column, new Entry(null, null, General, look));
    }

    /// <summary>The look of every cell in a row.</summary>
    public void RowLook(int row, Look look) => _rowLooks[row] = look.Over(_rowLooks.GetValueOrDefault(row));

    /// <summary>The look of every cell in a column.</summary>
    public void ColumnLook(int column, Look look) => _columnLooks[column] = look.Over(_columnLooks.GetValueOrDefault(column));

    /// <summary>A column's width, in characters.</summary>
    public void Width(int column, double width) => _widths[column] = width;

    /// <summary>Sets the widths of columns 1, 2, ….</summary>
    public void Widths(IReadOnlyList<double> widths)
    {
        for (var i = 0; i < widths.Count; i++) Width(i + 1, widths[i]);
    }

    /// <summary>
    /// Gives every row of a table, from <paramref name="fromRow"/> to the last row with a value, a cell in each of its
    /// <paramref name="columns"/>: a reader that takes a row as the cells written in it (a SAX reader, openpyxl without
    /// the dimension) then sees every row as long as the header.
    /// </summary>
    public void Rectangular(int fromRow, int columns) => _blanks = (fromRow, columns);

    private Entry?[] Row(int row)
    {
        while (_rows.Count < row) _rows.Add([]);
        return _rows[row - 1];
    }

    private void Put(int row, int column, Entry entry)
    {
        var cells = Row(row);
        if (cells.Length < column) Array.Resize(ref cells, Math.Max(column, cells.Length * 2));
        _rows[row - 1] = cells;
        cells[column - 1] = entry;
    }

    private void FillBlanks()
    {
        if (_blanks is not var (fromRow, columns)) return;
        var last = _rows.FindLastIndex(r => r.Any(e => e is { Text: not null } or { Number: not null })) + 1;
        for (var r = fromRow; r <= last; r++)
            for (var c = 1; c <= columns; c++)
                if (Row(r).Length < c || _rows[r - 1][c - 1] is null) Put(r, c, new Entry(null, null, General, null));
    }

    /// <summary>Writes the worksheet part; the cells' styles come from <paramref name="styles"/>.</summary>
    internal void WriteTo(Stream part, XlsxStyles styles)
    {
        FillBlanks();
        var (top, left, bottom, right) = (int.MaxValue, int.MaxValue, 0, 0);
        for (var r = 0; r < _rows.Count; r++)
            for (var c = 0; c < _rows[r].Length; c++)
                if (_rows[r][c] is not null)
                    (top, left, bottom, right) = (Math.Min(top, r + 1), Math.Min(left, c + 1), Math.Max(bottom, r + 1), Math.Max(right, c + 1));
        var letters = Enumerable.Range(0, Math.Max(right, _widths.Keys.DefaultIfEmpty(0).Max())).Select(SurveyAccumulator.ColumnLetters).ToArray();

        using var writer = OpenXmlWriter.Create(part, new UTF8Encoding(false));
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet(), [], [new KeyValuePair<string, string>("", XlsxPackage.MainNamespace)]);
        if (Print is not null) writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        writer.WriteElement(new SheetDimension { Reference = bottom == 0 ? "A1" : $"{letters[left - 1]}{top}:{letters[right - 1]}{bottom}" });
        var view = new SheetView { WorkbookViewId = 0 };
        if (FrozenRows > 0)
            view.Append(new Pane { VerticalSplit = FrozenRows, TopLeftCell = $"A{FrozenRows + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        writer.WriteElement(new SheetViews(view));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
        if (_widths.Count > 0)
        {
            var columns = new Columns();
            foreach (var (column, width) in _widths.OrderBy(w => w.Key))
            {
                // ClosedXML's padding, so that every reader finds the widths the workbooks always had.
                var col = new Column { Min = (uint)column, Max = (uint)column, Width = width + ColumnPadding, CustomWidth = true };
                if (_columnLooks.TryGetValue(column, out var look)) col.Style = styles.Of(General, look);
                columns.Append(col);
            }
            writer.WriteElement(columns);
        }

        writer.WriteStartElement(new SheetData());
        var cells = new SheetCellWriter(writer, letters);
        for (var r = 0; r < _rows.Count; r++)
        {
            var rowLook = _rowLooks.GetValueOrDefault(r + 1);
            var entries = _rows[r];
            if (entries.All(e => e is null) && rowLook is null) continue;
            cells.StartRow(r + 1, rowLook is null ? null : styles.Of(General, rowLook));
            for (var c = 0; c < entries.Length; c++)
            {
                if (entries[c] is not { } e) continue;
                var look = e.Look is null ? rowLook : e.Look.Over(rowLook);
                var style = styles.Of(e.Format, look is null ? _columnLooks.GetValueOrDefault(c + 1) : look.Over(_columnLooks.GetValueOrDefault(c + 1)));
                if (e.Text is { } text) cells.Text(c, text, style);
                else if (e.Number is { } number) cells.Number(c, number, style);
                else cells.Blank(c, style);
            }
            writer.WriteEndElement();
        }
        writer.WriteEndElement(); // sheetData

        if (Print is { } print)
        {
            writer.WriteElement(new PageMargins { Left = 0.75, Right = 0.75, Top = 0.75, Bottom = 0.5, Header = 0.5, Footer = 0.75 });
            var setup = new PageSetup { Orientation = OrientationValues.Landscape, PaperSize = print.A4 ? 9u : 1u };
            if (!print.OnePage) setup.FitToHeight = 0;
            writer.WriteElement(setup);
        }
        writer.WriteEndElement(); // worksheet
    }

    private const double ColumnPadding = 0.710625;
}

/// <summary>
/// Writes a sheet's rows and cells through OpenXmlWriter, reusing the element instances and attribute arrays
/// (OpenXmlWriter takes names from them): the exports' cells, with their styles, and the survey workbooks', without.
/// </summary>
internal sealed class SheetCellWriter(OpenXmlWriter writer, string[] columnLetters)
{
    private static readonly OpenXmlAttribute InlineType = new("t", "", "inlineStr");
    private static readonly OpenXmlAttribute CustomFormat = new("customFormat", "", "1");

    private readonly Row _row = new();
    private readonly Cell _cell = new();
    private readonly CellValue _value = new();
    private readonly InlineString _inline = new();
    private readonly Text _text = new();
    private readonly OpenXmlAttribute[] _preserve = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];
    private readonly OpenXmlAttribute[] _rowPlain = new OpenXmlAttribute[1], _rowStyled = new OpenXmlAttribute[3];
    private readonly OpenXmlAttribute[] _plain = new OpenXmlAttribute[1], _styled = new OpenXmlAttribute[2];
    private readonly OpenXmlAttribute[] _plainText = new OpenXmlAttribute[2], _styledText = new OpenXmlAttribute[3];
    private string _rowText = "";

    /// <summary>Starts row <paramref name="number"/> (1-based), with a style of its own when given; WriteEndElement ends it.</summary>
    public void StartRow(int number, uint? style = null)
    {
        _rowText = number.ToString(CultureInfo.InvariantCulture);
        var attributes = style is null ? _rowPlain : _rowStyled;
        attributes[0] = new OpenXmlAttribute("r", "", _rowText);
        if (style is { } s)
        {
            attributes[1] = new OpenXmlAttribute("s", "", s.ToString(CultureInfo.InvariantCulture));
            attributes[2] = CustomFormat;
        }
        writer.WriteStartElement(_row, attributes);
    }

    /// <summary>An empty cell at the zero-based <paramref name="column"/>.</summary>
    public void Blank(int column, uint? style = null)
    {
        Start(column, style, text: false);
        writer.WriteEndElement();
    }

    /// <summary>A number, written as <paramref name="value"/> (its invariant text).</summary>
    public void Number(int column, string value, uint? style = null)
    {
        Start(column, style, text: false);
        writer.WriteStartElement(_value);
        writer.WriteString(value);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Text as an inline string, its spaces kept where they lead, trail or it holds a line end.</summary>
    public void Text(int column, string value, uint? style = null)
    {
        Start(column, style, text: true);
        writer.WriteStartElement(_inline);
        var padded = value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || value.Contains('\n'));
        if (padded) writer.WriteStartElement(_text, _preserve); else writer.WriteStartElement(_text);
        writer.WriteString(value);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void Start(int column, uint? style, bool text)
    {
        var attributes = (style, text) switch
        {
            (null, false) => _plain,
            (null, true) => _plainText,
            (_, false) => _styled,
            (_, true) => _styledText,
        };
        attributes[0] = new OpenXmlAttribute("r", "", columnLetters[column] + _rowText);
        var at = 1;
        if (style is { } s) attributes[at++] = new OpenXmlAttribute("s", "", s.ToString(CultureInfo.InvariantCulture));
        if (text) attributes[at] = InlineType;
        writer.WriteStartElement(_cell, attributes);
    }
}

/// <summary>The cell formats a workbook uses, numbered as they are first asked for; index 0 is the default.</summary>
internal sealed class XlsxStyles
{
    private readonly record struct Key(string Format, bool Bold, double Size, bool Wrap,
        HorizontalAlignmentValues? Horizontal, VerticalAlignmentValues? Vertical);

    private readonly Dictionary<Key, uint> _index = [];
    private readonly List<Key> _keys = [];

    public XlsxStyles() => Of("General", null);

    /// <summary>The index of the cell format with <paramref name="format"/> and <paramref name="look"/>.</summary>
    public uint Of(string format, Look? look)
    {
        var key = new Key(format, look?.Bold ?? false, look?.Size ?? 11, look?.Wrap ?? false, look?.Horizontal, look?.Vertical);
        if (_index.TryGetValue(key, out var i)) return i;
        i = (uint)_keys.Count;
        _keys.Add(key);
        _index[key] = i;
        return i;
    }

    /// <summary>The styles part: the number formats (custom, as they always were written), fonts and cell formats used.</summary>
    public Stylesheet Stylesheet()
    {
        var formats = _keys.Select(k => k.Format).Where(f => f != "General").Distinct().ToList();
        var fonts = _keys.Select(k => (k.Bold, k.Size)).Distinct().ToList();
        var numberFormats = new NumberingFormats(formats.Select((f, i) => new NumberingFormat { NumberFormatId = (uint)(164 + i), FormatCode = f })) { Count = (uint)formats.Count };
        var fontList = new Fonts(fonts.Select(f =>
        {
            var font = new Font();
            if (f.Bold) font.Append(new DocumentFormat.OpenXml.Spreadsheet.Bold());
            font.Append(new FontSize { Val = f.Size }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 });
            return font;
        })) { Count = (uint)fonts.Count };
        var cellFormats = new CellFormats(_keys.Select(k =>
        {
            var xf = new CellFormat
            {
                NumberFormatId = k.Format == "General" ? 0u : (uint)(164 + formats.IndexOf(k.Format)),
                FontId = (uint)fonts.IndexOf((k.Bold, k.Size)), FillId = 0, BorderId = 0, FormatId = 0,
            };
            if (xf.NumberFormatId != 0) xf.ApplyNumberFormat = true;
            if (xf.FontId != 0) xf.ApplyFont = true;
            if (k.Wrap || k.Horizontal is not null || k.Vertical is not null)
            {
                xf.ApplyAlignment = true;
                xf.Append(new Alignment { WrapText = k.Wrap ? true : null, Horizontal = k.Horizontal, Vertical = k.Vertical });
            }
            return xf;
        })) { Count = (uint)_keys.Count };
        var stylesheet = new Stylesheet();
        if (formats.Count > 0) stylesheet.Append(numberFormats);
        stylesheet.Append(fontList,
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            cellFormats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
        return stylesheet;
    }
}

/// <summary>
/// The plumbing of an xlsx package zipped by hand, part after part (System.IO.Packaging, under SpreadsheetDocument,
/// keeps every part of a package it creates in memory until it is closed): the content types and relationships of a
/// workbook of sheets <c>xl/worksheets/sheet1.xml</c>, … and its styles, and parts written from text or an element.
/// </summary>
internal static class XlsxPackage
{
    public const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

    /// <summary>The part of sheet <paramref name="number"/> (from 1), and its relationship is <c>rId&lt;number&gt;</c>.</summary>
    public static string SheetPart(int number) => $"xl/worksheets/sheet{number}.xml";

    /// <summary>The content types, the package's relationship to the workbook and the workbook's to its sheets and styles.</summary>
    public static void WriteRelationships(ZipArchive zip, int sheets)
    {
        var numbers = Enumerable.Range(1, sheets).ToList();
        WriteText(zip, "[Content_Types].xml", Declaration +
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
            string.Concat(numbers.Select(i => $"<Override PartName=\"/{SheetPart(i)}\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")) +
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>" +
            "</Types>");
        WriteText(zip, "_rels/.rels", Declaration +
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            "<Relationship Id=\"rId1\" Type=\"" + RelationshipType + "/officeDocument\" Target=\"xl/workbook.xml\"/>" +
            "</Relationships>");
        WriteText(zip, "xl/_rels/workbook.xml.rels", Declaration +
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            string.Concat(numbers.Select(i => $"<Relationship Id=\"rId{i}\" Type=\"{RelationshipType}/worksheet\" Target=\"{SheetPart(i)[3..]}\"/>")) +
            $"<Relationship Id=\"rId{sheets + 1}\" Type=\"{RelationshipType}/styles\" Target=\"styles.xml\"/>" +
            "</Relationships>");
    }

    /// <summary>A part holding <paramref name="root"/>.</summary>
    public static void WriteElement(ZipArchive zip, string name, OpenXmlElement root) => WriteText(zip, name, Declaration + root.OuterXml);

    /// <summary>A part to be written as a stream (a sheet), at the fastest compression.</summary>
    public static Stream Create(ZipArchive zip, string name) => zip.CreateEntry(name, CompressionLevel.Fastest).Open();

    private static void WriteText(ZipArchive zip, string name, string xml)
    {
        using var stream = Create(zip, name);
        stream.Write(new UTF8Encoding(false).GetBytes(xml));
    }
}

/// <summary>
/// Writes an xlsx package (<see cref="XlsxPackage"/>): its sheets by OpenXmlWriter, each with a true
/// <c>&lt;dimension&gt;</c>, the styles they use, and the workbook with the sheets' print titles as defined names.
/// The sheets are held until <see cref="Save"/>.
/// </summary>
internal sealed class XlsxWriter(Stream output)
{
    private static readonly char[] Forbidden = ['[', ']', ':', '*', '?', '/', '\\'];

    private readonly List<XlsxSheet> _sheets = [];

    /// <summary>Adds a sheet after the others.</summary>
    /// <exception cref="ArgumentException">The name is not a valid sheet name or is taken.</exception>
    public XlsxSheet Sheet(string name)
    {
        if (name.Length is 0 or > 31 || name.IndexOfAny(Forbidden) >= 0 || name.StartsWith('\'') || name.EndsWith('\''))
            throw new ArgumentException($"\"{name}\" is not a valid sheet name.", nameof(name));
        if (_sheets.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"The sheet \"{name}\" is already there.", nameof(name));
        var sheet = new XlsxSheet(name);
        _sheets.Add(sheet);
        return sheet;
    }

    /// <summary>Writes the package to the output (left open).</summary>
    public void Save()
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        XlsxPackage.WriteRelationships(zip, _sheets.Count);
        var workbook = new Workbook(new BookViews(new WorkbookView()),
            new Sheets(_sheets.Select((s, i) => new Sheet { Name = s.Name, SheetId = (uint)(i + 1), Id = $"rId{i + 1}" })));
        var titles = _sheets.Select((s, i) => (Sheet: s, Index: i)).Where(x => x.Sheet.Print is { RepeatRow: > 0 }).ToList();
        if (titles.Count > 0)
            workbook.Append(new DefinedNames(titles.Select(x => new DefinedName($"'{x.Sheet.Name.Replace("'", "''")}'!{x.Sheet.Print!.RepeatRow}:{x.Sheet.Print.RepeatRow}")
            { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)x.Index })));
        XlsxPackage.WriteElement(zip, "xl/workbook.xml", workbook);

        var styles = new XlsxStyles();
        for (var i = 0; i < _sheets.Count; i++)
        {
            using var part = XlsxPackage.Create(zip, XlsxPackage.SheetPart(i + 1));
            _sheets[i].WriteTo(part, styles);
        }
        XlsxPackage.WriteElement(zip, "xl/styles.xml", styles.Stylesheet());
    }
}
