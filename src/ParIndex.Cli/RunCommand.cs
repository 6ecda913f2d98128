using System.CommandLine;
using System.Globalization;
using ParIndex.Application;
using ParIndex.Scoring;
using Spectre.Console;

namespace ParIndex.Cli;

/// <summary>
/// <c>parindex run</c>: computes year Y (and Y−1 when its data is there) from a data folder, writes the
/// exports and prints the ranking. Any workbook error: every error is listed and nothing is written.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var criteria = new Option<string>("--criteria") { Description = "Thư mục scoring-criteria", Required = true };
        var data = new Option<string>("--data") { Description = "Thư mục dữ liệu (units.yaml, <năm>/self-assessments, <năm>/survey)", Required = true };
        var year = new Option<int>("--year") { Description = "Năm tính chỉ số", Required = true };
        var output = new Option<string>("--out") { Description = "Thư mục ghi kết quả", Required = true }.OutputFolder();
        var command = new Command("run", "Tính điểm, chỉ số, xếp hạng, xếp loại và so sánh với năm trước; xuất kết quả") { criteria, data, year, output };
        command.SetAction(parse => Run(parse.GetValue(criteria)!, parse.GetValue(data)!, parse.GetValue(year), parse.GetValue(output)!));
        return command;
    }

    private static int Run(string criteriaPath, string dataPath, int year, string outPath)
    {
        var folder = new DataFolder(dataPath);
        var (catalog, units) = Inputs.Load(criteriaPath, folder.UnitsFile);
        if (catalog is null || units is null) return ExitCodes.InputErrors;
        if (!folder.HasYear(year))
        {
            Console.Error.WriteLine($"{dataPath}: không có dữ liệu năm {year} (cần thư mục {year}/self-assessments và {year}/survey)");
            return ExitCodes.InputErrors;
        }

        var console = Terminal.Create();
        var computation = WithProgress(console, progress => ComputeYear.Run(catalog, units, folder, year, progress));

        foreach (var warning in AllProblems(computation).Where(p => !p.IsError))
            Console.Error.WriteLine($"Cảnh báo: {warning}");
        var errors = computation.Errors.ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
                Console.Error.WriteLine($"Lỗi: {error}");
            Console.Error.WriteLine($"{errors.Count} lỗi trong dữ liệu đầu vào; chưa ghi kết quả nào. Sửa các lỗi trên rồi chạy lại.");
            return ExitCodes.InputErrors;
        }

        var files = WriteExports.Run(computation, outPath);
        foreach (var group in computation.Groups)
            console.Write(RankingTable(group));
        console.WriteLine($"Đã ghi {files.RankingWorkbook}, {files.RankingJson}, {files.Scorecards.Count} phiếu điểm trong {Path.Combine(outPath, "scorecards")} và {files.ImprovementReports.Count} báo cáo cần cải thiện trong {Path.Combine(outPath, "improvement")}.");
        console.WriteLine($"Dấu vân tay dữ liệu đầu vào: {computation.Fingerprint}");
        return ExitCodes.Ok;
    }

    private static IEnumerable<Workbooks.WorkbookProblem> AllProblems(YearComputation? c)
    {
        for (; c is not null; c = c.Previous)
            foreach (var p in c.Problems)
                yield return p;
    }

    private static YearComputation WithProgress(IAnsiConsole console, Func<IProgress<RunProgress>, YearComputation> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            // Redirected output (scripts, CI): one plain line per workbook.
            return work(new SyncProgress<RunProgress>(p => Console.WriteLine($"[{p.Year}] {p.Done}/{p.Total} {p.File}")));
        }
        YearComputation? result = null;
        console.Progress().AutoClear(true).Start(ctx =>
        {
            var tasks = new Dictionary<int, ProgressTask>();
            result = work(new SyncProgress<RunProgress>(p =>
            {
                if (!tasks.TryGetValue(p.Year, out var task))
                    tasks[p.Year] = task = ctx.AddTask($"Đọc bảng tự đánh giá và phiếu khảo sát năm {p.Year}", maxValue: p.Total);
                task.Value = p.Done;
            }));
        });
        return result!;
    }

    private static Table RankingTable(GroupResult group)
    {
        var set = group.Set;
        var table = new Table().Title($"[bold]{Markup.Escape(set.Title)}[/] ({Markup.Escape(set.Group)}, {set.Version})")
            .AddColumns("Hạng", "Mã", "Đơn vị", "Tổng điểm", "Tối đa", "Chỉ số (%)", "Xếp loại", "Năm trước", "Thay đổi");
        foreach (var col in new[] { 0, 3, 4, 5, 7 }) table.Columns[col].RightAligned();
        foreach (var u in group.Units)
        {
            var p = u.Previous;
            table.AddRow(
                u.Rank?.ToString(CultureInfo.InvariantCulture) ?? "–",
                Markup.Escape(u.Unit.Code),
                Markup.Escape(u.Unit.Name),
                Vi(u.Score is null ? null : Numbers.Round(u.Score.Points, set.Decimals)),
                Vi(u.Score?.ApplicableMax),
                Vi(u.Index),
                Markup.Escape(u.Class ?? StatusText(u.Status)),
                p?.Rank is { } r ? $"{r} ({Vi(p.Index)})" : Vi(p?.Index),
                Change(u));
        }
        return table;
    }

    private static string Change(UnitResult u) => u.Previous?.RankChange switch
    {
        > 0 and var n => $"[green]↑ {n}[/]",
        < 0 and var n => $"[red]↓ {-n}[/]",
        0 => "=",
        _ => u.Previous?.Basis == PreviousBasis.Derived ? "(gộp)" : u.Previous?.Basis == PreviousBasis.New ? "mới" : "",
    };

    private static string StatusText(UnitStatus status) => status switch
    {
        UnitStatus.Missing => "chưa nộp",
        UnitStatus.Invalid => "không tính được",
        _ => "",
    };

    private static string Vi(decimal? value) => value is { } v ? Numbers.Vi(v) : "–";

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock _gate = new();

        public void Report(T value)
        {
            lock (_gate) report(value);
        }
    }
}
