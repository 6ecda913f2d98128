using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using MediatR;
using Unit = ParIndex.Scoring.Unit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Criteria;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Bench;

/// <summary>
/// The 2025 cycle at the size of a merged province and of the country (issue #12 part 8), on the 2025 sets
/// (departments, and communes with their respondent groups):
/// <list type="bullet">
/// <item>a big province (170 communes + 20 departments, 100,000 questionnaires) in a data folder: each stage of the
/// batch (self-assessments, the survey against a bare ExcelDataReader pass of the same files in the same run, the whole
/// computation, the exports), the survey read's peak memory alone at the province's size and at the country's
/// (1,000,000 questionnaires in one workbook), then the province in a SQLite database through the service (import,
/// compute, publish) and the commune ranking page at 170 units served by the built web service;</item>
/// <item>the country on PostgreSQL: 34 provinces in one database, each in its own schema (a province's deployment sees
/// only its own tables through the connection's search path), ~3,300 communes, ~600 departments, 1,000,000
/// questionnaires: the batch computation and exports of every province, and import, compute and the ranking workbook
/// through the service.</item>
/// </list>
/// </summary>
public static class ScaleBenchmark
{
    private const int Year = 2025;
    private const string Password = "Bench@2025x";

    /// <summary>What to measure and at which size.</summary>
    public sealed record Options(
        int Communes = 170, int Departments = 20, int Questionnaires = 100_000, int CountrySurvey = 1_000_000,
        int Provinces = 34, int NationalCommunes = 3_300, int NationalDepartments = 600, int NationalQuestionnaires = 1_000_000,
        string? Postgres = null, string WebDll = "src/ParIndex.Web/bin/Release/net10.0/ParIndex.Web.dll",
        int Seconds = 8, int Repeats = 3, string? Work = null, bool Province = true, bool National = true);

    /// <summary>One timed stage: its name, seconds and a note.</summary>
    private sealed record Stage(string Name, double Seconds, string Note);

    public static async Task<int> RunAsync(string criteriaFolder, Options o, TextWriter log)
    {
        var catalog = CriteriaCatalog.Load(criteriaFolder);
        if (catalog.Problems.Count > 0) throw new InvalidOperationException(string.Join('\n', catalog.Problems));
        foreach (var group in new[] { "departments", "communes" })
            if (catalog.Find(Year, group) is null) throw new InvalidOperationException($"no {Year} set for {group}");
        var work = o.Work ?? Path.Combine(Path.GetTempPath(), "parindex-scale-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var exit = 0;
        try
        {
            if (o.Province) exit |= await ProvinceAsync(catalog, criteriaFolder, o, Path.Combine(work, "province"), log);
            if (o.National)
            {
                if (o.Postgres is null) throw new InvalidOperationException("--postgres CONNECTION is needed for the national run");
                exit |= await NationalAsync(catalog, criteriaFolder, o, Path.Combine(work, "national"), log);
            }
            return exit;
        }
        finally
        {
            if (o.Work is null) Directory.Delete(work, recursive: true);
        }
    }

    // ---------------------------------------------------------------- the big province

    private static async Task<int> ProvinceAsync(CriteriaCatalog catalog, string criteriaFolder, Options o, string folder, TextWriter log)
    {
        log.WriteLine($"# A big merged province: {o.Communes} communes + {o.Departments} departments, {o.Questionnaires:N0} questionnaires, {Year} sets");
        var stages = new List<Stage>();
        var data = new DataFolder(Path.Combine(folder, "data"));
        var sw = Stopwatch.StartNew();
        var units = WriteProvince(catalog, data, "", o.Departments, o.Communes, o.Questionnaires, log, out var fill, out var survey);
        stages.Add(new("Generate and fill the self-assessments (not ParIndex's work)", fill, $"{units.Count} files"));
        stages.Add(new("Write the surveys (SurveyWriter)", survey,
            $"{o.Questionnaires:N0} questionnaires, {SurveyFiles(data).Sum(f => new FileInfo(f).Length) / 1048576.0:F1} MB"));
        var sets = catalog.ForYear(Year);
        var groupOf = units.ToDictionary(u => u.Code, u => u.Group);

        sw.Restart();
        Parallel.ForEach(units, u =>
        {
            var result = SelfAssessmentReader.Read(data.SelfAssessment(Year, u.Code), catalog.Find(Year, u.Group)!, u);
            if (!result.Accepted) throw new InvalidOperationException(string.Join('\n', result.Errors));
        });
        stages.Add(new("Read the self-assessments", sw.Elapsed.TotalSeconds, $"{units.Count} files, every core"));

        var (bare, ours) = SurveyAgainstBare(data, sets, groupOf, o.Repeats);
        var ratio = ours / bare;
        stages.Add(new("Survey read: bare ExcelDataReader pass (baseline)", bare, $"median of {o.Repeats}, both groups' files"));
        stages.Add(new("Survey read: SurveyAccumulator", ours, $"median of {o.Repeats}, alternated; **{ratio:F2}** × the bare pass"));

        sw.Restart();
        var computation = ComputeYear.Run(catalog, units, data, Year);
        if (!computation.Ok) throw new InvalidOperationException(string.Join('\n', computation.Errors.Take(10)));
        stages.Add(new("Whole ComputeYear (read all, score, rank, classify)", sw.Elapsed.TotalSeconds, $"{computation.WorkbooksRead} files"));

        sw.Restart();
        var files = WriteExports.Run(computation, Path.Combine(folder, "out"));
        stages.Add(new("Export ranking xlsx, json and scorecards", sw.Elapsed.TotalSeconds, $"{files.Scorecards.Count} scorecards"));

        // The survey read alone in fresh processes: the province's communes survey, and one workbook at the country's size.
        var communesSurvey = SurveyFile(data, "communes");
        var country = Path.Combine(folder, "khao-sat-ca-nuoc.xlsx");
        sw.Restart();
        WriteSurvey(country, catalog.Find(Year, "communes")!, units.Where(u => u.Group == "communes").ToList(), o.CountrySurvey);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  country-size survey written: {o.CountrySurvey:N0} questionnaires, {new FileInfo(country).Length / 1048576.0:F0} MB, {sw.Elapsed.TotalSeconds:F1} s"));
        var communeRows = CountRows(communesSurvey);
        var memory = new List<(int Rows, string Kind, long Peak, double Seconds)>();
        foreach (var (rows, file) in new[] { (communeRows, communesSurvey), (o.CountrySurvey, country) })
            foreach (var kind in new[] { "bare", "ours" })
            {
                var (peak, seconds) = Benchmark.Child(kind, file, criteriaFolder, data.UnitsFile, Year);
                memory.Add((rows, kind, peak, seconds));
            }
        File.Delete(country);

        // The service: the province in a SQLite file, imported, computed and published; the commune ranking page.
        var dbFile = Path.Combine(folder, "province.db");
        var database = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={dbFile}");
        var service = new List<Stage>();
        await using (var services = Services(database))
        {
            await MigrateAsync(services);
            await TimedAsync(service, "Import the data folder (db import)", $"{units.Count} self-assessments, {o.Questionnaires:N0} questionnaires",
                () => SendAsync(services, new ImportDataFolder(Actor.System, criteriaFolder, data.Root)));
            await TimedAsync(service, "Compute and store the year", $"{units.Count} units",
                () => SendAsync(services, new ComputeRanking(Actor.System, Year)));
            await TimedAsync(service, "Ranking workbook from the stored result", "xlsx",
                () => SendAsync(services, new GetRankingWorkbook(Actor.System, Year)));
            await TimedAsync(service, "Publish the year", "decision recorded",
                () => SendAsync(services, new PublishRanking(Actor.System, Year, "Số 1/QĐ-UBND (đo)", new DateOnly(Year + 1, 2, 15))));
        }
        var page = await CommunePageAsync(database, o, log);

        var inv = CultureInfo.InvariantCulture;
        log.WriteLine();
        log.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        Table(log, "Batch (data folder)", stages);
        log.WriteLine(string.Create(inv, $"\nsurvey read ÷ bare ExcelDataReader pass: {ratio:F2} (target ≤ 1.30)"));
        log.WriteLine(string.Create(inv, $"peak working set of the benchmark process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB"));
        log.WriteLine("\nSurvey read alone, in a fresh process each:");
        log.WriteLine("| questionnaires | reader | seconds | peak working set (MB) |");
        log.WriteLine("|---:|---|---:|---:|");
        foreach (var m in memory)
            log.WriteLine(string.Create(inv, $"| {m.Rows:N0} | {(m.Kind == "bare" ? "bare ExcelDataReader" : "SurveyAccumulator")} | {m.Seconds:F2} | {m.Peak / 1048576.0:F0} |"));
        var small = memory.First(m => m.Kind == "ours");
        var large = memory.Last(m => m.Kind == "ours");
        log.WriteLine(string.Create(inv, $"\nSurveyAccumulator peak at {large.Rows:N0} ÷ at {small.Rows:N0}: {(double)large.Peak / small.Peak:F2}; " +
            $"alone ÷ bare: {small.Seconds / memory[0].Seconds:F2} at {small.Rows:N0}, {large.Seconds / memory[2].Seconds:F2} at {large.Rows:N0}"));
        Table(log, "\nService (SQLite file)", service);
        log.WriteLine();
        log.WriteLine(page.Report);
        return ratio <= 1.3 && page.Errors == 0 ? 0 : 1;
    }

    /// <summary>The built web service on the province's database: the communes' ranking page (170 units) for leadership.</summary>
    private static async Task<(string Report, long Errors)> CommunePageAsync(DatabaseOptions database, Options o, TextWriter log)
    {
        var address = $"http://127.0.0.1:{PageBenchmark.FreePort()}";
        using var web = PageBenchmark.StartWeb(o.WebDll, database, address, log, Password);
        try
        {
            using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
                { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            await PageBenchmark.WaitReadyAsync(anonymous, web);
            using var bearer = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            bearer.DefaultRequestHeaders.Authorization = new("Bearer", await PageBenchmark.TokenAsync(anonymous, "office@bench", Password));
            var created = await bearer.PostAsJsonAsync("/api/accounts",
                new { userName = "leadership@bench", displayName = "Lãnh đạo (đo)", role = Roles.Leadership, password = Password });
            if (created.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict))
                throw new InvalidOperationException($"create leadership: {(int)created.StatusCode}");
            var leadership = await PageBenchmark.CookieAsync(anonymous, "leadership@bench", Password);

            var page = $"/Leadership?year={Year}&group=communes";
            // The first view renders the page from the stored document; the views after it are served as kept.
            var first = await PageBenchmark.TimeRequestAsync(anonymous, page, leadership);
            var communes = await CountRowsOfPageAsync(anonymous, page, leadership);
            var single = await PageBenchmark.TimeOneAsync(anonymous, page, leadership);
            var json = await PageBenchmark.TimeOneAsync(anonymous, $"/api/years/{Year}/ranking.json", leadership);
            var uncachedStatic = await PageBenchmark.TimeOneAsync(anonymous, "/css/site.css", null);
            foreach (var path in new[] { "/css/site.css", page }) PageBenchmark.RunWrk(address + path, path == page ? leadership : null, 2, 3);
            Thread.Sleep(TimeSpan.FromSeconds(2));
            var baseline = PageBenchmark.RunWrk(address + "/css/site.css", null, 64, o.Seconds);
            var ranking = PageBenchmark.RunWrk(address + page, leadership, 64, o.Seconds);
            var inv = CultureInfo.InvariantCulture;
            var report = new StringBuilder();
            report.AppendLine(inv, $"Commune ranking page ({communes} communes on the page), leadership, published {Year}:");
            report.AppendLine(inv, $"  first view (renders the page from the stored result): {first:F1} ms");
            report.AppendLine(inv, $"  one view alone, median of 9 after it: {single:F1} ms; ranking.json {json:F1} ms; static file {uncachedStatic:F1} ms");
            report.AppendLine(inv, $"  wrk -t2 -c64 -d{o.Seconds}s: static {baseline.RequestsPerSecond:F0} req/s; commune ranking page {ranking.RequestsPerSecond:F0} req/s " +
                $"(p50 {ranking.P50Ms:F2} ms, p99 {ranking.P99Ms:F2} ms, {ranking.Errors} errors), {ranking.RequestsPerSecond / baseline.RequestsPerSecond:F3} × the static file");
            return (report.ToString(), ranking.Errors + baseline.Errors);
        }
        finally
        {
            if (!web.HasExited) web.Kill(entireProcessTree: true);
            await web.WaitForExitAsync();
        }
    }

    /// <summary>How many unit rows the ranking page shows (a check that the page measured is the communes' whole table).</summary>
    private static async Task<int> CountRowsOfPageAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        return System.Text.RegularExpressions.Regex.Matches(html, "Leadership/Unit\\?code=").Count;
    }

    // ---------------------------------------------------------------- the country on PostgreSQL

    private static async Task<int> NationalAsync(CriteriaCatalog catalog, string criteriaFolder, Options o, string folder, TextWriter log)
    {
        log.WriteLine();
        log.WriteLine($"# The country on PostgreSQL: {o.Provinces} provinces in one database (a schema each), " +
                      $"{o.NationalCommunes:N0} communes, {o.NationalDepartments:N0} departments, {o.NationalQuestionnaires:N0} questionnaires");
        var databaseName = "parindex_scale_" + Guid.NewGuid().ToString("N")[..8];
        var server = new NpgsqlConnectionStringBuilder(o.Postgres);
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(o.Postgres) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string stage, double seconds) => totals[stage] = totals.GetValueOrDefault(stage) + seconds;
        int units = 0, scorecards = 0;
        long questionnaires = 0;
        var sets = catalog.ForYear(Year);
        var provinceSeconds = new List<double>();
        try
        {
            for (var p = 1; p <= o.Provinces; p++)
            {
                var prefix = $"T{p:D2}-";
                var data = new DataFolder(Path.Combine(folder, prefix.TrimEnd('-')));
                var communes = Share(o.NationalCommunes, o.Provinces, p);
                var departments = Share(o.NationalDepartments, o.Provinces, p);
                var count = Share(o.NationalQuestionnaires, o.Provinces, p);
                // Codes repeat between provinces as they do in the country: each province is its own schema.
                var province = WriteProvince(catalog, data, "", departments, communes, count, TextWriter.Null, out var fill, out var write);
                Add("generate", fill + write);
                units += province.Count;
                questionnaires += count;
                var groupOf = province.ToDictionary(u => u.Code, u => u.Group);

                var sw = Stopwatch.StartNew();
                foreach (var file in SurveyFiles(data)) Benchmark.BarePass(file);
                Add("bare", sw.Elapsed.TotalSeconds);
                sw.Restart();
                var accumulator = new SurveyAccumulator(sets, c => groupOf.GetValueOrDefault(c));
                foreach (var file in SurveyFiles(data))
                    using (var s = File.OpenRead(file))
                        if (accumulator.Read(s, Path.GetFileName(file)).Any(x => x.IsError)) throw new InvalidOperationException($"{file}: survey errors");
                Add("survey", sw.Elapsed.TotalSeconds);

                var whole = Stopwatch.StartNew();
                sw.Restart();
                var computation = ComputeYear.Run(catalog, province, data, Year);
                if (!computation.Ok) throw new InvalidOperationException(string.Join('\n', computation.Errors.Take(10)));
                Add("compute", sw.Elapsed.TotalSeconds);
                sw.Restart();
                scorecards += WriteExports.Run(computation, Path.Combine(data.Root, "out")).Scorecards.Count;
                Add("export", sw.Elapsed.TotalSeconds);

                var connection = new NpgsqlConnectionStringBuilder(o.Postgres) { Database = databaseName, SearchPath = $"tinh{p:D2}" };
                await using (var schema = new NpgsqlConnection(connection.ConnectionString))
                {
                    await schema.OpenAsync();
                    await using var create = new NpgsqlCommand($"CREATE SCHEMA tinh{p:D2}", schema);
                    await create.ExecuteNonQueryAsync();
                }
                await using (var services = Services(new DatabaseOptions(DatabaseProvider.Postgres, connection.ConnectionString)))
                {
                    sw.Restart();
                    await MigrateAsync(services);
                    Add("migrate", sw.Elapsed.TotalSeconds);
                    sw.Restart();
                    await SendAsync(services, new ImportDataFolder(Actor.System, criteriaFolder, data.Root));
                    Add("import", sw.Elapsed.TotalSeconds);
                    sw.Restart();
                    await SendAsync(services, new ComputeRanking(Actor.System, Year));
                    Add("store", sw.Elapsed.TotalSeconds);
                    sw.Restart();
                    await SendAsync(services, new GetRankingWorkbook(Actor.System, Year));
                    Add("workbook", sw.Elapsed.TotalSeconds);
                }
                provinceSeconds.Add(whole.Elapsed.TotalSeconds);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {prefix.TrimEnd('-')}: {departments} departments, {communes} communes, {count:N0} questionnaires; compute+export+service {whole.Elapsed.TotalSeconds:F1} s"));
                Directory.Delete(data.Root, recursive: true); // the country's folders would not fit the temp space otherwise
            }

            var (tables, bytes) = await DatabaseSizeAsync(new NpgsqlConnectionStringBuilder(o.Postgres) { Database = databaseName }.ConnectionString);
            var inv = CultureInfo.InvariantCulture;
            log.WriteLine();
            log.WriteLine(string.Create(inv, $"{o.Provinces} provinces, {units:N0} units, {questionnaires:N0} questionnaires, {scorecards:N0} scorecards; " +
                $"database {databaseName}: {tables} tables, {bytes / 1048576.0:F0} MB"));
            log.WriteLine("| stage (all provinces) | seconds | note |");
            log.WriteLine("|---|---:|---|");
            log.WriteLine(string.Create(inv, $"| Generate and fill (not ParIndex's work) | {totals["generate"]:F1} | |"));
            log.WriteLine(string.Create(inv, $"| Survey: bare ExcelDataReader pass (baseline) | {totals["bare"]:F1} | every province's files |"));
            log.WriteLine(string.Create(inv, $"| Survey: SurveyAccumulator | {totals["survey"]:F1} | **{totals["survey"] / totals["bare"]:F2}** × the bare pass |"));
            log.WriteLine(string.Create(inv, $"| Whole ComputeYear (batch) | {totals["compute"]:F1} | |"));
            log.WriteLine(string.Create(inv, $"| Export ranking xlsx, json and scorecards (batch) | {totals["export"]:F1} | {scorecards:N0} scorecards |"));
            log.WriteLine(string.Create(inv, $"| Migrate a schema per province | {totals["migrate"]:F1} | |"));
            log.WriteLine(string.Create(inv, $"| Import each data folder into PostgreSQL | {totals["import"]:F1} | |"));
            log.WriteLine(string.Create(inv, $"| Compute and store each year | {totals["store"]:F1} | |"));
            log.WriteLine(string.Create(inv, $"| Ranking workbook from each stored result | {totals["workbook"]:F1} | |"));
            var sorted = provinceSeconds.Order().ToList();
            log.WriteLine(string.Create(inv, $"\nper province (compute, export, service): median {sorted[sorted.Count / 2]:F1} s, slowest {sorted[^1]:F1} s; " +
                $"peak working set of the benchmark process {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB"));
            return totals["survey"] / totals["bare"] <= 1.3 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(o.Postgres) { Database = "postgres" }.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Province <paramref name="p"/>'s share (1-based) of <paramref name="total"/> split over <paramref name="of"/>.</summary>
    private static int Share(int total, int of, int p) => total / of + (p <= total % of ? 1 : 0);

    private static async Task<(int Tables, long Bytes)> DatabaseSizeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), pg_database_size(current_database()) FROM pg_stat_user_tables", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt64(1));
    }

    // ---------------------------------------------------------------- the data

    /// <summary>
    /// Writes a province of <see cref="Year"/> into <paramref name="data"/>: units.yaml (every unit new in 2025), each unit's
    /// filled-in self-assessment (generated from its template) and one survey workbook per group; the communes' questionnaires
    /// are three in ten from officials (CB), the rest from citizens (ND), so each group is above its minimum.
    /// </summary>
    internal static IReadOnlyList<Unit> WriteProvince(CriteriaCatalog catalog, DataFolder data, string prefix, int departments, int communes,
        int questionnaires, TextWriter log, out double fillSeconds, out double surveySeconds)
    {
        Directory.CreateDirectory(data.SelfAssessments(Year));
        Directory.CreateDirectory(data.Surveys(Year));
        // The departments the 2025 sets name as appraisers (appraised_by) are among them, as in every province.
        var departmentCodes = Appraisers.Concat(Enumerable.Range(Appraisers.Length + 1, Math.Max(0, departments - Appraisers.Length)).Select(i => $"SO{i:D2}"))
            .Take(departments).ToList();
        var units = departmentCodes.Select((code, i) => new Unit(prefix + code, AppraiserNames.GetValueOrDefault(code, $"Sở số {i + 1:D2}"), "departments", From: Year))
            .Concat(Enumerable.Range(1, communes).Select(i => new Unit($"{prefix}X{i:D3}", $"UBND xã số {i:D3}", "communes", From: Year)))
            .ToList();
        var yaml = new StringBuilder("units:\n");
        foreach (var u in units)
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{ code: {u.Code}, name: \"{u.Name}\", group: {u.Group}, from: {Year} }}\n");
        File.WriteAllText(data.UnitsFile, yaml.ToString());

        var sw = Stopwatch.StartNew();
        Parallel.ForEach(units, u =>
        {
            var set = catalog.Find(Year, u.Group)!;
            var fills = Synthetic.Fill(set, Quality(u.Code), new Random(SampleProvince.Seed(u.Code, Year)), appraise: true, new HashSet<string>());
            SampleProvince.WriteWorkbook(data.SelfAssessment(Year, u.Code), set, u, fills);
        });
        fillSeconds = sw.Elapsed.TotalSeconds;

        sw.Restart();
        foreach (var group in new[] { "departments", "communes" })
        {
            var members = units.Where(u => u.Group == group).ToList();
            var count = (int)((long)questionnaires * members.Count / units.Count);
            if (group == "communes") count = questionnaires - (int)((long)questionnaires * departments / units.Count);
            WriteSurvey(SurveyFile(data, group), catalog.Find(Year, group)!, members, count);
        }
        surveySeconds = sw.Elapsed.TotalSeconds;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  data folder {data.Root}: {units.Count} units, fill {fillSeconds:F1} s, surveys {surveySeconds:F1} s"));
        return units;
    }

    /// <summary>The appraising departments of the 2025 sets.</summary>
    private static readonly string[] Appraisers = ["SO-TP", "SO-TC", "SO-KHCN"];

    private static readonly Dictionary<string, string> AppraiserNames = new()
    {
        ["SO-TP"] = "Sở Tư pháp", ["SO-TC"] = "Sở Tài chính", ["SO-KHCN"] = "Sở Khoa học và Công nghệ",
    };

    private static double Quality(string code) => 0.62 + SampleProvince.Seed(code, Year) % 33 / 100.0;

    private static string SurveyFile(DataFolder data, string group) => Path.Combine(data.Surveys(Year), $"khao-sat-{group}-{Year}.xlsx");

    private static IEnumerable<string> SurveyFiles(DataFolder data) => new[] { "departments", "communes" }.Select(g => SurveyFile(data, g));

    /// <summary>A survey workbook of <paramref name="count"/> questionnaires about <paramref name="units"/>, spread evenly.</summary>
    private static void WriteSurvey(string path, CriteriaSet set, IReadOnlyList<Unit> units, int count)
    {
        var groups = set.Survey!.Groups;
        var rows = units.SelectMany((u, i) =>
        {
            var n = Share(count, units.Count, i + 1);
            var rng = new Random(SampleProvince.Seed(u.Code, Year) ^ 0x5EED);
            var quality = Quality(u.Code);
            if (groups is null)
                return Synthetic.Questionnaires(set, u.Code, n, quality, rng, "P").Select(q => new SurveyRow(u.Code, q.Group, q.Id, q.Answers));
            var officials = n * 3 / 10;
            return Synthetic.Questionnaires(set, u.Code, officials, quality, rng, "CB", "CB")
                .Concat(Synthetic.Questionnaires(set, u.Code, n - officials, quality - 0.05, rng, "ND", "ND"))
                .Select(q => new SurveyRow(u.Code, q.Group, q.Id, q.Answers));
        });
        using var stream = File.Create(path);
        SurveyWriter.Write(stream, set.Survey.Questions.Select(q => q.Code).ToList(), rows, rowCount: count);
    }

    private static int CountRows(string survey)
    {
        var cells = 0;
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = File.OpenRead(survey);
        using var reader = ExcelDataReader.ExcelReaderFactory.CreateReader(stream);
        while (reader.Read()) cells++;
        return cells - 1;
    }

    /// <summary>The survey read against a bare pass over the same files, alternated, median seconds of each.</summary>
    private static (double Bare, double Ours) SurveyAgainstBare(DataFolder data, IReadOnlyList<CriteriaSet> sets, Dictionary<string, string> groupOf, int repeats)
    {
        var bare = new List<double>();
        var ours = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var file in SurveyFiles(data)) Benchmark.BarePass(file);
            bare.Add(sw.Elapsed.TotalSeconds);
            sw.Restart();
            var accumulator = new SurveyAccumulator(sets, c => groupOf.GetValueOrDefault(c));
            foreach (var file in SurveyFiles(data))
                using (var s = File.OpenRead(file))
                    if (accumulator.Read(s, Path.GetFileName(file)).Any(p => p.IsError)) throw new InvalidOperationException($"{file}: survey errors");
            ours.Add(sw.Elapsed.TotalSeconds);
        }
        return (Benchmark.Median(bare), Benchmark.Median(ours));
    }

    // ---------------------------------------------------------------- the service in process

    private static ServiceProvider Services(DatabaseOptions database) => new ServiceCollection().AddLogging()
        .AddScoped<IAuditContext>(p => new FixedAuditContext("bench", p.GetRequiredService<TimeProvider>()))
        .AddParIndexData(database).AddParIndexApplication().BuildServiceProvider();

    private static async Task MigrateAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<ParIndexDb>());
    }

    private static async Task<T> SendAsync<T>(ServiceProvider services, IRequest<T> request)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private static async Task TimedAsync<T>(List<Stage> stages, string name, string note, Func<Task<T>> work)
    {
        var sw = Stopwatch.StartNew();
        await work();
        stages.Add(new(name, sw.Elapsed.TotalSeconds, note));
    }

    private static void Table(TextWriter log, string title, IEnumerable<Stage> stages)
    {
        log.WriteLine($"{title}:");
        log.WriteLine("| stage | seconds | note |");
        log.WriteLine("|---|---:|---|");
        foreach (var s in stages) log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Seconds:F2} | {s.Note} |"));
    }
}
