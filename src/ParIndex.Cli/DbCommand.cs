using System.CommandLine;
using System.Globalization;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;

namespace ParIndex.Cli;

/// <summary>
/// <c>parindex db …</c>: the service's operations from the command line, on the same database and handlers
/// as the web service (SQLite file by default; <c>--provider Postgres --connection …</c> for a server).
/// </summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "Sqlite (mặc định) hoặc Postgres", DefaultValueFactory = _ => "Sqlite", Recursive = true };
        var connection = new Option<string?>("--connection") { Description = "Chuỗi kết nối (mặc định: Data Source=parindex.db)", Recursive = true };
        var db = new Command("db", "Thao tác trên cơ sở dữ liệu của dịch vụ (cùng quy tắc với dịch vụ web)") { provider, connection };

        DatabaseOptions Options(ParseResult p)
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = p.GetValue(provider),
                ["ConnectionStrings:ParIndex"] = p.GetValue(connection),
            }).Build();
            DatabaseOptions options;
            try
            {
                options = DatabaseOptions.From(config);
            }
            catch (InvalidOperationException e)
            {
                throw new UsageException(e.Message.Replace("Database:Provider", "--provider", StringComparison.Ordinal)
                    .Replace("ConnectionStrings:ParIndex", "--connection", StringComparison.Ordinal));
            }
            ExistingDatabase.CheckSyntax(options);
            return options;
        }

        var migrate = new Command("migrate", "Tạo hoặc nâng cấp cơ sở dữ liệu");
        migrate.SetAction(async (p, ct) =>
        {
            await using var services = await StartAsync(Options(p), ct, create: true);
            Console.WriteLine("Cơ sở dữ liệu đã sẵn sàng.");
            return ExitCodes.Ok;
        });

        var criteria = new Option<string>("--criteria") { Description = "Thư mục scoring-criteria", Required = true }.NotBlank();
        var data = new Option<string>("--data") { Description = "Thư mục dữ liệu", Required = true }.NotBlank();
        var import = new Command("import", "Nhập bộ tiêu chí, danh sách đơn vị, bảng tự đánh giá (kèm cột thẩm định) và khảo sát từ thư mục") { criteria, data };
        import.SetAction(async (p, ct) =>
        {
            var folder = new DataFolder(p.GetValue(data)!);
            if (!Directory.Exists(p.GetValue(criteria)))
                throw new InputException($"{p.GetValue(criteria)}: không tìm thấy thư mục bộ tiêu chí");
            if (!File.Exists(folder.UnitsFile))
                throw new InputException($"{folder.UnitsFile}: không tìm thấy tệp danh sách đơn vị (thư mục --data phải có units.yaml)");
            var summary = await SendAsync(Options(p), new ImportDataFolder(Actor.System, p.GetValue(criteria)!, p.GetValue(data)!), ct);
            foreach (var problem in summary.Problems) Console.Error.WriteLine($"Lỗi: {problem}");
            Console.WriteLine($"Đã nhập {summary.CriteriaSets} bộ tiêu chí, {summary.Units} đơn vị, {summary.Rounds} vòng đánh giá, " +
                $"{summary.Submissions} bảng tự đánh giá ({summary.Rejected} bị từ chối), {summary.Surveys} tệp khảo sát.");
            return summary.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.InputErrors;
        });

        var year = new Option<int>("--year") { Description = "Năm", Required = true };
        var compute = new Command("compute", "Tính kết quả của năm từ dữ liệu đã lưu") { year };
        compute.SetAction(async (p, ct) =>
        {
            var info = await SendAsync(Options(p), new ComputeRanking(Actor.System, p.GetValue(year)), ct);
            Console.WriteLine($"Đã tính kết quả năm {info.Year} ({info.CriteriaVersions}); dấu vân tay {info.Fingerprint}");
            return ExitCodes.Ok;
        });

        var decision = new Option<string>("--decision") { Description = "Số quyết định công bố", Required = true };
        var date = new Option<string>("--date") { Description = "Ngày công bố (yyyy-MM-dd)", Required = true };
        var reason = new Option<string?>("--correction-reason") { Description = "Lý do đính chính (khi công bố lại)" };
        var publish = new Command("publish", "Công bố kết quả của năm (đóng băng); công bố lại là đính chính") { year, decision, date, reason };
        publish.SetAction(async (p, ct) =>
        {
            if (!DateOnly.TryParseExact(p.GetValue(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                Console.Error.WriteLine("Ngày công bố phải có dạng yyyy-MM-dd.");
                return ExitCodes.Usage;
            }
            var info = await SendAsync(Options(p), new PublishRanking(Actor.System, p.GetValue(year), p.GetValue(decision)!, day, p.GetValue(reason)), ct);
            Console.WriteLine($"Đã công bố kết quả năm {info.Year}, lần {info.PublicationNumber}: {info.Decision} ngày {ProvinceTime.Date(info.Date)}");
            return ExitCodes.Ok;
        });

        var output = new Option<string>("--out") { Description = "Thư mục ghi kết quả", Required = true }.OutputFolder();
        var export = new Command("export", "Xuất ranking-<năm>.json (bản công bố mới nhất, hoặc bản tính mới nhất) và ranking-<năm>.xlsx") { year, output };
        export.SetAction(async (p, ct) =>
        {
            var options = Options(p);
            var y = p.GetValue(year);
            var folder = p.GetValue(output)!;
            // Both read before the folder is made: a refused year leaves nothing behind.
            var json = (await SendAsync(options, new GetRanking(Actor.System, y), ct)).ToUtf8();
            var xlsx = await SendAsync(options, new GetRankingWorkbook(Actor.System, y), ct);
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, $"ranking-{y}.json"), json, ct);
            await File.WriteAllBytesAsync(Path.Combine(folder, xlsx.FileName), xlsx.Content, ct);
            Console.WriteLine($"Đã ghi {Path.Combine(folder, $"ranking-{y}.json")} và {Path.Combine(folder, xlsx.FileName)}");
            return ExitCodes.Ok;
        });

        var round = new Option<int>("--round") { Description = "Số vòng đánh giá", Required = true };
        var unit = new Option<string>("--unit") { Description = "Mã đơn vị", Required = true };
        var file = new Option<string>("--file") { Description = "Tệp bảng tự đánh giá có cột Điểm thẩm định", Required = true }.NotBlank();
        var appraise = new Command("appraise", "Ghi điểm thẩm định từ các cột thẩm định của một bảng tự đánh giá") { round, unit, file };
        appraise.SetAction(async (p, ct) =>
        {
            var (name, content) = await ReadFileAsync(p.GetValue(file)!, "bảng tự đánh giá", ct);
            var list = await SendAsync(Options(p), new AppraiseFromWorkbook(Actor.System, p.GetValue(round), p.GetValue(unit)!, name, content), ct);
            Console.WriteLine($"Đã ghi {list.Count} điểm thẩm định cho đơn vị {p.GetValue(unit)}.");
            return ExitCodes.Ok;
        });

        var group = new Option<string>("--group") { Description = "Khối của phụ lục (mã khối, ví dụ communes)", Required = true }.NotBlank();
        var annex = new Option<string>("--file") { Description = "Tệp phụ lục kết quả đã công bố (.xlsx)", Required = true }.NotBlank();
        var baseline = new Command("baseline", "Nhập phụ lục kết quả đã công bố của năm làm kết quả năm trước của năm sau (năm chưa đánh giá trong ParIndex)") { year, group, annex };
        baseline.SetAction(async (p, ct) =>
        {
            var (name, content) = await ReadFileAsync(p.GetValue(annex)!, "phụ lục", ct);
            var done = await SendAsync(Options(p), new ImportBaseline(Actor.System, p.GetValue(year), p.GetValue(group)!, name, content), ct);
            Console.WriteLine($"Đã nhập phụ lục {done.FileName}: kết quả đã công bố năm {done.Year} của {done.GroupName}, {done.Units} đơn vị; " +
                $"dùng làm kết quả năm trước của năm {done.Year + 1}.");
            return ExitCodes.Ok;
        });

        db.Subcommands.Add(migrate);
        db.Subcommands.Add(import);
        db.Subcommands.Add(compute);
        db.Subcommands.Add(publish);
        db.Subcommands.Add(export);
        db.Subcommands.Add(appraise);
        db.Subcommands.Add(baseline);
        return db;
    }

    /// <summary>The workbook named by <c>--file</c> (a <paramref name="what"/>): its name and bytes; a folder or a missing file is refused.</summary>
    private static async Task<(string Name, byte[] Content)> ReadFileAsync(string path, string what, CancellationToken ct)
    {
        if (Directory.Exists(path)) throw new UsageException($"--file {path} là một thư mục; --file là tệp {what} .xlsx");
        if (!File.Exists(path)) throw new InputException($"{path}: không tìm thấy tệp {what}");
        return (Path.GetFileName(path), await File.ReadAllBytesAsync(path, ct));
    }

    /// <summary>The services over the database; only <c>db migrate</c> (<paramref name="create"/>) may create it.</summary>
    private static async Task<ServiceProvider> StartAsync(DatabaseOptions options, CancellationToken ct, bool create = false)
    {
        await ExistingDatabase.CheckAsync(options, create, ct);
        var services = new ServiceCollection()
            .AddLogging()
            .AddScoped<IAuditContext>(p => new FixedAuditContext($"{Environment.UserName} (dòng lệnh)", p.GetRequiredService<TimeProvider>()))
            .AddParIndexData(options)
            .AddParIndexApplication()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await Database.PrepareAsync(scope.ServiceProvider.GetRequiredService<ParIndexDb>(), ct);
        return services;
    }

    private static async Task<T> SendAsync<T>(DatabaseOptions options, IRequest<T> request, CancellationToken ct)
    {
        await using var services = await StartAsync(options, ct);
        await using var scope = services.CreateAsyncScope();
        try
        {
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
        }
        catch (Exception e) when (Refusal.Of(e) is not null)
        {
            throw new CommandFailedException(e);
        }
    }
}

/// <summary>A refused operation: its message goes to standard error and the exit code is 1.</summary>
internal sealed class CommandFailedException(Exception inner) : Exception(inner.Message, inner);

/// <summary>A missing or wrong input found by the command itself: its message goes to standard error, exit 1.</summary>
internal sealed class InputException(string message) : Exception(message);

/// <summary>Creates or upgrades the database before use.</summary>
internal static class Database
{
    public static Task PrepareAsync(ParIndexDb db, CancellationToken ct) => DatabaseMigrator.MigrateAsync(db, ct);
}
