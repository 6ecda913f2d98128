using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.SelfAssessment;

namespace ParIndex.Workbooks.Tests.SelfAssessment;

/// <summary>A small criteria set with every rule kind, a unit, and helpers to make and read workbooks in memory.</summary>
internal static class SelfAssessmentFixture
{
    public static readonly Unit Unit = new("H-HL", "UBND huyện Hữu Lũng", "districts");

    public static readonly LevelsRule PlanLevels = new([
        new Level("Kịp thời", 2m), new Level("Không kịp thời", 1m), new Level("Không ban hành", 0m)]);

    public static readonly CriteriaSet Set = new(
        Year: 2024,
        Group: "districts",
        Version: "2024.1",
        Decision: "QĐ 123/QĐ-UBND ngày 15/01/2024",
        Title: "Bộ tiêu chí xác định Chỉ số CCHC cấp huyện năm 2024",
        Decimals: 2,
        Ranking: new RankingOptions(),
        Classification: [new ClassRow(90, "Tốt"), new ClassRow(0, "Yếu")],
        Survey: new SurveySettings(30, new Dictionary<char, decimal> { ['A'] = 1m, ['B'] = 0.5m, ['C'] = 0m },
            [new SurveyQuestion("Q01", "Mức độ công khai, minh bạch TTHC")]),
        Criteria:
        [
            Parent("1", "Công tác chỉ đạo, điều hành CCHC", 10m,
                Parent("1.1", "Kế hoạch CCHC năm", 6m,
                    Leaf("1.1.1", "Ban hành kế hoạch CCHC năm", 2m, PlanLevels),
                    Leaf("1.1.2", "Có báo cáo CCHC quý", 1m, new YesNoRule()),
                    Leaf("1.1.3", "Kiểm tra CCHC", 3m, new PointsRule())),
                new Criterion("1.10", "Tuyên truyền CCHC", 4m, new PointsRule(Step: 0.5m), [], NotApplicableAllowed: true)),
            Parent("2", "Kết quả giải quyết TTHC", 10m,
                Leaf("2.1", "Tỷ lệ hồ sơ đúng hạn", 2m, new BandsRule([new Band(90m, true, 2m), new Band(70m, false, 1m)], "%")),
                Leaf("2.2", "Tỷ lệ TTHC trực tuyến", 3m, new ProportionalRule(100m, 50m, "%")),
                Leaf("2.3", "Sự hài lòng về TTHC", 5m, new SurveyRule(["Q01"]))),
            Parent("TP", "Điểm thưởng, điểm trừ", null,
                Leaf("TP.1", "Sáng kiến CCHC được công nhận", null, new BonusRule(0.5m, 2m)),
                Leaf("TP.2", "Báo cáo chậm, không đầy đủ", null, new PenaltyRule(0.25m, 1m))),
        ],
        Total: 20m);

    private static Criterion Parent(string code, string title, decimal? max, params Criterion[] children) =>
        new(code, title, max, null, children);

    private static Criterion Leaf(string code, string title, decimal? max, Rule rule) => new(code, title, max, rule, []);

    public static byte[] Template(CriteriaSet? set = null, Unit? unit = null)
    {
        using var ms = new MemoryStream();
        TemplateWriter.Write(ms, set ?? Set, unit ?? Unit);
        return ms.ToArray();
    }

    /// <summary>Opens a fresh template for filling.</summary>
    public static SelfAssessmentFiller OpenTemplate() => SelfAssessmentFiller.Open(new MemoryStream(Template()));

    /// <summary>Fills every leaf validly, with evidence, so that a test can then spoil what it checks.</summary>
    public static SelfAssessmentFiller FillValid(this SelfAssessmentFiller f) => f
        .Set("1.1.1", value: "Không kịp thời", evidence: "KH 12/KH-UBND ngày 10/01/2024")
        .Set("1.1.2", value: "Có", evidence: "BC 45/BC-UBND")
        .Set("1.1.3", selfScore: 2.5m, evidence: "KH kiểm tra 3/KH-UBND")
        .Set("1.10", notApplicable: true, explanation: "Năm 2024 không có nhiệm vụ tuyên truyền riêng")
        .Set("2.1", value: "95", evidence: "Hệ thống một cửa")
        .Set("2.2", value: "87,5", evidence: "Cổng dịch vụ công")
        .Set("TP.1", value: "3", evidence: "QĐ công nhận sáng kiến 7/QĐ-UBND");

    public static byte[] Save(this SelfAssessmentFiller f)
    {
        using var ms = new MemoryStream();
        f.Save(ms);
        return ms.ToArray();
    }

    public static ReadResult<UnitAssessment> Read(byte[] workbook, string fileName = "H-HL.xlsx") =>
        SelfAssessmentReader.Read(new MemoryStream(workbook), fileName, Set, Unit);

    /// <summary>Problems as "cell: message" lines, easy to compare and to read in a failure.</summary>
    public static IEnumerable<string> Lines(this IEnumerable<WorkbookProblem> problems) =>
        problems.Select(p => $"{p.Cell ?? "-"}: {p.Message}");
}

/// <summary>A fresh folder under the temp path, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "parindex-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
