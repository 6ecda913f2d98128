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
        string[]? NotApplicable = null, string? SameAs = null, int Officials = 0, bool Aggregated = false);

    /// <summary>The respondent groups of a set that weighs them: officials (CB) and citizens (ND).</summary>
    private const string Officials = "CB", Citizens = "ND";

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
        // 2025: merged departments and about 60 communes; communes not listed here get a quality from their code.
        [2025] = new()
        {
            ["SO-NV"] = new(0.90, Questionnaires: 45), ["SO-TC"] = new(0.93, Questionnaires: 50), ["SO-TP"] = new(0.85, Questionnaires: 40),
            ["SO-XDGT"] = new(0.82, Questionnaires: 42), ["SO-NNMT"] = new(0.80, Questionnaires: 44), ["SO-YT"] = new(0.84, Questionnaires: 38),
            ["SO-GDDT"] = new(0.88, Questionnaires: 41), ["SO-KHCN"] = new(0.91, Questionnaires: 47), ["SO-NGV"] = new(0.78, Questionnaires: 36),
            ["TTR"] = new(0.86, Questionnaires: 35),
            ["X-DL"] = new(0.90), ["P-HT"] = new(0.86), ["X-AP"] = new(0.80),
            // 20 citizens' questionnaires, below the group's minimum of 30: only the officials count.
            ["X-BM"] = new(0.84, Questionnaires: 20),
            // Its survey was bought: aggregated results, no questionnaires.
            ["P-MS"] = new(0.88, Aggregated: true),
            ["X-NM"] = new(0.75, Submits: false),
        },
    };

    /// <summary>The 2024 annex of the communes the districts ranked (the province's baseline for 2025): name, points, maximum.</summary>
    private static readonly (string Name, decimal Points, decimal Max, int Rank, string Class)[] Annex2024 =
    [
        ("UBND phường Hòa Thuận", 88.4m, 100m, 1, "Khá"),
        ("Xã Đồng Lạc", 86.75m, 100m, 2, "Khá"),
        ("UBND  phường Hòa Đông", 68.1m, 80m, 3, "Khá"),
        ("UBND xã An Thịnh", 79.5m, 100m, 4, "Trung bình"),
        ("UBND xã Đồng Xuân", 77.9m, 100m, 5, "Trung bình"),
        ("UBND xã An Hòa", 71.25m, 100m, 6, "Trung bình"),
    ];

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
            var results = new List<(string Unit, string Leaf, decimal Share, int Count)>();
            foreach (var unit in units.Units.Where(u => u.IsAssessedIn(year)))
            {
                if (catalog.Find(year, unit.Group) is not { } set) continue; // a group published by annex only
                var part = parts.GetValueOrDefault(unit.Code) ?? new Part(0.70 + Seed(unit.Code, year) % 25 / 100.0);
                var seedCode = part.SameAs ?? unit.Code;
                if (part.Submits)
                {
                    var fills = Synthetic.Fill(set, part.Quality, new Random(Seed(seedCode, year)), part.Appraised,
                        (part.NotApplicable ?? []).ToHashSet());
                    WriteWorkbook(Path.Combine(selfDir, unit.Code + ".xlsx"), set, unit, fills);
                }
                var rng = new Random(Seed(seedCode, year) ^ 0x5EED);
                if (part.Aggregated)
                {
                    foreach (var leaf in set.Leaves().Where(l => l.IsSurvey))
                        results.Add((unit.Code, leaf.Code, Math.Round((decimal)(part.Quality * 100 - rng.Next(0, 800) / 100.0), 2), 300 + rng.Next(0, 50)));
                    continue;
                }
                var rows = surveyRows.TryGetValue(unit.Group, out var list) ? list : surveyRows[unit.Group] = [];
                if (set.Survey?.Groups is null)
                {
                    var count = part.Questionnaires > 0 ? part.Questionnaires : 150 + Seed(seedCode, year) % 70;
                    rows.AddRange(Synthetic.Questionnaires(set, unit.Code, count, part.Quality, rng, $"P{year}")
                        .Select(q => new SurveyRow(unit.Code, q.Group, q.Id, q.Answers)));
                    continue;
                }
                // Officials and citizens are surveyed apart; citizens a little less kind than officials.
                var officials = part.Officials > 0 ? part.Officials : 12 + Seed(seedCode, year) % 6;
                var citizens = part.Questionnaires > 0 ? part.Questionnaires : 32 + Seed(seedCode, year) % 10;
                rows.AddRange(Synthetic.Questionnaires(set, unit.Code, officials, part.Quality, rng, $"CB{year}", Officials)
                    .Concat(Synthetic.Questionnaires(set, unit.Code, citizens, part.Quality - 0.05, rng, $"ND{year}", Citizens))
                    .Select(q => new SurveyRow(unit.Code, q.Group, q.Id, q.Answers)));
            }
            if (results.Count > 0)
            {
                var resultsDir = Path.Combine(dataFolder, year.ToString(System.Globalization.CultureInfo.InvariantCulture), "survey-results");
                if (Directory.Exists(resultsDir)) Directory.Delete(resultsDir, recursive: true);
                Directory.CreateDirectory(resultsDir);
                WriteResults(Path.Combine(resultsDir, $"ket-qua-nha-thau-{year}.xlsx"), year, results);
            }
            if (year == 2024) WriteAnnex(Path.Combine(dataFolder, "2024", "published", "communes.xlsx"));
            foreach (var (group, rows) in surveyRows)
            {
                var questions = catalog.Find(year, group)!.Survey!.Questions.Select(q => q.Code).ToList();
                var path = Path.Combine(surveyDir, $"khao-sat-{group}-{year}.xlsx");
                using var stream = File.Create(path);
                SurveyWriter.Write(stream, questions, rows);
                log.WriteLine($"{path}: {rows.Count} phiếu");
            }
            log.WriteLine($"{year}: {Directory.GetFiles(selfDir, "*.xlsx").Length} bảng tự đánh giá trong {selfDir}");
        }
    }

    /// <summary>Aggregated results as a contractor delivers them: a title, then one row per unit and survey leaf.</summary>
    private static void WriteResults(string path, int year, IEnumerable<(string Unit, string Leaf, decimal Share, int Count)> rows)
    {
        using var wb = new ClosedXML.Excel.XLWorkbook();
        var ws = wb.AddWorksheet("Kết quả");
        ws.Cell(1, 1).SetValue($"KẾT QUẢ ĐIỀU TRA XÃ HỘI HỌC NĂM {year} (đơn vị tư vấn độc lập)");
        string[] header = ["Mã đơn vị", "Mã tiêu chí", "Tỷ lệ (%)", "Số phiếu"];
        for (var c = 0; c < header.Length; c++) ws.Cell(3, c + 1).SetValue(header[c]);
        var r = 4;
        foreach (var (unit, leaf, share, count) in rows)
        {
            ws.Cell(r, 1).SetValue(unit);
            ws.Cell(r, 2).SetValue(leaf); // text: "8.1" must not become a number
            ws.Cell(r, 3).SetValue(share);
            ws.Cell(r, 4).SetValue(count);
            r++;
        }
        wb.SaveAs(path);
    }

    /// <summary>The 2024 annex as a province publishes it: title lines, no unit codes, names as typed, points and maximum.</summary>
    private static void WriteAnnex(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var wb = new ClosedXML.Excel.XLWorkbook();
        var ws = wb.AddWorksheet("Phụ lục");
        ws.Cell(1, 1).SetValue("PHỤ LỤC: KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CCHC NĂM 2024 CỦA UBND CÁC XÃ, PHƯỜNG (tỉnh mẫu)");
        ws.Cell(2, 1).SetValue("(Kèm theo Quyết định số 310/QĐ-UBND ngày 20/02/2025, dữ liệu mẫu)");
        string[] header = ["STT", "Đơn vị", "Tổng điểm", "Điểm tối đa", "Xếp hạng", "Xếp loại"];
        for (var c = 0; c < header.Length; c++) ws.Cell(4, c + 1).SetValue(header[c]);
        var r = 5;
        foreach (var (name, points, max, rank, cls) in Annex2024)
        {
            ws.Cell(r, 1).SetValue(r - 4);
            // One name in decomposed Unicode, as some tools export it.
            ws.Cell(r, 2).SetValue(r == 6 ? name.Normalize(System.Text.NormalizationForm.FormD) : name);
            ws.Cell(r, 3).SetValue(points);
            ws.Cell(r, 4).SetValue(max);
            ws.Cell(r, 5).SetValue(rank);
            ws.Cell(r, 6).SetValue(cls);
            r++;
        }
        wb.SaveAs(path);
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
