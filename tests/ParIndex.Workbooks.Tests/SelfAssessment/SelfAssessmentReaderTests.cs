using ClosedXML.Excel;
using NUnit.Framework;
using ParIndex.Scoring;
using ParIndex.Workbooks.SelfAssessment;
using static ParIndex.Workbooks.Tests.SelfAssessment.SelfAssessmentFixture;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;

namespace ParIndex.Workbooks.Tests.SelfAssessment;

public class SelfAssessmentReaderTests
{
    /// <summary>What <see cref="SelfAssessmentFixture.FillValid"/> reads back as.</summary>
    private static readonly Dictionary<string, LeafInput> ValidInputs = new()
    {
        ["1.1.1"] = new(1m, Value: "Không kịp thời", Evidence: "KH 12/KH-UBND ngày 10/01/2024"),
        ["1.1.2"] = new(1m, Value: "Có", Evidence: "BC 45/BC-UBND"),
        ["1.1.3"] = new(2.5m, Evidence: "KH kiểm tra 3/KH-UBND"),
        ["1.10"] = new(null, NotApplicable: true, Explanation: "Năm 2024 không có nhiệm vụ tuyên truyền riêng"),
        ["2.1"] = new(2m, Value: "95", Evidence: "Hệ thống một cửa"),
        ["2.2"] = new(2.625m, Value: "87,5", Evidence: "Cổng dịch vụ công"),
        ["TP.1"] = new(1.5m, Value: "3", Evidence: "QĐ công nhận sáng kiến 7/QĐ-UBND"),
        ["TP.2"] = new(0m),
    };

    private static ReadResult<UnitAssessment> ReadAfter(Action<SelfAssessmentFiller> spoil)
    {
        using var f = OpenTemplate().FillValid();
        spoil(f);
        return Read(f.Save());
    }

    private static string At(SelfAssessmentFiller f, string code, string header) => f.Cell(code, header).Address.ToStringRelative();

    [Test]
    public void Read_ValidWorkbook_ReturnsEveryLeafExactlyAndNoProblem()
    {
        var result = ReadAfter(_ => { });

        Assert.That(result.Problems.Lines(), Is.Empty);
        Assert.That(result.Accepted, Is.True);
        Assert.That(result.Value!.UnitCode, Is.EqualTo("H-HL"));
        Assert.That(result.Value.Leaves, Is.EquivalentTo(ValidInputs), "survey leaf 2.3 is not self-assessed");
    }

    [Test]
    public void Read_BinaryDoublesAndAppraisal_AreExactDecimals()
    {
        var result = ReadAfter(f =>
        {
            f.Cell("1.1.3", S.SelfScore).SetValue(0.1 + 0.2); // 0.30000000000000004 as a double
            f.Set("1.1.3", appraisal: 0.25m, reason: "Chỉ kiểm tra 1/4 số cơ quan");
            f.Cell("2.2", S.Appraisal).SetValue(0.7 + 0.1); // 0.7999999999999999
            f.Set("2.2", reason: "Số liệu cổng DVC khác báo cáo");
        });

        Assert.That(result.Problems.Lines(), Is.Empty);
        var leaves = result.Value!.Leaves;
        Assert.That(leaves["1.1.3"], Is.EqualTo(new LeafInput(0.3m, Appraisal1: 0.25m, Evidence: "KH kiểm tra 3/KH-UBND",
            AppraisalReason: "Chỉ kiểm tra 1/4 số cơ quan")));
        Assert.That(leaves["2.2"].Appraisal1, Is.EqualTo(0.8m));
        Assert.That(leaves["2.2"].Final, Is.EqualTo(0.8m));
    }

    [Test]
    public void Read_SeveralMistakes_ReportsExactlyThoseWithCellsAndRejects()
    {
        string[] expected = [];
        var result = ReadAfter(f =>
        {
            f.Sheet.Cell("B2").SetValue("H-XX");
            f.Set("1.1.3", selfScore: 3.5m);
            f.Set("1.1.1", value: "Tốt");
            f.Cell("1.1.2", S.Value).Clear(XLClearOptions.Contents);
            f.Set("2.1", notApplicable: true);
            f.Set("2.2", value: "abc", appraisal: 2m);
            f.Cell("TP.1", S.Value).FormulaA1 = "1/0";
            var extra = f.Cell("TP.2", S.Code).CellBelow();
            extra.SetValue("9.9");
            expected =
            [
                "B2: Phiếu này là của đơn vị H-XX, không phải của UBND huyện Hữu Lũng (H-HL); hãy nộp đúng phiếu của đơn vị",
                $"{At(f, "1.1.1", S.Value)}: Giá trị \"Tốt\" không phải một mức của tiêu chí 1.1.1 (chọn một trong: Kịp thời, Không kịp thời, Không ban hành)",
                $"{At(f, "1.1.2", S.Value)}: Thiếu Giá trị của tiêu chí 1.1.2 (chọn Có hoặc Không)",
                $"{At(f, "1.1.3", S.SelfScore)}: Điểm tự chấm 3,5 vượt điểm tối đa 3 của tiêu chí 1.1.3",
                $"{At(f, "2.1", S.NotApplicable)}: Tiêu chí 2.1 không được đánh dấu Không áp dụng; hãy xoá dấu và nhập Giá trị hoặc Điểm tự chấm",
                $"{At(f, "2.2", S.AppraisalReason)}: Tiêu chí 2.2 có Điểm thẩm định 2 nhưng thiếu Lý do thẩm định",
                $"{At(f, "2.2", S.Value)}: Giá trị \"abc\" của tiêu chí 2.2 không phải là một số",
                $"{At(f, "TP.1", S.Value)}: Ô Giá trị của tiêu chí TP.1 chứa công thức chưa có giá trị tính sẵn; hãy nhập giá trị trực tiếp, không dùng công thức",
                $"{extra.Address.ToStringRelative()}: Mã tiêu chí 9.9 không có trong bộ tiêu chí phiên bản 2024.1; không thêm hay sửa mã tiêu chí",
            ];
        });

        Assert.That(result.Problems.Lines(), Is.EqualTo(expected));
        Assert.That(result.Problems, Has.All.Property(nameof(WorkbookProblem.Severity)).EqualTo(Severity.Error));
        Assert.That(result.Value, Is.Null);
        Assert.That(result.Accepted, Is.False);
        Assert.That(result.Problems.Select(p => (p.File, p.Sheet)).Distinct(), Is.EqualTo(new[] { ("H-HL.xlsx", (string?)S.SheetName) }));
        Assert.That(result.Problems[3].ToString(), Does.StartWith("H-HL.xlsx!Tự đánh giá!F"));
    }

    [Test]
    public void Read_TypedSelfScoreDiffers_KeepsComputedAndWarnsWithBothNumbers()
    {
        string cell = "";
        var result = ReadAfter(f =>
        {
            f.Set("1.1.1", selfScore: 2m); // level "Không kịp thời" gives 1
            f.Set("TP.1", selfScore: 1.5m); // same as computed: no warning
            cell = At(f, "1.1.1", S.SelfScore);
        });

        Assert.That(result.Accepted, Is.True);
        Assert.That(result.Warnings.Lines(), Is.EqualTo(new[]
        {
            $"{cell}: Điểm tự chấm 2 của tiêu chí 1.1.1 khác điểm tính theo Giá trị (1); phần mềm dùng 1",
        }));
        Assert.That(result.Value!.Leaves["1.1.1"].SelfScore, Is.EqualTo(1m));
    }

    [Test]
    public void Read_NoEvidenceNorExplanation_Warns()
    {
        string cell = "";
        var result = ReadAfter(f =>
        {
            f.Cell("2.1", S.Evidence).Clear(XLClearOptions.Contents);
            cell = At(f, "2.1", S.Evidence);
        });

        Assert.That(result.Accepted, Is.True);
        Assert.That(result.Warnings.Lines(), Is.EqualTo(new[] { $"{cell}: Tiêu chí 2.1 chưa có Tài liệu kiểm chứng hoặc Giải trình" }));
    }

    [Test]
    public void Read_ReorderedColumns_ReadsTheSame()
    {
        using var f = OpenTemplate().FillValid();
        var ws = f.Sheet;
        var last = ws.LastRowUsed()!.RowNumber();
        void Swap(string a, string b)
        {
            var (ca, cb) = (f.Cell("1", a).Address.ColumnNumber, f.Cell("1", b).Address.ColumnNumber);
            for (var r = 1; r <= last; r++)
            {
                var spare = ws.Cell(r, 30);
                spare.CopyFrom(ws.Cell(r, ca));
                ws.Cell(r, ca).CopyFrom(ws.Cell(r, cb));
                ws.Cell(r, cb).CopyFrom(spare);
                spare.Clear();
            }
        }
        Swap(S.Value, S.Evidence);
        Swap(S.SelfScore, S.AppraisalReason);
        Swap(S.Code, S.Max);
        Assert.That(ws.Cell(ws.CellsUsed().First(c => c.GetString() == S.Code).Address.RowNumber, 1).GetString(), Is.EqualTo(S.Max),
            "the columns really moved");

        var result = Read(f.Save());

        Assert.That(result.Problems.Lines(), Is.Empty);
        Assert.That(result.Value!.Leaves, Is.EquivalentTo(ValidInputs));
    }

    [Test]
    public void Read_MissingSheet_RejectsWithOneProblem()
    {
        using var wb = new XLWorkbook();
        wb.AddWorksheet("Sheet1");
        using var ms = new MemoryStream();
        wb.SaveAs(ms);

        var result = Read(ms.ToArray());

        Assert.That(result.Value, Is.Null);
        Assert.That(result.Problems.Select(p => p.Message), Is.EqualTo(new[]
        {
            "Không có trang tính \"Tự đánh giá\"; hãy dùng mẫu phiếu do phần mềm tạo (tải mẫu mới), không đổi tên trang tính",
        }));
    }

    [Test]
    public void Read_NotAWorkbook_ReportsInsteadOfThrowing()
    {
        var result = Read("không phải xlsx"u8.ToArray(), "H-HL.xlsx");
        Assert.That(result.Value, Is.Null);
        // Refused by the guard before ClosedXML sees it (the contract changed: the message says what to do).
        Assert.That(result.Errors.Single().ToString(), Is.EqualTo(
            "H-HL.xlsx: Tệp không phải bảng tính Excel dạng .xlsx; hãy mở tệp bằng Excel và lưu lại dạng \"Sổ làm việc Excel (.xlsx)\""));
    }

    [Test]
    public void Read_HeaderRenamed_NamesTheMissingColumn()
    {
        var result = ReadAfter(f => f.Sheet.CellsUsed().First(c => c.GetString() == S.Explanation).SetValue("Ghi chú"));
        Assert.That(result.Value, Is.Null);
        Assert.That(result.Errors.Select(p => p.Message), Is.EqualTo(new[]
        {
            "Thiếu cột \"Giải trình\" ở dòng tiêu đề; hãy tải mẫu mới, không xoá hay đổi tên cột",
        }));
    }

    [Test]
    public void Read_OldCriteriaVersion_AsksForNewTemplate()
    {
        var result = ReadAfter(f => f.Sheet.Cell("B6").SetValue("2024.0"));
        Assert.That(result.Errors.Lines(), Is.EqualTo(new[]
        {
            "B6: Phiếu này lập theo bộ tiêu chí phiên bản 2024.0, phiên bản hiện hành là 2024.1; hãy tải mẫu mới và nhập lại",
        }));
    }

    [Test]
    public void Read_WrongYearAndGroup_ReportsBoth()
    {
        var result = ReadAfter(f =>
        {
            f.Sheet.Cell("B4").SetValue(2023);
            f.Sheet.Cell("B5").SetValue("departments");
        });
        Assert.That(result.Errors.Lines(), Is.EqualTo(new[]
        {
            "B4: Phiếu này lập cho năm 2023, không phải năm 2024; hãy tải mẫu năm 2024",
            "B5: Phiếu này lập theo bộ tiêu chí khối departments, không phải khối districts; hãy tải mẫu mới",
        }));
    }

    [Test]
    public void Read_WithoutDefinedNames_FallsBackToLabelledCells()
    {
        var accepted = ReadAfter(f => DeleteNames(f.Workbook));
        var rejected = ReadAfter(f =>
        {
            DeleteNames(f.Workbook);
            f.Sheet.Cell("B2").SetValue("H-XX");
        });

        Assert.That(accepted.Problems, Is.Empty);
        Assert.That(rejected.Errors.Lines().Single(), Does.StartWith("B2: Phiếu này là của đơn vị H-XX"));

        static void DeleteNames(IXLWorkbook wb)
        {
            foreach (var name in wb.NamedRanges.Select(n => n.Name).ToList()) wb.NamedRanges.Delete(name);
        }
    }

    [Test]
    public void Read_CodeTurnedIntoNumber_ReportsTypeChangeWithoutGuessing()
    {
        string cell = "";
        var result = ReadAfter(f =>
        {
            var code = f.Cell("1.10", S.Code);
            code.SetValue(1.1);
            cell = code.Address.ToStringRelative();
        });
        Assert.That(result.Errors.Lines(), Is.EqualTo(new[]
        {
            $"{cell}: Mã tiêu chí 1,1 đã bị đổi thành dạng số (không còn phân biệt được 1.1 với 1.10); hãy ghi lại mã dạng văn bản đúng như mẫu",
        }));
    }

    [Test]
    public void Read_DuplicateAndMissingRows_AreErrors()
    {
        string cell = "";
        var result = ReadAfter(f =>
        {
            cell = At(f, "1.1.2", S.Code);
            f.Cell("1.1.2", S.Code).SetValue("1.1.1");
            f.Cell("TP.2", S.Code).WorksheetRow().Delete();
        });
        Assert.That(result.Errors.Lines(), Is.EqualTo(new[]
        {
            $"{cell}: Mã tiêu chí 1.1.1 xuất hiện nhiều lần (đã có ở ô A{int.Parse(cell[1..]) - 1}); mỗi tiêu chí chỉ một dòng",
            "-: Thiếu dòng của tiêu chí 1.1.2 (Có báo cáo CCHC quý); không xoá dòng, hãy tải mẫu mới nếu cần",
            "-: Thiếu dòng của tiêu chí TP.2 (Báo cáo chậm, không đầy đủ); không xoá dòng, hãy tải mẫu mới nếu cần",
        }));
    }

    [Test]
    public void Read_PercentFormattedCell_AsksToTypeTheNumber()
    {
        var result = ReadAfter(f =>
        {
            var cell = f.Cell("2.1", S.Value);
            cell.SetValue(0.95);
            cell.Style.NumberFormat.NumberFormatId = 9;
        });
        Assert.That(result.Errors.Single().Message, Is.EqualTo(
            "Ô Giá trị của tiêu chí 2.1 đang ở định dạng phần trăm (95%); hãy đổi ô về định dạng số thường và nhập 95 cho 95%"));
    }

    [TestCase("2,5", 2.5)]
    [TestCase("2.5", 2.5)]
    [TestCase(" 3 ", 3)]
    public void Read_NumberTypedAsText_AcceptsEitherSeparator(string text, decimal expected)
    {
        var result = ReadAfter(f => f.Cell("1.1.3", S.SelfScore).SetValue(text));
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Value!.Leaves["1.1.3"].SelfScore, Is.EqualTo(expected));
    }

    [TestCase("95%", 2)]
    [TestCase("70", 1)]
    [TestCase("69,99", 0)]
    [TestCase("90", 1)]
    public void Read_Bands_ScoreFromTypedValue(string text, decimal expected)
    {
        var result = ReadAfter(f => f.Cell("2.1", S.Value).SetValue(text));
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Value!.Leaves["2.1"].SelfScore, Is.EqualTo(expected));
    }

    [TestCase("1.1.3", 2.555, "Điểm tự chấm 2,555 của tiêu chí 1.1.3 có quá 2 chữ số thập phân")]
    [TestCase("1.1.3", -1, "Điểm tự chấm -1 của tiêu chí 1.1.3 không được âm")]
    [TestCase("1.10", 1.3, "Điểm tự chấm 1,3 của tiêu chí 1.10 phải là bội số của 0,5")]
    public void Read_PointsOutOfRule_AreErrors(string code, double score, string message)
    {
        var result = ReadAfter(f =>
        {
            f.Set(code, notApplicable: false);
            f.Cell(code, S.SelfScore).SetValue(score);
        });
        Assert.That(result.Errors.Select(p => p.Message), Is.EqualTo(new[] { message }));
    }

    [Test]
    public void Read_PointsLeafBlank_IsAnErrorNotZero()
    {
        var result = ReadAfter(f => f.Cell("1.1.3", S.SelfScore).Clear(XLClearOptions.Contents));
        Assert.That(result.Errors.Select(p => p.Message), Is.EqualTo(new[] { "Thiếu Điểm tự chấm của tiêu chí 1.1.3 (nhập điểm từ 0 đến 3)" }));
    }

    [Test]
    public void Read_BonusAndPenalty_CountsCappedAndBlankIsZero()
    {
        var result = ReadAfter(f =>
        {
            f.Set("TP.1", value: "7"); // 7 × 0,5 capped at 2
            f.Set("TP.2", value: "2", evidence: "Công văn nhắc 15/UBND");
        });
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Value!.Leaves["TP.1"].SelfScore, Is.EqualTo(2m));
        Assert.That(result.Value.Leaves["TP.2"], Is.EqualTo(new LeafInput(0.5m, Value: "2", Evidence: "Công văn nhắc 15/UBND")));
    }

    [Test]
    public void Read_CountNotWholeAndAppraisalAboveCap_AreErrors()
    {
        var result = ReadAfter(f =>
        {
            f.Set("TP.1", value: "1.5");
            f.Set("TP.2", value: "1", evidence: "CV 1", appraisal: 1.25m, reason: "Chậm 5 lần");
        });
        Assert.That(result.Errors.Select(p => p.Message), Is.EquivalentTo(new[]
        {
            "Số lần 1,5 của tiêu chí TP.1 phải là số nguyên không âm (0, 1, 2, …)",
            "Điểm thẩm định 1,25 vượt mức tối đa 1 của tiêu chí TP.2",
        }));
    }

    [Test]
    public void Read_YesNoSynonymsAndBoolean_AreAccepted()
    {
        var text = ReadAfter(f => f.Set("1.1.2", value: "x"));
        var boolean = ReadAfter(f => f.Cell("1.1.2", S.Value).SetValue(false));
        Assert.That(text.Value!.Leaves["1.1.2"].SelfScore, Is.EqualTo(1m));
        Assert.That(boolean.Value!.Leaves["1.1.2"], Is.EqualTo(new LeafInput(0m, Value: "Không", Evidence: "BC 45/BC-UBND")));
    }

    [Test]
    public void Read_LevelTypedInAnotherCase_MatchesAndStoresTheLabel()
    {
        var result = ReadAfter(f => f.Set("1.1.1", value: "  KỊP   thời "));
        Assert.That(result.Value!.Leaves["1.1.1"].Value, Is.EqualTo("Kịp thời"));
        Assert.That(result.Value.Leaves["1.1.1"].SelfScore, Is.EqualTo(2m));
    }

    [Test]
    public void Read_SurveyLeaf_InputsAreErrorsButTypedScoreOnlyWarns()
    {
        string[] cells = [];
        var result = ReadAfter(f =>
        {
            f.Set("2.3", selfScore: 4m);
            f.Set("2.3", appraisal: 3m, reason: "Theo điều tra");
            cells = [At(f, "2.3", S.Appraisal), At(f, "2.3", S.AppraisalReason), At(f, "2.3", S.SelfScore)];
        });
        Assert.That(result.Problems.Select(p => (p.Cell, p.Severity, p.Message)), Is.EqualTo(new[]
        {
            (cells[0], Severity.Error, "Tiêu chí 2.3 chấm qua điều tra XHH; ô Điểm thẩm định phải để trống"),
            (cells[1], Severity.Error, "Tiêu chí 2.3 chấm qua điều tra XHH; ô Lý do thẩm định phải để trống"),
            (cells[2], Severity.Warning, "Tiêu chí 2.3 chấm qua điều tra XHH; Điểm tự chấm \"4\" không được dùng"),
        }));
    }

    [Test]
    public void Read_PathOverload_NamesFileWithoutFolder()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("H-HL.xlsx");
        using (var f = OpenTemplate().FillValid())
        {
            f.Set("1.1.3", selfScore: 9m);
            f.Save(path);
        }

        var result = SelfAssessmentReader.Read(path, Set, SelfAssessmentFixture.Unit);

        Assert.That(result.Errors.Single().ToString(), Does.StartWith("H-HL.xlsx!Tự đánh giá!F").And.EndWith("Điểm tự chấm 9 vượt điểm tối đa 3 của tiêu chí 1.1.3"));
    }
}
