using ClosedXML.Excel;
using NUnit.Framework;
using ParIndex.Workbooks.Export;

namespace ParIndex.Workbooks.Tests.Export;

public class RankingWorkbookTests
{
    private static readonly string[] GroupHeaders =
    [
        "Hạng", "Mã đơn vị", "Đơn vị",
        "1. Công tác chỉ đạo, điều hành CCHC (10)", "2. Thủ tục hành chính (60)", "3. Sự hài lòng của người dân (30)",
        // practice.md §9: the annex columns provinces publish.
        "Điểm tự chấm", "Điểm thẩm định", "Điểm điều tra XHH", "Hạng điều tra XHH",
        "Tổng điểm", "Điểm tối đa áp dụng", "Chỉ số (%)", "Xếp loại", "Hạng năm trước", "Thay đổi hạng",
        "Chỉ số năm trước (%)", "Thay đổi chỉ số", "Ghi chú",
    ];

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    /// <summary>Writes the workbook to a real file and opens it again with ClosedXML.</summary>
    private XLWorkbook WriteAndOpen(RankingReport report)
    {
        var path = _folder.File("ranking-2024.xlsx");
        using (var file = File.Create(path))
            RankingWorkbook.Write(file, report);
        return new XLWorkbook(path);
    }

    private static IXLRow RowOf(IXLWorksheet ws, string unitCode) =>
        ws.RowsUsed().Single(r => r.Cell(2).GetString() == unitCode);

    private static string Header(IXLWorksheet ws, int column) => ws.Cell(1, column).GetString();

    private static int Column(IXLWorksheet ws, string header) =>
        ws.Row(1).CellsUsed().Single(c => c.GetString() == header).Address.ColumnNumber;

    [Test]
    public void Write_Sheets_SummaryThenGroupsThenInfo()
    {
        using var wb = WriteAndOpen(ExportFixture.Report());
        Assert.That(wb.Worksheets.Select(w => w.Name), Is.EqualTo(new[] { "Tổng hợp", "Khối UBND cấp huyện", "Thông tin", "Điều tra XHH" }));
    }

    [Test]
    public void Write_GroupSheet_HasExactlyTheContractHeaders()
    {
        using var wb = WriteAndOpen(ExportFixture.Report());
        var ws = wb.Worksheet("Khối UBND cấp huyện");
        var headers = ws.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.That(headers, Is.EqualTo(GroupHeaders));
        Assert.That(ws.Cell(1, 1).Style.Font.Bold, Is.True);
        Assert.That(ws.SheetView.SplitRow, Is.EqualTo(1));
        Assert.That(ws.PageSetup.PageOrientation, Is.EqualTo(XLPageOrientation.Landscape));
        Assert.That(ws.PageSetup.PagesWide, Is.EqualTo(1));
        Assert.That(ws.Column(3).Width, Is.EqualTo(36));
    }

    [Test]
    public void Write_UnitRow_HoldsRoundedNumbersAndComparison()
    {
        using var wb = WriteAndOpen(ExportFixture.Report());
        var ws = wb.Worksheet("Khối UBND cấp huyện");
        var row = RowOf(ws, "H-A");
        Assert.That(row.RowNumber(), Is.EqualTo(4), "H-A is third in published order");
        Assert.That(row.Cell(1).GetValue<int>(), Is.EqualTo(3));
        Assert.That(row.Cell(2).DataType, Is.EqualTo(XLDataType.Text));
        Assert.That(row.Cell(3).GetString(), Is.EqualTo("UBND huyện An Bình"));
        Assert.That(row.Cell(4).GetValue<decimal>(), Is.EqualTo(10m));
        Assert.That(row.Cell(5).GetValue<decimal>(), Is.EqualTo(56.13m));
        Assert.That(row.Cell(Column(ws, "Tổng điểm")).GetValue<decimal>(), Is.EqualTo(81.13m));
        Assert.That(row.Cell(Column(ws, "Tổng điểm")).DataType, Is.EqualTo(XLDataType.Number));
        Assert.That(row.Cell(Column(ws, "Tổng điểm")).Style.NumberFormat.Format, Is.EqualTo("0.00"));
        Assert.That(row.Cell(Column(ws, "Điểm tối đa áp dụng")).GetValue<decimal>(), Is.EqualTo(100m));
        Assert.That(row.Cell(Column(ws, "Chỉ số (%)")).GetValue<decimal>(), Is.EqualTo(81.13m));
        Assert.That(row.Cell(Column(ws, "Xếp loại")).GetString(), Is.EqualTo("Khá"));
        Assert.That(row.Cell(Column(ws, "Hạng năm trước")).GetValue<int>(), Is.EqualTo(1));
        Assert.That(row.Cell(Column(ws, "Thay đổi hạng")).GetValue<int>(), Is.EqualTo(-2));
        Assert.That(row.Cell(Column(ws, "Thay đổi hạng")).Style.NumberFormat.Format, Is.EqualTo("+0;-0;0"));
        Assert.That(row.Cell(Column(ws, "Chỉ số năm trước (%)")).GetValue<decimal>(), Is.EqualTo(90m));
        Assert.That(row.Cell(Column(ws, "Thay đổi chỉ số")).GetValue<decimal>(), Is.EqualTo(-8.87m));
        Assert.That(row.Cell(Column(ws, "Ghi chú")).GetString(),
            Is.EqualTo("Chưa thẩm định đủ: 3 tiêu chí dùng điểm tự chấm; giảm 2 bậc"));
    }

    [Test]
    public void Write_Notes_ExplainStatusBasisAndNotApplicableLeaves()
    {
        using var wb = WriteAndOpen(ExportFixture.Report());
        var ws = wb.Worksheet("Khối UBND cấp huyện");
        var notes = Column(ws, "Ghi chú");
        string Note(string code) => RowOf(ws, code).Cell(notes).GetString();

        Assert.That(Note("H-D"), Is.EqualTo("tăng 2 bậc"));
        Assert.That(Note("H-B"), Is.EqualTo("Chưa thẩm định đủ: 3 tiêu chí dùng điểm tự chấm; tăng 2 bậc; "
            + "Điểm tối đa áp dụng 40: không áp dụng 2.2, 3.1; "
            + "Tiêu chí 3.1 không áp dụng: điều tra XHH chỉ có 10/30 người trả lời tối thiểu; Điểm thưởng 1, điểm trừ 0"));
        Assert.That(Note("H-N"), Does.Contain("so với bình quân 2 đơn vị tiền thân (H-X, H-Y)"));
        Assert.That(Note("H-C"), Does.EndWith("Điểm thưởng 0, điểm trừ 0,25"));
        Assert.That(Note("H-U"), Does.StartWith("Không xếp hạng"));
        Assert.That(Note("H-M"), Is.EqualTo("Chưa nộp bảng tự đánh giá"));

        var missing = RowOf(ws, "H-M");
        Assert.That(missing.Cell(1).IsEmpty(), Is.True);
        Assert.That(missing.Cell(Column(ws, "Chỉ số (%)")).IsEmpty(), Is.True);
        var derived = RowOf(ws, "H-N");
        Assert.That(derived.Cell(Column(ws, "Chỉ số năm trước (%)")).GetValue<decimal>(), Is.EqualTo(45.5m));
        Assert.That(derived.Cell(Column(ws, "Hạng năm trước")).IsEmpty(), Is.True);
        Assert.That(derived.Cell(Column(ws, "Thay đổi chỉ số")).GetValue<decimal>(), Is.EqualTo(24.5m));
        // H-B's survey area is not applicable: its area cell is blank, not 0.
        Assert.That(RowOf(ws, "H-B").Cell(6).IsEmpty(), Is.True);
    }

    [TestCase("=1+1")]
    [TestCase("@SUM(A1)")]
    [TestCase("+84 912 345 678")]
    [TestCase("-UBND huyện")]
    public void Write_UnitNameLikeAFormula_StaysText(string name)
    {
        using var wb = WriteAndOpen(ExportFixture.Report(new Dictionary<string, string> { ["H-A"] = name }));
        var cell = RowOf(wb.Worksheet("Khối UBND cấp huyện"), "H-A").Cell(3);
        Assert.That(cell.HasFormula, Is.False);
        Assert.That(cell.FormulaA1, Is.Empty);
        Assert.That(cell.DataType, Is.EqualTo(XLDataType.Text));
        Assert.That(cell.GetString(), Is.EqualTo(name));
        // What Excel will see: no formula element anywhere in the file's sheets.
        using var zip = System.IO.Compression.ZipFile.OpenRead(_folder.File("ranking-2024.xlsx"));
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            var xml = reader.ReadToEnd();
            Assert.That(xml, Does.Not.Contain("<x:f>").And.Not.Contain("<f>").And.Not.Contain("<f "), entry.FullName);
        }
    }

    [Test]
    public void Write_UnitCodeLikeANumber_StaysText()
    {
        // A code such as "1.10" must not turn into the number 1.1.
        var group = ExportFixture.Current();
        var renamed = group with { Units = group.Units.Select(u => u.Unit.Code == "H-A" ? u with { Unit = u.Unit with { Code = "1.10" } } : u).ToList() };
        using var wb = WriteAndOpen(new RankingReport(2024, "ParIndex 1.0.0", "sha256:x", [renamed]));
        var cell = wb.Worksheet("Khối UBND cấp huyện").Cell(4, 2);
        Assert.That(cell.DataType, Is.EqualTo(XLDataType.Text));
        Assert.That(cell.GetString(), Is.EqualTo("1.10"));
    }

    [Test]
    public void Write_Summary_GivesMeanCountsAndMovers()
    {
        using var wb = WriteAndOpen(ExportFixture.Report());
        var ws = wb.Worksheet("Tổng hợp");
        Assert.That(ws.Row(1).CellsUsed().Select(c => c.GetString()), Is.EqualTo(new[] { "Chỉ tiêu", "Giá trị", "Thay đổi so với năm trước" }));
        IXLRow Line(string label) => ws.RowsUsed().Single(r => r.Cell(1).GetString() == label);

        Assert.That(ws.Cell(2, 1).GetString(), Is.EqualTo("Khối UBND cấp huyện"));
        Assert.That(Line("Số đơn vị xếp hạng").Cell(2).GetValue<int>(), Is.EqualTo(5));
        Assert.That(Line("Chỉ số trung bình (%)").Cell(2).GetValue<decimal>(), Is.EqualTo(79.08m));
        Assert.That(Line("Chỉ số trung bình (%)").Cell(3).GetValue<decimal>(), Is.EqualTo(13.91m));
        Assert.That(Line("Số đơn vị xếp loại Khá").Cell(2).GetValue<int>(), Is.EqualTo(2));
        Assert.That(Line("Số đơn vị xếp loại Yếu").Cell(3).GetValue<int>(), Is.EqualTo(-2));
        Assert.That(Line("Số đơn vị tăng hạng").Cell(2).GetValue<int>(), Is.EqualTo(2));
        Assert.That(Line("Số đơn vị giữ hạng").Cell(2).GetValue<int>(), Is.Zero);
        Assert.That(Line("Tăng hạng nhiều nhất").Cell(2).GetString(), Is.EqualTo("UBND huyện Bắc Sơn (H-B): hạng 4 → hạng 2, tăng 2 bậc"));
        Assert.That(Line("Giảm hạng nhiều nhất").Cell(2).GetString(), Is.EqualTo("UBND huyện Cao Lộc (H-C): hạng 2 → hạng 5, giảm 3 bậc"));
    }

    [Test]
    public void Write_Info_NamesVersionsDecisionSoftwareAndFingerprint()
    {
        using var wb = WriteAndOpen(ExportFixture.Report());
        var ws = wb.Worksheet("Thông tin");
        var lines = ws.RowsUsed().ToDictionary(r => r.Cell(1).GetString(), r => r.Cell(2).GetString());
        Assert.That(lines["Năm đánh giá"], Is.EqualTo("2024"));
        Assert.That(lines["Phần mềm"], Is.EqualTo("ParIndex 1.0.0"));
        Assert.That(lines["Mã kiểm tra dữ liệu đầu vào"], Is.EqualTo(ExportFixture.Fingerprint));
        Assert.That(lines["Khối UBND cấp huyện: phiên bản bộ tiêu chí"], Is.EqualTo("2024.1"));
        Assert.That(lines["Khối UBND cấp huyện: quyết định ban hành"], Is.EqualTo("QĐ 24/QĐ-UBND ngày 15/01/2024"));
        Assert.That(lines["Khối UBND cấp huyện: cách làm tròn và xếp hạng"], Does.Contain("81,125 → 81,13").And.Contain("(1, 2, 2, 4)"));
    }

    [Test]
    public void Write_SeveralGroups_OneSheetEachInReportOrder()
    {
        var report = new RankingReport(2024, "ParIndex 1.0.0", "sha256:x",
        [
            ExportFixture.Current(group: "departments", previous: ExportFixture.Previous("departments")),
            ExportFixture.Current(group: "communes", previous: ExportFixture.Previous("communes")),
            ExportFixture.Current(group: "khối/đặc thù: đơn vị trực thuộc trung ương [thí điểm]", previous: ExportFixture.Previous("x")),
        ]);
        using var wb = WriteAndOpen(report);
        Assert.That(wb.Worksheets.Select(w => w.Name), Is.EqualTo(new[]
        {
            "Tổng hợp", "Khối sở, ban, ngành", "Khối UBND cấp xã", "khối-đặc thù- đơn vị trực thuộc", "Thông tin", "Điều tra XHH",
        }));
    }

    [Test]
    public void SheetName_ForbiddenCharactersAndLength_AreMadeSafe()
    {
        Assert.That(RankingWorkbook.SheetName("districts"), Is.EqualTo("Khối UBND cấp huyện"));
        Assert.That(RankingWorkbook.SheetName("a/b\\c?d*e:f[g]"), Is.EqualTo("a-b-c-d-e-f-g-"));
        Assert.That(RankingWorkbook.SheetName(new string('x', 40)), Has.Length.EqualTo(31));
        Assert.That(RankingWorkbook.SheetName("'quoted'"), Is.EqualTo("quoted"));
    }
}
