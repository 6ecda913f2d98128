using ClosedXML.Excel;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>
/// One worksheet as the self-assessment code reads it: what each cell holds (<see cref="CellContent"/>) and how far
/// the used cells reach. The reader works over <see cref="StreamedSheet"/> (streamed, never ClosedXML); the filler and
/// the template writer, which write workbooks with ClosedXML, over <see cref="ClosedXmlSheet"/>.
/// </summary>
internal interface ISheet
{
    string Name { get; }

    /// <summary>The cell at a 1-based row and column; a cell the sheet does not hold is blank.</summary>
    CellContent Cell(int row, int column);

    /// <summary>The last row holding a cell (0 for an empty sheet).</summary>
    int LastRow { get; }

    /// <summary>The last column holding a cell (0 for an empty sheet).</summary>
    int LastColumn { get; }
}

/// <summary>A ClosedXML worksheet seen as an <see cref="ISheet"/>: cells read by <see cref="Cells.Read(IXLCell)"/>.</summary>
internal sealed class ClosedXmlSheet(IXLWorksheet sheet) : ISheet
{
    public string Name => sheet.Name;
    public CellContent Cell(int row, int column) => Cells.Read(sheet.Cell(row, column));
    public int LastRow => sheet.LastRowUsed()?.RowNumber() ?? 0;
    public int LastColumn => sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
}

/// <summary>A cell a defined name refers to: <c>'Tự đánh giá'!$B$2</c> (the first cell of a range or of the first area).</summary>
internal readonly record struct CellReference(string? Sheet, int Row, int Column)
{
    /// <summary>
    /// Parses a defined name's refers-to as a reference to one cell (a range's first cell, a whole column's or row's
    /// first); false for a constant. Something sheet-qualified that names no cell (<c>Sheet1!#REF!</c>) is a broken
    /// reference: true with row 0, so that the caller neither reads a cell nor takes it for a constant.
    /// </summary>
    public static bool TryParse(string refersTo, out CellReference reference)
    {
        reference = default;
        var text = refersTo.Trim();
        if (text.StartsWith('=')) text = text[1..].TrimStart();
        if (text.Length == 0 || text[0] == '"') return false;
        string? sheet = null;
        var at = 0;
        if (text[0] == '\'')
        {
            var name = new System.Text.StringBuilder();
            for (at = 1; at < text.Length; at++)
            {
                if (text[at] != '\'') { name.Append(text[at]); continue; }
                if (at + 1 < text.Length && text[at + 1] == '\'') { name.Append('\''); at++; continue; }
                break;
            }
            if (at + 1 >= text.Length || text[at + 1] != '!') return false;
            sheet = name.ToString();
            at += 2;
        }
        else if (text.IndexOf('!') is var bang and > 0)
        {
            sheet = text[..bang];
            at = bang + 1;
        }
        var area = text[at..];
        var end = area.IndexOfAny([',', ':', ' ']);
        var first = (end < 0 ? area : area[..end]).Replace("$", "", StringComparison.Ordinal);
        var letters = ColumnOf(first, out var column);
        var hasRow = int.TryParse(first[letters..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var row);
        var isCell = letters is > 0 and <= 3 && column <= 16384 && (first.Length == letters || (hasRow && row is >= 1 and <= 1_048_576));
        var isRow = letters == 0 && hasRow && row is >= 1 and <= 1_048_576;
        if (!isCell && !isRow)
        {
            if (sheet is null) return false;
            reference = new CellReference(sheet, 0, 0);
            return true;
        }
        if (sheet is null) return false; // a bare A1 in a workbook-wide name is ambiguous: not used
        reference = new CellReference(sheet, isCell && first.Length > letters ? row : 1, isCell ? column : 1);
        return true;
    }

    /// <summary>
    /// The leading letters of a reference (<c>F</c> of <c>F23</c>): how many there are, and the 1-based column they name
    /// when there are at most three (else <see cref="int.MaxValue"/>, past any sheet's last column).
    /// </summary>
    public static int ColumnOf(ReadOnlySpan<char> reference, out int column)
    {
        var letters = 0;
        column = 0;
        for (; letters < reference.Length && char.IsAsciiLetter(reference[letters]); letters++)
            column = letters < 3 ? column * 26 + (char.ToUpperInvariant(reference[letters]) - 'A' + 1) : int.MaxValue;
        return letters;
    }
}
