using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Export;

namespace ParIndex.Workbooks.Tests.Export;

/// <summary>
/// A small district group over two years, scored, ranked and compared by the real core.
/// 2024: H-D 100 (1st), H-B 87.5 (2nd), H-A 81.125 → 81.13 (3rd), H-N 70 (4th, new, from H-X and H-Y),
/// H-C 56.75 (5th), H-U 75 (not ranked), H-M missing.
/// 2023 (no survey, maximum 70): H-A 90, H-C 80, H-D 70, H-B 60, H-X 50, H-Y 41.
/// </summary>
internal static class ExportFixture
{
    public const string Fingerprint = "sha256:0123456789abcdef";

    public static readonly IReadOnlyList<ClassRow> Classes =
        [new(90, "Tốt"), new(80, "Khá"), new(65, "Trung bình"), new(0, "Yếu")];

    private static Criterion Leaf(string code, string title, decimal? max, Rule rule, bool notApplicableAllowed = false) =>
        new(code, title, max, rule, [], notApplicableAllowed);

    private static Criterion Node(string code, string title, decimal? max, params Criterion[] children) =>
        new(code, title, max, null, children);

    /// <summary>The 2024 set; 2023 differs in leaf maxima of area 1 (5 + 5, not 4 + 6) and area 2's title.</summary>
    public static CriteriaSet Set(int year, string group = "districts")
    {
        var y2023 = year == 2023;
        return new CriteriaSet(
            year, group, $"{year}.1", $"QĐ {year - 2000}/QĐ-UBND ngày 15/01/{year}", $"Bộ tiêu chí cấp huyện năm {year}", 2,
            new RankingOptions(), Classes,
            new SurveySettings(30, new Dictionary<char, decimal> { ['A'] = 1m, ['B'] = 0.5m, ['C'] = 0m },
                [new SurveyQuestion("Q01", "Mức độ hài lòng")]),
            [
                Node("1", "Công tác chỉ đạo, điều hành CCHC", 10,
                    Leaf("1.1", "Kế hoạch CCHC năm", y2023 ? 5 : 4, new PointsRule()),
                    Leaf("1.2", "Báo cáo CCHC đúng hạn", y2023 ? 5 : 6, new YesNoRule())),
                Node("2", y2023 ? "Cải cách thủ tục hành chính" : "Thủ tục hành chính", 60,
                    Leaf("2.1", "Công khai TTHC", 30, new PointsRule()),
                    Leaf("2.2", "Giải quyết TTHC trực tuyến", 30, new PointsRule(), notApplicableAllowed: true)),
                Node("3", "Sự hài lòng của người dân", 30,
                    Leaf("3.1", "Hài lòng về TTHC", 30, new SurveyRule(["Q01"]))),
                Node("TP", "Điểm thưởng, điểm trừ", null,
                    Leaf("TP.1", "Sáng kiến CCHC", null, new BonusRule(0.5m, 2m)),
                    Leaf("TP.2", "Báo cáo chậm", null, new PenaltyRule(0.25m, 1m))),
            ]);
    }

    private static Dictionary<string, LeafInput> Inputs(decimal l11, bool l12, decimal l21, decimal? l22, decimal l12Max = 6, decimal bonus = 0, decimal penalty = 0) => new()
    {
        ["1.1"] = new LeafInput(l11),
        ["1.2"] = new LeafInput(l12 ? l12Max : 0m, Value: l12 ? "Có" : "Không"),
        ["2.1"] = new LeafInput(l21),
        ["2.2"] = l22 is { } p ? new LeafInput(p) : new LeafInput(null, NotApplicable: true),
        ["TP.1"] = new LeafInput(bonus, Value: (bonus * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ["TP.2"] = new LeafInput(penalty),
    };

    private static UnitSurvey Survey(string code, long a, long b, long c, int respondents) =>
        new(code, new Dictionary<string, long[]> { ["Q01"] = [a, b, c, 0, 0] }, new Dictionary<string, int> { ["3.1"] = respondents }, respondents);

    /// <summary>Last year's group: points only (no survey), so the maximum is 70.</summary>
    public static GroupResult Previous(string group = "districts")
    {
        var set = Set(2023, group);
        // 1.1 = 5, 1.2 = Có (5), then 2.1 up to 30, the rest in 2.2.
        UnitAssessment Of(string code, decimal total)
        {
            var rest = total - 10m;
            var l21 = Math.Min(30m, rest);
            return new UnitAssessment(code, Inputs(5, true, l21, rest - l21, l12Max: 5));
        }
        var indices = new Dictionary<string, decimal> { ["H-A"] = 90, ["H-C"] = 80, ["H-D"] = 70, ["H-B"] = 60, ["H-X"] = 50, ["H-Y"] = 41 };
        var units = indices.Keys.Select(c => new Unit(c, "UBND huyện " + c, group)).ToList();
        var assessments = indices.ToDictionary(kv => kv.Key, kv => Of(kv.Key, kv.Value * 70m / 100m));
        return Ranking.Compute(set, units, assessments, new Dictionary<string, UnitSurvey>());
    }

    /// <summary>This year's group, compared with <see cref="Previous"/>. Names can be replaced to test odd text.</summary>
    public static GroupResult Current(IReadOnlyDictionary<string, string>? names = null, string group = "districts", GroupResult? previous = null)
    {
        var set = Set(2024, group);
        string Name(string code, string name) => names?.GetValueOrDefault(code) ?? name;
        var units = new List<Unit>
        {
            new("H-A", Name("H-A", "UBND huyện An Bình"), group),
            new("H-B", Name("H-B", "UBND huyện Bắc Sơn"), group),
            new("H-C", Name("H-C", "UBND huyện Cao Lộc"), group),
            new("H-D", Name("H-D", "UBND huyện Đình Lập"), group),
            new("H-N", Name("H-N", "UBND huyện Nam Mới"), group, Predecessors: ["H-X", "H-Y"]),
            new("H-U", Name("H-U", "UBND huyện Thử Nghiệm"), group, Ranked: false),
            new("H-M", Name("H-M", "UBND huyện Mẫu Sơn"), group),
        };

        var a = Inputs(4, true, 30, 28);
        a["2.2"] = new LeafInput(28m, Appraisal1: 26.125m, Evidence: "QĐ số 12/QĐ-UBND", Explanation: "-Đã bổ sung hồ sơ",
            AppraisalReason: "Thiếu tài liệu kiểm chứng");
        var d = Inputs(4, true, 30, 30).ToDictionary(kv => kv.Key, kv => kv.Value with { Appraisal1 = kv.Value.SelfScore });
        var assessments = new Dictionary<string, UnitAssessment>
        {
            ["H-A"] = new("H-A", a),                                      // 4 + 6 + 30 + 26.125 + 15 = 81.125
            ["H-B"] = new("H-B", Inputs(3, true, 25, null, bonus: 1)),    // (34 + 1) / 40 = 87.5
            ["H-C"] = new("H-C", Inputs(2, false, 20, 20, penalty: 0.25m)), // 57 − 0.25 = 56.75
            ["H-D"] = new("H-D", d),                                      // 100, fully appraised
            ["H-N"] = new("H-N", Inputs(4, true, 30, 15)),                // 70
            ["H-U"] = new("H-U", Inputs(4, true, 30, 20)),                // 75
        };
        var surveys = new Dictionary<string, UnitSurvey>
        {
            ["H-A"] = Survey("H-A", 10, 20, 10, 30),
            ["H-B"] = Survey("H-B", 10, 0, 0, 10),   // below the minimum of 30: 3.1 not applicable
            ["H-C"] = Survey("H-C", 10, 20, 10, 30),
            ["H-D"] = Survey("H-D", 30, 0, 0, 30),
            ["H-N"] = Survey("H-N", 10, 20, 10, 30),
            ["H-U"] = Survey("H-U", 10, 20, 10, 30),
        };
        var current = Ranking.Compute(set, units, assessments, surveys);
        previous ??= Previous(group);
        return YearOnYear.Compare(current, previous.Published(), previous.Summary);
    }

    public static RankingReport Report(IReadOnlyDictionary<string, string>? names = null) =>
        new(2024, "ParIndex 1.0.0", Fingerprint, [Current(names)], [Previous()]);

    public static UnitResult Unit(GroupResult group, string code) => group.Units.Single(u => u.Unit.Code == code);
}

/// <summary>A fresh folder under the system's temp folder, deleted when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "parindex-export-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
