using ParIndex.Criteria;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Export;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Workbooks.Tests.Export;

/// <summary>
/// The sample province's districts ranked as ParIndex ranks them: the committed criteria sets
/// (<c>scoring-criteria/</c>), units (<c>samples/units.yaml</c>), self-assessments and surveys read by the real
/// readers, 2024 compared with 2023.
/// </summary>
internal static class SampleRanking
{
    public const string Group = "districts";

    private static readonly Lazy<RankingReport> Computed = new(() =>
    {
        var previous = Compute(2023);
        var current = Compute(2024);
        var compared = YearOnYear.Compare(current, previous.Published(), previous.Summary);
        return new RankingReport(2024, "ParIndex 1.0.0", "sha256:0123456789abcdef", [compared], [previous]);
    });

    /// <summary>The 2024 report of the districts, with 2023 as the previous year.</summary>
    public static RankingReport Report => Computed.Value;

    /// <summary>The committed criteria set of <paramref name="year"/> for the districts.</summary>
    public static CriteriaSet Set(int year)
    {
        var loaded = CriteriaLoader.LoadFile(Repo("scoring-criteria", Year(year), Group + ".yaml"));
        Assert.That(loaded.Problems, Is.Empty);
        return loaded.Set!;
    }

    /// <summary>The districts assessed in <paramref name="year"/>.</summary>
    public static IReadOnlyList<Unit> Units(int year)
    {
        var loaded = UnitsLoader.LoadFile(Repo("samples", "units.yaml"));
        Assert.That(loaded.Problems, Is.Empty);
        return loaded.Units.Where(u => u.Group == Group && u.IsAssessedIn(year)).ToList();
    }

    private static GroupResult Compute(int year)
    {
        var set = Set(year);
        var units = Units(year);
        var assessments = new Dictionary<string, UnitAssessment>();
        foreach (var unit in units)
        {
            var path = Repo("samples", Year(year), "self-assessments", unit.Code + ".xlsx");
            if (!File.Exists(path)) continue;
            var read = SelfAssessmentReader.Read(path, set, unit);
            Assert.That(read.Accepted, Is.True, $"{unit.Code} {year}: " + string.Join("; ", read.Problems.Select(p => p.Message)));
            assessments[unit.Code] = read.Value!;
        }
        var groups = units.ToDictionary(u => u.Code, u => u.Group);
        var surveys = new SurveyAccumulator([set], code => groups.GetValueOrDefault(code));
        using (var survey = File.OpenRead(Repo("samples", Year(year), "survey", $"khao-sat-{Group}-{year}.xlsx")))
            Assert.That(surveys.Read(survey, Path.GetFileName(survey.Name)).Where(p => p.IsError), Is.Empty);
        return Ranking.Compute(set, units, assessments, surveys.Tallies());
    }

    private static string Year(int year) => year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Repo(params string[] parts) => Path.Combine([ParIndex.Tests.Shared.RepositoryRoot.Path, .. parts]);
}
