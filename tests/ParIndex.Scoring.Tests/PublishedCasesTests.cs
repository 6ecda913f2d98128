using ParIndex.Scoring.Criteria;
using static ParIndex.Scoring.Tests.Sets;

namespace ParIndex.Scoring.Tests;

/// <summary>The facts from real published results in domain.md, reproduced by the core (practice.md §9).</summary>
public class PublishedCasesTests
{
    private static readonly Dictionary<string, UnitSurvey> NoSurvey = new();

    private static Unit U(string code, string name, string group = "districts") => new(code, name, group);

    /// <summary>One points leaf out of 100: the self-score is the index.</summary>
    private static CriteriaSet Hundred(IReadOnlyList<ClassRow>? classes = null) =>
        Set(100, Node("1", 100, Leaf("1.1", 100, new PointsRule()))) with { Classification = classes ?? Classes };

    private static Dictionary<string, UnitAssessment> Scores(params (string Unit, decimal Points)[] scores) =>
        scores.ToDictionary(s => s.Unit, s => Assess(s.Unit, ("1.1", new LeafInput(s.Points))));

    private static PublishedResult Before(string code, int rank, decimal index, string group = "districts") =>
        new(code, group, UnitStatus.Ranked, index, rank, null, new Dictionary<string, PublishedArea>());

    [Test]
    public void VinhPhuc2017_TamDuongFellFivePlacesToSeventhOfNineWithTheLastSurveyScore()
    {
        // 50 points self-scored, 50 by survey (answers A = 100 %, D = 0 %).
        var set = Set(100, Node("1", 50, Leaf("1.1", 50, new PointsRule())), Node("2", 50, Leaf("2.1", 50, new SurveyRule(["Q01"]))));
        // Totals 95, 93, …, 79 with Tam Dương 7th at 83; the others' survey 48, 47, …, 41 and Tam Dương's 39.83.
        string[] others = ["VY", "PY", "BX", "VT", "YL", "LT", "SL", "TD2"];
        var units = others.Select(c => U(c, "Huyện " + c)).Append(U("TD", "UBND huyện Tam Dương")).ToList();
        var totals = new Dictionary<string, decimal> { ["VY"] = 95, ["PY"] = 93, ["BX"] = 91, ["VT"] = 89, ["YL"] = 87, ["LT"] = 85, ["TD"] = 83, ["SL"] = 81, ["TD2"] = 79 };
        var surveys = new Dictionary<string, UnitSurvey>();
        var assessments = new Dictionary<string, UnitAssessment>();
        for (var i = 0; i < others.Length; i++)
        {
            var share = 48 - i; // survey points out of 50, as hundredths of A answers ×2
            surveys[others[i]] = Tally(others[i], a: share * 2, d: 100 - share * 2);
            assessments[others[i]] = Assess(others[i], ("1.1", new LeafInput(totals[others[i]] - share)));
        }
        surveys["TD"] = Tally("TD", a: 7966, d: 2034); // 0.7966 × 50 = 39.83
        assessments["TD"] = Assess("TD", ("1.1", new LeafInput(83m - 39.83m)));

        // 2016: Tam Dương 2nd.
        var before = new[] { "VY", "TD", "PY", "BX", "VT", "YL", "LT", "SL", "TD2" }.Select((c, i) => Before(c, i + 1, 95m - i)).ToList();
        var result = YearOnYear.Compare(Ranking.Compute(set, units, assessments, surveys), before, null);
        var td = result.Units.Single(u => u.Unit.Code == "TD");
        Assert.Multiple(() =>
        {
            Assert.That(td.Rank, Is.EqualTo(7));
            Assert.That(result.Summary.RankedUnits, Is.EqualTo(9));
            Assert.That(td.Previous!.RankChange, Is.EqualTo(-5), "giảm 5 bậc");
            Assert.That(Numbers.Round(td.Score!.SurveyPoints!.Value, 2), Is.EqualTo(39.83m));
            Assert.That(td.SurveyRank, Is.EqualTo(9), "survey 39.83, last of 9");
            Assert.That(result.Units.Single(u => u.Unit.Code == "VY").SurveyRank, Is.EqualTo(1));
            Assert.That(result.Summary.BiggestFaller!.Unit.Code, Is.EqualTo("TD"));
        });

        static UnitSurvey Tally(string unit, long a, long d) =>
            new(unit, new Dictionary<string, long[]> { ["Q01"] = [a, 0, 0, d, 0] }, new Dictionary<string, int> { ["2.1"] = (int)(a + d) }, (int)(a + d));
    }

    [Test]
    public void LangSon2017_ThirtyOneUnits22Tot9KhaWithHuuLungAt77Point9AmongKha()
    {
        // Thresholds that make it so: Tốt from 85, Khá from 70.
        var classes = new List<ClassRow> { new(85, "Tốt"), new(70, "Khá"), new(50, "Trung bình"), new(0, "Yếu") };
        var scores = Enumerable.Range(0, 22).Select(i => ($"T{i:D2}", 96m - i * 0.5m))
            .Concat([("K1", 84m), ("K2", 83m), ("K3", 82m), ("K4", 81m), ("K5", 80m), ("K6", 79m), ("H-HL", 77.9m), ("K8", 75m), ("K9", 72m)])
            .ToArray();
        var units = scores.Select(s => U(s.Item1, s.Item1 == "H-HL" ? "UBND huyện Hữu Lũng" : "Đơn vị " + s.Item1)).ToList();
        var result = Ranking.Compute(Hundred(classes), units, Scores(scores), NoSurvey);
        var hl = result.Units.Single(u => u.Unit.Code == "H-HL");
        var counts = result.Summary.ClassCounts.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Multiple(() =>
        {
            Assert.That(result.Summary.RankedUnits, Is.EqualTo(31));
            Assert.That(counts["Tốt"], Is.EqualTo(22));
            Assert.That(counts["Khá"], Is.EqualTo(9));
            Assert.That(counts["Trung bình"] + counts["Yếu"], Is.Zero);
            Assert.That(hl.Index, Is.EqualTo(77.9m));
            Assert.That(hl.Class, Is.EqualTo("Khá"));
            Assert.That(hl.Rank, Is.EqualTo(29), "near the bottom");
        });
    }

    [Test]
    public void HaTinh2023_SoNgoaiVuFromEleventhToThirdIsTheBiggestRiser()
    {
        string[] now = ["SO-NV", "SO-TTTT", "SO-NGV", "SO-TC", "SO-TP", "SO-YT", "SO-XD", "SO-CT", "SO-GDDT", "SO-VHTT", "SO-LDTBXH", "SO-NN"];
        string[] before = ["SO-NV", "SO-TC", "SO-TP", "SO-YT", "SO-TTTT", "SO-XD", "SO-CT", "SO-GDDT", "SO-VHTT", "SO-LDTBXH", "SO-NGV", "SO-NN"];
        var units = now.Select(c => U(c, c, "departments")).ToList();
        var set = Hundred() with { Group = "departments" };
        var result = YearOnYear.Compare(
            Ranking.Compute(set, units, Scores(now.Select((c, i) => (c, 95m - i)).ToArray()), NoSurvey),
            before.Select((c, i) => Before(c, i + 1, 94m - i, "departments")), null);
        var ngv = result.Units.Single(u => u.Unit.Code == "SO-NGV");
        Assert.Multiple(() =>
        {
            Assert.That((ngv.Previous!.Rank, ngv.Rank, ngv.Previous.RankChange), Is.EqualTo(((int?)11, (int?)3, (int?)8)));
            Assert.That(result.Units.Single(u => u.Unit.Code == "SO-TTTT").Previous!.RankChange, Is.EqualTo(3), "5th to 2nd");
            Assert.That(result.Summary.BiggestRiser!.Unit.Code, Is.EqualTo("SO-NGV"));
        });
    }

    [Test]
    public void HaNoi2023_NamTuLiemAndHoanKiemShareSecondPlaceAndCauGiayIsFourth()
    {
        var units = new[] { U("DD", "Đống Đa"), U("NTL", "Nam Từ Liêm"), U("HK", "Hoàn Kiếm"), U("CG", "Cầu Giấy") };
        var result = Ranking.Compute(Hundred(), units, Scores(("DD", 96.3m), ("NTL", 95.7m), ("HK", 95.7m), ("CG", 95.22m)), NoSurvey);
        Assert.That(result.Units.Select(u => (u.Unit.Code, u.Rank)),
            Is.EqualTo(new[] { ("DD", (int?)1), ("HK", 2), ("NTL", 2), ("CG", 4) }), "tied units listed by code");
    }

    [Test]
    public void NamDinh2020_MeanSelfAndMeanAppraisedAndTheirGapAreReported()
    {
        // Self 64.5 and 65 (mean 64.75); appraised 62.24 and 63 (mean 62.62): appraisal cut 2.13 on average.
        var units = new[] { U("SO-A", "A", "departments"), U("SO-B", "B", "departments") };
        var assessments = new Dictionary<string, UnitAssessment>
        {
            ["SO-A"] = Assess("SO-A", ("1.1", new LeafInput(64.5m, Appraisal1: 62.24m))),
            ["SO-B"] = Assess("SO-B", ("1.1", new LeafInput(65m, Appraisal1: 63m))),
        };
        var result = Ranking.Compute(Hundred() with { Group = "departments" }, units, assessments, NoSurvey);
        Assert.Multiple(() =>
        {
            Assert.That(result.Summary.MeanSelfPoints, Is.EqualTo(64.75m));
            Assert.That(result.Summary.MeanAppraisedPoints, Is.EqualTo(62.62m));
            Assert.That(result.Summary.SelfAppraisedGap, Is.EqualTo(2.13m));
            Assert.That(result.Units.All(u => u.Score!.SurveyPoints is null && u.SurveyRank is null), Is.True, "no survey leaf: no survey points nor rank");
        });
    }
}
