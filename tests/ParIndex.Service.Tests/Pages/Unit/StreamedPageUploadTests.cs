using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Pages.Unit;

/// <summary>
/// The page upload forms stream their file as the API does, over real Kestrel: a file over the limit is refused on the
/// page with the file's name and the reason, the server having read no more than the limit (counted below the app),
/// nothing stored; a missing or wrong antiforgery token is still refused; a normal upload still works.
/// </summary>
[NonParallelizable]
public partial class StreamedPageUploadTests
{
    private const long MiB = 1024 * 1024;

    /// <summary>Bytes the app read from each request's body, by path and handler (a counting stream under the app).</summary>
    private sealed class BodyCounter
    {
        public long Last;
    }

    private sealed class CountingStream(Stream inner, BodyCounter counter) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        private int Count(int n)
        {
            Interlocked.Add(ref counter.Last, n);
            return n;
        }
    }

    private sealed class CountBodies(BodyCounter counter) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate nextStep) =>
            {
                if (HttpMethods.IsPost(context.Request.Method))
                {
                    Interlocked.Exchange(ref counter.Last, 0);
                    context.Request.Body = new CountingStream(context.Request.Body, counter);
                }
                await nextStep(context);
            });
            next(app);
        };
    }

    private readonly BodyCounter _counter = new();
    private DatabaseOptions _database = null!;
    private ServiceHost _host = null!;
    private HttpClient _hl = null!, _office = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using (var handlers = await HandlerHost.StartAsync(_database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            var id = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            await handlers.Send(new SetRoundStage(Actor.System, id, RoundStage.SelfAssessment, "mở nộp lại"));
        }
        _host = ServiceHost.OverKestrel(_database, services: s => s.AddSingleton<IStartupFilter>(new CountBodies(_counter)));
        _hl = await _host.ClientAsync(Roles.FocalPoint, "H-HL", cookies: true);
        _office = await _host.ClientAsync(Roles.Office, cookies: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _hl.Dispose();
        _office.Dispose();
        await _host.DisposeAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task<string> TokenAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        return TokenPattern().Match(html).Groups[1].Value;
    }

    private static MultipartFormDataContent Form(string? token, byte[] content, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    private Task<int> SubmissionsAsync() => _host.WithDbAsync(db => db.Submissions.CountAsync());
    private Task<int> SurveyImportsAsync() => _host.WithDbAsync(db => db.SurveyImports.CountAsync());

    private static byte[] Big()
    {
        var big = new byte[25 * MiB];
        new Random(7).NextBytes(big);
        return big;
    }

    [Test]
    public async Task UnitPage_25MbUpload_RefusedOnThePage_ReadingStoppedAtTheLimit_NothingStored()
    {
        var before = await SubmissionsAsync();
        var token = await TokenAsync(_hl, "/Unit");
        var response = await _hl.PostAsync("/Unit?handler=Upload", Form(token, Big(), "H-HL lớn.xlsx", ("year", "2024")));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var read = Interlocked.Read(ref _counter.Last);
        TestContext.Out.WriteLine($"unit page: 25 MiB sent, {read} bytes read by the app ({(double)read / MiB:0.00} MiB)");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Tệp H-HL lớn.xlsx bị từ chối: Tệp nặng hơn 20 MB, vượt giới hạn"));
            Assert.That(read, Is.LessThanOrEqualTo(20 * MiB + 64 * 1024 + 81920), "the server stopped reading at the limit");
            Assert.That(await SubmissionsAsync(), Is.EqualTo(before), "nothing stored");
        });
    }

    [Test]
    public async Task SurveyPage_OverTheSettingsLimit_Refused_NothingStored()
    {
        // The survey's limit is 256 MB; Kestrel's own 30 MB would refuse first. The page's limit is the settings' one:
        // a 25 MiB file passes it (and is then refused by the guard as not a workbook), read whole and no further.
        var before = await SurveyImportsAsync();
        var token = await TokenAsync(_office, "/Office/Surveys?year=2024");
        var response = await _office.PostAsync("/Office/Surveys?year=2024&handler=Import", Form(token, Big(), "khao-sat.xlsx"));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("khao-sat.xlsx"));
            Assert.That(html, Does.Contain("Tệp không phải bảng tính Excel dạng .xlsx"));
            Assert.That(await SurveyImportsAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task PageUploads_WithoutOrWithAWrongToken_Refused400_FileNotRead()
    {
        var before = await SubmissionsAsync();
        var surveys = await SurveyImportsAsync();
        var sample = await File.ReadAllBytesAsync(Path.Combine(HandlerHost.Samples, "2024", "self-assessments", "H-HL.xlsx"));
        var missing = await _hl.PostAsync("/Unit?handler=Upload", Form(null, Big(), "H-HL.xlsx", ("year", "2024")));
        var missingRead = Interlocked.Read(ref _counter.Last);
        var wrong = await _hl.PostAsync("/Unit?handler=Upload", Form("CfDJ8sai", sample, "H-HL.xlsx", ("year", "2024")));
        var token = await TokenAsync(_office, "/Office/Surveys?year=2024");
        var foreign = await _hl.PostAsync("/Office/Surveys?year=2024&handler=Import", Form(token, sample, "khao-sat.xlsx"));
        // The token after the file (as the default form would put it) is refused too: it is checked before the file is read.
        var late = new MultipartFormDataContent { { new ByteArrayContent(sample), "file", "H-HL.xlsx" }, { new StringContent(await TokenAsync(_hl, "/Unit")), "__RequestVerificationToken" } };
        var after = await _hl.PostAsync("/Unit?handler=Upload", late);
        Assert.Multiple(async () =>
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(missingRead, Is.LessThan(1 * MiB), "refused before the file was read");
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(foreign.RequestMessage!.RequestUri!.AbsolutePath, Does.Not.StartWith("/Office"), "the focal point may not import surveys");
            Assert.That(await SurveyImportsAsync(), Is.EqualTo(surveys));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await SubmissionsAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task UnitPage_NormalUpload_Accepted()
    {
        var before = await SubmissionsAsync();
        var sample = await File.ReadAllBytesAsync(Path.Combine(HandlerHost.Samples, "2024", "self-assessments", "H-HL.xlsx"));
        var token = await TokenAsync(_hl, "/Unit");
        var response = await _hl.PostAsync("/Unit?handler=Upload", Form(token, sample, "H-HL.xlsx", ("year", "2024")));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Đã nhận bảng tự đánh giá lần"));
            Assert.That(await SubmissionsAsync(), Is.EqualTo(before + 1));
        });
    }
}
