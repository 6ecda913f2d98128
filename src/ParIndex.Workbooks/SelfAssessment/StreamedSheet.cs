using System.Globalization;
using System.Xml;
using Kind = ParIndex.Workbooks.SelfAssessment.NumberFormats.Kind;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>
/// One worksheet's cells with content, read from its XML into a sparse map: what <see cref="Cells.Read(ClosedXML.Excel.IXLCell)"/>
/// gives for a ClosedXML cell, without loading a workbook. A formula's cached value is used and never evaluated;
/// cells and rows without an <c>r</c> attribute take the next position, as SpreadsheetML allows. Where ClosedXML 0.95
/// was wrong the model is not: an error value without a formula (<c>t="e"</c>) is a formula error, not blank; a
/// formula's cached number is a number (with its percent flag) even without <c>t="n"</c>; an ISO date (<c>t="d"</c>,
/// which ClosedXML cannot open) is a date.
/// </summary>
internal sealed class StreamedSheet : ISheet
{
    private readonly Dictionary<long, CellContent> _cells;

    private StreamedSheet(string name, Dictionary<long, CellContent> cells, int lastRow, int lastColumn)
    {
        Name = name;
        _cells = cells;
        LastRow = lastRow;
        LastColumn = lastColumn;
    }

    public string Name { get; }
    public int LastRow { get; }
    public int LastColumn { get; }

    /// <summary>How many cells with content the sheet holds.</summary>
    public int Count => _cells.Count;

    public CellContent Cell(int row, int column) =>
        _cells.TryGetValue(Key(row, column), out var content) ? content : new CellContent(CellKind.Blank, "");

    private static long Key(int row, int column) => ((long)row << 16) | (uint)column;

    /// <summary>Reads the worksheet part; past <paramref name="maxCells"/> cells with content, throws <see cref="SheetTooLargeException"/>.</summary>
    public static StreamedSheet Read(string name, XmlReader xml, string[] sharedStrings, NumberFormats formats, int maxCells)
    {
        var cells = new Dictionary<long, CellContent>();
        int row = 0, column = 0, lastRow = 0, lastColumn = 0;
        var inData = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "sheetData") break;
            if (xml.NodeType != XmlNodeType.Element) continue;
            switch (xml.LocalName)
            {
                case "sheetData":
                    inData = true;
                    if (xml.IsEmptyElement) return new StreamedSheet(name, cells, 0, 0);
                    break;
                case "row" when inData:
                    row = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : row + 1;
                    column = 0;
                    break;
                case "c" when inData:
                    var placed = Position(xml.GetAttribute("r"), ref row, ref column);
                    var content = CellAt(xml, sharedStrings, formats, out var hasContent);
                    if (!placed) break; // a reference no sheet can have: nothing to read there
                    if (hasContent)
                    {
                        lastRow = Math.Max(lastRow, row);
                        lastColumn = Math.Max(lastColumn, column);
                    }
                    if (content.Kind == CellKind.Blank) break;
                    if (cells.Count >= maxCells && !cells.ContainsKey(Key(row, column))) throw new SheetTooLargeException(name, maxCells);
                    cells[Key(row, column)] = content;
                    break;
            }
        }
        return new StreamedSheet(name, cells, lastRow, lastColumn);
    }

    /// <summary>The cell's position from its reference (e.g. F23), else the next column of the current row.</summary>
    private static bool Position(string? reference, ref int row, ref int column)
    {
        if (string.IsNullOrEmpty(reference))
        {
            column++;
            if (row == 0) row = 1;
            return column <= 16384;
        }
        var letters = CellReference.ColumnOf(reference, out var c);
        if (letters is 0 or > 3 || c > 16384) return false;
        if (!int.TryParse(reference.AsSpan(letters), NumberStyles.None, CultureInfo.InvariantCulture, out var r) || r < 1 || r > 1_048_576) return false;
        (row, column) = (r, c);
        return true;
    }

    /// <summary>
    /// Reads one <c>&lt;c&gt;</c> element (the reader on it, left on its end). <paramref name="hasContent"/> says
    /// whether it holds anything at all (a value, even of spaces, or a formula), which is what makes a cell "used".
    /// </summary>
    private static CellContent CellAt(XmlReader xml, string[] sharedStrings, NumberFormats formats, out bool hasContent)
    {
        var type = xml.GetAttribute("t");
        var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        string? value = null, inline = null;
        var formula = false;
        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            xml.Read();
            // Each case leaves the reader on the node after the child it read.
            while (!xml.EOF && xml.Depth > depth)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    xml.Read();
                    continue;
                }
                switch (xml.LocalName)
                {
                    case "f":
                        // A shared formula's other cells carry only its index: still a formula.
                        formula |= xml.GetAttribute("si") is not null || xml.GetAttribute("t") == "shared";
                        formula |= !string.IsNullOrWhiteSpace(xml.ReadElementContentAsString());
                        break;
                    case "v":
                        value = xml.ReadElementContentAsString();
                        break;
                    case "is":
                        inline = StreamedWorkbook.StringItem(xml, decode: false);
                        xml.Read();
                        break;
                    default:
                        xml.Skip();
                        break;
                }
            }
        }
        hasContent = formula || !string.IsNullOrEmpty(value) || !string.IsNullOrEmpty(inline);
        return Content(type, style, value, inline, formula, sharedStrings, formats);
    }

    private static CellContent Content(string? type, int style, string? value, string? inline, bool formula, string[] sharedStrings, NumberFormats formats)
    {
        switch (type)
        {
            case "s":
                if (string.IsNullOrWhiteSpace(value)) return Cells.Empty(formula);
                return int.TryParse(value, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var index)
                       && index >= 0 && index < sharedStrings.Length
                    ? Cells.OfText(sharedStrings[index], formula)
                    : new(CellKind.Unreadable, "");
            case "inlineStr":
                return Cells.OfText(inline ?? value, formula);
            case "str" or "e":
                return Cells.OfText(value, formula);
            case "b":
                return value?.Trim() switch
                {
                    null or "" => Cells.Empty(formula),
                    "1" => Cells.OfBoolean(true),
                    "0" => Cells.OfBoolean(false),
                    var b when bool.TryParse(b, out var parsed) => Cells.OfBoolean(parsed),
                    _ => new(CellKind.Unreadable, ""),
                };
            case "d":
                if (string.IsNullOrWhiteSpace(value)) return Cells.Empty(formula);
                return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date)
                    ? new(CellKind.Date, date.ToString(CultureInfo.InvariantCulture))
                    : new(CellKind.Unreadable, "");
            default: // "n", or no type
                if (string.IsNullOrWhiteSpace(value)) return Cells.Empty(formula);
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return new(CellKind.Unreadable, "");
                var kind = formats.Of(style);
                // A formula's cached number is a number whatever the cell's format says (only its percent flag is kept).
                if (formula) return Cells.OfNumber(d, kind == Kind.Percent);
                return kind switch
                {
                    Kind.Percent => Cells.OfNumber(d, true),
                    Kind.DateTime => OaDate(d) is { } at ? new(CellKind.Date, at.ToString(CultureInfo.InvariantCulture)) : new(CellKind.Unreadable, ""),
                    Kind.TimeSpan => double.IsFinite(d) && Math.Abs(d) < 10_000_000
                        ? new(CellKind.Date, TimeSpan.FromDays(d).ToString()) : new(CellKind.Unreadable, ""),
                    Kind.Text => Cells.OfText(d.ToString(CultureInfo.InvariantCulture), false),
                    _ => Cells.OfNumber(d, false),
                };
        }
    }

    private static DateTime? OaDate(double d)
    {
        try
        {
            return DateTime.FromOADate(d);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
