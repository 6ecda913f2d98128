using ClosedXML.Excel;
using NUnit.Framework;
using ParIndex.Workbooks.Export;

namespace ParIndex.Workbooks.Tests.Export;

/// <summary>practice.md §9: each unit's improvement report.</summary>
public class ImprovementReportTests
{
    [Test]
    public void LostMost_ListsApplicableLeavesByPointsLostAgainstTheirMaximum()
    {
        // H-A: 1.1 4/4, 1.2 6/6, 2.1 30/30, 2.2 26.125/30 (appraised), 3.1 15/30 (survey).
        var score = ExportFixture.Unit(ExportFixture.Current(), "H-A").Score!;
        var lost = ImprovementReport.LostMost(score);
        Assert.That(lost.Select(l => (l.Leaf.Code, l.Lost)), Is.EqualTo(new[] { ("3.1", 15m), ("2.2", 3.875m) }));
    }

    [Test]
    public void CutByAppraisal_ListsLeavesWhereAppraisalLoweredTheSelfScoreWithTheReason()
    {
        var score = ExportFixture.Unit(ExportFixture.Current(), "H-A").Score!;
        var cut = ImprovementReport.CutByAppraisal(score).Single();
        Assert.That((cut.Leaf.Code, cut.Self, cut.Appraised, cut.Reason), Is.EqualTo(("2.2", 28m, 26.125m, "Thiếu tài liệu kiểm chứng")));
        Assert.That(ImprovementReport.CutByAppraisal(ExportFixture.Unit(ExportFixture.Current(), "H-D").Score!), Is.Empty,
            "appraisal that kept every self-score cut nothing");
    }

    [Test]
    public void Write_OnePageWithTheThreeSectionsAndTheAreaChanges()
    {
        var group = ExportFixture.Current();
        using var stream = new MemoryStream();
        ImprovementReport.Write(stream, group, ExportFixture.Unit(group, "H-A"));
        stream.Position = 0;
        using var wb = new XLWorkbook(stream);
        var ws = wb.Worksheet("Cần cải thiện");
        var text = ws.CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ws.PageSetup.PagesWide, Is.EqualTo(1));
            Assert.That(text, Has.Some.StartsWith("Chỉ số 81,13%, đứng thứ 3/"));
            Assert.That(text, Does.Contain("1. Các tiêu chí mất nhiều điểm nhất so với điểm tối đa"));
            Assert.That(text, Does.Contain("Thiếu tài liệu kiểm chứng"));
            Assert.That(text, Does.Contain("3. Chỉ số thành phần theo lĩnh vực so với năm trước"));
            Assert.That(text, Does.Contain("Tên lĩnh vực đã thay đổi"), "area 2 was renamed since last year: its delta is withheld and why");
        });
    }

    [Test]
    public void Write_DerivedUnit_SaysItsAreasAreNotComparedWithOneOfSeveralUnits()
    {
        var group = ExportFixture.Current();
        using var stream = new MemoryStream();
        ImprovementReport.Write(stream, group, ExportFixture.Unit(group, "H-N"));
        stream.Position = 0;
        using var wb = new XLWorkbook(stream);
        Assert.That(wb.Worksheet("Cần cải thiện").CellsUsed().Select(c => c.GetString()),
            Has.Some.Contains("so với bình quân 2 đơn vị tiền thân (H-X, H-Y)"));
    }
}
