using ClosedXML.Excel;

namespace ParIndex.EndToEnd.Tests;

public class CliTests
{
    private string _tmp = "";

    [SetUp]
    public void SetUp() => _tmp = Cli.TempFolder();

    [TearDown]
    public void TearDown() => Directory.Delete(_tmp, recursive: true);

    [Test]
    public void CriteriaCheck_ShippedSets_ExitZero()
    {
        var run = Cli.Run("criteria", "check", Cli.Criteria);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Out, Does.Contain("2024/districts.yaml"));
        });
    }

    [Test]
    public void CriteriaCheck_BrokenFile_ListsProblemsWithLineAndExitsOne()
    {
        var dir = Path.Combine(_tmp, "2024");
        Directory.CreateDirectory(dir);
        var yaml = File.ReadAllText(Path.Combine(Cli.Criteria, "2024", "districts.yaml"))
            .Replace("kind: yes_no", "kind: yesno");
        File.WriteAllText(Path.Combine(dir, "districts.yaml"), yaml);
        var run = Cli.Run("criteria", "check", _tmp);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.Match(@"2024/districts\.yaml:\d+ tiêu chí [\d.]+: cách chấm ""yesno"" không tồn tại"));
        });
    }

    [Test]
    public void WrongUsage_ExitsTwo()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cli.Run("run", "--year", "2024").ExitCode, Is.EqualTo(2));
            Assert.That(Cli.Run("frobnicate").ExitCode, Is.EqualTo(2));
            Assert.That(Cli.Run("template", "--criteria", Cli.Criteria, "--units", "u.yaml", "--year", "2024", "--out", "x").ExitCode,
                Is.EqualTo(2), "neither --unit nor --all");
        });
    }

    [Test]
    public void Template_OneUnit_WritesItsWorkbook()
    {
        var file = Path.Combine(_tmp, "H-HL.xlsx");
        var run = Cli.Run("template", "--criteria", Cli.Criteria, "--units", Path.Combine(Cli.Samples, "units.yaml"),
            "--year", "2024", "--unit", "H-HL", "--out", file);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var wb = new XLWorkbook(file);
        Assert.Multiple(() =>
        {
            Assert.That(wb.Worksheets.Select(w => w.Name), Does.Contain("Tự đánh giá").And.Contain("Hướng dẫn"));
            Assert.That(wb.NamedRange("ParIndex.Unit")!.Ranges.Single().FirstCell().GetString(), Is.EqualTo("H-HL"));
        });
    }

    [Test]
    public void Template_All_WritesOneWorkbookPerAssessedUnit()
    {
        var run = Cli.Run("template", "--criteria", Cli.Criteria, "--units", Path.Combine(Cli.Samples, "units.yaml"),
            "--year", "2024", "--all", "--out", _tmp);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            var codes = Directory.GetFiles(_tmp, "*.xlsx").Select(Path.GetFileNameWithoutExtension).ToList();
            Assert.That(codes, Has.Count.EqualTo(21));
            Assert.That(codes, Does.Contain("H-NM").And.No.Contain("H-NA"));
            Assert.That(run.Error, Does.Contain("Bỏ qua 6 đơn vị Khối UBND cấp xã: không có bộ tiêu chí năm 2024"),
                "the 2024 communes are known only by their published annex");
        });
    }

    [Test]
    public void Run_BrokenWorkbook_ListsEveryErrorWritesNothingExitsOne()
    {
        var data = Path.Combine(_tmp, "data");
        Cli.Copy(Cli.Samples, data);
        var file = Path.Combine(data, "2024", "self-assessments", "H-TP.xlsx");
        using (var wb = new XLWorkbook(file))
        {
            var ws = wb.Worksheet("Tự đánh giá");
            var header = ws.RowsUsed().First(r => r.Cells().Any(c => c.GetString() == "Mã tiêu chí"));
            int Col(string label) => header.CellsUsed().First(c => c.GetString() == label).Address.ColumnNumber;
            var row = ws.RowsUsed().First(r => r.Cell(Col("Mã tiêu chí")).GetString() == "1.1.1");
            row.Cell(Col("Giá trị")).Value = "Rất kịp thời";
            var points = ws.RowsUsed().First(r => r.Cell(Col("Cách chấm")).GetString().Length > 0
                && r.Cell(Col("Điểm tự chấm")).DataType == XLDataType.Number
                && r.Cell(Col("Giá trị")).IsEmpty() && !r.Cell(Col("Điểm tối đa")).IsEmpty()
                && r.Cell(Col("Mã tiêu chí")).GetString().Count(ch => ch == '.') >= 1);
            points.Cell(Col("Điểm tự chấm")).Value = 99;
            wb.Save();
        }
        var output = Path.Combine(_tmp, "out");
        var run = Cli.Run("run", "--criteria", Cli.Criteria, "--data", data, "--year", "2024", "--out", output);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.Contain("H-TP.xlsx!Tự đánh giá!"));
            Assert.That(run.Error, Does.Contain("Rất kịp thời"));
            Assert.That(run.Error, Does.Contain("99"));
            Assert.That(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), Is.False, "nothing written");
        });
    }
    [Test]
    public void Run_UnitWithQuestionnairesAndAggregatedResults_IsLocatedErrorWritesNothing()
    {
        var data = Path.Combine(_tmp, "data");
        Cli.Copy(Cli.Samples, data);
        var results = Path.Combine(data, "2024", "survey-results");
        Directory.CreateDirectory(results);
        using (var wb = new XLWorkbook())
        {
            var ws = wb.AddWorksheet("Kết quả");
            ws.Cell(1, 1).Value = "Mã đơn vị";
            ws.Cell(1, 2).Value = "Mã tiêu chí";
            ws.Cell(1, 3).Value = "Tỷ lệ (%)";
            ws.Cell(2, 1).Value = "SO-NV";
            ws.Cell(2, 2).SetValue("8.2");
            ws.Cell(2, 3).Value = 80;
            wb.SaveAs(Path.Combine(results, "nha-thau.xlsx"));
        }
        var output = Path.Combine(_tmp, "out");
        var run = Cli.Run("run", "--criteria", Cli.Criteria, "--data", data, "--year", "2024", "--out", output);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.Contain("nha-thau.xlsx!Kết quả!A2: Đơn vị SO-NV đã có số liệu điều tra XHH từ phiếu khảo sát"));
            Assert.That(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), Is.False, "nothing written");
        });
    }
}
