using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;

namespace ParIndex.Service.Tests.Api;

/// <summary>
/// <c>ranking.json</c> carries an ETag and answers 304 to it, but the gate decides first: a caller who may not read
/// the year is refused whatever ETag it sends, a draft's ETag never earns leadership a 304, and a correction, once
/// published, gives the year a new document and a new ETag (the earlier publication keeps its own).
/// </summary>
[NonParallelizable]
public class RankingETagTests
{
    private ServiceHost _host = null!;
    private HttpClient _office = null!, _leader = null!, _hl = null!, _anonymous = null!;
    private int _districts23;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            await handlers.Send(new ComputeRanking(Actor.System, 2023));
            await handlers.Send(new PublishRanking(Actor.System, 2023, "QĐ mẫu công bố Chỉ số CCHC năm 2023", new DateOnly(2024, 2, 15)));
            await handlers.Send(new ComputeRanking(Actor.System, 2024));
            _districts23 = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2023 && r.Group == "districts").Select(r => r.Id).SingleAsync());
        }
        _host = new ServiceHost(database);
        _office = await _host.ClientAsync(Roles.Office);
        _leader = await _host.ClientAsync(Roles.Leadership);
        _hl = await _host.ClientAsync(Roles.FocalPoint, "H-HL");
        _anonymous = _host.Anonymous();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _office?.Dispose();
        _leader?.Dispose();
        _hl?.Dispose();
        _anonymous?.Dispose();
        await _host.DisposeAsync();
    }

    private static async Task<(HttpStatusCode Status, string? ETag, string Body, string? CacheControl)> GetAsync(HttpClient client, string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Headers.ETag?.Tag, await response.Content.ReadAsStringAsync(), response.Headers.CacheControl?.ToString());
    }

    [Test, Order(1)]
    public async Task SameDocument_AnswersNotModified_ToItsETag_AndInFullWithout()
    {
        var first = await GetAsync(_leader, "/api/years/2023/ranking.json");
        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(first.ETag, Does.Match("^\"[0-9A-F]{32}\"$"));
        Assert.That(first.CacheControl, Does.Contain("private").And.Contain("no-cache"));
        var again = await GetAsync(_leader, "/api/years/2023/ranking.json", first.ETag);
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(again.Body, Is.Empty);
        Assert.That(again.ETag, Is.EqualTo(first.ETag));
        var other = await GetAsync(_leader, "/api/years/2023/ranking.json", "\"0000\"");
        Assert.That(other.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(other.Body, Is.EqualTo(first.Body));
        // The office reads the same publication: the same bytes, the same ETag.
        var office = await GetAsync(_office, "/api/years/2023/ranking.json", first.ETag);
        Assert.That(office.Status, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test, Order(2)]
    public async Task RefusedCallers_AreRefused_WhateverETagTheySend()
    {
        var draft = await GetAsync(_office, "/api/years/2024/ranking.json");
        Assert.That(draft.Status, Is.EqualTo(HttpStatusCode.OK));
        var published = await GetAsync(_leader, "/api/years/2023/ranking.json");
        Assert.Multiple(async () =>
        {
            // Leadership may not read an unpublished year: not even "not modified" with the office's ETag.
            Assert.That((await GetAsync(_leader, "/api/years/2024/ranking.json", draft.ETag)).Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await GetAsync(_leader, "/api/years/2024/ranking.json", "*")).Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await GetAsync(_hl, "/api/years/2024/ranking.json", draft.ETag)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await GetAsync(_hl, "/api/years/2023/ranking.json", published.ETag)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await GetAsync(_anonymous, "/api/years/2023/ranking.json", published.ETag)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test, Order(3)]
    public async Task Correction_DraftETagNeverServesLeadership_PublishedCorrectionIsANewDocument()
    {
        var before = await GetAsync(_leader, "/api/years/2023/ranking.json");
        var reopen = await _office.PutAsJsonAsync($"/api/rounds/{_districts23}/stage", new { stage = "Appraisal2", reason = "Đính chính điểm của H-HL" });
        Assert.That(reopen.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reopen.Content.ReadAsStringAsync());
        var appraised = await _office.PutAsJsonAsync($"/api/rounds/{_districts23}/units/H-HL/appraisals/1.1.1", new { points = 0m, reason = "Đính chính: không có kế hoạch" });
        Assert.That(appraised.StatusCode, Is.EqualTo(HttpStatusCode.OK), await appraised.Content.ReadAsStringAsync());

        // Under correction the office reads the draft, a different document; leadership still the publication.
        var draft = await GetAsync(_office, "/api/years/2023/ranking.json", before.ETag);
        Assert.That(draft.Status, Is.EqualTo(HttpStatusCode.OK), "the office's draft is not the publication it had");
        Assert.That(draft.ETag, Is.Not.EqualTo(before.ETag));
        Assert.That(draft.Body, Is.Not.EqualTo(before.Body));
        var leaderWithDraftTag = await GetAsync(_leader, "/api/years/2023/ranking.json", draft.ETag);
        Assert.That(leaderWithDraftTag.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(leaderWithDraftTag.Body, Is.EqualTo(before.Body));
        Assert.That((await GetAsync(_leader, "/api/years/2023/ranking.json", before.ETag)).Status, Is.EqualTo(HttpStatusCode.NotModified));

        // Published: leadership's old ETag now gets the corrected document in full; publication 1 keeps its own.
        var bearer = await _host.ClientAsync(Roles.Office);
        var publish = await bearer.PostAsJsonAsync("/api/years/2023/publications",
            new { decision = "QĐ đính chính", date = "2024-03-01", correctionReason = "Đính chính điểm của H-HL" });
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.Created), await publish.Content.ReadAsStringAsync());
        var after = await GetAsync(_leader, "/api/years/2023/ranking.json", before.ETag);
        Assert.That(after.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after.ETag, Is.Not.EqualTo(before.ETag));
        Assert.That(after.Body, Is.Not.EqualTo(before.Body));
        Assert.That((await GetAsync(_leader, "/api/years/2023/ranking.json?publication=1", before.ETag)).Status, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test, Order(4)]
    public async Task Gzip_IsTheSameDocument_WithItsOwnETag_AndBothAnswerNotModified()
    {
        var plain = await GetAsync(_leader, "/api/years/2023/ranking.json");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/years/2023/ranking.json");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");
        using var response = await _leader.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(response.Headers.Vary, Does.Contain("Accept-Encoding"));
        var compressed = await response.Content.ReadAsByteArrayAsync();
        await using var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        await gunzip.CopyToAsync(inflated);
        Assert.That(System.Text.Encoding.UTF8.GetString(inflated.ToArray()), Is.EqualTo(plain.Body));
        Assert.That(compressed.Length, Is.LessThan(plain.Body.Length / 5), "a ranking compresses well");
        var gzipTag = response.Headers.ETag?.Tag;
        Assert.That(gzipTag, Is.Not.EqualTo(plain.ETag).And.Not.Null);
        Assert.That((await GetAsync(_leader, "/api/years/2023/ranking.json", gzipTag)).Status, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That((await GetAsync(_leader, "/api/years/2023/ranking.json", plain.ETag)).Status, Is.EqualTo(HttpStatusCode.NotModified));

        // gzip;q=0 is a refusal of gzip: the plain bytes.
        using var refuse = new HttpRequestMessage(HttpMethod.Get, "/api/years/2023/ranking.json");
        refuse.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip;q=0");
        using var refused = await _leader.SendAsync(refuse);
        Assert.That(refused.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(await refused.Content.ReadAsStringAsync(), Is.EqualTo(plain.Body));
    }
}
