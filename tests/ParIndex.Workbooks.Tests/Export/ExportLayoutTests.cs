using System.IO.Compression;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using NUnit.Framework;
using ParIndex.Workbooks.Export;

namespace ParIndex.Workbooks.Tests.Export;

/// <summary>
/// How the exports look and print, as a reader (ClosedXML here) finds them in the files the streaming writer
/// makes: frozen header rows, the header repeated on printed pages, landscape and fitted, the widths and the
/// bold and wrapped cells the workbooks always had, and numbers written as the plain decimals they are.
/// </summary>
public sealed class ExportLayoutTests
{
    private static XLWorkbook Open(Action<Stream> write, out byte[] bytes)
    {
        using var stream = new MemoryStream();
        write(stream);
        bytes = stream.ToArray();
        return new XLWorkbook(new MemoryStream(bytes));
    }

    private static IEnumerable<string> NumberTexts(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            foreach (Match m in Regex.Matches(reader.ReadToEnd(), "<v>([^<]*)</v>")) yield return m.Groups[1].Value;
        }
    }

    [Test]
    public void Scorecard_FreezesAndRepeatsItsTableHeader_PrintsLandscapeA4OnePageWide()
    {
        var report = ExportFixture.Report();
        var group = report.Groups[0];
        var unit = ExportFixture.Unit(group, "H-A");
        var (previous, previousSet) = report.PreviousYearOf("H-A", group.Set.Group);
        using var wb = Open(s => ScorecardWriter.Write(s, group, unit, previous, previousSet), out var bytes);
        var ws = wb.Worksheet(ExportTexts.ScorecardSheet);
        var header = ws.Cell(ScorecardWriter.TableHeaderRow, 1);
        Assert.Multiple(() =>
        {
            Assert.That(ws.SheetView.SplitRow, Is.EqualTo(ScorecardWriter.TableHeaderRow));
            Assert.That((ws.PageSetup.FirstRowToRepeatAtTop, ws.PageSetup.LastRowToRepeatAtTop),
                Is.EqualTo((ScorecardWriter.TableHeaderRow, ScorecardWriter.TableHeaderRow)));
            Assert.That(ws.PageSetup.PageOrientation, Is.EqualTo(XLPageOrientation.Landscape));
            Assert.That(ws.PageSetup.PaperSize, Is.EqualTo(XLPaperSize.A4Paper));
            Assert.That((ws.PageSetup.PagesWide, ws.PageSetup.PagesTall), Is.EqualTo((1, 0)));
            Assert.That(Enumerable.Range(1, 12).Select(c => ws.Column(c).Width), Is.EqualTo(new double[] { 11, 50, 9, 16, 10, 10, 10, 15, 30, 30, 30, 10 }));
            Assert.That((header.Style.Font.Bold, header.Style.Alignment.WrapText), Is.EqualTo((true, true)));
            Assert.That((ws.Cell(1, 1).Style.Font.Bold, ws.Cell(1, 1).Style.Font.FontSize), Is.EqualTo((true, 14d)));
            Assert.That(ws.Cell(2, 2).Style.Alignment.WrapText, Is.False, "the unit's name in the header block does not wrap");
            Assert.That(ws.Cell(2, 2).Style.NumberFormat.Format, Is.EqualTo("@"));
            Assert.That(ws.Cell(ScorecardWriter.TableHeaderRow + 1, 2).Style.Alignment.WrapText, Is.True, "titles wrap in the table");
            Assert.That(NumberTexts(bytes), Has.None.Match("^-0$|\\.\\d*0$"), "numbers are their shortest decimals");
        });
    }

    [Test]
    public void ImprovementReport_PrintsOnOneLandscapePage_WithBoldHeadings()
    {
        var group = ExportFixture.Current();
        using var wb = Open(s => ImprovementReport.Write(s, group, ExportFixture.Unit(group, "H-A")), out var bytes);
        var ws = wb.Worksheet(ExportTexts.ImprovementSheet);
        var heading = ws.CellsUsed().Single(c => c.GetString() == ExportTexts.LostMostHeading);
        var columnHeader = ws.Cell(heading.Address.RowNumber + 1, 1);
        Assert.Multiple(() =>
        {
            Assert.That(ws.PageSetup.PageOrientation, Is.EqualTo(XLPageOrientation.Landscape));
            Assert.That((ws.PageSetup.PagesWide, ws.PageSetup.PagesTall), Is.EqualTo((1, 1)));
            Assert.That(ws.PageSetup.FirstRowToRepeatAtTop, Is.Zero);
            Assert.That(ws.SheetView.SplitRow, Is.Zero);
            Assert.That((heading.Style.Font.Bold, heading.Style.Font.FontSize), Is.EqualTo((true, 12d)));
            Assert.That(columnHeader.GetString(), Is.EqualTo(ExportTexts.LostMostHeaders[0]));
            Assert.That(columnHeader.Style.Font.Bold, Is.True);
            Assert.That(Enumerable.Range(1, 6).Select(c => ws.Column(c).Width), Is.EqualTo(new double[] { 10, 60, 12, 12, 12, 50 }));
            Assert.That(NumberTexts(bytes), Has.None.Match("^-0$|\\.\\d*0$"), "a change of nothing is 0, not -0");
        });
    }

    [Test]
    public void RankingWorkbook_RepeatsEachTableHeaderWhenPrinted_ButNotTheInfoSheet()
    {
        using var wb = Open(s => RankingWorkbook.Write(s, ExportFixture.Report()), out _);
        Assert.Multiple(() =>
        {
            foreach (var ws in wb.Worksheets)
            {
                var table = ws.Name != ExportTexts.InfoSheet;
                Assert.That(ws.PageSetup.FirstRowToRepeatAtTop, Is.EqualTo(table ? 1 : 0), $"{ws.Name}: print titles");
                Assert.That(ws.SheetView.SplitRow, Is.EqualTo(table ? 1 : 0), $"{ws.Name}: frozen header");
                Assert.That(ws.PageSetup.PageOrientation, Is.EqualTo(XLPageOrientation.Landscape), ws.Name);
                Assert.That(ws.PageSetup.PaperSize, Is.EqualTo(XLPaperSize.A4Paper), ws.Name);
                Assert.That((ws.PageSetup.PagesWide, ws.PageSetup.PagesTall), Is.EqualTo((1, 0)), ws.Name);
                if (table)
                {
                    var header = ws.Cell(1, 1).Style;
                    Assert.That((header.Font.Bold, header.Alignment.WrapText, header.Alignment.Vertical),
                        Is.EqualTo((true, true, XLAlignmentVerticalValues.Center)), $"{ws.Name}: header row");
                }
            }
            var info = wb.Worksheet(ExportTexts.InfoSheet);
            Assert.That((info.Column(1).Width, info.Column(2).Width), Is.EqualTo((50d, 100d)));
            Assert.That((info.Cell(1, 2).Style.Alignment.WrapText, info.Cell(1, 2).Style.Alignment.Vertical),
                Is.EqualTo((true, XLAlignmentVerticalValues.Top)));
            Assert.That(wb.Worksheet(ExportTexts.SummarySheet).Cell(2, 2).Style.Alignment.Horizontal, Is.EqualTo(XLAlignmentHorizontalValues.Left));
        });
    }

    [Test]
    public void TableWorkbook_BoldHeaderFrozenAndRepeated()
    {
        using var wb = Open(s => TableWorkbook.Write(s, "Nhật ký", ["Mã", "Nội dung"], [["1.10", null]]), out _);
        var ws = wb.Worksheet("Nhật ký");
        Assert.Multiple(() =>
        {
            Assert.That(ws.Cell(1, 1).Style.Font.Bold, Is.True);
            Assert.That(ws.Cell(2, 1).Style.Font.Bold, Is.False);
            Assert.That(ws.Cell(2, 1).DataType, Is.EqualTo(XLDataType.Text));
            Assert.That(ws.SheetView.SplitRow, Is.EqualTo(1));
            Assert.That(ws.PageSetup.FirstRowToRepeatAtTop, Is.EqualTo(1));
        });
    }

    [Test]
    public void XlsxWriter_RefusesTwoSheetsOfOneName()
    {
        var book = new XlsxWriter(Stream.Null);
        book.Sheet("Tổng hợp");
        Assert.Throws<ArgumentException>(() => book.Sheet("tổng hợp"));
        Assert.Throws<ArgumentException>(() => book.Sheet("a/b"));
    }
}
