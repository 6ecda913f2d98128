using NUnit.Framework;
using ParIndex.Workbooks.Survey;
using static ParIndex.Workbooks.Tests.Survey.SurveyFixtures;

namespace ParIndex.Workbooks.Tests.Survey;

/// <summary>A survey of realistic size written and read back as streams.</summary>
public sealed class SurveyStreamingTests : TempFolderTest
{
    private const int Rows = 50_000;
    private static readonly string[] Units = ["H-HL", "H-CL"];

    // Questionnaire i's answer to question q: a fixed pattern with blanks; Q02 (q = 1) only takes A–C.
    private static char? AnswerOf(int i, int q)
    {
        if ((i + 3 * q) % 7 == 0) return null;
        var letters = q == 1 ? "ABC" : "ABCD";
        var letter = letters[(i * 31 + q * 17) % letters.Length];
        return i % 5 == 0 ? char.ToLowerInvariant(letter) : letter;
    }

    private static IEnumerable<SurveyRow> Generate()
    {
        for (var i = 0; i < Rows; i++)
        {
            var answers = new char?[DistrictQuestions.Length];
            for (var q = 0; q < answers.Length; q++) answers[q] = AnswerOf(i, q);
            yield return new SurveyRow(Units[i % 2], i % 3 == 0 ? "Doanh nghiệp" : "Người dân", $"P{i:D6}", answers);
        }
    }

    [Test]
    public void WriteThenRead_50000Rows_CountsEveryAnswer()
    {
        var path = PathOf("khaosat-lon.xlsx");
        WriteWithSurveyWriter(path, DistrictQuestions, Generate(), Rows);

        // The expected tallies from the same pattern, counted without keeping rows.
        var expected = Units.ToDictionary(u => u, _ => new long[DistrictQuestions.Length, 5]);
        var respondents81 = new Dictionary<string, int> { ["H-HL"] = 0, ["H-CL"] = 0 };
        for (var i = 0; i < Rows; i++)
        {
            var unit = Units[i % 2];
            for (var q = 0; q < DistrictQuestions.Length; q++)
                if (AnswerOf(i, q) is { } a) expected[unit][q, "ABCDE".IndexOf(char.ToUpperInvariant(a))]++;
            if (AnswerOf(i, 0) is not null || AnswerOf(i, 1) is not null) respondents81[unit]++;
        }

        var accumulator = NewAccumulator();
        var problems = accumulator.ReadFile(path);

        Assert.That(problems, Is.Empty);
        Assert.That(accumulator.Questionnaires, Is.EqualTo(Rows));
        var tallies = accumulator.Tallies();
        foreach (var unit in Units)
        {
            Assert.That(tallies[unit].Questionnaires, Is.EqualTo(Rows / 2));
            Assert.That(tallies[unit].LeafRespondents["8.1"], Is.EqualTo(respondents81[unit]));
            for (var q = 0; q < DistrictQuestions.Length; q++)
                Assert.That(tallies[unit].AnswerCounts[DistrictQuestions[q]],
                    Is.EqualTo(Enumerable.Range(0, 5).Select(l => expected[unit][q, l]).ToArray()), $"{unit} {DistrictQuestions[q]}");
        }
    }
}
