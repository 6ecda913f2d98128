using ClosedXML.Excel;
using ParIndex.Scoring;

namespace ParIndex.Workbooks.Export;

/// <summary>How the exports put values into cells: text always as text, numbers rounded and formatted.</summary>
internal static class Cells
{
    /// <summary>
    /// Text as text, never a formula or a number: a unit name "=1+1" or a code "1.10" stays what was typed.
    /// The "@" format keeps Excel from reinterpreting the cell when a person edits it.
    /// </summary>
    public static IXLCell Text(this IXLCell cell, string? value)
    {
        if (string.IsNullOrEmpty(value)) return cell;
        cell.Style.NumberFormat.Format = "@";
        cell.SetValue(value);
        cell.DataType = XLDataType.Text;
        return cell;
    }

    /// <summary>A number rounded half away from zero to <paramref name="decimals"/>, shown with that many places.</summary>
    public static IXLCell Number(this IXLCell cell, decimal? value, int decimals, bool signed = false)
    {
        if (value is not { } v) return cell;
        cell.SetValue(Numbers.Round(v, decimals));
        cell.Style.NumberFormat.Format = Format(decimals, signed);
        return cell;
    }

    /// <summary>A whole number; signed shows "+3" for a rise.</summary>
    public static IXLCell Whole(this IXLCell cell, int? value, bool signed = false)
    {
        if (value is not { } v) return cell;
        cell.SetValue(v);
        cell.Style.NumberFormat.Format = Format(0, signed);
        return cell;
    }

    /// <summary>"0.00", or "+0.00;-0.00;0.00" when signed.</summary>
    public static string Format(int decimals, bool signed)
    {
        var f = decimals > 0 ? "0." + new string('0', decimals) : "0";
        return signed ? $"+{f};-{f};{f}" : f;
    }

    /// <summary>
    /// Gives every row of a table, from <paramref name="fromRow"/> to the last used row, a cell in each of its
    /// <paramref name="columns"/>: a reader that takes a row as the cells written in it (a SAX reader, openpyxl without
    /// the dimension) then sees every row as long as the header. ClosedXML writes a blank cell only when it has a style
    /// of its own, so a blank without one gets the "General" number format, which shows as no format at all.
    /// </summary>
    public static void WriteBlanks(IXLWorksheet ws, int fromRow, int columns)
    {
        var last = ws.LastRowUsed()?.RowNumber() ?? 0;
        for (var r = fromRow; r <= last; r++)
            for (var c = 1; c <= columns; c++)
            {
                var cell = ws.Cell(r, c);
                if (cell.IsEmpty(XLCellsUsedOptions.All)) cell.Style.NumberFormat.Format = "General";
            }
    }

    /// <summary>Landscape, one page wide, the header rows repeated on every page.</summary>
    public static void Printable(IXLWorksheet ws, int headerRow)
    {
        ws.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        ws.PageSetup.PaperSize = XLPaperSize.A4Paper;
        ws.PageSetup.FitToPages(1, 0);
        if (headerRow > 0) ws.PageSetup.SetRowsToRepeatAtTop(headerRow, headerRow);
    }
}
