using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Pages.Office;

/// <summary>
/// The audit log as the office reads it, over real HTTP, with the service's clock at 31 December 2024 18:30 UTC:
/// in the province that is already 1 January 2025, 01:30, and that is the time every entry, page and export shows.
/// </summary>
[NonParallelizable]
public partial class AuditLogTests
{
    private static readonly DateTimeOffset NewYearsEve = new(2024, 12, 31, 18, 30, 0, TimeSpan.Zero);
    private const string ProvinceTime = "01/01/2025 01:30";

    private ServiceHost _host = null!;
    private HttpClient _office = null!;
    private int _d24;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        int d23;
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            _d24 = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            d23 = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2023 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            await handlers.Send(new SetRoundStage(Actor.System, d23, RoundStage.Appraisal2, "chuẩn bị công bố"));
        }
        _host = new ServiceHost(database) { Clock = new FakeTimeProvider(NewYearsEve) };
        await _host.CreateUserAsync("vanphong@test", Roles.Office);

        // The events: a failed and a good sign-in, an upload, a unit's rename, a publication.
        using (var anonymous = _host.Anonymous())
        {
            var refused = await anonymous.PostAsJsonAsync("/api/auth/login", new { userName = "vanphong@test", password = "sai-mat-khau" });
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        // Two sign-ins: the pages read with the browser's cookie, the API's writes need a bearer token.
        _office = await _host.LoginAsync("vanphong@test", cookies: true);
        using var api = await _host.LoginAsync("vanphong@test");

        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(HandlerHost.Samples, "2024", "self-assessments", "H-HL.xlsx")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "H-HL.xlsx");
        var upload = await api.PostAsync($"/api/rounds/{_d24}/units/H-HL/submissions", form);
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created), await upload.Content.ReadAsStringAsync());

        var rename = await api.PutAsJsonAsync("/api/units/H-TP",
            new { name = "UBND thành phố Mẫu Sơn", group = "districts", ranked = true, until = 2024, reason = "Đổi tên theo nghị quyết" });
        Assert.That(rename.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rename.Content.ReadAsStringAsync());

        var publish = await api.PostAsJsonAsync("/api/years/2023/publications", new { decision = "QĐ 15/QĐ-UBND", date = "2024-03-01" });
        Assert.That(publish.IsSuccessStatusCode, Is.True, await publish.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _office.Dispose();
        await _host.DisposeAsync();
    }

    private const string Who = "Người dùng thử vanphong@test (vanphong@test)";

    private static readonly string[] Sentences =
    [
        "Đăng nhập không thành công: sai tên đăng nhập hoặc mật khẩu",
        "Đăng nhập",
        "Tải lên bản tự đánh giá lần 2 của UBND huyện Hữu Lạc",
        "Sửa đơn vị H-TP: tên UBND thành phố Mẫu → UBND thành phố Mẫu Sơn",
        "Công bố kết quả năm 2023, QĐ 15/QĐ-UBND ngày 01/03/2024",
        "Chuyển vòng đánh giá năm 2023 của khối UBND cấp huyện từ giai đoạn thẩm định lần 2 sang đã công bố",
    ];

    private async Task<IReadOnlyList<AuditEntryDto>> EntriesAsync(string query = "")
    {
        var response = await _office.GetAsync("/api/audit?take=1000&" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<List<AuditEntryDto>>(Json))!;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    [Test]
    public async Task TheMainEvents_ReadAsSentencesByThePersonWithTheProvinceTime()
    {
        var mine = (await EntriesAsync()).Where(e => e.Who == Who).ToList();
        Assert.Multiple(() =>
        {
            foreach (var sentence in Sentences)
                Assert.That(mine.Select(e => e.What), Does.Contain(sentence));
            Assert.That(mine.Select(e => e.Time).Distinct(), Is.EqualTo(new[] { ProvinceTime + ":00" }), "province time, not the UTC date 31/12/2024");
            Assert.That(mine.Select(e => e.Role).Distinct(), Is.EqualTo(new[] { "Phòng CCHC (Sở Nội vụ)" }));
        });
        Assert.That(mine.Count(e => e.Kind == AuditKind.SignIn), Is.EqualTo(2), "the cookie and the bearer sign-in");
        var signIn = mine.First(e => e.Kind == AuditKind.SignIn);
        var failed = mine.Single(e => e.Kind == AuditKind.SignInFailed);
        var publication = mine.Single(e => e.Kind == AuditKind.Publication);
        Assert.Multiple(() =>
        {
            Assert.That(signIn.KindLabel, Is.EqualTo("Đăng nhập"));
            Assert.That(failed.KindLabel, Is.EqualTo("Đăng nhập không thành công"));
            Assert.That(publication.Year, Is.EqualTo(2023));
            Assert.That(publication.Reason, Is.EqualTo("Công bố kết quả năm 2023: QĐ 15/QĐ-UBND"));
        });
    }

    [Test]
    public async Task Filters_ByKindUnitYearAndPerson()
    {
        Assert.That((await EntriesAsync("kind=SignInFailed")).Select(e => e.What),
            Is.EqualTo(new[] { "Đăng nhập không thành công: sai tên đăng nhập hoặc mật khẩu" }));
        var hl = await EntriesAsync("unit=H-HL");
        Assert.That(hl, Is.Not.Empty);
        Assert.That(hl.Select(e => e.UnitCode).Distinct(), Is.EqualTo(new[] { "H-HL" }));
        Assert.That(hl.Select(e => e.What), Does.Contain("Tải lên bản tự đánh giá lần 2 của UBND huyện Hữu Lạc"));
        var y2023 = await EntriesAsync("year=2023");
        Assert.That(y2023.Select(e => e.Year).Distinct(), Is.EqualTo(new int?[] { 2023 }));
        Assert.That(y2023.Select(e => e.What), Does.Contain("Công bố kết quả năm 2023, QĐ 15/QĐ-UBND ngày 01/03/2024"));
        Assert.That(y2023.Select(e => e.What), Does.Not.Contain("Tải lên bản tự đánh giá lần 2 của UBND huyện Hữu Lạc"));
        var person = await EntriesAsync("person=" + Uri.EscapeDataString("Người dùng thử vanphong"));
        Assert.That(person.Select(e => e.Who).Distinct(), Is.EqualTo(new[] { Who }));
        var unknown = await _office.GetAsync("/api/audit?kind=Login");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("Loại (kind) \\\"Login\\\" không có").Or.Contain("Loại (kind) \"Login\" không có"));
    }

    [Test]
    public async Task ThePage_ShowsWordsAndProvinceTimes_NeverCodesTypeNamesOrGuids()
    {
        var html = WebUtility.HtmlDecode(await _office.GetStringAsync("/Office/Audit"));
        var text = Visible(html);
        Assert.Multiple(() =>
        {
            foreach (var sentence in Sentences) Assert.That(text, Does.Contain(sentence));
            Assert.That(text, Does.Contain(ProvinceTime));
            Assert.That(text, Does.Not.Contain("31/12/2024"));
            AssertNoCodes(text);
        });
    }

    [Test]
    public async Task TheExports_CsvAndXlsx_HoldTheSameWordsAndTimes()
    {
        var csvResponse = await _office.GetAsync("/api/audit/export?format=csv");
        Assert.That(csvResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var csv = Encoding.UTF8.GetString(await csvResponse.Content.ReadAsByteArrayAsync());
        using var xlsx = new XLWorkbook(new MemoryStream(await _office.GetByteArrayAsync("/api/audit/export?format=xlsx")));
        var cells = string.Join("\n", xlsx.Worksheet(1).CellsUsed().Select(c => c.GetString()));
        Assert.Multiple(() =>
        {
            Assert.That(xlsx.Worksheet(1).Cell(1, 2).GetString(), Is.EqualTo("Thời điểm (giờ Việt Nam)"));
            foreach (var export in new[] { csv, cells })
            {
                foreach (var sentence in Sentences) Assert.That(export, Does.Contain(sentence));
                Assert.That(export, Does.Contain(ProvinceTime));
                Assert.That(export, Does.Contain("tên: UBND thành phố Mẫu → UBND thành phố Mẫu Sơn").Or.Contain("Sửa đơn vị H-TP: tên UBND thành phố Mẫu → UBND thành phố Mẫu Sơn"));
                Assert.That(export, Does.Not.Contain("31/12/2024"));
                AssertNoCodes(export);
            }
        });
    }

    [Test]
    public async Task TheUpload_ShowsOnTheOfficeAndUnitPages_InProvinceTime()
    {
        // Stored in UTC (31/12/2024 18:30); read in the province (01/01/2025 01:30) on every audience's page.
        var stored = await _host.WithDbAsync(db => db.Submissions.Where(s => s.UnitCode == "H-HL" && s.Revision == 2).Select(s => s.UploadedAt).SingleAsync());
        Assert.That(stored, Is.EqualTo(NewYearsEve.UtcDateTime));
        var round = Visible(await _office.GetStringAsync($"/Office/Round?id={_d24}"));
        var unit = Visible(await _office.GetStringAsync("/Unit?unit=H-HL"));
        Assert.Multiple(() =>
        {
            Assert.That(round, Does.Contain(ProvinceTime));
            Assert.That(unit, Does.Contain(ProvinceTime));
            Assert.That(round + unit, Does.Not.Contain("31/12/2024"));
        });
    }

    [Test]
    public void TheLog_StaysAppendOnly_NoRouteEditsOrDeletesAnEntry()
    {
        var routes = _host.Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.Contains("audit", StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct().ToList();
        Assert.That(routes, Is.EqualTo(new[] { "GET" }));
    }

    /// <summary>No type name, English change verb, GUID, escaped json or raw code a person should not read.</summary>
    internal static void AssertNoCodes(string text)
    {
        // File names are what people named their files (khao-sat-districts-2024.xlsx): theirs to read as written.
        text = FileNameRegex().Replace(text, "");
        foreach (var code in new[] { "AppUser", "IdentityUserRole", "IdentityRole", "Record", "Added", "Modified", "Deleted", "\\u", "anonymous", "districts", "departments", "SignIn" })
            Assert.That(text, Does.Not.Contain(code));
        Assert.That(GuidRegex().IsMatch(text), Is.False, "a GUID is shown");
    }

    /// <summary>The text a person reads: tags, scripts and attributes removed.</summary>
    internal static string Visible(string html) =>
        WebUtility.HtmlDecode(TagRegex().Replace(ScriptRegex().Replace(html, " "), " "));

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidRegex();

    [GeneratedRegex(@"[\w./-]+\.(xlsx|yaml|csv)\b")]
    private static partial Regex FileNameRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>", RegexOptions.Singleline)]
    private static partial Regex ScriptRegex();
}
