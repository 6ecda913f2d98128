using System.Text.Json;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Export;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Workbooks.Survey;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;

namespace ParIndex.Workbooks.Tests.Export;

/// <summary>
/// Every workbook ParIndex writes is read by others' scripts too: openpyxl's read-only mode sizes a sheet by its
/// <c>&lt;dimension&gt;</c> and yields rows as long as it says. So on every sheet the dimension must be there, equal the
/// extent of the content (as a full load finds it), every row must be as long as the widest, and numbers must be
/// numbers. A table's rows, from its header down, are also written as long as the header (blank cells where a row has
/// no value), for readers that take a row as the cells it holds. The workbooks are written by the real writers from
/// the sample province's districts.
/// </summary>
public sealed class OpenpyxlReadOnlyTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static GroupResult Group => SampleRanking.Report.Groups[0];

    private static UnitResult FirstRanked => Group.Units.First(u => u.Rank == 1);

    [Test]
    public void Template_EverySheetIsSizedAndRectangular_AndMaximaAreNumbers()
    {
        var set = SampleRanking.Set(2024);
        var unit = SampleRanking.Units(2024)[0];
        var path = _folder.File("mau.xlsx");
        TemplateWriter.Write(path, set, unit);

        var sheet = Readable(path).Single(s => s.Name == S.SheetName);
        var header = sheet.RowOf(S.Code);
        var area = set.Areas().First();
        var areaRow = sheet.RowOf(area.Code);
        Assert.Multiple(() =>
        {
            Assert.That(header, Is.Positive);
            Assert.That(sheet.Rows[header - 1].Select(v => v.ToString()), Is.SupersetOf(S.Headers));
            WrittenAsTable(sheet, header);
            Assert.That(Number(sheet.At(areaRow, Column(sheet, header, S.Max))), Is.EqualTo(area.Max));
        });
    }

    [Test]
    public void FilledSelfAssessment_EverySheetIsSizedAndRectangular_AndTheSelfScoreIsANumber()
    {
        var set = SampleRanking.Set(2024);
        var unit = SampleRanking.Units(2024)[0];
        var leaf = set.Leaves().First(l => l.Rule is PointsRule);
        var path = _folder.File("tu-danh-gia.xlsx");
        using (var template = new MemoryStream())
        {
            TemplateWriter.Write(template, set, unit);
            template.Position = 0;
            using var filler = SelfAssessmentFiller.Open(template);
            filler.Set(leaf.Code, selfScore: 0.5m, evidence: "KH 12/KH-UBND");
            filler.Save(path);
        }

        var sheet = Readable(path).Single(s => s.Name == S.SheetName);
        var header = sheet.RowOf(S.Code);
        var row = sheet.RowOf(leaf.Code);
        Assert.Multiple(() =>
        {
            Assert.That(Number(sheet.At(row, Column(sheet, header, S.SelfScore))), Is.EqualTo(0.5m));
            Assert.That(sheet.At(row, Column(sheet, header, S.Evidence)).GetString(), Is.EqualTo("KH 12/KH-UBND"));
            WrittenAsTable(sheet, header);
        });
    }

    [Test]
    public void RankingWorkbook_EverySheetIsSizedAndRectangular_AndTheIndexIsANumber()
    {
        var path = _folder.File("ranking-2024.xlsx");
        using (var file = File.Create(path)) RankingWorkbook.Write(file, SampleRanking.Report);

        var sheets = Readable(path);
        var sheet = sheets.Single(s => s.Name == RankingWorkbook.SheetName(SampleRanking.Group));
        var first = FirstRanked;
        Assert.Multiple(() =>
        {
            Assert.That(sheets.Select(s => s.Name), Is.SupersetOf(new[] { ExportTexts.SummarySheet, ExportTexts.InfoSheet, ExportTexts.SurveySheet }));
            Assert.That(sheet.At(1, 2).GetString(), Is.EqualTo(ExportTexts.UnitCode));
            Assert.That(sheet.At(2, 2).GetString(), Is.EqualTo(first.Unit.Code));
            Assert.That(Number(sheet.At(2, 1)), Is.EqualTo(1m));
            Assert.That(Number(sheet.At(2, Column(sheet, 1, ExportTexts.Index))), Is.EqualTo(first.Index));
            NumbersOrBlank(sheet, 2, Column(sheet, 1, ExportTexts.Index));
            NumbersOrBlank(sheet, 2, Column(sheet, 1, ExportTexts.Rank));
            foreach (var table in sheets.Where(s => s.Name != ExportTexts.InfoSheet)) WrittenAsTable(table, 1);
        });
    }

    [Test]
    public void Scorecard_EverySheetIsSizedAndRectangular_AndTheYearAndIndexAreNumbers()
    {
        var (previous, previousSet) = SampleRanking.Report.PreviousYearOf(FirstRanked.Unit.Code, SampleRanking.Group);
        var path = _folder.File("phieu-diem.xlsx");
        using (var file = File.Create(path)) ScorecardWriter.Write(file, Group, FirstRanked, previous, previousSet);

        var sheet = Readable(path).Single();
        Assert.Multiple(() =>
        {
            Assert.That(Number(sheet.At(sheet.RowOf(ExportTexts.Year), 2)), Is.EqualTo(2024m));
            Assert.That(Number(sheet.At(sheet.RowOf(ExportTexts.Index), 2)), Is.EqualTo(FirstRanked.Index));
            Assert.That(sheet.At(ScorecardWriter.TableHeaderRow, 1).GetString(), Is.EqualTo(ExportTexts.ScorecardHeaders[0]));
            NumbersOrBlank(sheet, ScorecardWriter.TableHeaderRow + 1, 3);
            WrittenAsTable(sheet, ScorecardWriter.TableHeaderRow);
        });
    }

    [Test]
    public void ImprovementReport_EverySheetIsSizedAndRectangular_AndAreaIndicesAreNumbers()
    {
        var unit = Group.Units.Last(u => u.Score is not null);
        var path = _folder.File("can-cai-thien.xlsx");
        using (var file = File.Create(path)) ImprovementReport.Write(file, Group, unit);

        var sheet = Readable(path).Single();
        var area = unit.Score!.Areas[0];
        Assert.Multiple(() =>
        {
            Assert.That(Number(sheet.At(sheet.RowOf(area.Code), 3)), Is.EqualTo(Numbers.Round(area.Index!.Value, Group.Set.Decimals)));
            WrittenAsTable(sheet, sheet.RowOf(ExportTexts.LostMostHeaders[0]));
        });
    }

    [Test]
    public void TableWorkbook_ShortRowsAreWrittenAsLongAsTheHeader_AndTextStaysText()
    {
        var path = _folder.File("nhat-ky.xlsx");
        using (var file = File.Create(path))
            TableWorkbook.Write(file, "Nhật ký", ["Mã", "Thời điểm", "Người", "Nội dung"], [["1.10", "2024-01-15", null, null], ["2", null, "=1+1", null]]);

        var sheet = Readable(path).Single();
        Assert.Multiple(() =>
        {
            Assert.That(sheet.Dimension, Is.EqualTo("A1:D3"));
            Assert.That(sheet.At(1, 4).GetString(), Is.EqualTo("Nội dung"));
            Assert.That(sheet.At(2, 1).GetString(), Is.EqualTo("1.10"));
            Assert.That(sheet.At(3, 3).GetString(), Is.EqualTo("=1+1"));
            WrittenAsTable(sheet, 1);
        });
    }

    [Test]
    public void SurveyWorkbook_EverySheetIsSizedAndRectangular()
    {
        var path = _folder.File("khao-sat.xlsx");
        using (var file = File.Create(path))
            SurveyWriter.Write(file, ["Q01", "Q02"], [new SurveyRow("H-HL", "Người dân", "1", ['A', null])]);

        var sheet = Readable(path).Single();
        Assert.Multiple(() =>
        {
            Assert.That(sheet.At(2, 4).GetString(), Is.EqualTo("A"));
            WrittenAsTable(sheet, 1);
        });
    }

    /// <summary>Reads every sheet with openpyxl and checks its size and shape; the sheets, for the caller's values.</summary>
    private static IReadOnlyList<OpenpyxlSheet> Readable(string path)
    {
        var sheets = Openpyxl.Sheets(path);
        Assert.That(sheets, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var s in sheets)
            {
                Assert.That(s.Dimension, Is.Not.Null, $"{s.Name}: read-only openpyxl finds a <dimension>");
                Assert.That((s.MaxRow, s.MaxColumn), Is.EqualTo(((int?)s.FullMaxRow, (int?)s.FullMaxColumn)),
                    $"{s.Name}: the dimension {s.Dimension} is the content's extent");
                Assert.That(s.Rows, Has.Length.EqualTo(s.MaxRow), $"{s.Name}: rows yielded");
                Assert.That(s.Rows.Select(r => r.Length).Distinct(), Is.EqualTo(new[] { s.MaxColumn }), $"{s.Name}: every row as long as the widest");
            }
        });
        return sheets;
    }

    /// <summary>From the header row <paramref name="headerRow"/> down, every row is written with a cell in every column.</summary>
    private static void WrittenAsTable(OpenpyxlSheet sheet, int headerRow)
    {
        Assert.That(headerRow, Is.Positive, $"{sheet.Name}: header row found");
        Assert.That(sheet.Written.Skip(headerRow - 1), Is.All.EqualTo(sheet.MaxColumn),
            $"{sheet.Name}: rows from {headerRow} down written as long as the header");
    }

    private static int Column(OpenpyxlSheet sheet, int headerRow, string header)
    {
        var column = Array.FindIndex(sheet.Rows[headerRow - 1], v => v.ValueKind == JsonValueKind.String && v.GetString() == header) + 1;
        Assert.That(column, Is.Positive, $"{sheet.Name}: column \"{header}\" in row {headerRow}");
        return column;
    }

    /// <summary>Every cell of a column from <paramref name="fromRow"/> down is a number or empty, never a number as text.</summary>
    private static void NumbersOrBlank(OpenpyxlSheet sheet, int fromRow, int column) =>
        Assert.That(sheet.Rows.Skip(fromRow - 1).Select(r => r[column - 1].ValueKind),
            Is.All.AnyOf(JsonValueKind.Number, JsonValueKind.Null), $"{sheet.Name}: column {column} holds numbers");

    /// <summary>The cell's number; a number written as text fails here.</summary>
    private static decimal Number(JsonElement value)
    {
        Assert.That(value.ValueKind, Is.EqualTo(JsonValueKind.Number), $"a number, not {value}");
        return value.GetDecimal();
    }
}
