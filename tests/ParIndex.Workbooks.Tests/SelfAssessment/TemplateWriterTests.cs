using NUnit.Framework;
using ClosedXML.Excel;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.SelfAssessment;
using static ParIndex.Workbooks.Tests.SelfAssessment.SelfAssessmentFixture;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;

namespace ParIndex.Workbooks.Tests.SelfAssessment;

public class TemplateWriterTests
{
    private XLWorkbook _wb = null!;
    private IXLWorksheet _ws = null!;
    private SelfAssessmentFiller _filler = null!;

    [SetUp]
    public void Open()
    {
        var bytes = Template();
        _wb = new XLWorkbook(new MemoryStream(bytes));
        _ws = _wb.Worksheet(S.SheetName);
        _filler = SelfAssessmentFiller.Open(new MemoryStream(bytes));
    }

    [TearDown]
    public void Close()
    {
        _wb.Dispose();
        _filler.Dispose();
    }

    private IXLCell At(string code, string header) => _ws.Cell(_filler.Cell(code, header).Address.ToStringRelative());

    private static string NameValue(XLWorkbook wb, string name)
    {
        var range = wb.NamedRange(name).Ranges.Single();
        return range.FirstCell().GetString();
    }

    [Test]
    public void Write_DefinedNames_ReferToIdentityCells()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NameValue(_wb, S.UnitName), Is.EqualTo("H-HL"));
            Assert.That(NameValue(_wb, S.YearName), Is.EqualTo("2024"));
            Assert.That(NameValue(_wb, S.GroupName), Is.EqualTo("districts"));
            Assert.That(NameValue(_wb, S.CriteriaVersionName), Is.EqualTo("2024.1"));
        });
    }

    [Test]
    public void Write_IdentityCells_HaveLabelsWithValuesBeside()
    {
        var pairs = Enumerable.Range(1, 8).ToDictionary(r => _ws.Cell(r, 1).GetString(), r => _ws.Cell(r, 2).GetString());
        Assert.That(pairs, Does.ContainKey(S.UnitNameLabel).WithValue("UBND huyện Hữu Lũng"));
        Assert.That(pairs, Does.ContainKey(S.DecisionLabel).WithValue("QĐ 123/QĐ-UBND ngày 15/01/2024"));
        Assert.That(pairs, Does.ContainKey(S.CriteriaVersionLabel).WithValue("2024.1"));
    }

    [Test]
    public void Write_HeaderRow_HasExactLabelsInOrder()
    {
        var headerRow = _filler.Cell("1", S.Code).Address.RowNumber - 1;
        var labels = Enumerable.Range(1, 12).Select(c => _ws.Cell(headerRow, c).GetString()).ToList();
        Assert.That(labels, Is.EqualTo(new[]
        {
            "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Cách chấm", "Giá trị", "Điểm tự chấm", "Không áp dụng",
            "Tài liệu kiểm chứng", "Giải trình", "Điểm thẩm định", "Lý do thẩm định", "",
        }));
    }

    [Test]
    public void Write_RowsFollowTreeOrder_WithCodesAsText()
    {
        var first = _filler.Cell("1", S.Code).Address.RowNumber;
        var codes = Set.AllNodes().Select((_, i) => _ws.Cell(first + i, 1)).ToList();
        Assert.That(codes.Select(c => c.GetString()), Is.EqualTo(Set.AllNodes().Select(n => n.Code)));
        Assert.That(codes.Select(c => c.DataType), Is.All.EqualTo(XLDataType.Text));
        Assert.That(_ws.Cell(first + Set.AllNodes().Count(), 1).IsEmpty(), Is.True, "nothing below the last criterion");
    }

    [Test]
    public void Write_InputCells_UnlockedByRuleKind_OthersLocked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(At("1.1.1", S.Value).Style.Protection.Locked, Is.False, "levels value");
            Assert.That(At("1.1.2", S.Value).Style.Protection.Locked, Is.False, "yes_no value");
            Assert.That(At("TP.2", S.Value).Style.Protection.Locked, Is.False, "penalty count");
            Assert.That(At("1.1.3", S.Value).Style.Protection.Locked, Is.True, "points leaf has no value");
            Assert.That(At("1.1.3", S.SelfScore).Style.Protection.Locked, Is.False, "points self-score");
            Assert.That(At("1.10", S.NotApplicable).Style.Protection.Locked, Is.False, "na allowed");
            Assert.That(At("1.1.1", S.NotApplicable).Style.Protection.Locked, Is.True, "na not allowed");
            Assert.That(At("2.2", S.Appraisal).Style.Protection.Locked, Is.False);
            Assert.That(At("2.2", S.AppraisalReason).Style.Protection.Locked, Is.False);
            Assert.That(At("2.2", S.Evidence).Style.Protection.Locked, Is.False);
            Assert.That(At("2.2", S.Max).Style.Protection.Locked, Is.True);
            Assert.That(At("2.2", S.Code).Style.Protection.Locked, Is.True);
            Assert.That(At("1", S.SelfScore).Style.Protection.Locked, Is.True, "parent total");
            Assert.That(_ws.Cell(2, 2).Style.Protection.Locked, Is.True, "unit code");
        });
        foreach (var header in S.Headers)
            Assert.That(At("2.3", header).Style.Protection.Locked, Is.True, $"survey leaf, {header}");
        Assert.That(_ws.Protection.IsProtected, Is.True);
        Assert.That(_ws.Protection.IsPasswordProtected, Is.False);
    }

    [Test]
    public void Write_ListValidations_ForLevelsYesNoAndNotApplicable()
    {
        Assert.That(ValidationOf(At("1.1.1", S.Value)), Is.EqualTo((XLAllowedValues.List, "\"Kịp thời,Không kịp thời,Không ban hành\"")));
        Assert.That(ValidationOf(At("1.1.2", S.Value)), Is.EqualTo((XLAllowedValues.List, "\"Có,Không\"")));
        Assert.That(ValidationOf(At("1.10", S.NotApplicable)), Is.EqualTo((XLAllowedValues.List, "\"x\"")));
    }

    [Test]
    public void Write_NumberValidations_RangesFromMaxCapAndUnit()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Range(At("1.1.3", S.SelfScore)), Is.EqualTo((XLAllowedValues.Decimal, "0", "3")));
            Assert.That(Range(At("2.2", S.Appraisal)), Is.EqualTo((XLAllowedValues.Decimal, "0", "3")));
            Assert.That(Range(At("TP.1", S.Appraisal)), Is.EqualTo((XLAllowedValues.Decimal, "0", "2")));
            Assert.That(Range(At("2.1", S.Value)), Is.EqualTo((XLAllowedValues.Decimal, "0", "100")));
            Assert.That(Range(At("TP.2", S.Value)).Item1, Is.EqualTo(XLAllowedValues.WholeNumber));
        });
        var dv = Validations(At("1.1.3", S.SelfScore)).Single();
        Assert.That(dv.ErrorMessage, Is.EqualTo("Nhập điểm từ 0 đến 3"));
    }

    [Test]
    public void Write_Panes_FrozenBelowHeaderAndRightOfTitle()
    {
        var headerRow = _filler.Cell("1", S.Code).Address.RowNumber - 1;
        Assert.That((_ws.SheetView.SplitRow, _ws.SheetView.SplitColumn), Is.EqualTo((headerRow, 2)));
    }

    [Test]
    public void Write_MethodColumn_DescribesEachRuleInVietnamese()
    {
        Assert.Multiple(() =>
        {
            Assert.That(At("1.1.1", S.Method).GetString(), Is.EqualTo("Kịp thời: 2; Không kịp thời: 1; Không ban hành: 0"));
            Assert.That(At("1.1.2", S.Method).GetString(), Is.EqualTo("Có: 1 / Không: 0"));
            Assert.That(At("2.1", S.Method).GetString(), Is.EqualTo("> 90%: 2; ≥ 70%: 1; dưới: 0"));
            Assert.That(At("2.2", S.Method).GetString(), Is.EqualTo("Tỷ lệ so với 100%, dưới 50% không điểm"));
            Assert.That(At("2.3", S.Method).GetString(), Is.EqualTo("Chấm qua điều tra XHH"));
            Assert.That(At("TP.1", S.Method).GetString(), Is.EqualTo("Thưởng 0,5 điểm/lần, tối đa 2"));
            Assert.That(At("TP.2", S.Method).GetString(), Is.EqualTo("Trừ 0,25 điểm/lần, tối đa 1"));
            Assert.That(At("1.10", S.Method).GetString(), Is.EqualTo("Tự chấm điểm từ 0 đến 4, bước 0,5"));
        });
    }

    [Test]
    public void Write_Parents_ShowMaxAndSumOfDirectChildren()
    {
        int Row(string code) => _filler.Cell(code, S.Code).Address.RowNumber;
        Assert.Multiple(() =>
        {
            Assert.That(At("1", S.Max).GetDouble(), Is.EqualTo(10));
            Assert.That(At("1", S.SelfScore).FormulaA1, Is.EqualTo($"SUM(F{Row("1.1")},F{Row("1.10")})"));
            Assert.That(At("2", S.SelfScore).FormulaA1, Is.EqualTo($"SUM(F{Row("2.1")},F{Row("2.2")})"), "survey leaf not summed");
            Assert.That(At("TP", S.SelfScore).FormulaA1, Is.EqualTo($"F{Row("TP.1")}-F{Row("TP.2")}"));
            Assert.That(At("TP", S.Max).IsEmpty(), Is.True);
            Assert.That(At("1.1", S.Code).Style.Font.Bold, Is.True);
            Assert.That(At("1.1.1", S.Code).Style.Font.Bold, Is.False);
        });
    }

    [Test]
    public void Write_GuideSheet_ExplainsPercentCountsAndCodes()
    {
        var text = string.Join("\n", _wb.Worksheet(S.GuideSheetName).CellsUsed().Select(c => c.GetString()));
        Assert.That(text, Does.Contain("nhập 95 cho 95%").And.Contain("số lần").And.Contain("Không sửa, xoá hay thêm mã tiêu chí")
            .And.Contain("Tài liệu kiểm chứng").And.Contain("tải lên"));
    }

    [Test]
    public void Write_LevelsWithComma_UseHiddenListSheet()
    {
        var levels = new LevelsRule([new Level("Đạt, đúng hạn", 1m), new Level("Không đạt", 0m)]);
        var leaf = new Criterion("1", "Một tiêu chí", 1m, levels, []);
        var set = Set with { Criteria = [leaf], Total = 1m };
        using var wb = new XLWorkbook(new MemoryStream(Template(set)));
        var ws = wb.Worksheet(S.SheetName);
        var cell = ws.CellsUsed().First(c => c.GetString() == "1").CellRight(4);
        var dv = Validations(cell).Single();
        Assert.That(dv.AllowedValues, Is.EqualTo(XLAllowedValues.List));
        Assert.That(wb.Worksheets.Single(s => s.Visibility == XLWorksheetVisibility.Hidden).Cell(2, 1).GetString(), Is.EqualTo("Đạt, đúng hạn"));
    }

    [Test]
    public void Write_UnitOfAnotherGroup_Throws()
    {
        var unit = Unit with { Group = "departments" };
        Assert.That(() => TemplateWriter.Write(new MemoryStream(), Set, unit), Throws.ArgumentException.With.Message.Contains("departments"));
    }

    [Test]
    public void Write_PathOverload_WritesReadableFile()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("H-HL.xlsx");
        TemplateWriter.Write(path, Set, Unit);
        using var wb = new XLWorkbook(path);
        Assert.That(wb.Worksheets.Select(s => s.Name), Is.EquivalentTo(new[] { S.SheetName, S.GuideSheetName }));
    }

    private static IEnumerable<IXLDataValidation> Validations(IXLCell cell) =>
        cell.Worksheet.DataValidations.Where(dv => dv.Ranges.Any(r => r.Contains(cell)));

    private static (XLAllowedValues, string) ValidationOf(IXLCell cell)
    {
        var dv = Validations(cell).Single();
        return (dv.AllowedValues, dv.Value);
    }

    private static (XLAllowedValues, string, string) Range(IXLCell cell)
    {
        var dv = Validations(cell).Single();
        return (dv.AllowedValues, dv.MinValue, dv.MaxValue);
    }
}
