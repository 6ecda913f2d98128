using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Api;

/// <summary>
/// Evidence files (practice.md §5) over real HTTP on SQLite and PostgreSQL, on the imported sample province: 2024
/// districts in the self-assessment stage, 2023 published (with one file H-HL attached before publication).
/// Type by content, limits and quota, content-addressed storage that survives a restart, freezing with a
/// submission, and who reads what.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
[NonParallelizable]
public class EvidenceTests(DatabaseProvider provider)
{
    private const string Leaf = "1.1.1";
    private DatabaseOptions _database = null!;
#pragma warning disable NUnit1032 // disposed in StopAsync; the restart test replaces it
    private ServiceHost _host = null!;
#pragma warning restore NUnit1032
    private readonly Dictionary<string, HttpClient> _clients = [];
    private int _districts24, _districts23, _published23File;

    private static readonly string[] Accounts = ["office", "leader", "focal H-HL", "focal H-TP", "appraiser SO-TP"];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = TestDatabase.Create(provider);
        var office = Actor.System;
        await using (var handlers = await HandlerHost.StartAsync(_database))
        {
            await handlers.Send(new ImportDataFolder(office, HandlerHost.Criteria, HandlerHost.Samples));
            async Task<int> Round(int year) =>
                await handlers.Query(db => db.Rounds.Where(r => r.Year == year && r.Group == "districts").Select(r => r.Id).SingleAsync());
            _districts24 = await Round(2024);
            _districts23 = await Round(2023);
            await handlers.Send(new SetRoundStage(office, _districts24, RoundStage.SelfAssessment, "chuẩn bị kiểm thử"));
            _published23File = (await handlers.Send(new UploadEvidence(office, _districts23, "H-HL", Leaf, "ke-hoach-2023.pdf", Pdf("2023")))).Id;
            await handlers.Send(new PublishRanking(office, 2023, "QĐ 15/QĐ-UBND", new DateOnly(2024, 2, 15)));
        }
        _host = new ServiceHost(_database);
        await _host.CreateUserAsync("office@test", Roles.Office);
        await _host.CreateUserAsync("leader@test", Roles.Leadership);
        await _host.CreateUserAsync("focal-hl@test", Roles.FocalPoint, "H-HL");
        await _host.CreateUserAsync("focal-tp@test", Roles.FocalPoint, "H-TP");
        await _host.CreateUserAsync("thamdinh-so-tp@test", Roles.Appraiser, "SO-TP");
        await SignInAsync();
    }

    private async Task SignInAsync()
    {
        foreach (var c in _clients.Values) c.Dispose();
        _clients["anonymous"] = _host.Anonymous();
        _clients["office"] = await _host.LoginAsync("office@test");
        _clients["leader"] = await _host.LoginAsync("leader@test");
        _clients["focal H-HL"] = await _host.LoginAsync("focal-hl@test");
        _clients["focal H-TP"] = await _host.LoginAsync("focal-tp@test");
        _clients["appraiser SO-TP"] = await _host.LoginAsync("thamdinh-so-tp@test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var c in _clients.Values) c.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>A small real PDF (a header, one empty page, a trailer), different for each <paramref name="text"/>.</summary>
    internal static byte[] Pdf(string text) => Encoding.ASCII.GetBytes(
        $"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
        $"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 1, 2, 3];

    private static byte[] Zip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = new StreamWriter(zip.CreateEntry("scan.pdf").Open()))
            entry.Write("%PDF-1.4");
        return stream.ToArray();
    }

    private static MultipartFormDataContent Form(byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf"); // what the client claims; never believed
        form.Add(file, "file", fileName);
        return form;
    }

    private string UploadUrl(string unit = "H-HL", string leaf = Leaf) => $"/api/rounds/{_districts24}/units/{unit}/evidence/{leaf}";

    private async Task<EvidenceDto> UploadAsync(string caller, byte[] content, string fileName, string leaf = Leaf)
    {
        using var response = await _clients[caller].PostAsync(UploadUrl(leaf: leaf), Form(content, fileName));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<EvidenceDto>())!;
    }

    private async Task<(int Rows, int Files)> StoredAsync() =>
        (await _host.WithDbAsync(db => db.EvidenceFiles.CountAsync()),
            Directory.Exists(TestDatabase.EvidenceFolder(_database))
                ? Directory.GetFiles(TestDatabase.EvidenceFolder(_database), "*", SearchOption.AllDirectories).Length : 0);

    [Test]
    public async Task Upload_IsStoredOnceBySha256OutsideTheDatabase_AndReadBackAfterARestart()
    {
        var content = Pdf("restart " + provider);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var file = await UploadAsync("focal H-HL", content, "quyet-dinh-12.pdf");
        Assert.Multiple(() =>
        {
            Assert.That(file.Sha256, Is.EqualTo(sha));
            Assert.That(file.ContentType, Is.EqualTo("application/pdf"));
            Assert.That(file.Size, Is.EqualTo(content.Length));
            Assert.That(file.LeafCode, Is.EqualTo(Leaf));
            Assert.That(File.ReadAllBytes(Path.Combine(TestDatabase.EvidenceFolder(_database), sha[..2], sha)), Is.EqualTo(content));
        });
        // The same content on a second leaf is a second row but one stored file.
        var before = await StoredAsync();
        await UploadAsync("focal H-HL", content, "quyet-dinh-12-ban-sao.pdf", leaf: "1.1.2");
        Assert.That((await StoredAsync()).Files, Is.EqualTo(before.Files));

        await _host.DisposeAsync();
        _host = new ServiceHost(_database);
        await SignInAsync();
        using var response = await _clients["focal H-HL"].GetAsync($"/api/evidence/{file.Id}");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(content));
        });
    }

    [Test]
    public async Task EveryRole_ReadsOnlyWhatPractice5Allows()
    {
        var file = await UploadAsync("focal H-HL", Pdf("roles " + provider), "bao-cao.pdf");
        var list = $"/api/rounds/{_districts24}/units/H-HL/evidence";
        var published = $"/api/rounds/{_districts23}/units/H-HL/evidence";
        var expected = new Dictionary<string, (int File, int List, int PublishedFile, int PublishedList)>
        {
            ["office"] = (200, 200, 200, 200),
            ["focal H-HL"] = (200, 200, 200, 200),
            ["focal H-TP"] = (404, 403, 404, 403),
            ["leader"] = (404, 403, 200, 200), // nothing before publication
            // The districts' sets name no appraising unit, and the 2024 round is before its appraisal: nothing
            // (what an appraiser reads of its own leaves is AppraiserTests').
            ["appraiser SO-TP"] = (404, 403, 404, 403),
            ["anonymous"] = (401, 401, 401, 401),
        };
        var mismatches = new List<string>();
        foreach (var (caller, e) in expected)
            foreach (var (url, status) in new[] { ($"/api/evidence/{file.Id}", e.File), (list, e.List), ($"/api/evidence/{_published23File}", e.PublishedFile), (published, e.PublishedList) })
            {
                using var response = await _clients[caller].GetAsync(url);
                if ((int)response.StatusCode != status) mismatches.Add($"{caller} {url}: expected {status}, got {(int)response.StatusCode}");
            }
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));

        using var own = await _clients["focal H-HL"].GetAsync(list);
        Assert.That((await own.Content.ReadFromJsonAsync<List<EvidenceDto>>())!.Select(f => f.Id), Does.Contain(file.Id));
    }

    [Test]
    public async Task AnotherUnitsFocalPoint_GuessingFileIds_GetsNotFound_AndCannotDeleteOrAttach()
    {
        var file = await UploadAsync("focal H-HL", Pdf("guess " + provider), "bien-ban.pdf");
        foreach (var id in Enumerable.Range(Math.Max(1, file.Id - 3), 8))
        {
            using var get = await _clients["focal H-TP"].GetAsync($"/api/evidence/{id}");
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"GET {id}");
            var body = await get.Content.ReadAsStringAsync();
            Assert.That(body, Does.Not.Contain("bien-ban").And.Not.Contain("%PDF"), $"GET {id}");
        }
        using var delete = await _clients["focal H-TP"].DeleteAsync($"/api/evidence/{file.Id}");
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var attach = await _clients["focal H-TP"].PostAsync(UploadUrl("H-HL"), Form(Pdf("x"), "x.pdf"));
        Assert.That(attach.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var still = await _clients["office"].GetAsync($"/api/evidence/{file.Id}");
        Assert.That(still.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static IEnumerable<TestCaseData> NotWhatTheyClaim()
    {
        yield return new TestCaseData(Encoding.UTF8.GetBytes("MZ\u0090 day khong phai PDF"), "quyet-dinh.pdf", "nội dung không phải loại tệp được nhận").SetName("{m}(text named .pdf)");
        yield return new TestCaseData(Png(), "quyet-dinh.pdf", "có đuôi .pdf (PDF) nhưng nội dung là ảnh PNG").SetName("{m}(PNG named .pdf)");
        yield return new TestCaseData(Zip(), "ho-so.zip", "là tệp nén ZIP: không nhận tệp nén").SetName("{m}(a ZIP)");
    }

    [TestCaseSource(nameof(NotWhatTheyClaim))]
    public async Task AFileThatIsNotWhatItClaims_IsRefusedInVietnamese_AndNothingIsStored(byte[] content, string fileName, string reason)
    {
        var before = await StoredAsync();
        using var response = await _clients["focal H-HL"].PostAsync(UploadUrl(), Form(content, fileName));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(422), body);
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), Does.Contain($"Tệp {fileName} bị từ chối").And.Contain(reason));
            Assert.That(await StoredAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task AFileOverTheLimit_OrOverTheQuota_IsRefused_AndNothingIsStored()
    {
        var used = await _host.WithDbAsync(async db => (await db.EvidenceFiles
            .Where(e => e.UnitCode == "H-HL" && db.Rounds.Any(r => r.Id == e.RoundId && r.Year == 2024))
            .Select(e => new { e.Sha256, e.Size }).Distinct().ToListAsync()).Sum(e => e.Size));
        var first = Pdf("quota one " + provider);
        await using var tight = new ServiceHost(_database, settings: new Dictionary<string, string?>
        {
            ["Evidence:MaxFileBytes"] = "2048",
            ["Evidence:QuotaBytes"] = (used + first.Length + 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var focal = await tight.LoginAsync("focal-hl@test");
        using (var ok = await focal.PostAsync(UploadUrl(), Form(first, "mot.pdf")))
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.Created), await ok.Content.ReadAsStringAsync());
        var before = await StoredAsync();

        using var over = await focal.PostAsync(UploadUrl(), Form(Pdf("quota two " + provider), "hai.pdf"));
        var overBody = await over.Content.ReadAsStringAsync();
        var big = Pdf(new string('x', 5000));
        using var large = await focal.PostAsync(UploadUrl(), Form(big, "lon.pdf"));
        var largeBody = await large.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That((int)over.StatusCode, Is.EqualTo(422), overBody);
            Assert.That(overBody, Does.Contain("Tệp hai.pdf bị từ chối").And.Contain("hạn mức"));
            Assert.That((int)large.StatusCode, Is.EqualTo(422), largeBody);
            Assert.That(largeBody, Does.Contain("lon.pdf").And.Contain("vượt giới hạn một tệp tài liệu kiểm chứng"));
            Assert.That(await StoredAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task ASubmissionFreezesTheFilesAttached_AndALaterDropLeavesThemWithIt()
    {
        var file = await UploadAsync("focal H-HL", Pdf("freeze " + provider), "ke-hoach.pdf", leaf: "1.2");
        var workbook = File.ReadAllBytes(Path.Combine(HandlerHost.Samples, "2024", "self-assessments", "H-HL.xlsx"));
        using var submitted = await _clients["focal H-HL"].PostAsync($"/api/rounds/{_districts24}/units/H-HL/submissions", Form(workbook, "H-HL.xlsx"));
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await submitted.Content.ReadAsStringAsync());
        var submission = (await submitted.Content.ReadFromJsonAsync<SubmissionDto>())!;

        async Task<List<EvidenceDto>> List(string query = "") =>
            (await _clients["focal H-HL"].GetFromJsonAsync<List<EvidenceDto>>($"/api/rounds/{_districts24}/units/H-HL/evidence{query}"))!;
        var frozen = (await List($"?submissionId={submission.Id}")).Single(f => f.Sha256 == file.Sha256 && f.LeafCode == "1.2");
        Assert.That(frozen.SubmissionId, Is.EqualTo(submission.Id));

        using (var drop = await _clients["focal H-HL"].DeleteAsync($"/api/evidence/{file.Id}"))
            Assert.That(drop.StatusCode, Is.EqualTo(HttpStatusCode.OK), await drop.Content.ReadAsStringAsync());
        using var dropFrozen = await _clients["focal H-HL"].DeleteAsync($"/api/evidence/{frozen.Id}");
        using var read = await _clients["office"].GetAsync($"/api/evidence/{frozen.Id}");
        Assert.Multiple(async () =>
        {
            Assert.That((await List()).Select(f => f.Id), Does.Not.Contain(file.Id));
            Assert.That((await List($"?submissionId={submission.Id}")).Select(f => f.Id), Does.Contain(frozen.Id));
            Assert.That(dropFrozen.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the frozen copy keeps the stored content");
        });

        using var audit = await _clients["office"].GetAsync("/api/audit?unit=H-HL&kind=Evidence&take=50");
        var log = await audit.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(audit.StatusCode, Is.EqualTo(HttpStatusCode.OK), log);
            Assert.That(log, Does.Contain("Đính kèm tài liệu kiểm chứng «ke-hoach.pdf» của tiêu chí 1.2"));
            Assert.That(log, Does.Contain($"Chốt tài liệu kiểm chứng «ke-hoach.pdf» của tiêu chí 1.2, UBND huyện Hữu Lạc cùng bản tự đánh giá lần {submission.Revision}"));
            Assert.That(log, Does.Contain("Gỡ tài liệu kiểm chứng «ke-hoach.pdf» của tiêu chí 1.2"));
        });
    }

    [Test]
    public async Task TheOpenApiDocument_NamesTheRoutesOfPractice5()
    {
        var json = await _clients["office"].GetStringAsync("/openapi/v1.json");
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"/api/rounds/{roundId}/units/{unitCode}/evidence/{leafCode}\""));
            Assert.That(json, Does.Contain("\"/api/rounds/{roundId}/units/{unitCode}/evidence\""));
            Assert.That(json, Does.Contain("\"/api/evidence/{id}\""));
        });
    }
}
