using ParIndex.Scoring.Criteria;
using static ParIndex.Scoring.Tests.Sets;

namespace ParIndex.Scoring.Tests;

public class UnitScoringTests
{
    // Survey: 40 respondents; Q01: 30 A, 10 B → shares 30 + 6 = 36; Q02 (A 1, B 0.5, C 0): 20 A, 20 C → 20.
    // Mean share = 56 / 80 = 0.7 → 35 of 50 points.
    private static UnitSurvey GoodSurvey(string unit) =>
        Survey1(unit, 40, ("Q01", [30, 10, 0, 0, 0]), ("Q02", [20, 0, 20, 0, 0]));

    [Test]
    public void Score_SurveyLeaf_IsMaxTimesMeanShareWithPerQuestionAnswers()
    {
        var score = UnitScoring.Score(Standard(), Assess("U", ("1.1", new(30m)), ("1.2", new(20m))), GoodSurvey("U"));
        var leaf = score.Leaves.Single(l => l.Leaf.Code == "2.1");
        Assert.Multiple(() =>
        {
            Assert.That(leaf.Final, Is.EqualTo(35m));
            Assert.That(leaf.Source, Is.EqualTo(ScoreSource.Survey));
            Assert.That(score.Points, Is.EqualTo(85m));
            Assert.That(score.Index, Is.EqualTo(85m));
        });
    }

    [Test]
    public void Score_NotApplicableLeaf_LeavesPointsAndMaximum()
    {
        var score = UnitScoring.Score(Standard(),
            Assess("U", ("1.1", new(24m)), ("1.2", new(null, NotApplicable: true))), GoodSurvey("U"));
        Assert.Multiple(() =>
        {
            Assert.That(score.ApplicableMax, Is.EqualTo(80m));
            Assert.That(score.Points, Is.EqualTo(59m));
            Assert.That(score.Areas[0].ApplicableMax, Is.EqualTo(30m));
            Assert.That(score.Areas[0].Index, Is.EqualTo(80m));
            Assert.That(Numbers.Round(score.Index!.Value, 2), Is.EqualTo(73.75m));
        });
    }

    [Test]
    public void Score_SurveyBelowMinimumRespondents_IsNotApplicable()
    {
        var score = UnitScoring.Score(Standard(), Assess("U", ("1.1", new(30m)), ("1.2", new(20m))),
            Survey1("U", 2, ("Q01", [2, 0, 0, 0, 0])));
        Assert.Multiple(() =>
        {
            Assert.That(score.Leaves.Single(l => l.Leaf.Code == "2.1").Applicable, Is.False);
            Assert.That(score.ApplicableMax, Is.EqualTo(50m));
            Assert.That(score.Areas.Single(a => a.Code == "2").Index, Is.Null);
            Assert.That(score.Index, Is.EqualTo(100m));
        });
    }

    [Test]
    public void Score_PenaltyLargerThanPoints_ClampsAtZero()
    {
        var set = Set(1, Node("1", 1, Leaf("1.1", 1, new PointsRule())),
            Node("TP", null, Leaf("TP.2", null, new PenaltyRule(0.25m, 1m))));
        var score = UnitScoring.Score(set, Assess("U", ("1.1", new(0.5m)), ("TP.2", new(1m))), null);
        Assert.Multiple(() =>
        {
            Assert.That(score.Penalty, Is.EqualTo(1m));
            Assert.That(score.Points, Is.EqualTo(0m));
        });
    }

    [Test]
    public void Score_BonusCannotLiftPointsAboveApplicableMax()
    {
        var score = UnitScoring.Score(Standard(),
            Assess("U", ("1.1", new(30m)), ("1.2", new(20m)), ("TP.1", new(2m))), Survey1("U", 40, ("Q01", [40, 0, 0, 0, 0])));
        Assert.Multiple(() =>
        {
            Assert.That(score.Bonus, Is.EqualTo(2m));
            Assert.That(score.Points, Is.EqualTo(100m));
        });
    }

    [Test]
    public void Score_AppraisalRoundTwoWinsOverRoundOneOverSelf()
    {
        var score = UnitScoring.Score(Standard(), Assess("U",
            ("1.1", new(30m, Appraisal1: 25m, Appraisal2: 27m)),
            ("1.2", new(20m, Appraisal1: 0m))), GoodSurvey("U"));
        Assert.Multiple(() =>
        {
            Assert.That(score.Leaves[0].Final, Is.EqualTo(27m));
            Assert.That(score.Leaves[0].Source, Is.EqualTo(ScoreSource.Appraisal2));
            Assert.That(score.Leaves[1].Final, Is.EqualTo(0m));
            Assert.That(score.Points, Is.EqualTo(62m));
            Assert.That(score.SelfPoints, Is.EqualTo(50m), "what the unit claimed: survey excluded (practice.md §9)");
            Assert.That(score.AppraisedPoints, Is.EqualTo(27m));
            Assert.That(score.SurveyPoints, Is.EqualTo(35m));
            Assert.That(score.AppraisedPoints + score.SurveyPoints, Is.EqualTo(score.Points));
            Assert.That(score.SelfPointsWithSurvey, Is.EqualTo(85m));
            Assert.That(score.FullyAppraised, Is.True);
        });
    }

    [Test]
    public void Score_UnappraisedLeaves_AreCounted()
    {
        var score = UnitScoring.Score(Standard(), Assess("U", ("1.1", new(30m, Appraisal1: 28m)), ("1.2", new(20m))), GoodSurvey("U"));
        Assert.Multiple(() =>
        {
            Assert.That(score.UnappraisedLeaves, Is.EqualTo(1));
            Assert.That(score.FullyAppraised, Is.False);
        });
    }

    [Test]
    public void Score_DecimalsAddUpExactly()
    {
        var set = Set(0.3m, Node("1", 0.3m, Leaf("1.1", 0.1m, new PointsRule()), Leaf("1.2", 0.2m, new PointsRule())));
        var score = UnitScoring.Score(set, Assess("U", ("1.1", new(Numbers.FromDouble(0.1))), ("1.2", new(Numbers.FromDouble(0.2)))), null);
        Assert.Multiple(() =>
        {
            Assert.That(score.Points, Is.EqualTo(0.3m));
            Assert.That(score.Index, Is.EqualTo(100m));
        });
    }

    [Test]
    public void Score_EverythingNotApplicable_HasNoIndex()
    {
        var set = Set(5, Node("1", 5, Leaf("1.1", 5, new YesNoRule(), naAllowed: true)));
        var score = UnitScoring.Score(set, Assess("U", ("1.1", new(null, NotApplicable: true))), null);
        Assert.Multiple(() =>
        {
            Assert.That(score.ApplicableMax, Is.EqualTo(0m));
            Assert.That(score.Index, Is.Null);
        });
    }

    [Test]
    public void Score_MissingEntryForRegularLeaf_IsRefused() =>
        Assert.That(() => UnitScoring.Score(Standard(), Assess("U", ("1.1", new(30m))), null),
            Throws.ArgumentException.With.Message.Contains("1.2"));
}
