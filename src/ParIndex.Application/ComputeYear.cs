using ParIndex.Criteria;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks;
using ParIndex.Workbooks.Published;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Application;

/// <summary>Progress of a long read: <paramref name="Done"/> of <paramref name="Total"/> workbooks, the current one named.</summary>
public sealed record RunProgress(int Year, int Done, int Total, string File);

/// <summary>A year computed from a data folder: every group's result, and every problem of every input.</summary>
/// <param name="Year">The year.</param>
/// <param name="Groups">Each group's result, in group order, with year-on-year comparisons when Y−1 was computed.</param>
/// <param name="Previous">The previous year's computation, when its data was there.</param>
/// <param name="Problems">Errors and warnings of every workbook; any error means the year must not be published.</param>
/// <param name="Fingerprint">The inputs' fingerprint.</param>
/// <param name="WorkbooksRead">Self-assessment and survey workbooks read.</param>
public sealed record YearComputation(
    int Year,
    IReadOnlyList<GroupResult> Groups,
    YearComputation? Previous,
    IReadOnlyList<WorkbookProblem> Problems,
    string Fingerprint,
    int WorkbooksRead)
{
    /// <summary>What was computed from: stored with the result, so every view can be served from it later.</summary>
    public YearInputs? Inputs { get; init; }

    /// <summary>Groups whose previous year is a published annex (<c>&lt;Y−1&gt;/published/&lt;group&gt;.xlsx</c>).</summary>
    public IReadOnlyList<Baseline> Baselines => Inputs?.Baselines ?? [];

    /// <summary>True when no input had an error.</summary>
    public bool Ok => !Problems.Any(p => p.IsError) && (Previous?.Ok ?? true);

    /// <summary>Every error, this year's and the previous year's.</summary>
    public IEnumerable<WorkbookProblem> Errors =>
        Problems.Where(p => p.IsError).Concat(Previous?.Errors ?? []);

    /// <summary>The group and result of a unit this year; not found when the unit was not assessed.</summary>
    /// <exception cref="NotFoundException">The unit was not assessed in <see cref="Year"/>.</exception>
    public (GroupResult Group, UnitResult Unit) UnitOf(string unitCode)
    {
        foreach (var group in Groups)
            if (group.Units.FirstOrDefault(u => u.Unit.Code == unitCode) is { } unit)
                return (group, unit);
        throw new NotFoundException($"Đơn vị {unitCode} không được đánh giá năm {Year}.");
    }

    /// <summary>
    /// What a unit's scorecard puts beside this year's values: its result last year in the same group when its
    /// previous values are its own (basis same), and last year's set of the group.
    /// </summary>
    public (UnitResult? Unit, CriteriaSet? Set) LastYearOf(GroupResult group, UnitResult unit)
    {
        var before = Previous?.Groups.FirstOrDefault(g => g.Set.Group == group.Set.Group);
        var last = unit.Previous?.Basis == PreviousBasis.Same ? before?.Units.FirstOrDefault(u => u.Unit.Code == unit.Unit.Code) : null;
        return (last, before?.Set);
    }
}

/// <summary>
/// The batch computation of a year (and of Y−1 when its data is there, for the deltas): reads every
/// self-assessment and survey workbook of a data folder, scores, ranks, classifies and compares.
/// </summary>
public static class ComputeYear
{
    /// <summary>Computes <paramref name="year"/> from <paramref name="data"/> with the sets of <paramref name="criteria"/>.</summary>
    /// <param name="criteria">The criteria sets (all years).</param>
    /// <param name="units">The province's units.</param>
    /// <param name="data">The data folder.</param>
    /// <param name="year">The year to compute.</param>
    /// <param name="progress">Reports each workbook read.</param>
    /// <param name="withPrevious">Also compute Y−1 for the deltas when its data and criteria are there.</param>
    public static YearComputation Run(CriteriaCatalog criteria, IReadOnlyList<Unit> units, DataFolder data, int year,
        IProgress<RunProgress>? progress = null, bool withPrevious = true) =>
        Compute(Gather(criteria, units, data, year, progress, withPrevious));

    /// <summary>
    /// Reads a year's inputs from a data folder (and Y−1's when its data and criteria are there): the batch's
    /// half of the one computation path; the service gathers the same value from its database.
    /// </summary>
    public static YearInputs Gather(CriteriaCatalog criteria, IReadOnlyList<Unit> units, DataFolder data, int year,
        IProgress<RunProgress>? progress = null, bool withPrevious = true)
    {
        var previous = withPrevious && data.HasYear(year - 1) && criteria.ForYear(year - 1).Count > 0
            ? Gather(criteria, units, data, year - 1, progress, withPrevious: false)
            : null;

        var problems = new List<WorkbookProblem>();
        var fingerprint = new Fingerprint();
        fingerprint.AddText("units", Fingerprint.Canonical(units));

        // A group published by annex and without self-assessments this year is not computed: the annex stands for it.
        var annexGroups = AnnexGroups(units, data, year);
        var assessed = units.Where(u => u.IsAssessedIn(year) && !annexGroups.Contains(u.Group)).ToList();
        var sets = new Dictionary<string, CriteriaSet>(StringComparer.Ordinal);
        foreach (var group in assessed.Select(u => u.Group).Distinct().Order(StringComparer.Ordinal))
        {
            if (criteria.Find(year, group) is { } set) sets[group] = set;
            else problems.Add(new WorkbookProblem("units.yaml", null, null, Texts.NoCriteriaSet(year, group)));
        }
        var sources = new List<CriteriaInput>();
        foreach (var (group, set) in sets)
        {
            var text = File.ReadAllText(criteria.FileOf(set));
            fingerprint.AddText("criteria/" + set.Source, text);
            sources.Add(new CriteriaInput(group, set.Source, text));
        }

        var unitFiles = assessed.Where(u => sets.ContainsKey(u.Group))
            .Select(u => (Unit: u, Path: data.SelfAssessment(year, u.Code)))
            .Where(x => File.Exists(x.Path))
            .ToList();
        foreach (var stray in DataFolder.Workbooks(data.SelfAssessments(year))
                     .Where(f => unitFiles.All(x => x.Path != f)))
            problems.Add(new WorkbookProblem(Path.GetFileName(stray), null, null, Texts.StrayWorkbook(year)));
        var surveyFiles = DataFolder.Workbooks(data.Surveys(year));
        var resultFiles = DataFolder.Workbooks(data.SurveyResults(year));
        var total = unitFiles.Count + surveyFiles.Count + resultFiles.Count;
        var done = 0;

        // Workbooks are independent: read them in parallel, keep results keyed so order never matters.
        var assessments = new Dictionary<string, UnitAssessment>(StringComparer.Ordinal);
        var read = new (UnitAssessment? Value, IReadOnlyList<WorkbookProblem> Problems)[unitFiles.Count];
        Parallel.For(0, unitFiles.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (unit, path) = unitFiles[i];
            var result = SelfAssessmentReader.Read(path, sets[unit.Group], unit);
            read[i] = (result.Accepted ? result.Value : null, result.Problems);
            progress?.Report(new RunProgress(year, Interlocked.Increment(ref done), total, Path.GetFileName(path)));
        });
        for (var i = 0; i < unitFiles.Count; i++)
        {
            problems.AddRange(read[i].Problems);
            if (read[i].Value is { } value) assessments[unitFiles[i].Unit.Code] = value;
            fingerprint.Add(data.Relative(unitFiles[i].Path), unitFiles[i].Path);
        }

        var byCode = assessed.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var survey = new SurveyAccumulator(sets.Values, code => byCode.TryGetValue(code, out var u) ? u.Group : null);
        foreach (var path in surveyFiles)
        {
            using (var stream = File.OpenRead(path))
                problems.AddRange(survey.Read(stream, Path.GetFileName(path)));
            fingerprint.Add(data.Relative(path), path);
            progress?.Report(new RunProgress(year, Interlocked.Increment(ref done), total, Path.GetFileName(path)));
        }

        var tallies = new Dictionary<string, UnitSurvey>(survey.Tallies(), StringComparer.Ordinal);
        foreach (var path in resultFiles)
        {
            SurveyResultsRead results;
            using (var stream = File.OpenRead(path))
                results = SurveyResultsReader.Read(stream, Path.GetFileName(path),
                    code => byCode.TryGetValue(code, out var u) ? sets.GetValueOrDefault(u.Group) : null);
            problems.AddRange(results.Problems);
            fingerprint.Add(data.Relative(path), path);
            progress?.Report(new RunProgress(year, Interlocked.Increment(ref done), total, Path.GetFileName(path)));
            // Questionnaires or aggregated results, never a mix (nor two results files for one unit).
            foreach (var unit in results.Units)
            {
                if (tallies.ContainsKey(unit.UnitCode))
                    problems.Add(unit.FirstCell with { Message = SurveyTexts.ResultsAndQuestionnaires(unit.UnitCode) });
                else
                    tallies[unit.UnitCode] = UnitSurvey.FromAggregated(unit.UnitCode, unit.Leaves);
            }
        }


        var annexes = withPrevious ? Annexes(criteria, units, data, year - 1, fingerprint) : [];
        var baselines = new List<Baseline>();
        foreach (var annex in annexes)
        {
            var (annexRead, baseline) = ReadAnnex(annex, units);
            problems.AddRange(annexRead.Problems);
            if (baseline is not null) baselines.Add(baseline);
        }
        return new YearInputs(year, units, sources, assessments, tallies, fingerprint.ToString(), previous)
        {
            Sets = sets, Problems = problems, WorkbooksRead = total, Baselines = baselines, Annexes = annexes,
        };
    }

    /// <summary>
    /// The one computation of a year, whatever its inputs came from (a data folder, the database, or a stored
    /// snapshot): Y−1 is computed from its own inputs first, for the deltas.
    /// </summary>
    public static YearComputation Compute(YearInputs inputs)
    {
        var previous = inputs.Previous is { } p ? Compute(p) : null;
        var assessed = inputs.Units.Where(u => u.IsAssessedIn(inputs.Year)).ToList();
        var groups = Rank(inputs.Sets, assessed, inputs.Assessments, inputs.Tallies, previous, inputs.Baselines);
        return new YearComputation(inputs.Year, groups, previous, inputs.Problems, inputs.Fingerprint, inputs.WorkbooksRead)
        {
            Inputs = inputs,
        };
    }

    /// <summary>The groups of <paramref name="year"/> that have a published annex and no self-assessment workbook.</summary>
    private static HashSet<string> AnnexGroups(IReadOnlyList<Unit> units, DataFolder data, int year)
    {
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in DataFolder.Workbooks(data.Published(year)))
        {
            var group = Path.GetFileNameWithoutExtension(file);
            if (!units.Any(u => u.Group == group && u.IsAssessedIn(year) && File.Exists(data.SelfAssessment(year, u.Code))))
                groups.Add(group);
        }
        return groups;
    }

    /// <summary>The annexes published for <paramref name="year"/> that stand for a group's computed results.</summary>
    private static List<AnnexInput> Annexes(CriteriaCatalog criteria, IReadOnlyList<Unit> units, DataFolder data, int year,
        Fingerprint fingerprint)
    {
        var annexes = new List<AnnexInput>();
        foreach (var group in AnnexGroups(units, data, year).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(data.Published(year), group + ".xlsx");
            var set = criteria.Find(year, group);
            var content = File.ReadAllBytes(path);
            fingerprint.AddBytes(AnnexName(year, group), content);
            annexes.Add(new AnnexInput(year, group, AnnexName(year, group), content,
                set is null ? null : new CriteriaInput(group, set.Source, File.ReadAllText(criteria.FileOf(set)))));
        }
        return annexes;
    }

    /// <summary>An annex's name in a data folder and in fingerprints: <c>&lt;year&gt;/published/&lt;group&gt;.xlsx</c>.</summary>
    public static string AnnexName(int year, string group) => $"{year}/published/{group}.xlsx";

    /// <summary>
    /// Reads a published annex against the units of its group assessed in its year (the one reading of an annex,
    /// for data folders, the database and stored snapshots); an annex with any error gives no baseline.
    /// </summary>
    public static (AnnexRead Read, Baseline? Baseline) ReadAnnex(AnnexInput annex, IReadOnlyList<Unit> units)
    {
        var set = annex.Criteria is { } c ? CriteriaCache.Parse(c.Source, c.Yaml) : null;
        using var stream = new MemoryStream(annex.Content, writable: false);
        var read = AnnexReader.Read(stream, annex.FileName, annex.Group,
            units.Where(u => u.Group == annex.Group && u.IsAssessedIn(annex.Year)).ToList(), set, set?.Decimals ?? 2);
        return (read, read.Accepted ? new Baseline(annex.Group, annex.Year, read.Results, read.Summary!) : null);
    }

    /// <summary>
    /// Scores and ranks every group of a year from values already read, and compares with the previous
    /// year when it was computed. Shared by the batch run and the service, so both give the same json.
    /// </summary>
    public static IReadOnlyList<GroupResult> Rank(
        IReadOnlyDictionary<string, CriteriaSet> sets,
        IReadOnlyList<Unit> assessed,
        IReadOnlyDictionary<string, UnitAssessment> assessments,
        IReadOnlyDictionary<string, UnitSurvey> tallies,
        YearComputation? previous,
        IReadOnlyList<Baseline>? baselines = null)
    {
        baselines ??= [];
        var lastYear = (previous?.Groups.SelectMany(g => g.Published()) ?? []).Concat(baselines.SelectMany(b => b.Results)).ToList();
        var groups = new List<GroupResult>();
        foreach (var (group, set) in sets.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var result = Ranking.Compute(set, assessed.Where(u => u.Group == group), assessments, tallies);
            if (previous is not null || baselines.Count > 0)
            {
                var before = previous?.Groups.FirstOrDefault(g => g.Set.Group == group)?.Summary
                    ?? baselines.FirstOrDefault(b => b.Group == group)?.Summary;
                result = YearOnYear.Compare(result, lastYear, before);
            }
            groups.Add(result);
        }
        return groups;
    }
}

/// <summary>A group's previous year read from the annex the province published (kết quả đã công bố).</summary>
/// <param name="Group">The group.</param>
/// <param name="Year">The annex's year.</param>
/// <param name="Results">Every unit's published result, marked as from the annex.</param>
/// <param name="Summary">The group's mean index and class counts.</param>
public sealed record Baseline(string Group, int Year, IReadOnlyList<PublishedResult> Results, GroupSummary Summary);
