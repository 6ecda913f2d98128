using ParIndex.Scoring.Criteria;
using static ParIndex.Scoring.Tests.Sets;

namespace ParIndex.Scoring.Tests;

/// <summary>The one rule for "the same criterion last year", as the deltas, the scorecards and the set comparison use it.</summary>
public class SameCriterionTests
{
    private static readonly Dictionary<string, UnitSurvey> NoSurvey = new();

    // Last year: area 1 with 1.1 (points 10) and 1.2 (points 5); area 2 with 2.1 (points 5).
    private static readonly CriteriaSet LastYear = Set(20,
        Node("1", 15, Leaf("1.1", 10), Leaf("1.2", 5)),
        Node("2", 5, Leaf("2.1", 5))) with { Year = 2023 };

    private static UnitScore LastYearScore() =>
        Ranking.Compute(LastYear, [new Unit("A", "A", "districts")],
            new Dictionary<string, UnitAssessment>
            {
                ["A"] = Assess("A", ("1.1", new LeafInput(7)), ("1.2", new LeafInput(4)), ("2.1", new LeafInput(3))),
            }, NoSurvey).Units.Single().Score!;

    private static Criterion Leaf(string code, decimal max, string? title = null, string? compareTo = null) =>
        new(code, title ?? $"Tiêu chí {code}", max, new PointsRule(), [], CompareTo: compareTo);

    [Test]
    public void Unchanged_IsTheSame_AndCarriesLastYearsPoints()
    {
        var node = Leaf("1.1", 10);
        Assert.Multiple(() =>
        {
            Assert.That(SameCriterion.Match(node, LastYear).Comparable, Is.True);
            Assert.That(SameCriterion.LastYearPoints(node, LastYear, LastYearScore()), Is.EqualTo(7m));
        });
    }

    [Test]
    public void CompareTo_RenamedCode_TakesTheNamedCodesPoints()
    {
        var renamed = Leaf("3.1", 10, title: "Một tên khác", compareTo: "1.1");
        var match = SameCriterion.Match(renamed, LastYear);
        Assert.Multiple(() =>
        {
            Assert.That(match.PreviousCode, Is.EqualTo("1.1"));
            Assert.That(match.Explicit, Is.True);
            Assert.That(match.TitleChanged, Is.True);
            Assert.That(match.Comparable, Is.True, "an explicit compare_to is the office saying they are the same");
            Assert.That(SameCriterion.LastYearPoints(renamed, LastYear, LastYearScore()), Is.EqualTo(7m));
        });
    }

    [Test]
    public void CompareTo_ChangedMaximum_StillTheSame()
    {
        var mapped = Leaf("1.2", 8, compareTo: "1.2");
        Assert.That(SameCriterion.LastYearPoints(mapped, LastYear, LastYearScore()), Is.EqualTo(4m));
    }

    [Test]
    public void ChangedMaximum_WithoutCompareTo_IsNotTheSame()
    {
        var node = Leaf("1.2", 8);
        var match = SameCriterion.Match(node, LastYear);
        Assert.Multiple(() =>
        {
            Assert.That(match.Found, Is.True);
            Assert.That(match.MaxChanged, Is.True);
            Assert.That(match.Comparable, Is.False);
            Assert.That(match.Withheld, Is.EqualTo(AreaDeltaWithheld.MaxChanged));
            Assert.That(SameCriterion.LastYearPoints(node, LastYear, LastYearScore()), Is.Null);
        });
    }

    [Test]
    public void ChangedTitle_WithoutCompareTo_IsNotTheSame_ButSpacesAroundItDoNotCount()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SameCriterion.Match(Leaf("1.1", 10, title: "Tiêu chí mới"), LastYear).Withheld, Is.EqualTo(AreaDeltaWithheld.TitleChanged));
            Assert.That(SameCriterion.Match(Leaf("1.1", 10, title: " Tiêu chí 1.1 "), LastYear).Comparable, Is.True);
        });
    }

    [Test]
    public void NewCode_IsNotFound()
    {
        var node = Leaf("1.9", 10);
        var match = SameCriterion.Match(node, LastYear);
        Assert.Multiple(() =>
        {
            Assert.That(match.Found, Is.False);
            Assert.That(match.Withheld, Is.EqualTo(AreaDeltaWithheld.NotInPreviousSet));
            Assert.That(SameCriterion.LastYearPoints(node, LastYear, LastYearScore()), Is.Null);
            Assert.That(SameCriterion.Match(node, (CriteriaSet?)null).Found, Is.False, "no set last year");
        });
    }

    [Test]
    public void RemovedCode_ACompareToNamingIt_IsNotFound_UnlessTheOwnCodeRemains()
    {
        // A compare_to carried forward from an older year names a code last year's set no longer has.
        var stale = Leaf("1.1", 10, compareTo: "0.9");
        var gone = Leaf("4.4", 10, compareTo: "0.9");
        var match = SameCriterion.Match(stale, LastYear);
        Assert.Multiple(() =>
        {
            Assert.That(match.PreviousCode, Is.EqualTo("1.1"), "judged by its own code, as if unmapped");
            Assert.That(match.Explicit, Is.False);
            Assert.That(SameCriterion.LastYearPoints(stale, LastYear, LastYearScore()), Is.EqualTo(7m));
            Assert.That(SameCriterion.Match(gone, LastYear).Found, Is.False);
        });
    }

    [Test]
    public void LeafBecomingAParent_IsNotTheSame()
    {
        var parent = new Criterion("2.1", "Tiêu chí 2.1", 5, null, [Leaf("2.1.1", 5)]);
        Assert.Multiple(() =>
        {
            Assert.That(SameCriterion.Match(parent, LastYear).KindChanged, Is.True);
            Assert.That(SameCriterion.LastYearPoints(parent, LastYear, LastYearScore()), Is.Null);
        });
    }

    [Test]
    public void Parent_CarriesItsTotal_AndPublishedAreasFollowTheSameRule()
    {
        var area = new Criterion("1", "Lĩnh vực 1", 15, null, [Leaf("1.1", 10), Leaf("1.2", 5)]);
        var published = new Dictionary<string, PublishedArea> { ["1"] = new("1", "Lĩnh vực 1", 15, 73.33m) };
        Assert.Multiple(() =>
        {
            Assert.That(SameCriterion.LastYearPoints(area, LastYear, LastYearScore()), Is.EqualTo(11m));
            Assert.That(SameCriterion.Match(area, published).Comparable, Is.True);
            Assert.That(SameCriterion.Match(area with { Max = 20 }, published).Withheld, Is.EqualTo(AreaDeltaWithheld.MaxChanged));
        });
    }

    [Test]
    public void NotScoredLastYear_HasNoPoints() =>
        Assert.That(SameCriterion.LastYearPoints(Leaf("1.1", 10), LastYear, null), Is.Null);
}
