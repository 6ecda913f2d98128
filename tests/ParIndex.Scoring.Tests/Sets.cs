using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Scoring.Tests;

/// <summary>Small criteria sets built in code, one concern each.</summary>
internal static class Sets
{
    public static Criterion Leaf(string code, decimal? max, Rule rule, bool naAllowed = false) =>
        new(code, $"Tiêu chí {code}", max, rule, [], naAllowed);

    public static Criterion Node(string code, decimal? max, params Criterion[] children) =>
        new(code, $"Lĩnh vực {code}", max, null, children);

    public static readonly IReadOnlyList<ClassRow> Classes =
        [new(90, "Tốt"), new(80, "Khá"), new(65, "Trung bình"), new(0, "Yếu")];

    public static CriteriaSet Set(decimal total, params Criterion[] criteria) =>
        new(2024, "districts", "2024.1", "QĐ thử", "Bộ thử", 2, new RankingOptions(), Classes, Survey, criteria, total, "test.yaml");

    public static readonly SurveySettings Survey = new(
        3,
        new Dictionary<char, decimal> { ['A'] = 1.0m, ['B'] = 0.6m, ['C'] = 0.2m, ['D'] = 0m },
        [new("Q01", "Câu 1"), new("Q02", "Câu 2", new Dictionary<char, decimal> { ['A'] = 1m, ['B'] = 0.5m, ['C'] = 0m })]);

    /// <summary>Two areas of 50 + a bonus/penalty group: 1 (points 30, NA-allowed 20), 2 (survey 50).</summary>
    public static CriteriaSet Standard() => Set(100,
        Node("1", 50,
            Leaf("1.1", 30, new PointsRule()),
            Leaf("1.2", 20, new YesNoRule(), naAllowed: true)),
        Node("2", 50, Leaf("2.1", 50, new SurveyRule(["Q01", "Q02"]))),
        Node("TP", null,
            Leaf("TP.1", null, new BonusRule(0.5m, 2m)),
            Leaf("TP.2", null, new PenaltyRule(0.25m, 1m))));

    public static UnitAssessment Assess(string unit, params (string Code, LeafInput Input)[] leaves) =>
        new(unit, leaves.ToDictionary(l => l.Code, l => l.Input));

    public static UnitSurvey Survey1(string unit, int respondents, params (string Q, long[] Counts)[] counts) =>
        new(unit, counts.ToDictionary(c => c.Q, c => c.Counts), new Dictionary<string, int> { ["2.1"] = respondents }, respondents);
}
