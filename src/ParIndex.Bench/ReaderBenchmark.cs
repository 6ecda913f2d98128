using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ExcelDataReader;
using MiniExcelLibs;
using ParIndex.Criteria;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Bench;

/// <summary>
/// The served xlsx readers over the bench's survey workbook, each against the floor of the same run: inflating the
/// sheet's XML and throwing it away. Every reader visits every cell's value and does nothing with it.
/// </summary>
public static class ReaderBenchmark
{
    /// <summary>The readers measured, by the name the table prints.</summary>
    public static readonly (string Name, Func<string, long> Pass)[] Readers =
    [
        ("ExcelDataReader 3.6.0", Benchmark.BarePass),
        ("MiniExcel 1.47.1", MiniExcelPass),
        ("OpenXmlReader (DocumentFormat.OpenXml 2.20.0)", OpenXmlPass),
        ("SheetScanner (ParIndex's own)", ScannerPass),
    ];

    public static int Run(string criteriaFolder, int unitCount, int questionnaires, int repeats, string? only, TextWriter log)
    {
        var catalog = CriteriaCatalog.Load(criteriaFolder);
        if (catalog.Problems.Count > 0) throw new InvalidOperationException(string.Join('\n', catalog.Problems));
        var sets = catalog.ForYear(2024);
        var units = Benchmark.Units(sets, unitCount);
        var file = Path.Combine(Path.GetTempPath(), "parindex-readers-" + Guid.NewGuid().ToString("N")[..8] + ".xlsx");
        try
        {
            Benchmark.WriteSurvey(file, catalog, units, questionnaires);
            var passes = new List<(string Name, Func<string, long> Pass)> { ("inflate the sheet XML (ZipArchive)", Inflate) };
            var groupOf = units.ToDictionary(u => u.Code, u => u.Group);
            (string Name, Func<string, long> Pass) accumulator = ("SurveyAccumulator (guard + scanner + tallies, the service's read)",
                path => AccumulatorPass(path, sets, groupOf));
            passes.AddRange(Readers.Append(accumulator).Where(r => only is null || r.Name.Contains(only, StringComparison.OrdinalIgnoreCase)));
            var times = passes.Select(_ => new List<double>()).ToArray();
            var results = new long[passes.Count];
            for (var i = 0; i < repeats; i++)
                for (var p = 0; p < passes.Count; p++)
                {
                    var sw = Stopwatch.StartNew();
                    results[p] = passes[p].Pass(file);
                    times[p].Add(sw.Elapsed.TotalSeconds);
                }

            var inv = CultureInfo.InvariantCulture;
            var floor = Benchmark.Median(times[0]);
            log.WriteLine(string.Create(inv, $"# Survey readers: {questionnaires:N0} questionnaires × 40 questions, {new FileInfo(file).Length / 1048576.0:F1} MB, sheet XML {results[0] / 1048576.0:F0} MB"));
            log.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}; median of {repeats}, alternated");
            log.WriteLine();
            log.WriteLine("| pass | seconds | × inflate | what it counted |");
            log.WriteLine("|---|---:|---:|---:|");
            for (var p = 0; p < passes.Count; p++)
                log.WriteLine(string.Create(inv, $"| {passes[p].Name} | {Benchmark.Median(times[p]):F3} | {Benchmark.Median(times[p]) / floor:F1} | {results[p]:N0} {(p == 0 ? "bytes" : passes[p].Name.StartsWith("SurveyAccumulator", StringComparison.Ordinal) ? "questionnaires" : "cells")} |"));
            return 0;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Inflates the first worksheet's XML through an 80 KB buffer; the bytes it held.</summary>
    public static long Inflate(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var sheet = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = sheet.Read(buffer, 0, buffer.Length)) > 0) total += n;
        return total;
    }

    /// <summary>MiniExcel's streaming query without a header row: every row's cells as a dictionary.</summary>
    public static long MiniExcelPass(string path)
    {
        long cells = 0;
        using var stream = File.OpenRead(path);
        foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false))
            foreach (var value in row.Values)
                if (value is not null) cells++;
        return cells;
    }

    /// <summary>ParIndex's sheet scanner, the survey's reading path, without the workbook guard or any tally.</summary>
    public static long ScannerPass(string path)
    {
        long cells = 0;
        using var stream = File.OpenRead(path);
        using var scanner = SheetScanner.Open(stream)!;
        while (scanner.Read())
            for (var i = 0; i < scanner.FieldCount; i++)
                if (scanner.GetValue(i) is not null) cells++;
        return cells;
    }

    /// <summary>The survey read as the service does it: the workbook guard, the scanner and the tallies; the questionnaires counted.</summary>
    public static long AccumulatorPass(string path, IEnumerable<ParIndex.Scoring.Criteria.CriteriaSet> sets, IReadOnlyDictionary<string, string> groupOf)
    {
        var accumulator = new SurveyAccumulator(sets, c => groupOf.GetValueOrDefault(c));
        using var stream = File.OpenRead(path);
        if (accumulator.Read(stream, Path.GetFileName(path)).FirstOrDefault(p => p.IsError) is { } error)
            throw new InvalidOperationException(error.ToString());
        return accumulator.Questionnaires;
    }

    /// <summary>The Open XML SDK's SAX reader over the first worksheet, each cell loaded, its value's text read.</summary>
    public static long OpenXmlPass(string path)
    {
        long cells = 0;
        using var document = SpreadsheetDocument.Open(path, false);
        var part = document.WorkbookPart!.WorksheetParts.First();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Cell) || !reader.IsStartElement) continue;
            var cell = (Cell)reader.LoadCurrentElement()!;
            var text = cell.CellValue?.Text ?? cell.InlineString?.InnerText;
            if (text is not null) cells++;
        }
        return cells;
    }
}
