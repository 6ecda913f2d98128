using ParIndex.Scoring.Criteria;
using static ParIndex.Scoring.Tests.Sets;

namespace ParIndex.Scoring.Tests;

public class RankingTests
{
    [Test]
    public void Places_Competition_TiesShareAndSkipNext() =>
        Assert.That(Ranking.Places([96.3m, 95.7m, 95.7m, 95.22m], RankingMethod.Competition), Is.EqualTo(new[] { 1, 2, 2, 4 }));

    [Test]
    public void Places_Dense_TiesShareAndNextFollows() =>
        Assert.That(Ranking.Places([96.3m, 95.7m, 95.7m, 95.22m], RankingMethod.Dense), Is.EqualTo(new[] { 1, 2, 2, 3 }));

    [TestCase(90, "Tốt")]
    [TestCase(89.99, "Khá")]
    [TestCase(65, "Trung bình")]
    [TestCase(0, "Yếu")]
    public void Classify_FirstRowWhoseMinIsReached(decimal index, string expected) =>
        Assert.That(Ranking.Classify(Classes, index), Is.EqualTo(expected));

    /// <summary>One points leaf out of 3, so that self-scores give chosen indices.</summary>
    private static CriteriaSet ThreePoints(RankingOptions ranking) =>
        Set(3, Node("1", 3, Leaf("1.1", 3, new PointsRule()))) with { Ranking = ranking };

    private static Dictionary<string, UnitAssessment> Scores(params (string Unit, decimal Points)[] scores) =>
        scores.ToDictionary(s => s.Unit, s => Assess(s.Unit, ("1.1", new LeafInput(s.Points))));

    private static Unit U(string code, bool ranked = true) => new(code, "Đơn vị " + code, "districts", ranked);

    [Test]
    public void Compute_RoundedRanking_TiesUnitsEqualAfterRounding()
    {
        // 2.8715 / 3 = 95.7166…% → 95.72; 2.8716 / 3 = 95.72%: equal when rounded, not when exact.
        var units = new[] { U("B"), U("A"), U("C") };
        var scores = Scores(("A", 2.8715m), ("B", 2.8716m), ("C", 2.5m));
        var rounded = Ranking.Compute(ThreePoints(new RankingOptions(RankingMethod.Competition, RankOn.Rounded)), units, scores, new Dictionary<string, UnitSurvey>());
        var exact = Ranking.Compute(ThreePoints(new RankingOptions(RankingMethod.Competition, RankOn.Exact)), units, scores, new Dictionary<string, UnitSurvey>());
        Assert.Multiple(() =>
        {
            Assert.That(rounded.Units.Select(u => (u.Unit.Code, u.Rank)), Is.EqualTo(new[] { ("A", (int?)1), ("B", 1), ("C", 3) }));
            Assert.That(exact.Units.Select(u => (u.Unit.Code, u.Rank)), Is.EqualTo(new[] { ("B", (int?)1), ("A", 2), ("C", 3) }));
            Assert.That(rounded.Units[0].Index, Is.EqualTo(95.72m));
        });
    }

    [Test]
    public void Compute_OrdersRankedThenUnrankedThenInvalidThenMissing()
    {
        var set = Set(3, Node("1", 3, Leaf("1.1", 3, new YesNoRule(), naAllowed: true)));
        var units = new[] { U("M"), U("N", ranked: false), U("I"), U("R") };
        var scores = new Dictionary<string, UnitAssessment>
        {
            ["R"] = Assess("R", ("1.1", new LeafInput(3m))),
            ["N"] = Assess("N", ("1.1", new LeafInput(3m))),
            ["I"] = Assess("I", ("1.1", new LeafInput(null, NotApplicable: true))),
        };
        var result = Ranking.Compute(set, units, scores, new Dictionary<string, UnitSurvey>());
        Assert.Multiple(() =>
        {
            Assert.That(result.Units.Select(u => (u.Unit.Code, u.Status)), Is.EqualTo(new[]
            {
                ("R", UnitStatus.Ranked), ("N", UnitStatus.Unranked), ("I", UnitStatus.Invalid), ("M", UnitStatus.Missing),
            }));
            Assert.That(result.Units[1].Rank, Is.Null);
            Assert.That(result.Units[1].Class, Is.EqualTo("Tốt"));
            Assert.That(result.Summary.RankedUnits, Is.EqualTo(1));
        });
    }

    [Test]
    public void Compute_HanoiDistricts2023_TieSharesSecondPlace()
    {
        // Hà Nội 2023: Đống Đa 96.3 first; Nam Từ Liêm and Hoàn Kiếm 95.7 share a place; Cầu Giấy 95.22 fourth.
        var set = Set(100, Node("1", 100, Leaf("1.1", 100, new PointsRule())));
        var units = new[] { U("DD"), U("NTL"), U("HK"), U("CG") };
        var scores = new Dictionary<string, UnitAssessment>
        {
            ["DD"] = Assess("DD", ("1.1", new LeafInput(96.3m))),
            ["NTL"] = Assess("NTL", ("1.1", new LeafInput(95.7m))),
            ["HK"] = Assess("HK", ("1.1", new LeafInput(95.7m))),
            ["CG"] = Assess("CG", ("1.1", new LeafInput(95.22m))),
        };
        var result = Ranking.Compute(set, units, scores, new Dictionary<string, UnitSurvey>());
        Assert.That(result.Units.Select(u => $"{u.Rank} {u.Unit.Code}"), Is.EqualTo(new[] { "1 DD", "2 HK", "2 NTL", "4 CG" }));
    }

    [Test]
    public void Summary_MeanOfRoundedIndicesAndClassCounts()
    {
        var set = ThreePoints(new RankingOptions());
        var result = Ranking.Compute(set, [U("A"), U("B"), U("C")],
            Scores(("A", 2.9m), ("B", 2.5m), ("C", 2.0m)), new Dictionary<string, UnitSurvey>());
        // 96.67 + 83.33 + 66.67 = 246.67 / 3 = 82.2233… → 82.22
        Assert.Multiple(() =>
        {
            Assert.That(result.Summary.MeanIndex, Is.EqualTo(82.22m));
            Assert.That(result.Summary.ClassCounts.Select(kv => kv.Value), Is.EqualTo(new[] { 1, 1, 1, 0 }));
        });
    }
}
