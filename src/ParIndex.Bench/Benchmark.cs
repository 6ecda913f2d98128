using System.Diagnostics;
using System.Globalization;
using System.Text;
using ExcelDataReader;
using ParIndex.Application;
using ParIndex.Criteria;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Bench;

/// <summary>
/// The province-scale benchmark: generates a data folder (units, self-assessments, a survey of N
/// questionnaires of 40 questions), times each stage, compares the survey read with inflating the same
/// sheet XML (the floor) and with a bare ExcelDataReader pass in the same run, and measures the survey
/// read's peak memory in child processes at two survey sizes.
/// </summary>
public static class Benchmark
{
    public static int Run(string criteriaFolder, int unitCount, int questionnaires, int bigQuestionnaires, int repeats, TextWriter log)
    {
        var catalog = CriteriaCatalog.Load(criteriaFolder);
        if (catalog.Problems.Count > 0) throw new InvalidOperationException(string.Join('\n', catalog.Problems));
        const int year = 2024;
        var sets = catalog.ForYear(year);
        var work = Path.Combine(Path.GetTempPath(), "parindex-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var data = new DataFolder(work);
        Directory.CreateDirectory(data.SelfAssessments(year));
        Directory.CreateDirectory(data.Surveys(year));
        var stages = new List<(string Stage, double Seconds, string Note)>();
        try
        {
            var units = WriteUnits(data, sets, unitCount);

            var sw = Stopwatch.StartNew();
            WriteSelfAssessments(catalog, data, units, year);
            stages.Add(("Tạo và điền bảng tự đánh giá", sw.Elapsed.TotalSeconds, $"{unitCount} tệp"));

            sw.Restart();
            var survey = SurveyFile(data, year);
            WriteSurvey(survey, catalog, units, questionnaires);
            stages.Add(("Ghi tệp khảo sát (SurveyWriter)", sw.Elapsed.TotalSeconds, $"{questionnaires:N0} phiếu × 40 câu, {new FileInfo(survey).Length / 1048576.0:F1} MB"));

            sw.Restart();
            var read = 0;
            Parallel.ForEach(units, u =>
            {
                var result = SelfAssessmentReader.Read(data.SelfAssessment(year, u.Code), catalog.Find(year, u.Group)!, u);
                if (!result.Accepted) throw new InvalidOperationException(string.Join('\n', result.Errors));
                Interlocked.Increment(ref read);
            });
            stages.Add(("Đọc bảng tự đánh giá", sw.Elapsed.TotalSeconds, $"{read} tệp"));

            // Survey read against the floor (inflating the sheet XML) and a bare ExcelDataReader pass, alternated, median of each.
            var inflate = new List<double>();
            var bare = new List<double>();
            var scanner = new List<double>();
            var ours = new List<double>();
            var groupOf = units.ToDictionary(u => u.Code, u => u.Group);
            long xmlBytes = 0;
            for (var i = 0; i < repeats; i++)
            {
                sw.Restart();
                xmlBytes = ReaderBenchmark.Inflate(survey);
                inflate.Add(sw.Elapsed.TotalSeconds);
                sw.Restart();
                BarePass(survey);
                bare.Add(sw.Elapsed.TotalSeconds);
                sw.Restart();
                ReaderBenchmark.ScannerPass(survey);
                scanner.Add(sw.Elapsed.TotalSeconds);
                sw.Restart();
                var acc = new SurveyAccumulator(sets, c => groupOf.GetValueOrDefault(c));
                using (var s = File.OpenRead(survey))
                    if (acc.Read(s, Path.GetFileName(survey)).Any(p => p.IsError)) throw new InvalidOperationException("survey errors");
                ours.Add(sw.Elapsed.TotalSeconds);
            }
            var floor = Median(inflate);
            var ratio = Median(ours) / floor;
            stages.Add(("Đọc khảo sát: giải nén XML của trang (mốc sàn)", floor, $"trung vị {repeats} lần, {xmlBytes / 1048576.0:F0} MB XML"));
            stages.Add(("Đọc khảo sát: ExcelDataReader trần", Median(bare), $"trung vị {repeats} lần; {Median(bare) / floor:F1} × mốc sàn"));
            stages.Add(("Đọc khảo sát: SheetScanner trần", Median(scanner), $"trung vị {repeats} lần; {Median(scanner) / floor:F1} × mốc sàn"));
            stages.Add(("Đọc khảo sát: SurveyAccumulator (bảo vệ + đọc + đếm)", Median(ours), $"trung vị {repeats} lần; {ratio:F2} × mốc sàn, {Median(ours) / Median(bare):F2} × ExcelDataReader trần"));

            sw.Restart();
            var computation = ComputeYear.Run(catalog, units, data, year);
            if (!computation.Ok) throw new InvalidOperationException(string.Join('\n', computation.Errors.Take(10)));
            stages.Add(("Toàn bộ ComputeYear (đọc + tính + xếp hạng)", sw.Elapsed.TotalSeconds, $"{computation.WorkbooksRead} tệp"));

            sw.Restart();
            foreach (var group in computation.Groups)
                Ranking.Compute(group.Set, units.Where(u => u.Group == group.Set.Group),
                    group.Units.Where(u => u.Score is not null).ToDictionary(u => u.Unit.Code, u => new UnitAssessment(u.Unit.Code,
                        u.Score!.Leaves.Where(l => l.Input is not null).ToDictionary(l => l.Leaf.Code, l => l.Input!))),
                    new Dictionary<string, UnitSurvey>());
            stages.Add(("Tính điểm và xếp hạng (lõi, không đọc tệp)", sw.Elapsed.TotalSeconds, $"{unitCount} đơn vị"));

            sw.Restart();
            var files = WriteExports.Run(computation, Path.Combine(work, "out"));
            stages.Add(("Xuất ranking xlsx, json và phiếu điểm", sw.Elapsed.TotalSeconds, $"{files.Scorecards.Count} phiếu điểm"));

            // Peak memory of the survey read alone, in fresh processes, at two sizes.
            var big = Path.Combine(work, "khao-sat-lon.xlsx");
            WriteSurvey(big, catalog, units, bigQuestionnaires);
            var memory = new List<(int Rows, string Kind, long Peak, double Seconds)>();
            foreach (var (rows, file) in new[] { (questionnaires, survey), (bigQuestionnaires, big) })
                foreach (var kind in new[] { "bare", "ours" })
                {
                    var (peak, seconds) = Child(kind, file, criteriaFolder, data.UnitsFile);
                    memory.Add((rows, kind, peak, seconds));
                }

            Print(log, unitCount, questionnaires, stages, ratio, memory, Process.GetCurrentProcess().PeakWorkingSet64);
            return ratio <= 4 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The bench's province for 2024 in <paramref name="data"/>: units.yaml with <paramref name="unitCount"/> units,
    /// an appraised self-assessment workbook per unit and one survey workbook of <paramref name="questionnaires"/>.
    /// </summary>
    internal static IReadOnlyList<Unit> WriteProvince(CriteriaCatalog catalog, DataFolder data, int unitCount, int questionnaires)
    {
        const int year = 2024;
        Directory.CreateDirectory(data.SelfAssessments(year));
        Directory.CreateDirectory(data.Surveys(year));
        var units = WriteUnits(data, catalog.ForYear(year), unitCount);
        WriteSelfAssessments(catalog, data, units, year);
        WriteSurvey(SurveyFile(data, year), catalog, units, questionnaires);
        return units;
    }

    private static string SurveyFile(DataFolder data, int year) => Path.Combine(data.Surveys(year), "khao-sat.xlsx");

    /// <summary>The bench's units, spread evenly over the year's groups.</summary>
    internal static List<Unit> Units(IReadOnlyList<CriteriaSet> sets, int unitCount) => Enumerable.Range(1, unitCount)
        .Select(i => new Unit($"U{i:D3}", $"Đơn vị {i:D3}", sets[i % sets.Count].Group)).ToList();

    /// <summary>units.yaml of <see cref="Units"/>.</summary>
    private static List<Unit> WriteUnits(DataFolder data, IReadOnlyList<CriteriaSet> sets, int unitCount)
    {
        var units = Units(sets, unitCount);
        var yaml = new StringBuilder("units:\n");
        foreach (var u in units) yaml.Append(CultureInfo.InvariantCulture, $"  - {{ code: {u.Code}, name: \"{u.Name}\", group: {u.Group} }}\n");
        File.WriteAllText(data.UnitsFile, yaml.ToString());
        return units;
    }

    /// <summary>Each unit's self-assessment, filled in at a quality drawn from its code, and appraised.</summary>
    private static void WriteSelfAssessments(CriteriaCatalog catalog, DataFolder data, IReadOnlyList<Unit> units, int year) =>
        Parallel.ForEach(units, u =>
        {
            var set = catalog.Find(year, u.Group)!;
            var fills = Synthetic.Fill(set, 0.6 + 0.35 * (SampleProvince.Seed(u.Code, year) % 100) / 100.0,
                new Random(SampleProvince.Seed(u.Code, year)), appraise: true, new HashSet<string>());
            SampleProvince.WriteWorkbook(data.SelfAssessment(year, u.Code), set, u, fills);
        });

    internal static void WriteSurvey(string path, CriteriaCatalog catalog, IReadOnlyList<Unit> units, int count)
    {
        var perUnit = count / units.Count;
        var extra = count % units.Count;
        var rows = units.SelectMany((u, i) =>
        {
            var set = catalog.Find(2024, u.Group)!;
            return Synthetic.Questionnaires(set, u.Code, perUnit + (i < extra ? 1 : 0), 0.8, new Random(i), "B")
                .Select(q => new SurveyRow(u.Code, q.Group, q.Id, q.Answers));
        });
        var questions = catalog.Find(2024, units[0].Group)!.Survey!.Questions.Select(q => q.Code).ToList();
        using var stream = File.Create(path);
        SurveyWriter.Write(stream, questions, rows, rowCount: count);
    }

    /// <summary>Reads every cell of every row and does nothing with it: the floor any reader stands on.</summary>
    public static long BarePass(string path)
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        long cells = 0;
        using var stream = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++)
                if (reader.GetValue(i) is not null) cells++;
        return cells;
    }

    /// <summary>In a child process: one survey read, then its peak working set (bytes) and seconds on stdout.</summary>
    public static int SurveyPeak(string kind, string file, string criteriaFolder, string unitsFile, int year = 2024)
    {
        var sw = Stopwatch.StartNew();
        if (kind == "bare") BarePass(file);
        else
        {
            var catalog = CriteriaCatalog.Load(criteriaFolder);
            var groupOf = UnitsLoader.LoadFile(unitsFile).Units.ToDictionary(u => u.Code, u => u.Group);
            // The service's default limits refuse a sheet over 1,000 MiB inflated (a country's survey in one workbook is
            // ~2.6 GB of XML): raised here, as Workbooks:Survey:MaxEntryBytes/MaxTotalBytes would be, to measure memory.
            var acc = new SurveyAccumulator(catalog.ForYear(year), c => groupOf.GetValueOrDefault(c))
            {
                Limits = ParIndex.Workbooks.Safety.WorkbookLimits.Survey with { MaxEntryBytes = 8L << 30, MaxTotalBytes = 8L << 30 },
            };
            using var s = File.OpenRead(file);
            var errors = acc.Read(s, Path.GetFileName(file)).Where(p => p.IsError).ToList();
            if (errors.Count > 0)
            {
                Console.Error.WriteLine(string.Join('\n', errors.Take(5)));
                return 1;
            }
        }
        var seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Process.GetCurrentProcess().PeakWorkingSet64} {seconds}"));
        return 0;
    }

    internal static (long Peak, double Seconds) Child(string kind, string file, string criteria, string units, int year = 2024)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        var dll = typeof(Benchmark).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(dll);
        foreach (var a in new[] { "survey-peak", kind, file, criteria, units, year.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd().Trim().Split(' ');
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"survey-peak {kind} failed");
        return (long.Parse(output[0], CultureInfo.InvariantCulture), double.Parse(output[1], CultureInfo.InvariantCulture));
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Print(TextWriter log, int units, int questionnaires, List<(string Stage, double Seconds, string Note)> stages,
        double ratio, List<(int Rows, string Kind, long Peak, double Seconds)> memory, long peak)
    {
        var inv = CultureInfo.InvariantCulture;
        log.WriteLine($"# ParIndex benchmark: {units} units, {questionnaires:N0} questionnaires × 40 questions");
        log.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        log.WriteLine();
        log.WriteLine("| stage | seconds | note |");
        log.WriteLine("|---|---:|---|");
        foreach (var (stage, seconds, note) in stages)
            log.WriteLine(string.Create(inv, $"| {stage} | {seconds:F2} | {note} |"));
        log.WriteLine(string.Create(inv, $"\npeak working set of the whole benchmark process: {peak / 1048576.0:F0} MB"));
        log.WriteLine(string.Create(inv, $"survey read / inflating its sheet XML: {ratio:F2} (target ≤ 4)"));
        log.WriteLine();
        log.WriteLine("Survey read alone, in a fresh process each:");
        log.WriteLine("| questionnaires | reader | seconds | peak working set (MB) |");
        log.WriteLine("|---:|---|---:|---:|");
        foreach (var m in memory)
            log.WriteLine(string.Create(inv, $"| {m.Rows:N0} | {(m.Kind == "bare" ? "bare ExcelDataReader" : "SurveyAccumulator")} | {m.Seconds:F2} | {m.Peak / 1048576.0:F0} |"));
        var small = memory.First(m => m.Kind == "ours").Peak;
        var large = memory.Last(m => m.Kind == "ours").Peak;
        log.WriteLine(string.Create(inv, $"\nSurveyAccumulator peak at {memory.Last().Rows:N0} ÷ at {memory.First().Rows:N0}: {(double)large / small:F2}"));
    }
}
