using ParIndex.Scoring.Criteria;

namespace ParIndex.Scoring.Tests;

public class RuleScoringTests
{
    private static readonly BandsRule Bands = new([new Band(90, Exclusive: true, 2), new Band(70, Exclusive: false, 1)], "%");

    [TestCase(90.000001, 2)]
    [TestCase(90, 1)]        // "above: 90" excludes 90 itself
    [TestCase(70, 1)]        // "min: 70" includes 70
    [TestCase(69.99, 0)]     // below every band
    [TestCase(100, 2)]
    public void Bands_BoundaryWithMinAndAbove_IsInclusiveAndExclusive(decimal value, decimal expected) =>
        Assert.That(RuleScoring.Bands(Bands, value), Is.EqualTo(expected));

    [Test]
    public void Proportional_ScalesAndClampsToMax()
    {
        var rule = new ProportionalRule(Target: 80m);
        Assert.Multiple(() =>
        {
            Assert.That(RuleScoring.Proportional(rule, 2m, 40m), Is.EqualTo(1m));
            Assert.That(RuleScoring.Proportional(rule, 2m, 120m), Is.EqualTo(2m));
            Assert.That(RuleScoring.Proportional(rule, 2m, 0m), Is.EqualTo(0m));
        });
    }

    [Test]
    public void Proportional_BelowFloor_GivesZero()
    {
        var rule = new ProportionalRule(Target: 100m, Floor: 50m);
        Assert.Multiple(() =>
        {
            Assert.That(RuleScoring.Proportional(rule, 3m, 49.9m), Is.EqualTo(0m));
            Assert.That(RuleScoring.Proportional(rule, 3m, 50m), Is.EqualTo(1.5m));
        });
    }

    [Test]
    public void Items_BonusIsCapped()
    {
        var bonus = new BonusRule(0.5m, 2m);
        Assert.Multiple(() =>
        {
            Assert.That(RuleScoring.Items(bonus, 3), Is.EqualTo(1.5m));
            Assert.That(RuleScoring.Items(bonus, 10), Is.EqualTo(2m));
            Assert.That(RuleScoring.Items(bonus, 0), Is.EqualTo(0m));
        });
    }

    [Test]
    public void Items_NegativeCount_IsRefused() =>
        Assert.That(() => RuleScoring.Items(new PenaltyRule(0.25m, 1m), -1), Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase("Có", true)]
    [TestCase(" x ", true)]
    [TestCase("1", true)]
    [TestCase("TRUE", true)]
    [TestCase("không", false)]
    [TestCase("Không", false)]
    [TestCase("0", false)]
    [TestCase("no", false)]
    public void ParseYesNo_AcceptsSynonyms(string text, bool expected) =>
        Assert.That(RuleScoring.ParseYesNo(text), Is.EqualTo(expected));

    [Test]
    public void ParseYesNo_Other_IsNull() => Assert.That(RuleScoring.ParseYesNo("có lẽ"), Is.Null);

    [Test]
    public void FindLevel_IgnoresCaseSpacesAndUnicodeComposition()
    {
        var rule = new LevelsRule([new Level("Kịp thời", 1m), new Level("Không kịp thời", 0.5m), new Level("Không ban hành", 0m)]);
        var decomposed = "không  KỊP thời".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Multiple(() =>
        {
            Assert.That(RuleScoring.FindLevel(rule, decomposed)?.Points, Is.EqualTo(0.5m));
            Assert.That(RuleScoring.FindLevel(rule, " kịp thời ")?.Points, Is.EqualTo(1m));
            Assert.That(RuleScoring.FindLevel(rule, "Đúng hạn"), Is.Null);
        });
    }
}
