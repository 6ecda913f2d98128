using ParIndex.Criteria;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Bench;

/// <summary>
/// Writes the synthetic sample province of <c>samples/</c>: 2023 and 2024 self-assessment workbooks made
/// from the generated templates and filled in, and survey workbooks. The scenario is chosen so that the
/// samples show what the office meets in practice: a tie, a not-applicable leaf, a unit below the survey
/// minimum, a unit that did not submit, a unit scored out of less than 100, an unranked unit, a merger,
/// units not appraised, and units rising and falling between the years.
/// </summary>
public static class SampleProvince
{
    /// <summary>One unit's part in the scenario for one year.</summary>
    private sealed record Part(double Quality, int Questionnaires = 0, bool Submits = true, bool Appraised = true,
        string[]? NotApplicable = null, string? SameAs = null);

    private static readonly Dictionary<int, Dictionary<string, Part>> Scenario = new()
    {
        [2023] = new()
        {
            ["SO-NV"] = new(0.93), ["SO-TC"] = new(0.90), ["SO-KHDT"] = new(0.88), ["SO-TP"] = new(0.86),
            ["SO-GTVT"] = new(0.80), ["SO-XD"] = new(0.78), ["SO-TNMT"] = new(0.75, NotApplicable: ["3.3.1"]),
            ["SO-YT"] = new(0.82), ["SO-GDDT"] = new(0.84), ["SO-TTTT"] = new(0.87), ["SO-NGV"] = new(0.70),
            ["TTR"] = new(0.85, Appraised: false),
            ["H-TP"] = new(0.92), ["H-TX"] = new(0.85), ["H-DL"] = new(0.88), ["H-TS"] = new(0.80), ["H-BL"] = new(0.83),
            ["H-HL"] = new(0.70), ["H-TD"] = new(0.86), ["H-KS"] = new(0.77), ["H-NA"] = new(0.74), ["H-MY"] = new(0.79),
        },
        [2024] = new()
        {
            ["SO-NV"] = new(0.94), ["SO-TC"] = new(0.86), ["SO-KHDT"] = new(0.89), ["SO-TP"] = new(0.84),
            // Too few questionnaires: its survey leaves are not applicable and it is scored out of 70.
            ["SO-GTVT"] = new(0.83, Questionnaires: 20),
            ["SO-XD"] = new(0.78, Submits: false),
            ["SO-TNMT"] = new(0.78, NotApplicable: ["3.3.1", "6.3.1"]),
            ["SO-YT"] = new(0.80), ["SO-GDDT"] = new(0.87), ["SO-TTTT"] = new(0.95), ["SO-NGV"] = new(0.92),
            ["TTR"] = new(0.85),
            ["H-TP"] = new(0.91), ["H-TX"] = new(0.88), ["H-DL"] = new(0.80), ["H-TS"] = new(0.87),
            // Same inputs as H-TS: the two tie and share a place.
            ["H-BL"] = new(0.87, SameAs: "H-TS"),
            ["H-HL"] = new(0.72), ["H-TD"] = new(0.76), ["H-KS"] = new(0.84, Appraised: false), ["H-NM"] = new(0.82),
        },
    };

    /// <summary>Writes units' workbooks and surveys for 2023 and 2024 under <paramref name="dataFolder"/> (units.yaml must be there).</summary>
    public static void Write(string criteriaFolder, string dataFolder, TextWriter log)
    {
        var catalog = CriteriaCatalog.Load(criteriaFolder);
        if (catalog.Problems.Count > 0) throw new InvalidOperationException(string.Join('\n', catalog.Problems));
        var units = UnitsLoader.LoadFile(Path.Combine(dataFolder, "units.yaml"));
        if (!units.Ok) throw new InvalidOperationException(string.Join('\n', units.Problems));

        foreach (var (year, parts) in Scenario)
        {
            var selfDir = Path.Combine(dataFolder, year.ToString(System.Globalization.CultureInfo.InvariantCulture), "self-assessments");
            var surveyDir = Path.Combine(dataFolder, year.ToString(System.Globalization.CultureInfo.InvariantCulture), "survey");
            foreach (var dir in new[] { selfDir, surveyDir })
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
                Directory.CreateDirectory(dir);
            }
            var surveyRows = new Dictionary<string, List<SurveyRow>>();
            foreach (var unit in units.Units.Where(u => u.IsAssessedIn(year)))
            {
                var part = parts[unit.Code];
                var set = catalog.Find(year, unit.Group)!;
                var seedCode = part.SameAs ?? unit.Code;
                if (part.Submits)
                {
                    var fills = Synthetic.Fill(set, part.Quality, new Random(Seed(seedCode, year)), part.Appraised,
                        (part.NotApplicable ?? []).ToHashSet());
                    WriteWorkbook(Path.Combine(selfDir, unit.Code + ".xlsx"), set, unit, fills);
                }
                var count = part.Questionnaires > 0 ? part.Questionnaires : 150 + Seed(seedCode, year) % 70;
                var rng = new Random(Seed(seedCode, year) ^ 0x5EED);
                var rows = surveyRows.TryGetValue(unit.Group, out var list) ? list : surveyRows[unit.Group] = [];
                rows.AddRange(Synthetic.Questionnaires(set, unit.Code, count, part.Quality, rng, $"P{year}")
                    .Select(q => new SurveyRow(unit.Code, q.Group, q.Id, q.Answers)));
            }
            foreach (var (group, rows) in surveyRows)
            {
                var questions = catalog.Find(year, group)!.Survey!.Questions.Select(q => q.Code).ToList();
                var path = Path.Combine(surveyDir, $"khao-sat-{group}-{year}.xlsx");
                using var stream = File.Create(path);
                SurveyWriter.Write(stream, questions, rows);
                log.WriteLine($"{path}: {rows.Count} phiếu");
            }
            log.WriteLine($"{year}: {parts.Count(p => p.Value.Submits)} bảng tự đánh giá trong {selfDir}");
        }
    }

    /// <summary>Generates the unit's template, then fills it in as the unit and the council would.</summary>
    public static void WriteWorkbook(string path, CriteriaSet set, Unit unit, IReadOnlyList<LeafFill> fills)
    {
        using var template = new MemoryStream();
        TemplateWriter.Write(template, set, unit);
        template.Position = 0;
        using var filler = SelfAssessmentFiller.Open(template);
        foreach (var f in fills)
            filler.Set(f.Code, f.Value switch { null => null, decimal d => d.ToString(System.Globalization.CultureInfo.InvariantCulture), int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), var o => o.ToString() },
                f.SelfScore, f.NotApplicable, f.Evidence, f.Explanation, f.Appraisal, f.Reason);
        using var output = File.Create(path);
        filler.Save(output);
    }

    /// <summary>A seed stable across runs and machines (string hash codes are randomised per process).</summary>
    public static int Seed(string code, int year)
    {
        unchecked
        {
            var h = 2166136261u;
            foreach (var c in $"{code}/{year}") h = (h ^ c) * 16777619u;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
