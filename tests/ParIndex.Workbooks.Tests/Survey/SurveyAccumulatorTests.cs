using NUnit.Framework;
using ParIndex.Scoring;
using ParIndex.Workbooks.Survey;
using static ParIndex.Workbooks.Tests.Survey.SurveyFixtures;

namespace ParIndex.Workbooks.Tests.Survey;

public sealed class SurveyAccumulatorTests : TempFolderTest
{
    // The survey of the first tests, as Excel users type it: a title, a blank row, the header on row 3 with the
    // columns in another order, ids typed as numbers, lower-case and padded letters, a blank row in the middle,
    // and a questionnaire with no answer at all.
    private static readonly object?[][] ExcelLikeSurvey =
    [
        ["Phiếu khảo sát sự hài lòng năm 2024"],
        [],
        ["Mã phiếu", "Q02", "Mã đơn vị", "Q01", "Nhóm đối tượng", "Q03", "Q04", "Q05"],
        [1.0, "b", "H-HL", "A", "Người dân", "c", null, "d"],
        [2.0, "A", "H-HL", " a ", "Doanh nghiệp", null, "", null],
        [],
        [3.0, null, "H-HL", null, "Người dân", null, null, null],
        [1.0, "C", "H-CL", "B", "Người dân", "A", "B", "A"],
        [4.0, null, "H-HL", "C", "Người dân", null, "b", null],
    ];

    // The same questionnaires in SurveyWriter's column order (Q01..Q05), '.' = no answer.
    private static readonly SurveyRow[] WriterSurvey =
    [
        new("H-HL", "Người dân", "1", Answers("Abc.d")),
        new("H-HL", "Doanh nghiệp", "2", Answers("aA...")),
        new("H-HL", "Người dân", "3", Answers(".....")),
        new("H-CL", "Người dân", "1", Answers("BCABA")),
        new("H-HL", "Người dân", "4", Answers("C..b.")),
    ];

    private static void AssertExpectedTallies(IReadOnlyDictionary<string, UnitSurvey> tallies)
    {
        Assert.That(tallies.Keys, Is.EquivalentTo(new[] { "H-HL", "H-CL" }));
        var hl = tallies["H-HL"];
        Assert.Multiple(() =>
        {
            Assert.That(hl.Questionnaires, Is.EqualTo(4));
            Assert.That(hl.AnswerCounts["Q01"], Is.EqualTo(new long[] { 2, 0, 1, 0, 0 }));
            Assert.That(hl.AnswerCounts["Q02"], Is.EqualTo(new long[] { 1, 1, 0, 0, 0 }));
            Assert.That(hl.AnswerCounts["Q03"], Is.EqualTo(new long[] { 0, 0, 1, 0, 0 }));
            Assert.That(hl.AnswerCounts["Q04"], Is.EqualTo(new long[] { 0, 1, 0, 0, 0 }));
            Assert.That(hl.AnswerCounts["Q05"], Is.EqualTo(new long[] { 0, 0, 0, 1, 0 }));
            // 8.1 (Q01, Q02): questionnaires 1, 2, 4; 8.2 (Q03–Q05): 1 and 4. Questionnaire 3 answered nothing.
            Assert.That(hl.LeafRespondents, Is.EquivalentTo(new Dictionary<string, int> { ["8.1"] = 3, ["8.2"] = 2 }));
        });
        var cl = tallies["H-CL"];
        Assert.Multiple(() =>
        {
            Assert.That(cl.Questionnaires, Is.EqualTo(1));
            Assert.That(cl.AnswerCounts["Q01"], Is.EqualTo(new long[] { 0, 1, 0, 0, 0 }));
            Assert.That(cl.AnswerCounts["Q02"], Is.EqualTo(new long[] { 0, 0, 1, 0, 0 }));
            Assert.That(cl.LeafRespondents, Is.EquivalentTo(new Dictionary<string, int> { ["8.1"] = 1, ["8.2"] = 1 }));
        });
    }

    [Test]
    public void Read_ExcelLikeWorkbook_HeaderBelowTitleColumnsReordered_CountsExactly()
    {
        var path = PathOf("khaosat-2024.xlsx");
        WriteWithClosedXml(path, ExcelLikeSurvey);
        var accumulator = NewAccumulator();

        var problems = accumulator.ReadFile(path);

        Assert.That(problems, Is.Empty);
        AssertExpectedTallies(accumulator.Tallies());
        Assert.That((accumulator.FilesAccepted, accumulator.FilesRejected, accumulator.Questionnaires), Is.EqualTo((1, 0, 5L)));
    }

    [Test]
    public void Read_SurveyWriterWorkbook_CountsExactly()
    {
        var path = PathOf("khaosat-writer.xlsx");
        WriteWithSurveyWriter(path, DistrictQuestions, WriterSurvey);
        var accumulator = NewAccumulator();

        var problems = accumulator.ReadFile(path);

        Assert.That(problems, Is.Empty);
        AssertExpectedTallies(accumulator.Tallies());
    }

    [Test]
    public void Read_FileWithErrors_ReportsEachCellAndCountsNothing()
    {
        var bad = PathOf("khaosat-loi.xlsx");
        WriteWithClosedXml(bad,
        [
            ["Phiếu khảo sát"],
            ["Mã đơn vị", "Nhóm đối tượng", "Mã phiếu", "Q01", "Q02", "Q03"],
            ["H-HL", "Người dân", "10", "A", "B", null],
            ["H-XX", "Người dân", "11", "A", null, null],
            [],
            ["H-HL", "Người dân", "12", "F", null, null],
            ["H-HL", "Người dân", "10", "B", null, null],
            ["H-HL", "Người dân", null, "B", null, null],
            ["H-HL", "Người dân", "13", null, "D", null],
            ["H-HL", "Người dân", "14", 1.0, null, "AB"],
            [null, "Người dân", "15", "A", null, null],
        ]);
        var accumulator = NewAccumulator();

        var problems = accumulator.ReadFile(bad);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "khaosat-loi.xlsx!Phiếu!A4: Mã đơn vị \"H-XX\" không có trong danh sách đơn vị được đánh giá",
            "khaosat-loi.xlsx!Phiếu!D6: Đáp án \"F\" không hợp lệ ở câu Q01 (chỉ nhận A–E)",
            "khaosat-loi.xlsx!Phiếu!C7: Mã phiếu \"10\" của đơn vị H-HL bị trùng với dòng 3",
            "khaosat-loi.xlsx!Phiếu!C8: Thiếu mã phiếu",
            "khaosat-loi.xlsx!Phiếu!E9: Đáp án \"D\" không có trong thang điểm của câu Q02 (chỉ nhận A, B, C)",
            "khaosat-loi.xlsx!Phiếu!D10: Đáp án 1 ở câu Q01 không hợp lệ: đáp án phải là một chữ cái A–E",
            "khaosat-loi.xlsx!Phiếu!F10: Đáp án \"AB\" không hợp lệ ở câu Q03 (chỉ nhận A–E)",
            "khaosat-loi.xlsx!Phiếu!A11: Thiếu mã đơn vị",
        }));
        Assert.That(problems.All(p => p.IsError), Is.True);
        Assert.That(accumulator.Tallies(), Is.Empty);
        Assert.That((accumulator.FilesAccepted, accumulator.FilesRejected, accumulator.Questionnaires), Is.EqualTo((0, 1, 0L)));

        // The rejected file left no trace: its ids are free, and a valid file still counts.
        var good = PathOf("khaosat-dung.xlsx");
        WriteWithSurveyWriter(good, ["Q01"], [new SurveyRow("H-HL", "Người dân", "10", Answers("A"))]);
        Assert.That(accumulator.ReadFile(good), Is.Empty);
        Assert.That(accumulator.Tallies()["H-HL"].AnswerCounts["Q01"], Is.EqualTo(new long[] { 1, 0, 0, 0, 0 }));
        Assert.That(accumulator.Questionnaires, Is.EqualTo(1));
    }

    [Test]
    public void Read_HeaderWithoutIdColumn_ReportsMissingColumnAndCountsNothing()
    {
        var path = PathOf("thieu-cot.xlsx");
        WriteWithClosedXml(path,
        [
            ["Mã đơn vị", "Nhóm đối tượng", "Q01"],
            ["H-HL", "Người dân", "A"],
        ]);
        var accumulator = NewAccumulator();

        var problems = accumulator.ReadFile(path);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "thieu-cot.xlsx!Phiếu: Dòng tiêu đề (dòng 1) thiếu cột \"Mã phiếu\"",
        }));
        Assert.That(accumulator.Tallies(), Is.Empty);
    }

    [Test]
    public void Read_NoHeaderInFirstRows_ReportsHeaderNotFound()
    {
        var path = PathOf("khong-tieu-de.xlsx");
        WriteWithClosedXml(path, Enumerable.Range(1, 30).Select(i => new object?[] { "H-HL", "Người dân", i.ToString(), "A" }));

        var problems = NewAccumulator().ReadFile(path);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0].Cell, Is.Null);
        Assert.That(problems[0].Message, Does.StartWith("Không tìm thấy dòng tiêu đề trong 20 dòng đầu"));
    }

    [Test]
    public void Read_HeaderLabelsInOtherCaseAndSpacing_AreFound()
    {
        var path = PathOf("tieu-de.xlsx");
        WriteWithClosedXml(path,
        [
            ["  MÃ ĐƠN  VỊ ", "nhóm đối tượng", "Mã Phiếu", "q01"],
            ["H-HL", "Người dân", "1", "A"],
        ]);
        var accumulator = NewAccumulator();

        Assert.That(accumulator.ReadFile(path), Is.Empty);
        Assert.That(accumulator.Tallies()["H-HL"].AnswerCounts["Q01"], Is.EqualTo(new long[] { 1, 0, 0, 0, 0 }));
    }

    [Test]
    public void Read_UnknownQuestionColumn_ReportsHeaderCell()
    {
        var path = PathOf("cau-la.xlsx");
        WriteWithClosedXml(path,
        [
            [],
            ["Mã đơn vị", "Nhóm đối tượng", "Mã phiếu", "Q01", "Q99"],
            ["H-HL", "Người dân", "1", "A", null],
        ]);
        var accumulator = NewAccumulator();

        var problems = accumulator.ReadFile(path);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "cau-la.xlsx!Phiếu!E2: Cột \"Q99\" không phải mã câu hỏi nào trong bộ tiêu chí (các mã câu hỏi: Q01, Q02, Q03, Q04, Q05, Q06)",
        }));
        Assert.That(accumulator.Tallies(), Is.Empty);
    }

    [Test]
    public void Read_DuplicateQuestionColumn_ReportsSecondHeaderCell()
    {
        var path = PathOf("cot-trung.xlsx");
        WriteWithClosedXml(path,
        [
            ["Mã đơn vị", "Nhóm đối tượng", "Mã phiếu", "Q01", "Q01"],
            ["H-HL", "Người dân", "1", "A", "B"],
        ]);

        var problems = NewAccumulator().ReadFile(path);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[] { "cot-trung.xlsx!Phiếu!E1: Cột \"Q01\" bị lặp lại (đã có ở ô D1)" }));
    }

    [Test]
    public void Read_TwoFiles_TalliesAreMerged()
    {
        var first = PathOf("dot-1.xlsx");
        var second = PathOf("dot-2.xlsx");
        WriteWithSurveyWriter(first, ["Q01", "Q03"],
        [
            new SurveyRow("H-HL", "Người dân", "1", Answers("AB")),
            new SurveyRow("H-HL", "Người dân", "2", Answers("C.")),
        ]);
        // The second file has other columns: Q02 only.
        WriteWithSurveyWriter(second, ["Q02"],
        [
            new SurveyRow("H-HL", "Doanh nghiệp", "3", Answers("B")),
            new SurveyRow("H-CL", "Doanh nghiệp", "1", Answers("A")),
        ]);
        var accumulator = NewAccumulator();

        Assert.That(accumulator.ReadFile(first), Is.Empty);
        Assert.That(accumulator.ReadFile(second), Is.Empty);

        var hl = accumulator.Tallies()["H-HL"];
        Assert.Multiple(() =>
        {
            Assert.That(hl.Questionnaires, Is.EqualTo(3));
            Assert.That(hl.AnswerCounts["Q01"], Is.EqualTo(new long[] { 1, 0, 1, 0, 0 }));
            Assert.That(hl.AnswerCounts["Q02"], Is.EqualTo(new long[] { 0, 1, 0, 0, 0 }));
            Assert.That(hl.AnswerCounts["Q03"], Is.EqualTo(new long[] { 0, 1, 0, 0, 0 }));
            Assert.That(hl.AnswerCounts["Q04"], Is.EqualTo(new long[5]));
            Assert.That(hl.LeafRespondents, Is.EquivalentTo(new Dictionary<string, int> { ["8.1"] = 3, ["8.2"] = 1 }));
            Assert.That(accumulator.Tallies()["H-CL"].Questionnaires, Is.EqualTo(1));
            Assert.That((accumulator.FilesAccepted, accumulator.Questionnaires), Is.EqualTo((2, 4L)));
        });
    }

    [Test]
    public void Read_IdAlreadyReadInEarlierFile_RejectsSecondFile()
    {
        var first = PathOf("dot-1.xlsx");
        var again = PathOf("dot-1-ban-sao.xlsx");
        WriteWithSurveyWriter(first, ["Q01"], [new SurveyRow("H-HL", "Người dân", "7", Answers("A"))]);
        WriteWithSurveyWriter(again, ["Q01"],
        [
            new SurveyRow("H-CL", "Người dân", "7", Answers("B")), // same id, another unit: fine
            new SurveyRow("H-HL", "Người dân", "7", Answers("A")),
        ]);
        var accumulator = NewAccumulator();

        Assert.That(accumulator.ReadFile(first), Is.Empty);
        var problems = accumulator.ReadFile(again);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "dot-1-ban-sao.xlsx!Phiếu!C3: Mã phiếu \"7\" của đơn vị H-HL đã có trong một tệp khảo sát đã đọc trước đó",
        }));
        Assert.That(accumulator.Tallies().Keys, Is.EqualTo(new[] { "H-HL" }));
        Assert.That(accumulator.Tallies()["H-HL"].Questionnaires, Is.EqualTo(1));
    }

    [Test]
    public void Read_QuestionNotInUnitsSet_BlankIgnoredAnswerRejected()
    {
        // Q03 belongs to the districts' questionnaire only; X-AB is a commune.
        var blank = PathOf("xa-trong.xlsx");
        WriteWithSurveyWriter(blank, ["Q01", "Q03", "Q06"], [new SurveyRow("X-AB", "Người dân", "1", Answers("A.B"))]);
        var answered = PathOf("xa-tra-loi.xlsx");
        WriteWithSurveyWriter(answered, ["Q01", "Q03", "Q06"], [new SurveyRow("X-AB", "Người dân", "2", Answers("AC."))]);
        var accumulator = NewAccumulator();

        Assert.That(accumulator.ReadFile(blank), Is.Empty);
        var problems = accumulator.ReadFile(answered);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "xa-tra-loi.xlsx!Phiếu!E2: Câu Q03 không thuộc bộ tiêu chí của đơn vị X-AB (khối communes): ô này phải để trống",
        }));
        var ab = accumulator.Tallies()["X-AB"];
        Assert.That(ab.AnswerCounts.Keys, Is.EquivalentTo(new[] { "Q01", "Q06" }));
        Assert.That(ab.AnswerCounts["Q06"], Is.EqualTo(new long[] { 0, 1, 0, 0, 0 }));
        Assert.That(ab.LeafRespondents["8.1"], Is.EqualTo(1));
    }

    [Test]
    public void Read_LetterEWithoutShareInDefaultMap_IsError()
    {
        var path = PathOf("dap-an-e.xlsx");
        WriteWithSurveyWriter(path, ["Q01"], [new SurveyRow("H-HL", "Người dân", "1", Answers("e"))]);

        var problems = NewAccumulator().ReadFile(path);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "dap-an-e.xlsx!Phiếu!D2: Đáp án \"E\" không có trong thang điểm của câu Q01 (chỉ nhận A, B, C, D)",
        }));
    }

    [Test]
    public void Read_ManyErrors_ListsFirst200AndCountsTheRest()
    {
        var path = PathOf("sai-het.xlsx");
        WriteWithSurveyWriter(path, ["Q01"],
            Enumerable.Range(1, 250).Select(i => new SurveyRow("H-HL", "Người dân", i.ToString(), Answers("X"))));

        var problems = NewAccumulator().ReadFile(path);

        Assert.That(problems, Has.Count.EqualTo(SurveyAccumulator.MaxErrorsPerFile + 1));
        Assert.That(problems[199].Cell, Is.EqualTo("D201"));
        Assert.That(problems[^1].ToString(), Is.EqualTo("sai-het.xlsx!Phiếu: … và 50 lỗi khác trong tệp này (chỉ liệt kê 200 lỗi đầu tiên)"));
    }

    [Test]
    public void Read_NotAWorkbook_ReportsUnreadableFile()
    {
        var path = PathOf("khong-phai.xlsx");
        File.WriteAllText(path, "đây không phải bảng tính");

        var accumulator = NewAccumulator();
        var problems = accumulator.ReadFile(path);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0].Message, Does.StartWith("Tệp không phải bảng tính Excel dạng .xlsx"));
        Assert.That(accumulator.FilesRejected, Is.EqualTo(1));
    }

    [Test]
    public void Read_WithProgress_ReportsRowsReadUpToTheLast()
    {
        var path = PathOf("tien-do.xlsx");
        WriteWithSurveyWriter(path, ["Q01"],
            Enumerable.Range(1, 2500).Select(i => new SurveyRow("H-HL", "Người dân", i.ToString(), Answers("A"))));
        var reported = new List<long>();

        Assert.That(NewAccumulator().ReadFile(path, reported.Add), Is.Empty);

        Assert.That(reported, Is.EqualTo(new long[] { 1000, 2000, 2501 }));
    }

    [Test]
    public void Tallies_IsASnapshot_LaterReadsDoNotChangeIt()
    {
        var first = PathOf("a.xlsx");
        var second = PathOf("b.xlsx");
        WriteWithSurveyWriter(first, ["Q01"], [new SurveyRow("H-HL", "Người dân", "1", Answers("A"))]);
        WriteWithSurveyWriter(second, ["Q01"], [new SurveyRow("H-HL", "Người dân", "2", Answers("A"))]);
        var accumulator = NewAccumulator();
        accumulator.ReadFile(first);

        var before = accumulator.Tallies();
        accumulator.ReadFile(second);

        Assert.That(before["H-HL"].AnswerCounts["Q01"][0], Is.EqualTo(1));
        Assert.That(accumulator.Tallies()["H-HL"].AnswerCounts["Q01"][0], Is.EqualTo(2));
    }

    [Test]
    public void Read_ForwardOnlyStream_IsReadLikeAFile()
    {
        var path = PathOf("tai-len.xlsx");
        WriteWithSurveyWriter(path, ["Q01"], [new SurveyRow("H-HL", "Người dân", "1", Answers("C"))]);
        var accumulator = NewAccumulator();

        using (var stream = new ForwardOnlyStream(File.OpenRead(path)))
            Assert.That(accumulator.Read(stream, "tai-len.xlsx"), Is.Empty);

        Assert.That(accumulator.Tallies()["H-HL"].AnswerCounts["Q01"], Is.EqualTo(new long[] { 0, 0, 1, 0, 0 }));
    }

    [Test]
    public void Read_HugeNumberAsAnswerOrId_IsReportedNotThrown()
    {
        var path = PathOf("so-lon.xlsx");
        WriteWithClosedXml(path,
        [
            ["Mã đơn vị", "Nhóm đối tượng", "Mã phiếu", "Q01"],
            ["H-HL", "Người dân", 1e30, 2.5],
            ["H-HL", "Người dân", 1e30, 1e300],
        ]);

        var problems = NewAccumulator().ReadFile(path);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "so-lon.xlsx!Phiếu!D2: Đáp án 2,5 ở câu Q01 không hợp lệ: đáp án phải là một chữ cái A–E",
            "so-lon.xlsx!Phiếu!C3: Mã phiếu \"1E+30\" của đơn vị H-HL bị trùng với dòng 2",
            "so-lon.xlsx!Phiếu!D3: Đáp án ở câu Q01 không hợp lệ: đáp án phải là một chữ cái A–E",
        }));
    }

    [Test]
    public void Read_ThousandsOfCodesThatAreNoUnit_EachRowIsStillReported()
    {
        // E.g. the ids typed in the unit column: every row has another code that is no unit. More than the
        // 1,000 such codes a file remembers, then two of them again.
        var path = PathOf("cot-sai.xlsx");
        WriteWithSurveyWriter(path, ["Q01"], Enumerable.Range(0, 1500).Select(i => new SurveyRow($"P{i:D5}", "Người dân", $"{i}", Answers("A")))
            .Append(new SurveyRow("P01499", "Người dân", "x", Answers("A")))
            .Append(new SurveyRow("P00000", "Người dân", "y", Answers("A"))));
        var accumulator = NewAccumulator();

        var problems = accumulator.ReadFile(path);

        Assert.That(problems, Has.Count.EqualTo(SurveyAccumulator.MaxErrorsPerFile + 1));
        Assert.That(problems[0].ToString(), Is.EqualTo("cot-sai.xlsx!Phiếu!A2: Mã đơn vị \"P00000\" không có trong danh sách đơn vị được đánh giá"));
        Assert.That(problems[^1].Message, Does.StartWith("… và 1302 lỗi khác"));
        var good = PathOf("dung.xlsx");
        WriteWithSurveyWriter(good, ["Q01"], [new SurveyRow("H-HL", "Người dân", "1", Answers("A"))]);
        Assert.That(accumulator.ReadFile(good), Is.Empty);
    }

    [Test]
    [Category("LibreOffice")]
    public void Read_WorkbookSavedByLibreOffice_CountsExactly()
    {
        var soffice = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "soffice")).FirstOrDefault(File.Exists);
        Assume.That(soffice, Is.Not.Null, "LibreOffice (soffice) is not installed");
        var csv = PathOf("khaosat-lo.csv");
        File.WriteAllText(csv, string.Join("\n",
            "Mã đơn vị,Nhóm đối tượng,Mã phiếu,Q01,Q02",
            "H-HL,Người dân,1,a,B",
            "H-HL,Người dân,2,,c",
            "H-CL,Doanh nghiệp,1,D,"));

        using (var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(soffice!,
                   ["-env:UserInstallation=file://" + PathOf("lo-profile"), "--headless", "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", Folder, csv])
               { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            Assert.That(process.WaitForExit(120_000), Is.True, "LibreOffice did not finish");
        }
        var accumulator = NewAccumulator();

        var problems = accumulator.ReadFile(PathOf("khaosat-lo.xlsx"));

        Assert.That(problems, Is.Empty);
        var tallies = accumulator.Tallies();
        Assert.That(tallies["H-HL"].AnswerCounts["Q01"], Is.EqualTo(new long[] { 1, 0, 0, 0, 0 }));
        Assert.That(tallies["H-HL"].AnswerCounts["Q02"], Is.EqualTo(new long[] { 0, 1, 1, 0, 0 }));
        Assert.That(tallies["H-CL"].AnswerCounts["Q01"], Is.EqualTo(new long[] { 0, 0, 0, 1, 0 }));
        Assert.That(tallies["H-HL"].LeafRespondents["8.1"], Is.EqualTo(2));
    }
}
