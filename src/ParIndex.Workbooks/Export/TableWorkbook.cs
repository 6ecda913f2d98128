using ClosedXML.Excel;

namespace ParIndex.Workbooks.Export;

/// <summary>A plain table as a workbook (e.g. the audit log's export): one sheet, a bold header row, text cells, every row as long as the header.</summary>
public static class TableWorkbook
{
    /// <summary>Writes the table; every value is text, never a formula.</summary>
    public static void Write(Stream stream, string sheet, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet(sheet);
        for (var c = 0; c < headers.Count; c++) ws.Cell(1, c + 1).Text(headers[c]).Style.Font.Bold = true;
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++) ws.Cell(r, c + 1).Text(row[c]);
            r++;
        }
        Cells.WriteBlanks(ws, 2, headers.Count);
        ws.SheetView.FreezeRows(1);
        Cells.Printable(ws, 1);
        wb.SaveAs(stream);
    }
}
