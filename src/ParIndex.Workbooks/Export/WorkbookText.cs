using System.Globalization;
using System.Text;
using ClosedXML.Excel;

namespace ParIndex.Workbooks.Export;

/// <summary>
/// A workbook as text, for snapshot tests and reviews: every sheet in order, every non-empty cell in row
/// then column order as <c>Sheet!A1\tvalue</c>, one per line. Numbers in invariant culture, formulas as
/// <c>=…</c>, line breaks and tabs inside a cell escaped as <c>\n</c> and <c>\t</c>.
/// </summary>
public static class WorkbookText
{
    /// <summary>Dumps the workbook in <paramref name="stream"/>.</summary>
    public static string Dump(Stream stream)
    {
        using var wb = new XLWorkbook(stream);
        var text = new StringBuilder();
        foreach (var ws in wb.Worksheets)
        {
            var cells = ws.CellsUsed(XLCellsUsedOptions.Contents)
                .OrderBy(c => c.Address.RowNumber).ThenBy(c => c.Address.ColumnNumber);
            foreach (var cell in cells)
            {
                var value = ValueOf(cell);
                if (value.Length == 0) continue;
                text.Append(ws.Name).Append('!').Append(cell.Address.ToString()).Append('\t')
                    .Append(value.Replace("\\", "\\\\").Replace("\r", "").Replace("\n", "\\n").Replace("\t", "\\t"))
                    .Append('\n');
            }
        }
        return text.ToString();
    }

    private static string ValueOf(IXLCell cell)
    {
        if (cell.HasFormula) return "=" + cell.FormulaA1;
        return cell.DataType switch
        {
            XLDataType.Number => cell.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            XLDataType.Boolean => cell.GetBoolean() ? "TRUE" : "FALSE",
            XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            XLDataType.TimeSpan => cell.GetTimeSpan().ToString("c", CultureInfo.InvariantCulture),
            _ => cell.GetString(),
        };
    }
}
