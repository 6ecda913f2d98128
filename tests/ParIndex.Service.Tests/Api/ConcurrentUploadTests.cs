using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Api;

/// <summary>Twenty focal points upload at the same moment, over HTTP: every upload is kept.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public class ConcurrentUploadTests(DatabaseProvider provider)
{
    [Test]
    public async Task TwentyUnitsUploadingAtOnce_AllKept()
    {
        var database = TestDatabase.Create(provider);
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            foreach (var id in await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024).Select(r => r.Id).ToListAsync()))
                await handlers.Send(new SetRoundStage(Actor.System, id, RoundStage.SelfAssessment, "mở nộp lại"));
        }
        await using var host = new ServiceHost(database);
        var folder = Path.Combine(HandlerHost.Samples, "2024", "self-assessments");
        var files = Directory.GetFiles(folder, "*.xlsx").Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Has.Count.EqualTo(20));
        var rounds = await host.WithDbAsync(db => db.Rounds.Where(r => r.Year == 2024).ToDictionaryAsync(r => r.Group, r => r.Id));
        var groups = await host.WithDbAsync(db => db.Units.ToDictionaryAsync(u => u.Code, u => u.Group));
        var clients = new List<(string Unit, HttpClient Client)>();
        foreach (var file in files)
        {
            var unit = Path.GetFileNameWithoutExtension(file);
            clients.Add((unit, await host.ClientAsync(Roles.FocalPoint, unit)));
        }

        using var start = new SemaphoreSlim(0);
        var uploads = clients.Select(async c =>
        {
            var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(folder, c.Unit + ".xlsx")));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", c.Unit + ".xlsx");
            await start.WaitAsync();
            return await c.Client.PostAsync($"/api/rounds/{rounds[groups[c.Unit]]}/units/{c.Unit}/submissions", form);
        }).ToList();
        start.Release(clients.Count);
        var responses = await Task.WhenAll(uploads);

        var kept = await host.WithDbAsync(db => db.Submissions.Where(s => s.Revision == 2 && s.Accepted).Select(s => s.UnitCode).ToListAsync());
        var audited = await host.WithDbAsync(db => db.Audit.CountAsync(a => a.Entity == nameof(SubmissionRecord) && a.Action == "Added"
            && a.User.StartsWith("focal")));
        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
            Assert.That(kept.Order(StringComparer.Ordinal), Is.EqualTo(clients.Select(c => c.Unit).Order(StringComparer.Ordinal)));
            Assert.That(audited, Is.EqualTo(20));
        });
        foreach (var c in clients) c.Client.Dispose();
    }
}
