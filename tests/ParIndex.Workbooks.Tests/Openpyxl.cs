using System.Diagnostics;
using System.Text.Json;

namespace ParIndex.Workbooks.Tests;

/// <summary>
/// Runs Debian's python3 with python3-openpyxl over a workbook, as an analyst's script would read it. openpyxl must
/// read it without a word on stderr: a warning there is something every reader of the workbook would see.
/// </summary>
internal static class Openpyxl
{
    // Every worksheet, read-only (sized by its <dimension>) and fully loaded (sized by its cells), with the rows the
    // read-only mode yields, and each row's length as written (the dimension set aside: the row ends at its last cell).
    // A sheet without a dimension shows as a null dimension rather than an exception.
    private const string SheetsScript = """
        import json, sys, openpyxl
        path = sys.argv[1]
        full = openpyxl.load_workbook(path)
        ro = openpyxl.load_workbook(path, read_only=True)
        sheets = []
        for ws in ro.worksheets:
            try:
                dimension = ws.calculate_dimension()
            except ValueError:
                dimension = None
            f = full[ws.title]
            sheet = {"Name": ws.title, "Dimension": dimension, "MaxRow": ws.max_row, "MaxColumn": ws.max_column,
                     "FullMaxRow": f.max_row, "FullMaxColumn": f.max_column,
                     "Rows": [list(r) for r in ws.iter_rows(values_only=True)]}
            ws.reset_dimensions()
            sheet["Written"] = [len(r) for r in ws.iter_rows(values_only=True)]
            sheets.append(sheet)
        ro.close()
        print(json.dumps(sheets, default=str, ensure_ascii=False))
        """;

    /// <summary>Runs <paramref name="script"/> with the workbook's path as its argument; the lines it printed.</summary>
    public static string[] Run(string script, string path)
    {
        // Debian's python3, where python3-openpyxl installs (a python3 earlier on PATH may be another one).
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var info = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(path);
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, error.Result);
        Assert.That(error.Result, Is.Empty, "openpyxl reads the workbook without a warning");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Every worksheet of the workbook as openpyxl sees it.</summary>
    public static IReadOnlyList<OpenpyxlSheet> Sheets(string path) =>
        JsonSerializer.Deserialize<List<OpenpyxlSheet>>(string.Join('\n', Run(SheetsScript, path)))!;
}

/// <summary>
/// One worksheet as openpyxl reads it: its read-only size, its fully loaded size, the read-only rows and how many
/// cells each row holds as written (up to its last written cell).
/// </summary>
internal sealed record OpenpyxlSheet(
    string Name, string? Dimension, int? MaxRow, int? MaxColumn, int FullMaxRow, int FullMaxColumn, JsonElement[][] Rows, int[] Written)
{
    /// <summary>The value at a 1-based row and column, as openpyxl's JSON: a number, a string or null.</summary>
    public JsonElement At(int row, int column) => Rows[row - 1][column - 1];

    /// <summary>The 1-based row whose first cells hold <paramref name="text"/>, searching column <paramref name="column"/>.</summary>
    public int RowOf(string text, int column = 1) =>
        Array.FindIndex(Rows, r => r.Length >= column && r[column - 1].ValueKind == JsonValueKind.String && r[column - 1].GetString() == text) + 1;
}
