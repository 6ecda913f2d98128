namespace ParIndex.Workbooks.Export;

/// <summary>A plain table as a workbook (e.g. the audit log's export): one sheet, a bold header row, text cells, every row as long as the header.</summary>
public static class TableWorkbook
{
    /// <summary>Writes the table; every value is text, never a formula.</summary>
    public static void Write(Stream stream, string sheet, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var book = new XlsxWriter(stream);
        var ws = book.Sheet(sheet);
        for (var c = 0; c < headers.Count; c++) ws.Text(1, c + 1, headers[c], Look.Strong);
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++) ws.Text(r, c + 1, row[c]);
            r++;
        }
        ws.Rectangular(2, headers.Count);
        ws.FrozenRows = 1;
        ws.Print = new PrintSetup(1);
        book.Save();
    }
}
