using ParIndex.Scoring.Criteria;
using static ParIndex.Scoring.Tests.Sets;

namespace ParIndex.Scoring.Tests;

public class YearOnYearTests
{
    private static readonly Dictionary<string, UnitSurvey> NoSurvey = new();

    private static CriteriaSet TwoAreas(int year, decimal area2Max, string area2Title = "Lĩnh vực 2", string? compareTo = null) =>
        Set(10 + area2Max,
            Node("1", 10, Leaf("1.1", 10, new PointsRule())),
            new Criterion("2", area2Title, area2Max, null, [Leaf("2.1", area2Max, new PointsRule())], CompareTo: compareTo))
        with { Year = year };

    private static GroupResult Year(CriteriaSet set, IEnumerable<Unit> units, params (string Unit, decimal A1, decimal A2)[] scores) =>
        Ranking.Compute(set, units, scores.ToDictionary(s => s.Unit,
            s => Assess(s.Unit, ("1.1", new LeafInput(s.A1)), ("2.1", new LeafInput(s.A2)))), NoSurvey);

    private static Unit U(string code, params string[] predecessors) => new(code, code, "districts", Predecessors: predecessors);

    [Test]
    public void Compare_SameUnit_GivesIndexAndRankChange()
    {
        var units = new[] { U("A"), U("B"), U("C") };
        var before = Year(TwoAreas(2023, 10), units, ("A", 9, 9), ("B", 8, 8), ("C", 7, 7));
        var now = YearOnYear.Compare(Year(TwoAreas(2024, 10), units, ("A", 7, 7), ("B", 8, 8), ("C", 9.5m, 9.5m)),
            before.Published(), before.Summary);
        var c = now.Units.Single(u => u.Unit.Code == "C");
        Assert.Multiple(() =>
        {
            Assert.That(c.Rank, Is.EqualTo(1));
            Assert.That(c.Previous!.Basis, Is.EqualTo(PreviousBasis.Same));
            Assert.That(c.Previous.Rank, Is.EqualTo(3));
            Assert.That(c.Previous.RankChange, Is.EqualTo(2));
            Assert.That(c.Previous.IndexChange, Is.EqualTo(25m));
            Assert.That(now.Units.Single(u => u.Unit.Code == "A").Previous!.RankChange, Is.EqualTo(-2));
            Assert.That(now.Summary.Rose, Is.EqualTo(1));
            Assert.That(now.Summary.Fell, Is.EqualTo(1));
            Assert.That(now.Summary.Held, Is.EqualTo(1));
            Assert.That(now.Summary.BiggestRiser!.Unit.Code, Is.EqualTo("C"));
            Assert.That(now.Summary.BiggestFaller!.Unit.Code, Is.EqualTo("A"));
            Assert.That(now.Summary.MeanIndexChange, Is.EqualTo(1.67m)); // 81.67 (2024: 70, 80, 95) − 80 (2023: 90, 80, 70)
        });
    }

    [Test]
    public void Compare_UnitKeepingItsCodeThatAbsorbedOthers_IsDerivedFromAllNeverSame()
    {
        // Sở Tài chính keeps its code and absorbs Sở Kế hoạch và Đầu tư (practice.md §2).
        var before = Year(TwoAreas(2024, 10), [U("SO-TC"), U("SO-KHDT"), U("SO-NV"), U("SO-YT")],
            ("SO-TC", 9, 9), ("SO-KHDT", 7, 7), ("SO-NV", 8, 8), ("SO-YT", 6, 6));
        var units = new[] { U("SO-TC", "SO-TC", "SO-KHDT"), U("SO-NV"), U("SO-YT"), U("SO-MOI") };
        var now = YearOnYear.Compare(Year(TwoAreas(2025, 10), units, ("SO-TC", 9.5m, 9.5m), ("SO-NV", 7, 7), ("SO-YT", 8, 8), ("SO-MOI", 6, 6)),
            before.Published(), before.Summary);
        var tc = now.Units.Single(u => u.Unit.Code == "SO-TC");
        Assert.Multiple(() =>
        {
            Assert.That(tc.Previous!.Basis, Is.EqualTo(PreviousBasis.Derived));
            Assert.That(tc.Previous.Predecessors, Is.EqualTo(new[] { "SO-TC", "SO-KHDT" }));
            Assert.That(tc.Previous.Index, Is.EqualTo(80m)); // (90 + 70) / 2, not its own 90
            Assert.That(tc.Previous.IndexChange, Is.EqualTo(15m));
            Assert.That(tc.Previous.Rank, Is.Null);
            Assert.That(tc.Previous.RankChange, Is.Null);
            Assert.That(tc.AreaChanges!.All(a => a.IndexChange is null), Is.True, "no area deltas against one of several units");
            // SO-NV 2nd → 3rd fell, SO-YT 4th → 2nd rose; SO-TC (derived) and SO-MOI (new) are counted apart.
            Assert.That(now.Summary.Rose, Is.EqualTo(1));
            Assert.That(now.Summary.Fell, Is.EqualTo(1));
            Assert.That(now.Summary.Held, Is.EqualTo(0));
            Assert.That(now.Summary.Derived, Is.EqualTo(1));
            Assert.That(now.Summary.New, Is.EqualTo(1));
            Assert.That(now.Summary.BiggestRiser!.Unit.Code, Is.EqualTo("SO-YT"));
        });
    }

    [Test]
    public void Compare_BeforeTheMerger_AUnitListingItselfAndAnotherStillAssessedIsSame()
    {
        // 2024: Sở Kế hoạch và Đầu tư is still assessed beside Sở Tài chính, so nothing was absorbed yet.
        var before = Year(TwoAreas(2023, 10), [U("SO-TC"), U("SO-KHDT")], ("SO-TC", 9, 9), ("SO-KHDT", 7, 7));
        var now = YearOnYear.Compare(Year(TwoAreas(2024, 10), [U("SO-TC", "SO-TC", "SO-KHDT"), U("SO-KHDT")], ("SO-TC", 9, 9), ("SO-KHDT", 8, 8)),
            before.Published(), before.Summary);
        Assert.That(now.Units.Single(u => u.Unit.Code == "SO-TC").Previous!.Basis, Is.EqualTo(PreviousBasis.Same));
    }

    [Test]
    public void Compare_NewUnitWithPredecessors_PreviousIndexIsTheirMeanAndNoRankChange()
    {
        var before = Year(TwoAreas(2023, 10), [U("X-A"), U("X-B")], ("X-A", 9, 9), ("X-B", 8.5m, 8));
        var now = YearOnYear.Compare(Year(TwoAreas(2024, 10), [U("X-M", "X-A", "X-B")], ("X-M", 9, 9)),
            before.Published(), before.Summary);
        var m = now.Units.Single();
        Assert.Multiple(() =>
        {
            Assert.That(m.Previous!.Basis, Is.EqualTo(PreviousBasis.Derived));
            Assert.That(m.Previous.Index, Is.EqualTo(86.25m)); // (90 + 82.5) / 2
            Assert.That(m.Previous.IndexChange, Is.EqualTo(3.75m));
            Assert.That(m.Previous.Rank, Is.Null);
            Assert.That(m.Previous.RankChange, Is.Null);
            Assert.That(m.Previous.Predecessors, Is.EqualTo(new[] { "X-A", "X-B" }));
            Assert.That(m.AreaChanges!.All(a => a.IndexChange is null), Is.True);
        });
    }

    [Test]
    public void Compare_UnknownUnit_IsNew()
    {
        var before = Year(TwoAreas(2023, 10), [U("A")], ("A", 9, 9));
        var now = YearOnYear.Compare(Year(TwoAreas(2024, 10), [U("Z")], ("Z", 9, 9)), before.Published(), before.Summary);
        Assert.Multiple(() =>
        {
            Assert.That(now.Units.Single().Previous!.Basis, Is.EqualTo(PreviousBasis.New));
            Assert.That(now.Units.Single().Previous!.IndexChange, Is.Null);
        });
    }

    [Test]
    public void Compare_AreaWhoseMaximumChanged_DeltaWithheld()
    {
        var before = Year(TwoAreas(2023, 10), [U("A")], ("A", 8, 8));
        var now = YearOnYear.Compare(Year(TwoAreas(2024, 12), [U("A")], ("A", 9, 9)), before.Published(), before.Summary);
        var areas = now.Units.Single().AreaChanges!;
        Assert.Multiple(() =>
        {
            Assert.That(areas[0].IndexChange, Is.EqualTo(10m));
            Assert.That(areas[1].IndexChange, Is.Null);
            Assert.That(areas[1].Withheld, Is.EqualTo(AreaDeltaWithheld.MaxChanged));
        });
    }

    [Test]
    public void Compare_AreaWithChangedTitle_WithheldUnlessMappedExplicitly()
    {
        var before = Year(TwoAreas(2023, 10), [U("A")], ("A", 8, 8));
        var renamed = YearOnYear.Compare(Year(TwoAreas(2024, 10, "Tên mới"), [U("A")], ("A", 9, 9)), before.Published(), before.Summary);
        var mapped = YearOnYear.Compare(Year(TwoAreas(2024, 12, "Tên mới", compareTo: "2"), [U("A")], ("A", 9, 9)), before.Published(), before.Summary);
        Assert.Multiple(() =>
        {
            Assert.That(renamed.Units.Single().AreaChanges![1].Withheld, Is.EqualTo(AreaDeltaWithheld.TitleChanged));
            Assert.That(mapped.Units.Single().AreaChanges![1].Withheld, Is.Null);
            Assert.That(mapped.Units.Single().AreaChanges![1].IndexChange, Is.EqualTo(-5m)); // 75 − 80
        });
    }

    [Test]
    public void Compare_SameCodeInAnotherGroup_IsNotSame()
    {
        var before = Year(TwoAreas(2023, 10) with { Group = "departments" }, [U("A")], ("A", 8, 8));
        var now = YearOnYear.Compare(Year(TwoAreas(2024, 10), [U("A")], ("A", 9, 9)), before.Published(), null);
        Assert.That(now.Units.Single().Previous!.Basis, Is.EqualTo(PreviousBasis.New));
    }
}
