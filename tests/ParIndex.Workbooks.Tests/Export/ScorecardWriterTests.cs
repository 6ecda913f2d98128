using ClosedXML.Excel;
using NUnit.Framework;
using ParIndex.Scoring;
using ParIndex.Workbooks.Export;

namespace ParIndex.Workbooks.Tests.Export;

public class ScorecardWriterTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private XLWorkbook WriteAndOpen(string unitCode, bool withLastYear = true)
    {
        var report = ExportFixture.Report();
        var group = report.Groups[0];
        var unit = ExportFixture.Unit(group, unitCode);
        var (previousUnit, previousSet) = withLastYear ? report.PreviousYearOf(unitCode, group.Set.Group) : (null, null);
        var path = _folder.File(ScorecardWriter.FileName(unit.Unit));
        using (var file = File.Create(path))
            ScorecardWriter.Write(file, group, unit, previousUnit, previousSet);
        return new XLWorkbook(path);
    }

    private static IXLRow Node(IXLWorksheet ws, string code) =>
        ws.RowsUsed().Single(r => r.RowNumber() > ScorecardWriter.TableHeaderRow && r.Cell(1).GetString() == code);

    private static IXLRow Labelled(IXLWorksheet ws, int column, string label) =>
        ws.RowsUsed().Single(r => r.Cell(column).GetString() == label);

    [Test]
    public void Write_Table_HasTheScorecardHeadersAndTheTreeInOrder()
    {
        using var wb = WriteAndOpen("H-A");
        var ws = wb.Worksheet("Phiếu điểm");
        Assert.That(ws.Row(ScorecardWriter.TableHeaderRow).CellsUsed().Select(c => c.GetString()), Is.EqualTo(new[]
        {
            "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Giá trị", "Điểm tự chấm", "Điểm thẩm định", "Điểm đạt",
            "Nguồn điểm", "Tài liệu kiểm chứng", "Giải trình", "Lý do thẩm định", "Điểm năm trước",
        }));
        var codes = ws.RowsUsed().Where(r => r.RowNumber() > ScorecardWriter.TableHeaderRow)
            .Select(r => r.Cell(1).GetString()).Where(c => c.Length > 0).ToList();
        Assert.That(codes, Is.EqualTo(new[] { "1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "TP", "TP.1", "TP.2" }));
        Assert.That(Node(ws, "1.1").Cell(1).DataType, Is.EqualTo(XLDataType.Text));
        Assert.That(ws.SheetView.SplitRow, Is.EqualTo(ScorecardWriter.TableHeaderRow));
    }

    [Test]
    public void Write_AppraisedLeaf_ShowsSelfScoreAppraisalFinalAndReason()
    {
        using var wb = WriteAndOpen("H-A");
        var row = Node(wb.Worksheet("Phiếu điểm"), "2.2");
        Assert.That(row.Cell(2).GetString(), Is.EqualTo("Giải quyết TTHC trực tuyến"));
        Assert.That(row.Cell(3).GetValue<decimal>(), Is.EqualTo(30m));
        Assert.That(row.Cell(5).GetValue<decimal>(), Is.EqualTo(28m));
        Assert.That(row.Cell(6).GetValue<decimal>(), Is.EqualTo(26.13m), "26.125 rounded half away from zero");
        Assert.That(row.Cell(7).GetValue<decimal>(), Is.EqualTo(26.13m));
        Assert.That(row.Cell(8).GetString(), Is.EqualTo("Thẩm định lần 1"));
        Assert.That(row.Cell(9).GetString(), Is.EqualTo("QĐ số 12/QĐ-UBND"));
        Assert.That(row.Cell(10).GetString(), Is.EqualTo("-Đã bổ sung hồ sơ"));
        Assert.That(row.Cell(10).HasFormula, Is.False);
        Assert.That(row.Cell(11).GetString(), Is.EqualTo("Thiếu tài liệu kiểm chứng"));
    }

    [Test]
    public void Write_SelfScoredAndSurveyLeaves_NameTheirSource()
    {
        using var wb = WriteAndOpen("H-A");
        var ws = wb.Worksheet("Phiếu điểm");
        var yesNo = Node(ws, "1.2");
        Assert.That(yesNo.Cell(4).GetString(), Is.EqualTo("Có"));
        Assert.That(yesNo.Cell(6).IsEmpty(), Is.True);
        Assert.That(yesNo.Cell(7).GetValue<decimal>(), Is.EqualTo(6m));
        Assert.That(yesNo.Cell(8).GetString(), Is.EqualTo("Tự chấm"));
        var survey = Node(ws, "3.1");
        Assert.That(survey.Cell(7).GetValue<decimal>(), Is.EqualTo(15m));
        Assert.That(survey.Cell(8).GetString(), Is.EqualTo("Điều tra XHH"));
    }

    [Test]
    public void Write_MeasuredValue_IsANumberCell_AYesNoStaysText()
    {
        using var wb = WriteAndOpen("H-B");
        var ws = wb.Worksheet("Phiếu điểm");
        var items = Node(ws, "TP.1").Cell(4);
        Assert.That(items.DataType, Is.EqualTo(XLDataType.Number), "two initiatives counted: a number, not the text \"2\"");
        Assert.That(items.GetValue<decimal>(), Is.EqualTo(2m));
        Assert.That(Node(ws, "1.2").Cell(4).DataType, Is.EqualTo(XLDataType.Text));
    }

    [Test]
    public void Write_ParentRows_ShowSelfAndFinalTotals()
    {
        using var wb = WriteAndOpen("H-A");
        var area = Node(wb.Worksheet("Phiếu điểm"), "2");
        Assert.That(area.Cell(3).GetValue<decimal>(), Is.EqualTo(60m));
        Assert.That(area.Cell(5).GetValue<decimal>(), Is.EqualTo(58m));
        Assert.That(area.Cell(7).GetValue<decimal>(), Is.EqualTo(56.13m));
        Assert.That(area.Cell(1).Style.Font.Bold, Is.True);
    }

    [Test]
    public void Write_LastYearColumn_OnlyForTheSameCriterion()
    {
        using var wb = WriteAndOpen("H-A");
        var ws = wb.Worksheet("Phiếu điểm");
        // 2023: H-A had 63 of 70 = 1.1: 5, 1.2: 5, 2.1: 30, 2.2: 23; no survey.
        Assert.That(Node(ws, "2.1").Cell(12).GetValue<decimal>(), Is.EqualTo(30m));
        Assert.That(Node(ws, "2.2").Cell(12).GetValue<decimal>(), Is.EqualTo(23m));
        Assert.That(Node(ws, "2").Cell(12).IsEmpty(), Is.True, "area 2 was renamed: not the same criterion, as its delta says");
        Assert.That(Node(ws, "1").Cell(12).GetValue<decimal>(), Is.EqualTo(10m), "area 1 kept its maximum of 10");
        Assert.That(Node(ws, "1.1").Cell(12).IsEmpty(), Is.True, "1.1's maximum went from 5 to 4");
        Assert.That(Node(ws, "1.2").Cell(12).IsEmpty(), Is.True, "1.2's maximum went from 5 to 6");
        Assert.That(Node(ws, "3.1").Cell(12).IsEmpty(), Is.True, "no survey last year: not applicable");
    }

    [Test]
    public void Write_WithoutLastYear_LastYearColumnIsBlank()
    {
        using var wb = WriteAndOpen("H-A", withLastYear: false);
        var ws = wb.Worksheet("Phiếu điểm");
        Assert.That(ws.Column(12).CellsUsed().Select(c => c.GetString()), Is.EqualTo(new[] { "Điểm năm trước" }));
    }

    [Test]
    public void Write_Header_GivesPlaceClassAndLastYear()
    {
        using var wb = WriteAndOpen("H-A");
        var ws = wb.Worksheet("Phiếu điểm");
        Assert.That(ws.Cell(1, 1).GetString(), Is.EqualTo("PHIẾU ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"));
        Assert.That(Labelled(ws, 1, "Đơn vị").Cell(2).GetString(), Is.EqualTo("UBND huyện An Bình (H-A)"));
        Assert.That(Labelled(ws, 1, "Khối").Cell(2).GetString(), Is.EqualTo("Khối UBND cấp huyện"));
        Assert.That(Labelled(ws, 1, "Bộ tiêu chí (phiên bản)").Cell(2).GetString(), Is.EqualTo("2024.1"));
        Assert.That(Labelled(ws, 1, "Chỉ số (%)").Cell(2).GetValue<decimal>(), Is.EqualTo(81.13m));
        Assert.That(Labelled(ws, 1, "Xếp hạng").Cell(2).GetString(), Is.EqualTo("đứng thứ 3/5"));
        Assert.That(Labelled(ws, 1, "Xếp loại").Cell(2).GetString(), Is.EqualTo("Khá"));
        Assert.That(Labelled(ws, 1, "Năm trước").Cell(2).GetString(), Is.EqualTo("Chỉ số 90%, hạng 1, xếp loại Tốt"));
    }

    [Test]
    public void Write_Totals_GiveBonusPenaltyPointsAndIndex()
    {
        using var wb = WriteAndOpen("H-B");
        var ws = wb.Worksheet("Phiếu điểm");
        Assert.That(Labelled(ws, 2, "Điểm các tiêu chí").Cell(7).GetValue<decimal>(), Is.EqualTo(34m));
        Assert.That(Labelled(ws, 2, "Điểm thưởng").Cell(7).GetValue<decimal>(), Is.EqualTo(1m));
        Assert.That(Labelled(ws, 2, "Điểm trừ").Cell(7).GetValue<decimal>(), Is.Zero);
        Assert.That(Labelled(ws, 2, "Tổng điểm (sau thưởng, trừ)").Cell(7).GetValue<decimal>(), Is.EqualTo(35m));
        Assert.That(Labelled(ws, 2, "Điểm tối đa áp dụng").Cell(7).GetValue<decimal>(), Is.EqualTo(40m));
        Assert.That(Labelled(ws, 2, "Chỉ số (%)").Cell(7).GetValue<decimal>(), Is.EqualTo(87.5m));
    }

    [Test]
    public void Write_NotApplicableLeafAndArea_SayNotApplicableWithoutScore()
    {
        using var wb = WriteAndOpen("H-B");
        var ws = wb.Worksheet("Phiếu điểm");
        Assert.That(Node(ws, "2.2").Cell(8).GetString(), Is.EqualTo("Không áp dụng"));
        Assert.That(Node(ws, "2.2").Cell(7).IsEmpty(), Is.True);
        Assert.That(Node(ws, "3").Cell(8).GetString(), Is.EqualTo("Không áp dụng"));
        Assert.That(Node(ws, "3").Cell(7).IsEmpty(), Is.True);
    }

    [Test]
    public void Write_MissingUnit_ListsTheTreeAndSaysWhy()
    {
        using var wb = WriteAndOpen("H-M");
        var ws = wb.Worksheet("Phiếu điểm");
        Assert.That(Labelled(ws, 1, "Xếp hạng").Cell(2).GetString(), Is.EqualTo("Chưa nộp bảng tự đánh giá"));
        Assert.That(Node(ws, "2.2").Cell(7).IsEmpty(), Is.True);
        Assert.That(ws.RowsUsed().Any(r => r.Cell(2).GetString() == "Chưa nộp bảng tự đánh giá"), Is.True);
    }

    [Test]
    public void FileName_UnsafeCharacters_AreReplaced()
    {
        Assert.That(ScorecardWriter.FileName(new Unit("H-HL", "x", "districts")), Is.EqualTo("H-HL.xlsx"));
        Assert.That(ScorecardWriter.FileName(new Unit("A/B:C", "x", "districts")), Is.EqualTo("A_B_C.xlsx"));
    }
}
