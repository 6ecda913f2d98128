using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Workbooks.Export;

/// <summary>
/// Every text a person sees in the exports (xuất kết quả): sheet names, headers, labels and notes,
/// Vietnamese first, kept together so that wording is reviewed in one place.
/// </summary>
public static class ExportTexts
{
    // Sheets of the ranking workbook.
    /// <summary>The summary sheet.</summary>
    public const string SummarySheet = "Tổng hợp";
    /// <summary>The sheet describing the export itself.</summary>
    public const string InfoSheet = "Thông tin";
    /// <summary>The scorecard's only sheet.</summary>
    public const string ScorecardSheet = "Phiếu điểm";

    // Columns of a group sheet, in order; the area columns go between Name and Points.
    /// <summary>Rank column.</summary>
    public const string Rank = "Hạng";
    /// <summary>Unit code column.</summary>
    public const string UnitCode = "Mã đơn vị";
    /// <summary>Unit name column.</summary>
    public const string UnitName = "Đơn vị";
    /// <summary>Total points column.</summary>
    public const string Points = "Tổng điểm";
    /// <summary>Applicable maximum column.</summary>
    public const string ApplicableMax = "Điểm tối đa áp dụng";
    /// <summary>Index column.</summary>
    public const string Index = "Chỉ số (%)";
    /// <summary>Class column.</summary>
    public const string Class = "Xếp loại";
    /// <summary>Last year's rank column.</summary>
    public const string PreviousRank = "Hạng năm trước";
    /// <summary>Rank change column.</summary>
    public const string RankChange = "Thay đổi hạng";
    /// <summary>Last year's index column.</summary>
    public const string PreviousIndex = "Chỉ số năm trước (%)";
    /// <summary>Index change column.</summary>
    public const string IndexChange = "Thay đổi chỉ số";
    /// <summary>Notes column.</summary>
    public const string Notes = "Ghi chú";
    /// <summary>Self-score total column (the leaves the unit scores itself, survey excluded).</summary>
    public const string SelfPoints = "Điểm tự chấm";
    /// <summary>Appraised total column (survey excluded).</summary>
    public const string AppraisedPoints = "Điểm thẩm định";
    /// <summary>Survey points column.</summary>
    public const string SurveyPoints = "Điểm điều tra XHH";
    /// <summary>Survey rank column.</summary>
    public const string SurveyRank = "Hạng điều tra XHH";
    /// <summary>The sheet of questionnaires per unit and respondent group.</summary>
    public const string SurveySheet = "Điều tra XHH";
    /// <summary>Headers of the survey sheet.</summary>
    public static IReadOnlyList<string> SurveyHeaders { get; } =
        ["Khối", "Mã đơn vị", "Đơn vị", "Nhóm đối tượng", "Số phiếu", "Số phiếu tối thiểu", "Được tính", "Nguồn"];
    /// <summary>A respondent group's use in words.</summary>
    public static string Counted(bool counted) => counted ? "Có" : "Không (dưới số phiếu tối thiểu)";
    /// <summary>Where a unit's survey came from.</summary>
    public const string FromQuestionnaires = "Phiếu khảo sát";
    /// <summary>Aggregated results.</summary>
    public const string FromAggregated = "Kết quả tổng hợp";
    /// <summary>All questionnaires of a unit, one pool.</summary>
    public const string AllRespondents = "Tất cả (không chia nhóm)";
    /// <summary>A respondent group left out of a unit's survey.</summary>
    public static string SurveyGroupLeftOut(string group, int questionnaires, int minimum) =>
        $"Nhóm đối tượng {group} không được tính: {questionnaires}/{minimum} phiếu tối thiểu";
    /// <summary>Mean self-points.</summary>
    public const string MeanSelfPoints = "Điểm tự chấm bình quân";
    /// <summary>Mean appraised points.</summary>
    public const string MeanAppraisedPoints = "Điểm thẩm định bình quân";
    /// <summary>The gap between them.</summary>
    public const string SelfAppraisedGap = "Chênh lệch tự chấm – thẩm định bình quân";

    /// <summary>An area column's header: "1. Công tác chỉ đạo, điều hành CCHC (12)".</summary>
    public static string AreaHeader(string code, string title, decimal max) => $"{code}. {title} ({Numbers.Vi(max)})";

    // Columns of a scorecard's criteria table, in order.
    /// <summary>The scorecard's table headers.</summary>
    public static IReadOnlyList<string> ScorecardHeaders { get; } =
    [
        "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Giá trị", "Điểm tự chấm", "Điểm thẩm định", "Điểm đạt",
        "Nguồn điểm", "Tài liệu kiểm chứng", "Giải trình", "Lý do thẩm định", "Điểm năm trước",
    ];

    /// <summary>A ranking group's name as a sheet or heading shows it (the catalogue's Vietnamese label).</summary>
    public static string GroupLabel(string group) => Labels.Group(group, Labels.Vietnamese);

    /// <summary>A unit's status in words.</summary>
    public static string Status(UnitStatus status) => Labels.Vi(status);

    /// <summary>How last year's values were obtained, in words.</summary>
    public static string Basis(PreviousBasis basis) => Labels.Vi(basis);

    /// <summary>Why an area's change is not given, in words.</summary>
    public static string Withheld(AreaDeltaWithheld reason) => Labels.Vi(reason);

    /// <summary>Where a leaf's score came from, in words (the scorecard's "Nguồn điểm").</summary>
    public static string Source(ScoreSource source) => Labels.Vi(source);

    /// <summary>"Không áp dụng" for a parent row with nothing applicable below it.</summary>
    public const string NotApplicable = "Không áp dụng";

    // Notes (Ghi chú) of a unit's row.
    /// <summary>The unit's leaves still scored by self-assessment.</summary>
    public static string NotFullyAppraised(int leaves) => $"{NotFullyAppraisedYet}: {leaves} tiêu chí dùng điểm tự chấm";
    /// <summary>Not fully appraised, without the count (the pages' short note).</summary>
    public const string NotFullyAppraisedYet = "Chưa thẩm định đủ";
    /// <summary>A derived comparison.</summary>
    public static string DerivedFrom(IReadOnlyCollection<string> predecessors) =>
        $"so với bình quân {predecessors.Count} đơn vị tiền thân ({string.Join(", ", predecessors)})";
    /// <summary>Last year's values come from the annex the province published, not from ParIndex's computation.</summary>
    public const string FromAnnex = "nguồn: phụ lục đã công bố";
    /// <summary>The leaves that left the maximum.</summary>
    public static string NotApplicableLeaves(decimal applicableMax, IEnumerable<string> codes) =>
        $"Điểm tối đa áp dụng {Numbers.Vi(applicableMax)}: không áp dụng {string.Join(", ", codes)}";
    /// <summary>A survey leaf with too few respondents.</summary>
    public static string SurveyBelowMinimum(string code, int respondents, int minimum) =>
        $"Tiêu chí {code} không áp dụng: điều tra XHH chỉ có {respondents}/{minimum} người trả lời tối thiểu";
    /// <summary>Rank movement in words: "tăng 3 bậc", "giảm 1 bậc", "giữ hạng".</summary>
    public static string RankMove(int change) =>
        change > 0 ? $"tăng {change} bậc" : change < 0 ? $"giảm {-change} bậc" : "giữ hạng";
    /// <summary>Bonus and penalty applied.</summary>
    public static string BonusPenalty(decimal bonus, decimal penalty) =>
        $"Điểm thưởng {Numbers.Vi(bonus)}, điểm trừ {Numbers.Vi(penalty)}";

    // Summary sheet.
    /// <summary>Summary table headers.</summary>
    public static IReadOnlyList<string> SummaryHeaders { get; } = ["Chỉ tiêu", "Giá trị", "Thay đổi so với năm trước"];
    /// <summary>Ranked units.</summary>
    public const string RankedUnits = "Số đơn vị xếp hạng";
    /// <summary>Mean index.</summary>
    public const string MeanIndex = "Chỉ số trung bình (%)";
    /// <summary>Units in a class.</summary>
    public static string ClassCount(string label) => $"Số đơn vị xếp loại {label}";
    /// <summary>Rose.</summary>
    public const string Rose = "Số đơn vị tăng hạng";
    /// <summary>Fell.</summary>
    public const string Fell = "Số đơn vị giảm hạng";
    /// <summary>Held.</summary>
    public const string Held = "Số đơn vị giữ hạng";
    /// <summary>Derived units.</summary>
    public const string DerivedUnits = "Số đơn vị so với bình quân đơn vị tiền thân (không tính tăng, giảm hạng)";
    /// <summary>New units.</summary>
    public const string NewUnits = "Số đơn vị mới (không có số liệu năm trước)";
    /// <summary>Biggest riser.</summary>
    public const string BiggestRiser = "Tăng hạng nhiều nhất";
    /// <summary>Biggest faller.</summary>
    public const string BiggestFaller = "Giảm hạng nhiều nhất";
    /// <summary>"UBND huyện Hữu Lũng (H-HL): hạng 8 → hạng 5, tăng 3 bậc".</summary>
    public static string Mover(UnitDocument unit) =>
        $"{unit.UnitName} ({unit.UnitCode}): hạng {unit.Previous?.Rank} → hạng {unit.Rank}, {RankMove(unit.RankChange ?? 0)}";

    // Info sheet.
    /// <summary>Year.</summary>
    public const string Year = "Năm đánh giá";
    /// <summary>Software.</summary>
    public const string Software = "Phần mềm";
    /// <summary>Inputs fingerprint.</summary>
    public const string Fingerprint = "Mã kiểm tra dữ liệu đầu vào";
    /// <summary>Criteria version of a group.</summary>
    public static string CriteriaVersion(string group) => $"{GroupLabel(group)}: phiên bản bộ tiêu chí";
    /// <summary>Decision of a group.</summary>
    public static string Decision(string group) => $"{GroupLabel(group)}: quyết định ban hành";
    /// <summary>Rules of a group, in words a reform office can check.</summary>
    public static string Rules(string group) => $"{GroupLabel(group)}: cách làm tròn và xếp hạng";

    /// <summary>How a set rounds and ranks, in words.</summary>
    public static string RulesText(CriteriaSet set)
    {
        var places = set.Decimals;
        var rounding = $"Điểm và chỉ số làm tròn đến {places} chữ số thập phân, phần bỏ đi từ một nửa trở lên thì làm tròn lên "
            + $"(ví dụ {Numbers.Vi(81.125m)} → {Numbers.Vi(Numbers.Round(81.125m, places))}); mọi phép tính dùng số chính xác, chỉ làm tròn khi hiển thị.";
        var on = set.Ranking.On == RankOn.Rounded
            ? "Xếp hạng theo chỉ số đã làm tròn, từ cao xuống thấp."
            : "Xếp hạng theo chỉ số chính xác (chưa làm tròn), từ cao xuống thấp.";
        var ties = set.Ranking.Method == RankingMethod.Competition
            ? "Các đơn vị bằng chỉ số đồng hạng, hạng kế tiếp bỏ trống (1, 2, 2, 4)."
            : "Các đơn vị bằng chỉ số đồng hạng, hạng kế tiếp liền sau (1, 2, 2, 3).";
        var classes = "Xếp loại: " + string.Join("; ", set.Classification.OrderByDescending(c => c.Min)
            .Select(c => $"{c.Label} từ {Numbers.Vi(c.Min)}%"));
        return $"{rounding} {on} {ties} {classes}.";
    }

    // Scorecard header.
    /// <summary>Scorecard title.</summary>
    public static string ScorecardTitle(int year) => $"PHIẾU ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}";
    /// <summary>Unit label.</summary>
    public const string Unit = "Đơn vị";
    /// <summary>Group label.</summary>
    public const string Group = "Khối";
    /// <summary>Criteria set label.</summary>
    public const string CriteriaSet = "Bộ tiêu chí (phiên bản)";
    /// <summary>Decision label.</summary>
    public const string DecisionLabel = "Quyết định";
    /// <summary>Rank label.</summary>
    public const string RankLabel = "Xếp hạng";
    /// <summary>Previous year label.</summary>
    public const string PreviousYear = "Năm trước";
    /// <summary>"đứng thứ 7/9".</summary>
    public static string Place(int rank, int of) => $"đứng thứ {rank}/{of}";
    /// <summary>Last year's result on the same basis.</summary>
    public static string PreviousSame(decimal? index, int? rank, string? cls) =>
        $"Chỉ số {(index is { } i ? Numbers.Vi(i) + "%" : "—")}"
        + (rank is { } r ? $", hạng {r}" : "")
        + (cls is null ? "" : $", xếp loại {cls}");
    /// <summary>Last year's result derived from predecessors.</summary>
    public static string PreviousDerived(decimal? index, IReadOnlyCollection<string> predecessors) =>
        $"Chỉ số {(index is { } i ? Numbers.Vi(i) + "%" : "—")} ({DerivedFrom(predecessors)})";

    // Scorecard totals.
    /// <summary>Regular points (before bonus and penalty).</summary>
    public const string RegularPoints = "Điểm các tiêu chí";
    /// <summary>Bonus.</summary>
    public const string Bonus = "Điểm thưởng";
    /// <summary>Penalty.</summary>
    public const string Penalty = "Điểm trừ";
    /// <summary>Total points.</summary>
    public const string TotalPoints = "Tổng điểm (sau thưởng, trừ)";
    /// <summary>Heading of the totals block.</summary>
    public const string Totals = "Tổng hợp điểm";

    // Improvement report (báo cáo cần cải thiện).
    /// <summary>The improvement report's sheet.</summary>
    public const string ImprovementSheet = "Cần cải thiện";
    /// <summary>Its title.</summary>
    public static string ImprovementTitle(int year) => $"NHỮNG NỘI DUNG CẦN CẢI THIỆN SAU KẾT QUẢ CHỈ SỐ CCHC NĂM {year}";
    /// <summary>The unit's standing in one line.</summary>
    public static string ImprovementStanding(decimal? index, int? rank, int ranked, string? cls, decimal self, decimal appraised, decimal? survey, int? surveyRank) =>
        $"Chỉ số {(index is { } i ? Numbers.Vi(i) + "%" : "—")}"
        + (rank is { } r ? $", {Place(r, ranked)}" : "")
        + (cls is null ? "" : $", xếp loại {cls}")
        + $"; điểm tự chấm {Numbers.Vi(self)}, điểm thẩm định {Numbers.Vi(appraised)}"
        + (survey is { } s ? $", điểm điều tra XHH {Numbers.Vi(s)}" + (surveyRank is { } sr ? $" (hạng {sr}/{ranked})" : "") : "");
    /// <summary>Heading of the leaves that lost most.</summary>
    public const string LostMostHeading = "1. Các tiêu chí mất nhiều điểm nhất so với điểm tối đa";
    /// <summary>Its columns.</summary>
    public static IReadOnlyList<string> LostMostHeaders { get; } = ["Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm đạt", "Điểm bị mất", "Ghi chú"];
    /// <summary>Nothing lost.</summary>
    public const string NothingLost = "Đơn vị đạt điểm tối đa ở mọi tiêu chí áp dụng.";
    /// <summary>Heading of the leaves appraisal cut.</summary>
    public const string CutHeading = "2. Các tiêu chí bị hội đồng thẩm định điều chỉnh giảm điểm tự chấm";
    /// <summary>Its columns.</summary>
    public static IReadOnlyList<string> CutHeaders { get; } = ["Mã tiêu chí", "Nội dung", "Điểm tự chấm", "Điểm thẩm định", "Chênh lệch", "Lý do thẩm định"];
    /// <summary>Nothing cut.</summary>
    public const string NothingCut = "Không có tiêu chí nào bị điều chỉnh giảm.";
    /// <summary>Heading of the area changes, saying what they compare with.</summary>
    public static string AreaChangesHeading(Comparison? previous) => "3. Chỉ số thành phần theo lĩnh vực so với năm trước" + previous switch
    {
        { Basis: PreviousBasis.Derived } p => $" ({DerivedFrom(p.Predecessors)}: không so sánh theo lĩnh vực)",
        { Basis: PreviousBasis.New } or null => " (đơn vị mới, không có số liệu năm trước)",
        _ => "",
    };
    /// <summary>Its columns.</summary>
    public static IReadOnlyList<string> AreaChangeHeaders { get; } = ["Lĩnh vực", "Nội dung", "Chỉ số năm nay (%)", "Chỉ số năm trước (%)", "Thay đổi", "Ghi chú"];

    // Reading a published ranking json.
    /// <summary>The file is not JSON.</summary>
    public static string JsonMalformed(long? line, string detail) => $"Tệp kết quả xếp hạng (json) không đọc được ở dòng {line}: {detail}";
    /// <summary>A key is missing.</summary>
    public static string JsonMissing(string path) => $"Tệp kết quả xếp hạng (json) thiếu mục {path}";
    /// <summary>A key has a value of the wrong kind.</summary>
    public static string JsonBadValue(string path, string? value) => $"Tệp kết quả xếp hạng (json): giá trị \"{value}\" của mục {path} không hợp lệ";
}
