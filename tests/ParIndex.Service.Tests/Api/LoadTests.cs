using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Api;

/// <summary>
/// 200 uploads at the same moment over real HTTP (Kestrel on 127.0.0.1): 180 distinct focal points (nine accounts for
/// each of the 20 units of 2024) and the office (20 more): none lost, none answered 5xx, and what is stored (bytes,
/// file name, uploader, one revision each, numbered without gaps) is what was sent. The figures go to the test's output
/// (docs/reliability.md records them).
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
[NonParallelizable]
public class LoadTests(DatabaseProvider provider)
{
    private const int FocalPointsPerUnit = 9;

    [Test]
    public async Task TwoHundredConcurrentUploads_NoneLost_No5xx_StoredEqualsSent()
    {
        var database = TestDatabase.Create(provider);
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            foreach (var id in await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024).Select(r => r.Id).ToListAsync()))
                await handlers.Send(new SetRoundStage(Actor.System, id, RoundStage.SelfAssessment, "mở nộp lại"));
        }
        // 181 accounts: the real password hasher with fewer rounds, so that creating and signing them in takes seconds, not minutes.
        await using var host = ServiceHost.OverKestrel(database,
            services: s => s.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1000));
        var folder = Path.Combine(HandlerHost.Samples, "2024", "self-assessments");
        var units = Directory.GetFiles(folder, "*.xlsx").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();
        Assert.That(units, Has.Count.EqualTo(20));
        var rounds = await host.WithDbAsync(db => db.Rounds.Where(r => r.Year == 2024).ToDictionaryAsync(r => r.Group, r => r.Id));
        var groups = await host.WithDbAsync(db => db.Units.ToDictionaryAsync(u => u.Code, u => u.Group));
        var before = await host.WithDbAsync(db => db.Submissions.CountAsync());

        // The uploaders: nine focal points per unit, and the office sending each unit's workbook once more.
        var uploads = new List<Upload>();
        var clock = Stopwatch.StartNew();
        foreach (var unit in units)
            for (var i = 1; i <= FocalPointsPerUnit; i++)
            {
                var name = $"dau-moi-{unit.ToLowerInvariant()}-{i}@test";
                await host.CreateUserAsync(name, Roles.FocalPoint, unit);
                uploads.Add(new Upload(name, unit, $"{unit}-lan-{i}.xlsx"));
            }
        await host.CreateUserAsync("van-phong-tai@test", Roles.Office);
        uploads.AddRange(units.Select(u => new Upload("van-phong-tai@test", u, $"{u}-van-phong.xlsx")));
        Assert.That(uploads, Has.Count.EqualTo(200));
        var clients = new Dictionary<string, HttpClient>();
        foreach (var name in uploads.Select(u => u.User).Distinct()) clients[name] = await host.LoginAsync(name);
        var ready = clock.Elapsed;
        TestContext.Out.WriteLine($"{provider}: {clients.Count} accounts created and signed in in {ready.TotalSeconds:0.0} s");
        var bytes = units.ToDictionary(u => u, u => File.ReadAllBytes(Path.Combine(folder, u + ".xlsx")));

        using var start = new SemaphoreSlim(0);
        var tasks = uploads.Select(async u =>
        {
            var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(bytes[u.Unit]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", u.FileName);
            await start.WaitAsync();
            var watch = Stopwatch.StartNew();
            using var response = await clients[u.User].PostAsync($"/api/rounds/{rounds[groups[u.Unit]]}/units/{u.Unit}/submissions", form);
            var body = await response.Content.ReadAsStringAsync();
            var id = response.StatusCode == HttpStatusCode.Created
                ? (await response.Content.ReadFromJsonAsync<SubmissionDto>())!.Id : (int?)null;
            return (Upload: u, Status: (int)response.StatusCode, Id: id, Body: body, Time: watch.Elapsed);
        }).ToList();
        clock.Restart();
        start.Release(uploads.Count);
        var results = await Task.WhenAll(tasks);
        var wall = clock.Elapsed;

        var times = results.Select(r => r.Time.TotalMilliseconds).Order().ToList();
        TestContext.Out.WriteLine($"{provider}: {results.Length} concurrent uploads in {wall.TotalSeconds:0.0} s; " +
            $"statuses {string.Join(", ", results.GroupBy(r => r.Status).Select(g => $"{g.Key}×{g.Count()}"))}; " +
            $"p50 {Percentile(times, 0.50):0} ms, p99 {Percentile(times, 0.99):0} ms, max {times[^1]:0} ms");

        Assert.That(results.Where(r => r.Status != 201).Select(r => $"{r.Upload.User} {r.Upload.Unit}: {r.Status} {r.Body}"), Is.Empty);

        // What was stored: one revision per upload, numbered 2..11 per unit, with the bytes, name and uploader sent.
        var stored = await host.WithDbAsync(db => db.Submissions.AsNoTracking().Where(s => s.Revision > 1)
            .Select(s => new { s.Id, s.UnitCode, s.Revision, s.FileName, s.UploadedBy, s.Sha256, s.Content, s.Accepted }).ToListAsync());
        var byId = stored.ToDictionary(s => s.Id);
        var audited = await host.WithDbAsync(db => db.Audit.CountAsync(a => a.Entity == nameof(SubmissionRecord) && a.Action == "Added"
            && (a.User.StartsWith("dau-moi-") || a.User.StartsWith("van-phong-tai"))));
        Assert.Multiple(async () =>
        {
            Assert.That(await host.WithDbAsync(db => db.Submissions.CountAsync()), Is.EqualTo(before + 200), "no upload lost, none doubled");
            Assert.That(results.Select(r => r.Id).Distinct().Count(), Is.EqualTo(200));
            foreach (var r in results)
            {
                var s = byId[r.Id!.Value];
                Assert.That((s.UnitCode, s.FileName, s.UploadedBy, s.Accepted), Is.EqualTo((r.Upload.Unit, r.Upload.FileName, r.Upload.User, true)), r.Upload.FileName);
                Assert.That(s.Content, Is.EqualTo(bytes[r.Upload.Unit]), $"{r.Upload.FileName}: the stored bytes are the bytes sent");
                Assert.That(s.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes[r.Upload.Unit]))));
            }
            foreach (var unit in units)
                Assert.That(stored.Where(s => s.UnitCode == unit).Select(s => s.Revision).Order(),
                    Is.EqualTo(Enumerable.Range(2, FocalPointsPerUnit + 1)), $"{unit}: revisions 2..{FocalPointsPerUnit + 2} without gaps");
            Assert.That(audited, Is.EqualTo(200), "every upload audited once");
        });
        foreach (var c in clients.Values) c.Dispose();
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed record Upload(string User, string Unit, string FileName);
}
