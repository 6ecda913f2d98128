using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Api;

/// <summary>
/// Hostile workbooks through the real upload endpoints on SQLite: each refused with a 4xx ProblemDetails that
/// names the file and the reason, every table byte-identical before and after, the service still answering.
/// </summary>
public class HostileUploadTests
{
    private const long MiB = 1024 * 1024;
    private DatabaseOptions _database = null!;
    private ServiceHost _host = null!;
    private HttpClient _focal = null!, _office = null!;
    private int _round;
    private string _tmp = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using (var handlers = await HandlerHost.StartAsync(_database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            foreach (var id in await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024).Select(r => r.Id).ToListAsync()))
                await handlers.Send(new SetRoundStage(Actor.System, id, RoundStage.SelfAssessment, "mở nộp lại"));
        }
        _host = new ServiceHost(_database);
        _round = await _host.WithDbAsync(db => db.Rounds.Where(r => r.Year == 2024 && r.Group == "districts").Select(r => r.Id).SingleAsync());
        _focal = await _host.ClientAsync(Roles.FocalPoint, "H-HL");
        _office = await _host.ClientAsync(Roles.Office);
        _tmp = Path.Combine(Path.GetTempPath(), "parindex-hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_tmp);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _focal.Dispose();
        _office.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_tmp, recursive: true);
    }

    private static byte[] Sample => File.ReadAllBytes(Path.Combine(HandlerHost.Samples, "2024", "self-assessments", "H-HL.xlsx"));

    /// <summary>The sample workbook with its first sheet's XML replaced by <paramref name="head"/> and a repeated text, streamed.</summary>
    private byte[] WithSheet(string head, string repeat, long times)
    {
        var path = Path.Combine(_tmp, Guid.NewGuid().ToString("N") + ".xlsx");
        using (var source = new ZipArchive(new MemoryStream(Sample), ZipArchiveMode.Read))
        using (var file = File.Create(path))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            foreach (var entry in source.Entries)
            {
                using var output = zip.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open();
                if (entry.FullName != "xl/worksheets/sheet1.xml")
                {
                    using var input = entry.Open();
                    input.CopyTo(output);
                    continue;
                }
                output.Write(Encoding.UTF8.GetBytes(head));
                var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(repeat, 10_000)));
                for (long i = 0; i < times; i += 10_000) output.Write(chunk);
            }
        return File.ReadAllBytes(path);
    }

    private byte[] Bomb() => WithSheet("<?xml version=\"1.0\"?><worksheet><sheetData>", "<row/>", 1024 * MiB / 6);

    private static MultipartFormDataContent Form(byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    /// <summary>Every row of every table, in order: the bytes the service stores.</summary>
    private string Dump()
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection(_database.ConnectionString + ";Mode=ReadOnly");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            using var reader = select.ExecuteReader();
            dump.Append("# ").AppendLine(table);
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                    dump.Append(reader.IsDBNull(i) ? "∅" : reader.GetValue(i) is byte[] b ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b)) : reader.GetValue(i).ToString()).Append('|');
                dump.AppendLine();
            }
        }
        return dump.ToString();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string OnlyProblem(JsonElement problem)
    {
        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        Assert.That(problems, Has.Count.EqualTo(1));
        return $"{problems[0].GetProperty("file").GetString()}: {problems[0].GetProperty("message").GetString()}";
    }

    private string Submissions => $"/api/rounds/{_round}/units/H-HL/submissions";

    [Test]
    public async Task SubmissionBomb_Refused422_NothingStored_MemoryBounded()
    {
        var bomb = Bomb();
        var before = Dump();
        GC.Collect();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        // Three at once, as the issue saw them take 6.6 GB.
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _focal.PostAsync(Submissions, Form(bomb, "H-HL.xlsx"))));
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        TestContext.Out.WriteLine($"3 concurrent uploads of a {bomb.Length / 1024} KiB bomb (1 GiB sheet): managed heap {managedBefore / MiB} -> {managedAfter / MiB} MiB, "
            + $"process peak working set {peak / MiB} MiB");
        foreach (var response in responses)
        {
            var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("Tệp H-HL.xlsx không được mở vì lý do an toàn hoặc không phải bảng tính .xlsx; chưa lưu gì."));
            Assert.That(OnlyProblem(problem), Is.EqualTo("H-HL.xlsx: Phần xl/worksheets/sheet1.xml của tệp khi giải nén lớn hơn 20 MB (giới hạn cho một phần); tệp không được mở để tránh làm treo phần mềm"));
        }
        Assert.Multiple(() =>
        {
            Assert.That(Dump(), Is.EqualTo(before), "every table byte-identical");
            Assert.That(peak, Is.LessThan(1024 * MiB));
            Assert.That(managedAfter - managedBefore, Is.LessThan(64 * MiB), "memory given back");
        });
        var still = await _focal.GetAsync($"/api/rounds/{_round}/submissions?unit=H-HL");
        Assert.That(still.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the service still answers");
    }

    [Test]
    public async Task SubmissionWithExternalEntity_Refused422_NothingStored()
    {
        var xxe = WithSheet("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><worksheet><sheetData>", "<row/>", 1);
        var before = Dump();
        var problem = await ProblemAsync(await _focal.PostAsync(Submissions, Form(xxe, "H-HL.xlsx")), HttpStatusCode.UnprocessableEntity);
        Assert.Multiple(() =>
        {
            Assert.That(OnlyProblem(problem), Is.EqualTo("H-HL.xlsx: Phần xl/worksheets/sheet1.xml của tệp có khai báo DTD hoặc thực thể (<!DOCTYPE>, <!ENTITY>), điều bảng tính Excel không có; tệp không được mở"));
            Assert.That(Dump(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task UploadOverTheLimit_StoppedWhileStreaming_NamedAndNothingStored()
    {
        var big = new byte[25 * MiB];
        new Random(3).NextBytes(big);
        var before = Dump();
        var problem = await ProblemAsync(await _focal.PostAsync(Submissions, Form(big, "H-HL to.xlsx")), HttpStatusCode.UnprocessableEntity);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("Tệp H-HL to.xlsx bị từ chối: Tệp nặng hơn 20 MB, vượt giới hạn"));
            Assert.That(OnlyProblem(problem), Is.EqualTo("H-HL to.xlsx: Tệp nặng hơn 20 MB, vượt giới hạn; hãy xoá các trang tính, hình ảnh không cần thiết rồi gửi lại"));
            Assert.That(Dump(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task LimitsFromSettings_ApplyToUploads_AndAWrongOneStopsTheStart()
    {
        var settings = new Dictionary<string, string?> { ["Workbooks:SelfAssessment:MaxFileBytes"] = "1000" };
        await using (var strict = new ServiceHost(_database, settings: settings))
        {
            await strict.CreateUserAsync("strict-focal@test", Roles.FocalPoint, "H-HL");
            using var focal = await strict.LoginAsync("strict-focal@test");
            var problem = await ProblemAsync(await focal.PostAsync(Submissions, Form(Sample, "H-HL.xlsx")), HttpStatusCode.UnprocessableEntity);
            Assert.That(OnlyProblem(problem), Is.EqualTo("H-HL.xlsx: Tệp nặng hơn 0,1 MB, vượt giới hạn; hãy xoá các trang tính, hình ảnh không cần thiết rồi gửi lại"));
        }
        await using var wrong = new ServiceHost(_database, settings: new Dictionary<string, string?> { ["Workbooks:Survey:MaxRatio"] = "0" });
        var start = Assert.Catch(() => wrong.CreateClient());
        Assert.That(start!.ToString(), Does.Contain("giới hạn tệp bảng tính Workbooks:Survey phải là số dương"));
    }

    [Test]
    public async Task SurveyAndAppraisalUploads_Refused422_NothingStored()
    {
        var before = Dump();
        var survey = await ProblemAsync(await _office.PostAsync("/api/years/2024/surveys", Form("%PDF-1.7"u8.ToArray(), "khao-sat.xlsx")), HttpStatusCode.UnprocessableEntity);
        var xls = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(xls, 0);
        var appraisal = await ProblemAsync(await _office.PostAsync($"/api/rounds/{_round}/units/H-HL/appraisals/workbook", Form(xls, "H-HL.xls")),
            HttpStatusCode.UnprocessableEntity);
        var empty = await ProblemAsync(await _focal.PostAsync(Submissions, Form([], "H-HL.xlsx")), HttpStatusCode.UnprocessableEntity);
        Assert.Multiple(() =>
        {
            Assert.That(OnlyProblem(survey), Is.EqualTo("khao-sat.xlsx: Tệp không phải bảng tính Excel dạng .xlsx; hãy mở tệp bằng Excel và lưu lại dạng \"Sổ làm việc Excel (.xlsx)\""));
            Assert.That(OnlyProblem(appraisal), Is.EqualTo("H-HL.xls: Tệp là bảng tính Excel 97–2003 (.xls); phần mềm chỉ nhận .xlsx: hãy mở bằng Excel và lưu lại dạng \"Sổ làm việc Excel (.xlsx)\""));
            Assert.That(OnlyProblem(empty), Is.EqualTo("H-HL.xlsx: Tệp trống (0 byte); hãy chọn đúng tệp bảng tính .xlsx rồi gửi lại"));
            Assert.That(Dump(), Is.EqualTo(before));
        });
    }
}
