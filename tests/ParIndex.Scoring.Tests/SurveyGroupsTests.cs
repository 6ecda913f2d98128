using ParIndex.Scoring.Criteria;
using static ParIndex.Scoring.Tests.Sets;

namespace ParIndex.Scoring.Tests;

/// <summary>practice.md §8: the survey weighted by respondent group, and aggregated results.</summary>
public class SurveyGroupsTests
{
    // CB officials weigh 0.4 (at least 10), ND citizens 0.6 (at least 30).
    private static CriteriaSet Weighted() => Standard() with
    {
        Survey = Sets.Survey with
        {
            Groups = new Dictionary<string, RespondentGroup> { ["CB"] = new(0.4m, 10), ["ND"] = new(0.6m, 30) },
        },
    };

    private static readonly UnitAssessment Self = Assess("X-A", ("1.1", new LeafInput(20m)), ("1.2", new LeafInput(20m)));

    /// <summary>A group's tally on Q01 only: <paramref name="a"/> answers A and <paramref name="d"/> answers D, one per respondent.</summary>
    private static GroupSurvey Group(long a, long d) =>
        new(new Dictionary<string, long[]> { ["Q01"] = [a, 0, 0, d, 0] }, new Dictionary<string, int> { ["2.1"] = (int)(a + d) }, (int)(a + d));

    private static UnitSurvey Survey(params (string Code, GroupSurvey Tally)[] groups)
    {
        var pooledA = groups.Sum(g => g.Tally.AnswerCounts["Q01"][0]);
        var pooledD = groups.Sum(g => g.Tally.AnswerCounts["Q01"][3]);
        var n = (int)(pooledA + pooledD);
        return new UnitSurvey("X-A", new Dictionary<string, long[]> { ["Q01"] = [pooledA, 0, 0, pooledD, 0] },
            new Dictionary<string, int> { ["2.1"] = n }, n, groups.ToDictionary(g => g.Code, g => g.Tally));
    }

    private static LeafResult Leaf21(UnitScore score) => score.Leaves.Single(l => l.Leaf.Code == "2.1");

    [Test]
    public void Score_SurveyWithGroups_IsWeightedMeanOfTheGroupsMeanShares()
    {
        // CB: 8 of 10 answer A → 0.8; ND: 15 of 60 answer A → 0.25. Weighted: 0.4×0.8 + 0.6×0.25 = 0.47 → 23.5 of 50.
        // One pool would give 23 of 70 answers A → 16.43: the groups' weights, not their sizes, decide.
        var score = UnitScoring.Score(Weighted(), Self, Survey(("CB", Group(8, 2)), ("ND", Group(15, 45))));
        Assert.Multiple(() =>
        {
            Assert.That(Leaf21(score).Final, Is.EqualTo(23.5m));
            Assert.That(Leaf21(score).Respondents, Is.EqualTo(70));
            Assert.That(score.SurveyPoints, Is.EqualTo(23.5m));
            Assert.That(score.SurveyGroups, Is.EqualTo(new[] { new SurveyGroupUse("CB", 10, 10, true), new SurveyGroupUse("ND", 60, 30, true) }));
        });
    }

    [Test]
    public void Score_GroupBelowItsMinimum_IsLeftOutAndTheOtherWeightsRescaled()
    {
        // CB has 9 questionnaires, below its 10: ND alone counts, its weight rescaled to 1: 0.25 × 50 = 12.5.
        var score = UnitScoring.Score(Weighted(), Self, Survey(("CB", Group(9, 0)), ("ND", Group(15, 45))));
        Assert.Multiple(() =>
        {
            Assert.That(Leaf21(score).Final, Is.EqualTo(12.5m));
            Assert.That(Leaf21(score).Respondents, Is.EqualTo(60), "the questionnaires used");
            Assert.That(score.SurveyGroups.Single(g => g.Group == "CB"), Is.EqualTo(new SurveyGroupUse("CB", 9, 10, false)));
        });
    }

    [Test]
    public void Score_ThreeGroupsOneBelow_RescalesTheRemainingWeightsExactly()
    {
        var set = Weighted() with
        {
            Survey = Sets.Survey with
            {
                Groups = new Dictionary<string, RespondentGroup> { ["CB"] = new(0.2m, 10), ["DN"] = new(0.3m, 10), ["ND"] = new(0.5m, 30) },
            },
        };
        // DN below its minimum: CB 0.2/0.7 × 1.0 + ND 0.5/0.7 × 0.3 = (0.2 + 0.15) / 0.7 = 0.5 → 25 exactly.
        var score = UnitScoring.Score(set, Self, Survey(("CB", Group(10, 0)), ("DN", Group(0, 5)), ("ND", Group(9, 21))));
        Assert.That(Leaf21(score).Final, Is.EqualTo(25m));
    }

    [Test]
    public void Score_AllGroupsBelowTheirMinimum_SurveyLeafIsNotApplicable()
    {
        // 9 officials and 29 citizens: 38 questionnaires, more than one pool's 3, but no group reaches its minimum.
        var score = UnitScoring.Score(Weighted(), Self, Survey(("CB", Group(9, 0)), ("ND", Group(29, 0))));
        Assert.Multiple(() =>
        {
            Assert.That(Leaf21(score).Applicable, Is.False);
            Assert.That(score.ApplicableMax, Is.EqualTo(50m));
            Assert.That(score.SurveyPoints, Is.Null);
            Assert.That(score.Index, Is.EqualTo(80m));
        });
    }

    [Test]
    public void Score_WithoutGroups_OnePoolRuleStands()
    {
        var score = UnitScoring.Score(Standard(), Self, Survey(("CB", Group(8, 2)), ("ND", Group(15, 45))));
        Assert.That(Leaf21(score).Final, Is.EqualTo(50m * 23m / 70m));
    }

    [Test]
    public void Score_AggregatedResults_GiveTheShareOfTheMaximumAndLeaveUnlistedLeavesNotApplicable()
    {
        var set = Standard() with { Criteria = [.. Standard().Criteria.Take(1), Node("2", 50, Leaf("2.1", 30, new SurveyRule(["Q01"])), Leaf("2.2", 20, new SurveyRule(["Q02"]))), Standard().Criteria[2]] };
        var survey = UnitSurvey.FromAggregated("X-A", new Dictionary<string, AggregatedLeaf> { ["2.1"] = new(0.7966m, 412) });
        var score = UnitScoring.Score(set, Self, survey);
        Assert.Multiple(() =>
        {
            Assert.That(score.Leaves.Single(l => l.Leaf.Code == "2.1").Final, Is.EqualTo(23.898m));
            Assert.That(score.Leaves.Single(l => l.Leaf.Code == "2.1").Respondents, Is.EqualTo(412));
            Assert.That(score.Leaves.Single(l => l.Leaf.Code == "2.2").Applicable, Is.False);
            Assert.That(score.ApplicableMax, Is.EqualTo(80m));
        });
    }
}
