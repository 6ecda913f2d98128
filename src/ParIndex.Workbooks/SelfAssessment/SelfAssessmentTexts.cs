using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>Every text a person sees in or about the self-assessment workbook, in one place.</summary>
internal static class SelfAssessmentTexts
{
    private static string N(decimal value) => Numbers.Vi(value);

    // ---- The template -------------------------------------------------------------------------
    public static string SheetTitle(CriteriaSet set) => $"PHIẾU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC NĂM {set.Year}";
    public const string ListsSheetName = "Danh sách";
    public const string Survey = "Chấm qua điều tra XHH";
    public const string NotApplicableMark = "x";

    /// <summary>The "Cách chấm" text of a leaf.</summary>
    public static string Method(Criterion leaf) => leaf.Rule switch
    {
        PointsRule { Step: { } step } => $"Tự chấm điểm từ 0 đến {N(leaf.Max ?? 0)}, bước {N(step)}",
        PointsRule => $"Tự chấm điểm từ 0 đến {N(leaf.Max ?? 0)}",
        YesNoRule => $"Có: {N(leaf.Max ?? 0)} / Không: 0",
        LevelsRule l => string.Join("; ", l.Levels.Select(x => $"{x.Label}: {N(x.Points)}")),
        BandsRule b => string.Join("; ", b.Bands.Select(x => $"{(x.Exclusive ? ">" : "≥")} {N(x.Threshold)}{UnitSuffix(b.Unit)}: {N(x.Points)}"))
                       + "; dưới: 0",
        ProportionalRule p => $"Tỷ lệ so với {N(p.Target)}{UnitSuffix(p.Unit)}"
                              + (p.Floor is { } f ? $", dưới {N(f)}{UnitSuffix(p.Unit)} không điểm" : ""),
        SurveyRule => Survey,
        BonusRule b => $"Thưởng {N(b.PerItem)} điểm/lần, tối đa {N(b.Cap)}",
        PenaltyRule p => $"Trừ {N(p.PerItem)} điểm/lần, tối đa {N(p.Cap)}",
        _ => "",
    };

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" => "",
        "%" => "%",
        _ => " " + unit,
    };

    // Data validation (Excel shows these when a typed value is refused; titles are at most 32 characters).
    public const string ValidationTitle = "Giá trị không hợp lệ";
    public static string ChooseLevel(IEnumerable<string> labels) => $"Chọn một trong: {string.Join(", ", labels)}";
    public const string ChooseYesNo = "Chọn Có hoặc Không";
    public const string MarkNotApplicable = "Đánh dấu x nếu tiêu chí không áp dụng với đơn vị, để trống nếu có áp dụng";
    public static string ScoreRange(decimal max) => $"Nhập điểm từ 0 đến {N(max)}";
    public const string NonNegativeNumber = "Nhập một số không âm";
    public const string Percent = "Nhập một số từ 0 đến 100 (nhập 95 cho 95%)";
    public const string Count = "Nhập số lần: một số nguyên không âm (0, 1, 2, …)";

    public static IReadOnlyList<string> Guide(CriteriaSet set, Unit unit) =>
    [
        $"HƯỚNG DẪN ĐIỀN PHIẾU TỰ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM {set.Year}",
        $"Đơn vị: {unit.Name} ({unit.Code}). Bộ tiêu chí: {set.Title}, phiên bản {set.Version}, {set.Decision}.",
        "",
        "1. Điền vào trang \"Tự đánh giá\". Chỉ các ô nền vàng được nhập; các ô khác đã khoá.",
        "2. Không sửa, xoá hay thêm mã tiêu chí và không xoá dòng, cột. Phần mềm đọc phiếu theo cột \"Mã tiêu chí\".",
        "3. Ý nghĩa các cột:",
        "   • Mã tiêu chí, Nội dung, Điểm tối đa, Cách chấm: do phần mềm ghi sẵn theo bộ tiêu chí.",
        "   • Giá trị: điều đơn vị nhập để phần mềm tính điểm: chọn mức hoặc Có/Không trong danh sách; nhập số "
            + "cho tiêu chí tính theo tỷ lệ (nhập 95 cho 95%, không nhập 0,95 hay 95%); nhập số lần (số nguyên) cho "
            + "điểm thưởng, điểm trừ (để trống nghĩa là 0 lần).",
        "   • Điểm tự chấm: bắt buộc với tiêu chí đơn vị tự cho điểm (Cách chấm \"Tự chấm điểm\"). Với tiêu chí khác, "
            + "điểm được tính từ Giá trị; nếu đơn vị vẫn ghi điểm mà khác điểm tính được, phần mềm dùng điểm tính được và báo để kiểm tra.",
        "   • Không áp dụng: đánh dấu x nếu tiêu chí không áp dụng với đơn vị (chỉ với tiêu chí cho phép, ô có nền vàng); "
            + "khi đó không cần Giá trị và Điểm tự chấm, nhưng cần ghi Giải trình.",
        "   • Tài liệu kiểm chứng: số, ký hiệu, ngày của văn bản chứng minh (hoặc đường dẫn). Giải trình: lý do, "
            + "thông tin thêm. Mỗi tiêu chí cần ít nhất một trong hai.",
        "   • Điểm thẩm định, Lý do thẩm định: do Hội đồng thẩm định ghi; đơn vị để trống. Có điểm thẩm định thì phải có lý do.",
        "4. Tiêu chí \"Chấm qua điều tra XHH\" (nền xám) do kết quả điều tra xã hội học quyết định: để trống.",
        "5. Số thập phân dùng dấu phẩy hoặc dấu chấm đều được (3,5 hoặc 3.5). Không nhập công thức vào ô nhập liệu.",
        "6. Dòng của tiêu chí cha (chữ đậm) tự cộng điểm các tiêu chí con; phần mềm tự tính lại khi đọc phiếu.",
        "7. Lưu tệp dạng .xlsx, giữ nguyên tên trang tính, rồi tải lên phần mềm. Mọi lỗi được báo cùng lúc kèm ô cần sửa; "
            + "phiếu có lỗi không được nhận cho đến khi sửa hết.",
        "8. Nếu phần mềm báo phiếu sai phiên bản bộ tiêu chí, hãy tải mẫu mới và nhập lại.",
    ];

    // ---- Reading problems ---------------------------------------------------------------------
    public static string NotAWorkbook(string detail) => $"Không mở được tệp như một bảng tính Excel (.xlsx): {detail}";
    public static string SheetTooLarge(string sheet, string file, int maxCells) =>
        $"Trang tính \"{sheet}\" của tệp {file} có hơn {maxCells.ToString("#,0", new System.Globalization.NumberFormatInfo { NumberGroupSeparator = "." })} ô chứa dữ liệu, quá nhiều so với một phiếu tự đánh giá (vài trăm dòng) nên tệp không được đọc; hãy dùng mẫu phiếu do phần mềm tạo, không dán thêm dữ liệu khác vào trang tính";
    public const string MissingSheet = $"Không có trang tính \"{SelfAssessmentSheet.SheetName}\"; hãy dùng mẫu phiếu do phần mềm tạo (tải mẫu mới), không đổi tên trang tính";
    public static readonly string MissingHeaderRow = $"Không tìm thấy dòng tiêu đề có ô \"{SelfAssessmentSheet.Code}\" trong {SelfAssessmentSheet.HeaderSearchRows} dòng đầu; hãy tải mẫu mới";
    public static string MissingColumn(string header) => $"Thiếu cột \"{header}\" ở dòng tiêu đề; hãy tải mẫu mới, không xoá hay đổi tên cột";
    public static string DuplicateColumn(string header) => $"Cột \"{header}\" xuất hiện nhiều lần ở dòng tiêu đề; hãy giữ một cột";

    public static string MissingIdentity(string label, string name) =>
        $"Không tìm thấy {label} của phiếu (tên {name} hoặc ô \"{label}\"); hãy tải mẫu mới";
    public static string WrongUnit(string found, Unit expected) =>
        $"Phiếu này là của đơn vị {found}, không phải của {expected.Name} ({expected.Code}); hãy nộp đúng phiếu của đơn vị";
    public static string WrongYear(string found, int expected) =>
        $"Phiếu này lập cho năm {found}, không phải năm {expected}; hãy tải mẫu năm {expected}";
    public static string WrongGroup(string found, string expected) =>
        $"Phiếu này lập theo bộ tiêu chí khối {found}, không phải khối {expected}; hãy tải mẫu mới";
    public static string WrongVersion(string found, string expected) =>
        $"Phiếu này lập theo bộ tiêu chí phiên bản {found}, phiên bản hiện hành là {expected}; hãy tải mẫu mới và nhập lại";

    public static string CodeIsNumber(decimal shown) =>
        $"Mã tiêu chí {N(shown)} đã bị đổi thành dạng số (không còn phân biệt được 1.1 với 1.10); hãy ghi lại mã dạng văn bản đúng như mẫu";
    public const string CodeNotText = "Mã tiêu chí phải là văn bản đúng như mẫu; hãy ghi lại mã";
    public static string UnknownCode(string code, CriteriaSet set) =>
        $"Mã tiêu chí {code} không có trong bộ tiêu chí phiên bản {set.Version}; không thêm hay sửa mã tiêu chí";
    public static string DuplicateCode(string code, string firstCell) =>
        $"Mã tiêu chí {code} xuất hiện nhiều lần (đã có ở ô {firstCell}); mỗi tiêu chí chỉ một dòng";
    public static string MissingRow(Criterion leaf) =>
        $"Thiếu dòng của tiêu chí {leaf.Code} ({leaf.Title}); không xoá dòng, hãy tải mẫu mới nếu cần";

    public static string MissingLevel(Criterion leaf, LevelsRule rule) =>
        $"Thiếu Giá trị của tiêu chí {leaf.Code} (chọn một trong: {Labels(rule)})";
    public static string UnknownLevel(string text, Criterion leaf, LevelsRule rule) =>
        $"Giá trị \"{text}\" không phải một mức của tiêu chí {leaf.Code} (chọn một trong: {Labels(rule)})";
    public static string MissingYesNo(Criterion leaf) => $"Thiếu Giá trị của tiêu chí {leaf.Code} (chọn Có hoặc Không)";
    public static string NotYesNo(string text, Criterion leaf) => $"Giá trị \"{text}\" của tiêu chí {leaf.Code} không hợp lệ (chọn Có hoặc Không)";
    public static string MissingNumber(Criterion leaf, bool percent) =>
        $"Thiếu Giá trị của tiêu chí {leaf.Code} (nhập một số{(percent ? ", ví dụ 95 cho 95%" : "")})";
    public static string MissingSelfScore(Criterion leaf) =>
        $"Thiếu Điểm tự chấm của tiêu chí {leaf.Code} (nhập điểm từ 0 đến {N(leaf.Max ?? 0)})";

    public static string NotANumber(string column, string text, Criterion leaf) =>
        $"{column} \"{text}\" của tiêu chí {leaf.Code} không phải là một số";
    public static string PercentCell(string column, decimal shownPercent, Criterion leaf) =>
        $"Ô {column} của tiêu chí {leaf.Code} đang ở định dạng phần trăm ({N(shownPercent)}%); hãy đổi ô về định dạng số thường và nhập {N(shownPercent)} cho {N(shownPercent)}%";
    public static string NegativeValue(decimal value, Criterion leaf) => $"Giá trị {N(value)} của tiêu chí {leaf.Code} không được âm";
    public static string AbovePercent(decimal value, Criterion leaf) => $"Giá trị {N(value)} của tiêu chí {leaf.Code} vượt quá 100%";
    public static string NotACount(decimal value, Criterion leaf) =>
        $"Số lần {N(value)} của tiêu chí {leaf.Code} phải là số nguyên không âm (0, 1, 2, …)";

    public static string ScoreAboveMax(decimal score, Criterion leaf) =>
        $"Điểm tự chấm {N(score)} vượt điểm tối đa {N(leaf.Max ?? 0)} của tiêu chí {leaf.Code}";
    public static string ScoreNegative(decimal score, Criterion leaf) => $"Điểm tự chấm {N(score)} của tiêu chí {leaf.Code} không được âm";
    public static string TooManyPlaces(string column, decimal score, int decimals, Criterion leaf) =>
        $"{column} {N(score)} của tiêu chí {leaf.Code} có quá {decimals} chữ số thập phân";
    public static string NotOnStep(decimal score, decimal step, Criterion leaf) =>
        $"Điểm tự chấm {N(score)} của tiêu chí {leaf.Code} phải là bội số của {N(step)}";
    public static string SelfScoreDiffers(decimal typed, decimal computed, Criterion leaf) =>
        $"Điểm tự chấm {N(typed)} của tiêu chí {leaf.Code} khác điểm tính theo Giá trị ({N(computed)}); phần mềm dùng {N(computed)}";

    public static string NotApplicableNotAllowed(Criterion leaf) =>
        $"Tiêu chí {leaf.Code} không được đánh dấu Không áp dụng; hãy xoá dấu và nhập Giá trị hoặc Điểm tự chấm";
    public static string NoEvidence(Criterion leaf) => $"Tiêu chí {leaf.Code} chưa có Tài liệu kiểm chứng hoặc Giải trình";

    public static string AppraisalAboveMax(decimal points, decimal max, Criterion leaf) =>
        $"Điểm thẩm định {N(points)} vượt {(leaf.IsBonusOrPenalty ? "mức tối đa" : "điểm tối đa")} {N(max)} của tiêu chí {leaf.Code}";
    public static string AppraisalNegative(decimal points, Criterion leaf) => $"Điểm thẩm định {N(points)} của tiêu chí {leaf.Code} không được âm";
    public static string AppraisalWithoutReason(decimal points, Criterion leaf) =>
        $"Tiêu chí {leaf.Code} có Điểm thẩm định {N(points)} nhưng thiếu Lý do thẩm định";

    public static string SurveyCellNotBlank(string column, Criterion leaf) =>
        $"Tiêu chí {leaf.Code} chấm qua điều tra XHH; ô {column} phải để trống";
    public static string SurveyScoreIgnored(string typed, Criterion leaf) =>
        $"Tiêu chí {leaf.Code} chấm qua điều tra XHH; Điểm tự chấm \"{typed}\" không được dùng";

    public static string FormulaError(string column, string error, Criterion leaf) =>
        $"Ô {column} của tiêu chí {leaf.Code} chứa công thức bị lỗi ({error}); hãy nhập giá trị trực tiếp";
    public static string FormulaNoValue(string column, Criterion leaf) =>
        $"Ô {column} của tiêu chí {leaf.Code} chứa công thức chưa có giá trị tính sẵn; hãy nhập giá trị trực tiếp, không dùng công thức";
    public static string DateCell(string column, Criterion leaf) =>
        $"Ô {column} của tiêu chí {leaf.Code} đã bị đổi thành ngày tháng; hãy định dạng ô là số hoặc văn bản và nhập lại";
    public static string Unreadable(string column, Criterion leaf) => $"Không đọc được ô {column} của tiêu chí {leaf.Code}; hãy nhập lại";

    private static string Labels(LevelsRule rule) => string.Join(", ", rule.Levels.Select(l => l.Label));
}
