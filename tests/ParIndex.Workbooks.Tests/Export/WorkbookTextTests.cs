using ClosedXML.Excel;
using NUnit.Framework;
using ParIndex.Workbooks.Export;

namespace ParIndex.Workbooks.Tests.Export;

public class WorkbookTextTests
{
    [Test]
    public void Dump_EveryNonEmptyCell_InSheetRowColumnOrder()
    {
        using var stream = new MemoryStream();
        using (var wb = new XLWorkbook())
        {
            var b = wb.AddWorksheet("Bảng B");
            b.Cell("B2").SetValue(81.13m);
            b.Cell("A2").SetValue("dòng 1\ndòng 2\tcột");
            b.Cell("C1").FormulaA1 = "SUM(B2:B3)";
            b.Cell("A1").Style.Font.Bold = true; // formatting only: not listed
            var a = wb.AddWorksheet("A");
            a.Cell("A1").SetValue("1.10");
            a.Cell("A2").SetValue(true);
            wb.SaveAs(stream);
        }
        stream.Position = 0;

        Assert.That(WorkbookText.Dump(stream), Is.EqualTo(
            "Bảng B!C1\t=SUM(B2:B3)\n" +
            "Bảng B!A2\tdòng 1\\ndòng 2\\tcột\n" +
            "Bảng B!B2\t81.13\n" +
            "A!A1\t1.10\n" +
            "A!A2\tTRUE\n"));
    }

    [Test]
    public void Dump_RankingWorkbookWrittenTwice_IsTheSameText()
    {
        string DumpOnce()
        {
            using var stream = new MemoryStream();
            RankingWorkbook.Write(stream, ExportFixture.Report());
            stream.Position = 0;
            return WorkbookText.Dump(stream);
        }
        var first = DumpOnce();
        Assert.That(DumpOnce(), Is.EqualTo(first));
        Assert.That(first, Does.Contain("Khối UBND cấp huyện!M4\t81.13\n"));
        Assert.That(first, Does.Contain("Thông tin!B3\tsha256:0123456789abcdef\n"));
    }
}
