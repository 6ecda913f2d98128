using System.Globalization;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using NUnit.Framework;
using ParIndex.Tests.Shared;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Workbooks.Survey;
using ParIndex.Workbooks.Tests.Corpus;
using static ParIndex.Workbooks.Tests.SelfAssessment.SelfAssessmentFixture;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;

namespace ParIndex.Workbooks.Tests.SelfAssessment;

/// <summary>
/// The streamed sheet model the reader uses instead of loading the workbook with ClosedXML: every cell of real
/// workbooks (the samples, generated and spoiled ones, and what openpyxl and LibreOffice write) reads with the same
/// kind, text, number and percent flag as ClosedXML gives through <see cref="Cells.Read(IXLCell)"/>, ClosedXML staying
/// the reference; and the writers' ways ClosedXML does not cover (ISO dates) read as the reader's rules want.
/// </summary>
public class StreamedSheetTests
{
    private static readonly string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>
    /// Every cell of every sheet (or of <paramref name="only"/>) where the streamed model and ClosedXML disagree, as
    /// "sheet!A1: closedxml | streamed", leaving out the cells of <paramref name="except"/>.
    /// </summary>
    private static List<string> Differences(byte[] xlsx, string[]? except = null, string? only = null)
    {
        except ??= [];
        var differences = new List<string>();
        using var closed = new XLWorkbook(new MemoryStream(xlsx));
        using var streamed = StreamedWorkbook.Open(new MemoryStream(xlsx));
        Assert.That(streamed.SheetNames, Is.EqualTo(closed.Worksheets.Select(w => w.Name)), "the same sheets, in order");
        foreach (var ws in closed.Worksheets.Where(w => only is null || w.Name == only))
        {
            var reference = new ClosedXmlSheet(ws);
            var sheet = streamed.Sheet(ws.Name, SelfAssessmentReader.MaxCells)!;
            var rows = Math.Max(reference.LastRow, sheet.LastRow);
            var columns = Math.Max(reference.LastColumn, sheet.LastColumn);
            for (var r = 1; r <= rows + 1; r++)
                for (var c = 1; c <= columns + 1; c++)
                {
                    var expected = reference.Cell(r, c);
                    var actual = sheet.Cell(r, c);
                    if (expected != actual && !except.Contains($"{ws.Name}!{Cells.Address(r, c)}")) differences.Add($"{ws.Name}!{Cells.Address(r, c)}: {expected} | {actual}");
                }
            if (reference.LastRow != sheet.LastRow || reference.LastColumn != sheet.LastColumn)
                differences.Add($"{ws.Name}: used to {Cells.Address(reference.LastRow, reference.LastColumn)} | {Cells.Address(sheet.LastRow, sheet.LastColumn)}");
        }
        return differences;
    }

    private static StreamedSheet Streamed(byte[] xlsx, string sheet = S.SheetName)
    {
        using var wb = StreamedWorkbook.Open(new MemoryStream(xlsx));
        return wb.Sheet(sheet, SelfAssessmentReader.MaxCells)!;
    }

    [Test]
    public void Samples_EveryCellReadsAsClosedXmlReadsIt()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "samples"), "*.xlsx", SearchOption.AllDirectories)
            .Where(f => f.Contains("self-assessments", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Has.Count.GreaterThan(100), "the samples' self-assessments");
        var cells = 0;
        foreach (var file in files)
        {
            var xlsx = File.ReadAllBytes(file);
            Assert.That(Differences(xlsx), Is.Empty, Path.GetRelativePath(RepositoryRoot.Path, file));
            cells += Streamed(xlsx).Count;
        }
        Assert.That(cells, Is.GreaterThan(files.Count * 100), "real cells were compared");
    }

    /// <summary>A generated and filled workbook with every kind of cell a focal point's Excel can leave in the inputs.</summary>
    private static byte[] EveryKind()
    {
        using var f = OpenTemplate().FillValid();
        f.Cell("1.1.1", S.Evidence).SetValue(new DateTime(2024, 1, 10));               // a date, free text
        f.Cell("1.1.2", S.Value).SetValue(true);                                         // a boolean
        f.Cell("1.1.3", S.SelfScore).SetValue(0.1 + 0.2);                                // a binary double
        f.Cell("1.1.3", S.Appraisal).SetValue("#DIV/0!");                                // an error typed as text
        f.Cell("2.1", S.Value).SetValue(0.95).Style.NumberFormat.NumberFormatId = 9;     // percent by id
        f.Cell("2.2", S.Value).SetValue(0.875).Style.NumberFormat.Format = "0.0%";       // percent by a custom format
        f.Cell("2.2", S.SelfScore).FormulaA1 = "1+2";                                    // a formula with no cached value
        f.Cell("TP.1", S.Value).SetValue(new TimeSpan(1, 30, 0));                        // a time
        f.Cell("TP.1", S.Explanation).SetValue("  Có khoảng trắng  ");                   // trimmed text
        f.Cell("TP.2", S.Value).SetValue(2).Style.NumberFormat.Format = "@";             // a number in a text cell
        f.Cell("TP.2", S.Explanation).SetValue("   ");                                   // spaces only: blank, but used
        f.Cell("TP.2", S.Evidence).RichText.AddText("Báo cáo ").SetBold().AddText("số 7").SetItalic(); // rich text
        f.Cell("TP.2", S.Appraisal).SetValue(1e30);                                      // beyond a decimal
        return f.Save();
    }

    [Test]
    public void GeneratedWorkbooks_EveryCellReadsAsClosedXmlReadsIt()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Differences(Template()), Is.Empty, "the template");
            Assert.That(Differences(OpenTemplate().FillValid().Save()), Is.Empty, "filled validly");
            Assert.That(Differences(EveryKind()), Is.Empty, "every kind of cell");
        });
        var sheet = Streamed(EveryKind());
        var kinds = Enumerable.Range(1, sheet.LastRow).SelectMany(r => Enumerable.Range(1, sheet.LastColumn).Select(c => sheet.Cell(r, c)))
            .Select(c => c.Kind).Distinct().ToList();
        Assert.That(kinds, Is.SupersetOf(new[]
        {
            CellKind.Blank, CellKind.Text, CellKind.Number, CellKind.Boolean, CellKind.Date, CellKind.FormulaError, CellKind.FormulaNoValue, CellKind.Unreadable,
        }), "the comparison covered every kind");
    }

    /// <summary>The valid workbook with its sheet's cells and shared strings replaced by hand-written XML, as other writers save them.</summary>
    private static byte[] WithSheetXml(string sheetData, string? sharedStrings = null, bool formats = false)
    {
        var xlsx = OpenTemplate().FillValid().Save();
        if (formats)
        {
            xlsx = WithFormats(xlsx, out var first);
            for (var k = 1; k <= 6; k++) sheetData = sheetData.Replace($"s=\"{k}\"", $"s=\"{first + k - 1}\"", StringComparison.Ordinal);
        }
        var sheetPart = SheetPart(xlsx);
        xlsx = HostileFiles.ReplacePart(xlsx, sheetPart, x =>
        {
            var start = x.IndexOf("<x:sheetData", StringComparison.Ordinal);
            var end = x.IndexOf("</x:sheetData>", StringComparison.Ordinal) + "</x:sheetData>".Length;
            return x[..start] + $"<x:sheetData xmlns:m=\"{Main}\">" + sheetData.Replace("<", "<m:", StringComparison.Ordinal).Replace("<m:/", "</m:", StringComparison.Ordinal) + "</x:sheetData>" + x[end..];
        });
        if (sharedStrings is not null)
            xlsx = HostileFiles.ReplacePart(xlsx, "xl/sharedStrings.xml", Encoding.UTF8.GetBytes(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Main}\">{sharedStrings}</sst>"));
        return xlsx;
    }

    private static string SheetPart(byte[] xlsx) =>
        HostileFiles.Parts(xlsx).First(p => p.Name.StartsWith("xl/worksheets/", StringComparison.Ordinal)
            && Encoding.UTF8.GetString(p.Content).Contains("<x:sheetData", StringComparison.Ordinal)).Name;

    /// <summary>
    /// Adds cell formats for the hand-written cells after the template's own (whose sheets use them): a percent (9),
    /// a date (14), a custom percent, a custom date with a locale, text (49), a number with a colour. Returns the first's index.
    /// </summary>
    private static byte[] WithFormats(byte[] xlsx, out int first)
    {
        var styles = Encoding.UTF8.GetString(HostileFiles.Parts(xlsx).Single(p => p.Name == "xl/styles.xml").Content);
        var xfs = System.Text.RegularExpressions.Regex.Match(styles, "<x:cellXfs count=\"(\\d+)\"");
        first = int.Parse(xfs.Groups[1].Value, CultureInfo.InvariantCulture);
        var added = new[] { 9, 14, 300, 301, 49, 302 };
        styles = styles.Replace(xfs.Value, $"<x:cellXfs count=\"{first + added.Length}\"", StringComparison.Ordinal)
            .Replace("</x:cellXfs>", string.Concat(added.Select(id =>
                $"<x:xf numFmtId=\"{id}\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" />")) + "</x:cellXfs>", StringComparison.Ordinal)
            .Replace("</x:numFmts>", "<x:numFmt numFmtId=\"300\" formatCode=\"0.0%\" /><x:numFmt numFmtId=\"301\" formatCode=\"[$-42A]dd/mm/yyyy\" />"
                + "<x:numFmt numFmtId=\"302\" formatCode=\"#,##0.00;[Red]-#,##0.00\" /></x:numFmts>", StringComparison.Ordinal);
        return HostileFiles.ReplacePart(xlsx, "xl/styles.xml", Encoding.UTF8.GetBytes(styles));
    }

    [Test]
    public void OtherWritersCellXml_ReadsAsClosedXmlReadsIt()
    {
        // What Excel, LibreOffice, openpyxl and others write: shared and inline strings, rich text with phonetic runs,
        // escapes, formula string results, cached errors and booleans, shared formulas, rows and cells without "r".
        var sheet = string.Join("",
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> nội tuyến </t></is></c>",
            "<c r=\"E1\" t=\"inlineStr\"><is><r><t>chạy </t></r><r><rPr><b/></rPr><t>đậm</t></r></is></c></row>",
            "<row r=\"2\"><c r=\"A2\"><f>1+2</f><v>3</v></c><c r=\"B2\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c><c r=\"C2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>",
            "<c r=\"D2\" t=\"b\"><f>TRUE()</f><v>1</v></c><c r=\"E2\"><f>1+1</f></c><c r=\"F2\" t=\"str\"><f>\"\"</f><v></v></c><c r=\"G2\" s=\"1\"><f>A2/4</f><v>0.75</v></c></row>",
            "<row r=\"3\"><c r=\"A3\"><f t=\"shared\" ref=\"A3:C3\" si=\"0\">A2*2</f><v>6</v></c><c r=\"B3\"><f t=\"shared\" si=\"0\"/><v>7</v></c><c r=\"C3\"><f t=\"shared\" si=\"0\"/></c></row>",
            "<row r=\"4\"><c r=\"A4\" t=\"b\"><v>0</v></c><c r=\"B4\" t=\"b\"><v>1</v></c><c r=\"C4\" t=\"e\"><v>#N/A</v></c><c r=\"D4\" t=\"n\"><v>2.5</v></c><c r=\"E4\"><v>1E-3</v></c></row>",
            "<row r=\"8\"><c r=\"A8\" s=\"1\"><v>0.5</v></c><c r=\"B8\" s=\"2\"><v>45540</v></c><c r=\"C8\" s=\"3\"><v>0.125</v></c><c r=\"D8\" s=\"4\"><v>45541</v></c><c r=\"E8\" s=\"5\"><v>95</v></c><c r=\"F8\" s=\"6\"><v>-3.25</v></c></row>",
            "<row r=\"9\"><c r=\"A9\"/><c r=\"B9\" t=\"s\" s=\"1\"/><c r=\"C9\" t=\"inlineStr\"><is><t></t></is></c></row>");
        var strings = string.Join("",
            "<si><t>Mã tiêu chí</t></si>",
            "<si><r><t xml:space=\"preserve\">Kịp </t></r><r><rPr><i/></rPr><t>thời</t></r><rPh sb=\"0\" eb=\"1\"><t>phiên âm</t></rPh></si>",
            "<si><t>dòng 1_x000D_dòng 2</t><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si>",
            "<si><t xml:space=\"preserve\">  1.1.1  </t></si>",
            "<si><t/></si>");
        var xlsx = WithSheetXml(sheet, strings, formats: true);

        // Deliberately unlike ClosedXML 0.95, which leaves an error value without a formula blank (the reader must not
        // take "#N/A" for nothing) and gives a formula's cached number as text when the cell has no t="n" (as Excel
        // writes it): a cached number is a number, whatever wrote it, so a percent-formatted one is still caught.
        // (The other sheets' shared strings were replaced: only this sheet is compared.)
        Assert.That(Differences(xlsx, ["Tự đánh giá!C4", "Tự đánh giá!A2", "Tự đánh giá!G2", "Tự đánh giá!A3", "Tự đánh giá!B3"], S.SheetName), Is.Empty);
        var s = Streamed(xlsx);
        Assert.Multiple(() =>
        {
            Assert.That(s.Cell(4, 3), Is.EqualTo(new CellContent(CellKind.FormulaError, "#N/A")));
            Assert.That(s.Cell(2, 1), Is.EqualTo(new CellContent(CellKind.Number, "3", 3m)), "a formula's cached number");
            Assert.That(s.Cell(2, 7), Is.EqualTo(new CellContent(CellKind.Number, "0.75", 0.75m, PercentFormat: true)), "in a percent cell");
            Assert.That(s.Cell(3, 2), Is.EqualTo(new CellContent(CellKind.Number, "7", 7m)), "a shared formula's cell");
            Assert.That(s.Cell(1, 2), Is.EqualTo(new CellContent(CellKind.Text, "Kịp thời")), "rich text: the runs, not the phonetic run");
            Assert.That(s.Cell(1, 5), Is.EqualTo(new CellContent(CellKind.Text, "chạy đậm")), "inline rich text");
            Assert.That(s.Cell(2, 3), Is.EqualTo(new CellContent(CellKind.FormulaError, "#DIV/0!")));
            Assert.That(s.Cell(2, 5).Kind, Is.EqualTo(CellKind.FormulaNoValue));
            Assert.That(s.Cell(3, 3).Kind, Is.EqualTo(CellKind.FormulaNoValue), "a shared formula's cell without a cached value");
            Assert.That(s.Cell(8, 1), Is.EqualTo(new CellContent(CellKind.Number, "0.5", 0.5m, PercentFormat: true)));
            Assert.That(s.Cell(8, 2).Kind, Is.EqualTo(CellKind.Date));
            Assert.That(s.Cell(8, 5), Is.EqualTo(new CellContent(CellKind.Text, "95")), "a number in a text-formatted (49) cell is text");
            Assert.That(s.Cell(8, 6), Is.EqualTo(new CellContent(CellKind.Number, "-3.25", -3.25m)), "[Red] is a colour, not a date");
        });
    }

    [Test]
    public void RowsAndCellsWithoutReferences_TakeTheNextPosition()
    {
        // SpreadsheetML lets a writer leave out r on rows and cells: each then follows the one before.
        var xlsx = WithSheetXml(string.Join("",
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
            "<row><c><v>11</v></c><c t=\"inlineStr\"><is><t>mười hai</t></is></c><c/><c><v>14</v></c></row>",
            "<row><c r=\"B3\"><v>22</v></c><c><v>23</v></c><c r=\"F3\" t=\"inlineStr\"><is><t>F</t></is></c><c t=\"b\"><v>1</v></c></row>",
            "<row r=\"7\"><c><v>71</v></c></row><row><c><v>81</v></c></row>"));
        var s = Streamed(xlsx);
        Assert.Multiple(() =>
        {
            Assert.That(s.Cell(2, 1), Is.EqualTo(new CellContent(CellKind.Number, "11", 11m)));
            Assert.That(s.Cell(2, 2), Is.EqualTo(new CellContent(CellKind.Text, "mười hai")));
            Assert.That(s.Cell(2, 3).IsBlank, Is.True, "an empty cell still takes its place");
            Assert.That(s.Cell(2, 4), Is.EqualTo(new CellContent(CellKind.Number, "14", 14m)));
            Assert.That(s.Cell(3, 2), Is.EqualTo(new CellContent(CellKind.Number, "22", 22m)));
            Assert.That(s.Cell(3, 3), Is.EqualTo(new CellContent(CellKind.Number, "23", 23m)), "after B3, C3");
            Assert.That(s.Cell(3, 6), Is.EqualTo(new CellContent(CellKind.Text, "F")));
            Assert.That(s.Cell(3, 7), Is.EqualTo(new CellContent(CellKind.Boolean, "TRUE")), "after F3, G3");
            Assert.That(s.Cell(7, 1), Is.EqualTo(new CellContent(CellKind.Number, "71", 71m)));
            Assert.That(s.Cell(8, 1), Is.EqualTo(new CellContent(CellKind.Number, "81", 81m)), "after row 7, row 8");
            Assert.That((s.LastRow, s.LastColumn), Is.EqualTo((8, 7)));
        });
    }

    [Test]
    public void IsoDates_AreDates_AndBadValuesUnreadable()
    {
        // t="d" (openpyxl with iso_dates, LibreOffice's strict files): ClosedXML 0.95 cannot open such a workbook at all.
        var xlsx = WithSheetXml(
            "<row r=\"1\"><c r=\"A1\" t=\"d\"><v>2024-09-05T00:00:00</v></c><c r=\"B1\" t=\"d\"><v>2024-09-05</v></c><c r=\"C1\" t=\"d\"><v>không phải ngày</v></c>"
            + "<c r=\"D1\"><v>abc</v></c><c r=\"E1\" t=\"b\"><v>2</v></c><c r=\"F1\" t=\"s\"><v>99</v></c><c r=\"G1\" t=\"d\"><f>TODAY()</f></c></row>");
        var s = Streamed(xlsx);
        Assert.Multiple(() =>
        {
            Assert.That(s.Cell(1, 1), Is.EqualTo(new CellContent(CellKind.Date, "09/05/2024 00:00:00")), "as ClosedXML shows a date");
            Assert.That(s.Cell(1, 2), Is.EqualTo(new CellContent(CellKind.Date, "09/05/2024 00:00:00")));
            Assert.That(s.Cell(1, 3).Kind, Is.EqualTo(CellKind.Unreadable));
            Assert.That(s.Cell(1, 4).Kind, Is.EqualTo(CellKind.Unreadable), "a number cell holding letters");
            Assert.That(s.Cell(1, 5).Kind, Is.EqualTo(CellKind.Unreadable), "a boolean neither 0 nor 1");
            Assert.That(s.Cell(1, 6).Kind, Is.EqualTo(CellKind.Unreadable), "a shared string that does not exist");
            Assert.That(s.Cell(1, 7).Kind, Is.EqualTo(CellKind.FormulaNoValue));
        });
    }

    [Test]
    public void Read_IsoDateInAnInput_IsTheDateMessage()
    {
        // The value cell of 2.1 replaced by an ISO date: the reader's own message, not "not a workbook".
        var xlsx = OpenTemplate().FillValid().Save();
        var at = "";
        using (var f = SelfAssessmentFiller.Open(new MemoryStream(xlsx))) at = f.Cell("2.1", S.Value).Address.ToStringRelative();
        var spoiled = HostileFiles.ReplacePart(xlsx, SheetPart(xlsx), x => System.Text.RegularExpressions.Regex.Replace(x,
            $"<x:c r=\"{at}\"([^>]*?)(/>|>.*?</x:c>)", $"<x:c r=\"{at}\" t=\"d\"><x:v>2024-09-05</x:v></x:c>"));
        var result = Read(spoiled);
        Assert.That(result.Errors.Lines(), Is.EqualTo(new[]
        {
            $"{at}: Ô Giá trị của tiêu chí 2.1 đã bị đổi thành ngày tháng; hãy định dạng ô là số hoặc văn bản và nhập lại",
        }));
        Assert.That(result.Value, Is.Null);
    }

    [Test]
    public void DefinedNames_OnAnotherSheetOrConstant_AreRead_AndABrokenOneFallsBackToTheLabel()
    {
        using var f = OpenTemplate().FillValid();
        var wb = f.Workbook;
        var other = wb.AddWorksheet("Khác");
        other.Cell("C3").SetValue("H-HL");
        wb.NamedRanges.Delete(S.UnitName);
        wb.NamedRanges.Add(S.UnitName, other.Range("C3:D4"));              // another sheet, a range: its first cell
        wb.NamedRanges.Delete(S.YearName);
        wb.NamedRanges.Add(S.YearName, "\"2023\"");                        // a quoted constant
        var versionCell = wb.NamedRange(S.CriteriaVersionName)!.Ranges.Single().FirstCell();
        var versionAt = versionCell.Address.ToStringRelative();
        versionCell.SetValue("2023.9");
        var xlsx = f.Save();
        // A broken reference, as Excel leaves one after its cell is deleted: the label "Phiên bản bộ tiêu chí" is used.
        var broken = HostileFiles.ReplacePart(xlsx, "xl/workbook.xml", x => System.Text.RegularExpressions.Regex.Replace(x,
            "(<x:definedName name=\"ParIndex.CriteriaVersion\"[^>]*>)[^<]*<", "$1'Tự đánh giá'!#REF!<"));

        var result = Read(broken);
        Assert.That(result.Errors.Lines(), Is.EqualTo(new[]
        {
            "-: Phiếu này lập cho năm 2023, không phải năm 2024; hãy tải mẫu năm 2024",
            $"{versionAt}: Phiếu này lập theo bộ tiêu chí phiên bản 2023.9, phiên bản hiện hành là 2024.1; hãy tải mẫu mới và nhập lại",
        }), "the unit from the other sheet matched (no problem, no cell), the year from the constant, the version beside its label");
    }

    [Test]
    public void HostileSheet_MoreCellsThanAnyAssessment_RefusedUnreadWithItsFileAndSheet()
    {
        var rows = new StringBuilder();
        var cells = SelfAssessmentReader.MaxCells + 1;
        for (var r = 1; r <= cells / 10 + 1; r++)
        {
            rows.Append("<row r=\"").Append(r).Append("\">");
            for (var c = 0; c < 10; c++) rows.Append("<c><v>").Append(r * 10 + c).Append("</v></c>");
            rows.Append("</row>");
        }
        var xlsx = WithSheetXml(rows.ToString());
        var result = SelfAssessmentReader.Read(new MemoryStream(xlsx), "H-HL.xlsx", Set, Unit);
        Assert.That(result.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "H-HL.xlsx!Tự đánh giá: Trang tính \"Tự đánh giá\" của tệp H-HL.xlsx có hơn 100.000 ô chứa dữ liệu, quá nhiều so với một phiếu tự đánh giá (vài trăm dòng) nên tệp không được đọc; hãy dùng mẫu phiếu do phần mềm tạo, không dán thêm dữ liệu khác vào trang tính",
        }));
        Assert.That(result.Value, Is.Null);

        // Blank styled cells far below the table are not content: the valid workbook with a row of them still reads.
        var valid = OpenTemplate().FillValid().Save();
        var padded = HostileFiles.ReplacePart(valid, SheetPart(valid), x =>
            x.Replace("</x:sheetData>", "<x:row r=\"5000\">" + string.Concat(Enumerable.Range(1, 10).Select(c => $"<x:c r=\"{SurveyAccumulator.ColumnLetters(c - 1)}5000\" s=\"1\"/>")) + "</x:row></x:sheetData>", StringComparison.Ordinal));
        Assert.That(Read(padded).Accepted, Is.True);
    }

    [Test]
    public void BrokenSheetXml_PastTheGuardsProlog_IsNotAWorkbookWithItsFile()
    {
        var valid = OpenTemplate().FillValid().Save();
        var broken = HostileFiles.ReplacePart(valid, SheetPart(valid), Encoding.UTF8.GetBytes(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData></worksheet>"));
        var result = Read(broken);
        Assert.That(result.Problems.Select(p => p.ToString()).Single(), Does.StartWith("H-HL.xlsx: Không mở được tệp như một bảng tính Excel (.xlsx): "));
        Assert.That(result.Value, Is.Null);
    }

    // ---- openpyxl ---------------------------------------------------------------------------------------------------

    private const string OpenpyxlKinds = """
        import sys, datetime, openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Tự đánh giá"
        ws["A1"] = "Mã tiêu chí"; ws["B1"] = "  có khoảng trắng "; ws["C1"] = 3; ws["D1"] = 0.1 + 0.2; ws["E1"] = True; ws["F1"] = False
        ws["A2"] = datetime.datetime(2024, 9, 5); ws["B2"] = datetime.date(2024, 1, 10); ws["C2"] = 0.95; ws["C2"].number_format = "0%"
        ws["D2"] = "=1+2"; ws["E2"] = "=1/0"; ws["F2"] = "#DIV/0!"; ws["G2"] = 95; ws["G2"].number_format = "@"
        ws["A3"] = datetime.time(13, 30); ws["B3"] = 1e30; ws["C3"] = "1.10"; ws["D3"] = -2.5; ws["E3"] = 0.875; ws["E3"].number_format = "0.0%"
        ws["A30"] = "xa"
        wb.save(sys.argv[1])
        print("ok")
        """;

    [Test]
    public void OpenpyxlWorkbook_EveryCellReadsAsClosedXmlReadsIt()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("openpyxl.xlsx");
        Assert.That(Openpyxl.Run(OpenpyxlKinds, path), Is.EqualTo(new[] { "ok" }));
        var xlsx = File.ReadAllBytes(path);

        // openpyxl writes "#DIV/0!" as an error value (t="e"), which ClosedXML 0.95 leaves blank.
        Assert.That(Differences(xlsx, ["Tự đánh giá!F2"]), Is.Empty);
        var s = Streamed(xlsx);
        Assert.Multiple(() =>
        {
            Assert.That(s.Cell(1, 2), Is.EqualTo(new CellContent(CellKind.Text, "có khoảng trắng")));
            Assert.That(s.Cell(1, 4), Is.EqualTo(new CellContent(CellKind.Number, "0.3", 0.3m)));
            Assert.That(s.Cell(1, 5), Is.EqualTo(new CellContent(CellKind.Boolean, "TRUE")));
            Assert.That(s.Cell(2, 1).Kind, Is.EqualTo(CellKind.Date));
            Assert.That(s.Cell(2, 3), Is.EqualTo(new CellContent(CellKind.Number, "0.95", 0.95m, PercentFormat: true)));
            Assert.That(s.Cell(2, 4).Kind, Is.EqualTo(CellKind.FormulaNoValue), "openpyxl writes no cached value");
            Assert.That(s.Cell(2, 6), Is.EqualTo(new CellContent(CellKind.FormulaError, "#DIV/0!")));
            Assert.That(s.Cell(3, 2).Kind, Is.EqualTo(CellKind.Unreadable), "1e30 has no exact decimal");
            Assert.That(s.Cell(3, 3), Is.EqualTo(new CellContent(CellKind.Text, "1.10")));
            Assert.That(s.LastRow, Is.EqualTo(30));
        });
    }

    private const string OpenpyxlResave = """
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        wb.save(sys.argv[1] + ".resaved.xlsx")
        print("ok")
        """;

    [Test]
    public void FilledWorkbookResavedByOpenpyxl_ReadsAsTheCleanWorkbook()
    {
        using var tmp = new TempFolder();
        var input = tmp.File("in.xlsx");
        File.WriteAllBytes(input, OpenTemplate().FillValid().Save());
        Assert.That(Openpyxl.Run(OpenpyxlResave, input), Is.EqualTo(new[] { "ok" }));
        var resaved = File.ReadAllBytes(input + ".resaved.xlsx");

        var clean = Read(File.ReadAllBytes(input));
        var result = Read(resaved);
        Assert.Multiple(() =>
        {
            Assert.That(Differences(resaved), Is.Empty);
            Assert.That(result.Accepted, Is.True, string.Join("\n", result.Problems));
            Assert.That(result.Problems.Lines(), Is.EqualTo(clean.Problems.Lines()));
            Assert.That(JsonSerializer.Serialize(result.Value), Is.EqualTo(JsonSerializer.Serialize(clean.Value)));
        });
    }

    // ---- LibreOffice ------------------------------------------------------------------------------------------------

    [Test]
    [Category("LibreOffice")]
    public void EveryKindResavedByLibreOffice_EveryCellReadsAsClosedXmlReadsIt()
    {
        using var tmp = new TempFolder();
        var resaved = LibreOfficeRoundTripTests.Resave(tmp, EveryKind());
        Assert.That(Differences(resaved), Is.Empty);
        var s = Streamed(resaved);
        var kinds = Enumerable.Range(1, s.LastRow).SelectMany(r => Enumerable.Range(1, s.LastColumn).Select(c => s.Cell(r, c).Kind)).Distinct();
        // LibreOffice saves a boolean as the number 1 in a TRUE/FALSE format, and ClosedXML reads it so too.
        Assert.That(kinds, Is.SupersetOf(new[] { CellKind.Text, CellKind.Number, CellKind.Date, CellKind.FormulaError, CellKind.Unreadable }));
    }
}
