using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;

namespace ParIndex.Service.Tests.Pages.Leadership;

/// <summary>
/// The ranking page's rendered fragments (summary, tables, chart, heatmap) are cached per document, culture and
/// view: two services over one database, one caching and one not, serve the same HTML; a published correction
/// (a new document) shows its new values at once; Vietnamese and English renders of one view never mix.
/// </summary>
[NonParallelizable]
public class RankingFragmentCacheTests
{
    private ServiceHost _cached = null!, _uncached = null!;
    private HttpClient _leader = null!, _plainLeader = null!, _office = null!;
    private int _districts23;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            await handlers.Send(new ComputeRanking(Actor.System, 2023));
            await handlers.Send(new PublishRanking(Actor.System, 2023, "QĐ kiểm thử 2023", new DateOnly(2024, 2, 15)));
            _districts23 = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2023 && r.Group == "districts").Select(r => r.Id).SingleAsync());
        }
        _cached = new ServiceHost(database);
        _uncached = new ServiceHost(database, settings: new Dictionary<string, string?> { ["Pages:CacheFragments"] = "false" });
        _leader = await _cached.ClientAsync(Roles.Leadership, cookies: true);
        // One database, so one account: the second service signs the same leader in.
        _plainLeader = await _uncached.LoginAsync("leadership1@test", cookies: true);
        _office = await _cached.ClientAsync(Roles.Office);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var c in new[] { _leader, _plainLeader, _office }) c?.Dispose();
        await _cached.DisposeAsync();
        await _uncached.DisposeAsync();
    }

    /// <summary>The cached part of the page: from the group summary to the end of the heatmap.</summary>
    private static async Task<string> FragmentAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"{url}: {body}");
        var start = body.IndexOf("<section class=\"card summary\"", StringComparison.Ordinal);
        var heat = body.IndexOf("<section class=\"heatmap-box\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), url);
        Assert.That(heat, Is.GreaterThan(start), url);
        var end = body.IndexOf("</section>", heat, StringComparison.Ordinal);
        return body[start..end];
    }

    private static string Row(string page, string unit)
    {
        var start = page.IndexOf($"data-unit=\"{unit}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), unit);
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [Test, Order(1)]
    public async Task CachedRender_IsTheUncachedRender_ForEveryView()
    {
        foreach (var query in new[] { "group=districts", "group=districts&sort=index&desc=true", "group=districts&cls=Khá", "group=departments&q=sở" })
        {
            var url = $"/Leadership?year=2023&{query}&culture=vi-VN";
            var first = await FragmentAsync(_leader, url);
            var second = await FragmentAsync(_leader, url);
            var plain = await FragmentAsync(_plainLeader, url);
            Assert.That(second, Is.EqualTo(first), query);
            Assert.That(first, Is.EqualTo(plain), query);
        }
        var sorted = await FragmentAsync(_leader, "/Leadership?year=2023&group=districts&sort=index&culture=vi-VN");
        var ranked = await FragmentAsync(_leader, "/Leadership?year=2023&group=districts&culture=vi-VN");
        Assert.That(sorted, Is.Not.EqualTo(ranked), "another view is another fragment");
    }

    [Test, Order(2)]
    public async Task VietnameseAndEnglish_AreNeverMixed()
    {
        const string url = "/Leadership?year=2023&group=districts";
        var vi = await FragmentAsync(_leader, url + "&culture=vi-VN");
        var en = await FragmentAsync(_leader, url + "&culture=en-US");
        var viAgain = await FragmentAsync(_leader, url + "&culture=vi-VN");
        var enAgain = await FragmentAsync(_leader, url + "&culture=en-US");

        Assert.That(vi, Does.Contain("Bảng số liệu của biểu đồ"));
        Assert.That(vi, Does.Contain("<strong>70,86</strong>"));
        Assert.That(en, Does.Not.Contain("Bảng số liệu của biểu đồ"));
        Assert.That(en, Is.Not.EqualTo(vi));
        Assert.That(viAgain, Is.EqualTo(vi));
        Assert.That(enAgain, Is.EqualTo(en));
        Assert.That(en, Is.EqualTo(await FragmentAsync(_plainLeader, url + "&culture=en-US")));
    }

    [Test, Order(3)]
    public async Task PublishedCorrection_ShowsTheNewValues()
    {
        const string url = "/Leadership?year=2023&group=districts&culture=vi-VN";
        var before = Row(await FragmentAsync(_leader, url), "H-HL");
        Assert.That(before, Does.Contain("<strong>70,86</strong>"));

        var reopen = await _office.PutAsJsonAsync($"/api/rounds/{_districts23}/stage", new { stage = "Appraisal2", reason = "Đính chính điểm của H-HL" });
        Assert.That(reopen.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reopen.Content.ReadAsStringAsync());
        var appraised = await _office.PutAsJsonAsync($"/api/rounds/{_districts23}/units/H-HL/appraisals/1.1.1", new { points = 0m, reason = "Đính chính: không có kế hoạch" });
        Assert.That(appraised.StatusCode, Is.EqualTo(HttpStatusCode.OK), await appraised.Content.ReadAsStringAsync());
        Assert.That(Row(await FragmentAsync(_leader, url), "H-HL"), Is.EqualTo(before), "leadership reads the publication while it is corrected");

        var publish = await _office.PostAsJsonAsync("/api/years/2023/publications",
            new { decision = "QĐ đính chính", date = "2024-03-01", correctionReason = "Đính chính điểm của H-HL" });
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.Created), await publish.Content.ReadAsStringAsync());

        var after = await FragmentAsync(_leader, url);
        Assert.That(Row(after, "H-HL"), Is.Not.EqualTo(before));
        Assert.That(Row(after, "H-HL"), Does.Not.Contain("<strong>70,86</strong>"));
        Assert.That(after, Is.EqualTo(await FragmentAsync(_plainLeader, url)), "the corrected document, as rendered without the cache");
    }

    /// <summary>A whole page as the browser gets it: its status, headers and body (gunzipped when it came gzipped).</summary>
    private static async Task<(HttpResponseMessage Response, string Body)> PageAsync(HttpClient client, string url, string? ifNoneMatch = null, bool gzip = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (gzip) request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await unzip.CopyToAsync(plain);
            bytes = plain.ToArray();
        }
        return (response, System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Test, Order(4)]
    public async Task WholePage_IsTheUncachedPage_GzippedOnce_And304WhenUnchanged()
    {
        const string url = "/Leadership?year=2023&group=districts&sort=index";
        var (first, firstBody) = await PageAsync(_leader, url);
        var (second, secondBody) = await PageAsync(_leader, url);
        var (zipped, zippedBody) = await PageAsync(_leader, url, gzip: true);
        var (_, plainBody) = await PageAsync(_plainLeader, url);
        var (notModified, _) = await PageAsync(_leader, url, ifNoneMatch: zipped.Headers.ETag?.Tag, gzip: true);

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(firstBody, Does.Contain("data-unit=\"H-HL\""));
            Assert.That(secondBody, Is.EqualTo(firstBody), "served from memory: the same bytes");
            Assert.That(plainBody, Is.EqualTo(firstBody), "the service that keeps nothing renders the same page");
            Assert.That(zipped.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
            Assert.That(zippedBody, Is.EqualTo(firstBody), "the gzipped page is the same page");
            Assert.That(zipped.Headers.ETag?.Tag, Is.Not.EqualTo(second.Headers.ETag?.Tag), "each representation has its own tag");
            Assert.That(second.Headers.Vary, Does.Contain("Accept-Encoding"));
            Assert.That(second.Headers.CacheControl?.Private, Is.True);
            Assert.That(second.Headers.CacheControl?.NoCache, Is.True);
            Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(firstBody, Does.Not.Contain("__RequestVerificationToken"), "nothing of one request in a page served to many");
            Assert.That(first.Headers.Contains("Set-Cookie"), Is.False);
        });
    }

    [Test, Order(5)]
    public async Task WholePage_IsEachReadersOwn_AndEachLanguagesOwn()
    {
        const string url = "/Leadership?year=2023&group=districts";
        using var otherLeader = await _cached.ClientAsync(Roles.Leadership, cookies: true);
        var (_, leader) = await PageAsync(_leader, url);
        var (_, other) = await PageAsync(otherLeader, url);
        var (_, office) = await PageAsync(_office, url);
        var (_, leaderAgain) = await PageAsync(_leader, url);
        Assert.Multiple(() =>
        {
            Assert.That(leader, Does.Contain("leadership1@test"));
            Assert.That(other, Does.Not.Contain("leadership1@test"), "another leader's page names them, not the first");
            Assert.That(office, Does.Contain("href=\"/Office\""), "the office's menu");
            Assert.That(leader, Does.Not.Contain("href=\"/Office\""));
            Assert.That(leaderAgain, Is.EqualTo(leader));
        });

        // The language chosen once (a cookie) is the language of the pages after it, each kept apart.
        var (switched, _) = await PageAsync(_leader, url + "&culture=en-US");
        Assert.That(switched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var (_, english) = await PageAsync(_leader, url);
        var (_, englishAgain) = await PageAsync(_leader, url);
        await PageAsync(_leader, url + "&culture=vi-VN");
        var (_, vietnamese) = await PageAsync(_leader, url);
        Assert.Multiple(() =>
        {
            Assert.That(english, Does.Not.Contain("Bảng số liệu của biểu đồ"));
            Assert.That(englishAgain, Is.EqualTo(english));
            Assert.That(vietnamese, Is.EqualTo(leader));
        });
    }
}
