using NUnit.Framework;
using ParIndex.Scoring;
using ParIndex.Workbooks.Survey;
using static ParIndex.Workbooks.Tests.Survey.SurveyFixtures;

namespace ParIndex.Workbooks.Tests.Survey;

/// <summary>From a survey workbook to a unit's score, through the real reader and the scoring core.</summary>
public sealed class SurveyScoringTests : TempFolderTest
{
    [Test]
    public void Score_SurveyLeaf_IsMaxTimesMeanShare_AndTooFewRespondentsIsNotApplicable()
    {
        var path = PathOf("khaosat.xlsx");
        WriteWithSurveyWriter(path, DistrictQuestions,
        [
            new SurveyRow("H-HL", "Người dân", "1", Answers("ABC..")),
            new SurveyRow("H-HL", "Người dân", "2", Answers("AA...")),
            new SurveyRow("H-HL", "Doanh nghiệp", "3", Answers("C...B")),
            new SurveyRow("H-CL", "Người dân", "1", Answers("AAAAA")),
        ]);
        var accumulator = NewAccumulator();
        Assert.That(accumulator.ReadFile(path), Is.Empty);
        var tallies = accumulator.Tallies();

        var hl = UnitScoring.Score(Districts, new UnitAssessment("H-HL", new Dictionary<string, LeafInput> { ["1.1"] = new(8m) }), tallies["H-HL"]);

        // 8.1 (max 10) over Q01 and Q02, 3 respondents (≥ 3):
        //   Q01 A, A, C → 1 + 1 + 0,2 = 2,2;  Q02 (own map) B, A → 0,5 + 1 = 1,5
        //   mean share = 3,7 ÷ 5 answers = 0,74 → 10 × 0,74 = 7,4
        // 8.2 over Q03–Q05: only questionnaires 1 and 3 answered → 2 respondents < 3 → not applicable.
        var leaf81 = hl.Leaves.Single(l => l.Leaf.Code == "8.1");
        var leaf82 = hl.Leaves.Single(l => l.Leaf.Code == "8.2");
        Assert.Multiple(() =>
        {
            Assert.That(leaf81.Applicable, Is.True);
            Assert.That(leaf81.Final, Is.EqualTo(7.4m));
            Assert.That(leaf81.Source, Is.EqualTo(ScoreSource.Survey));
            Assert.That(leaf81.Respondents, Is.EqualTo(3));
            Assert.That(leaf82.Applicable, Is.False);
            Assert.That(leaf82.Respondents, Is.EqualTo(2));
            Assert.That(hl.ApplicableMax, Is.EqualTo(20m));
            Assert.That(hl.Points, Is.EqualTo(15.4m));
            Assert.That(hl.Index, Is.EqualTo(77m));
        });

        // H-CL answered everything, but one questionnaire is below the minimum of 3: both survey leaves drop out.
        var cl = UnitScoring.Score(Districts, new UnitAssessment("H-CL", new Dictionary<string, LeafInput> { ["1.1"] = new(5m) }), tallies["H-CL"]);
        Assert.That(cl.Leaves.Where(l => l.Leaf.IsSurvey).Select(l => l.Applicable), Is.All.False);
        Assert.That((cl.Points, cl.ApplicableMax), Is.EqualTo((5m, 10m)));
    }
}
