using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Api;

/// <summary>
/// A published year never changes: on the demo's sample province (2023 published, 2024 computed), every view of
/// 2023 — ranking json and xlsx, every scorecard, the leadership csv and pages, the unit pages, the deltas 2024
/// reads from it — is the same, byte for byte or value for value, after the office edits a unit (rename, not
/// ranked), imports units, changes a stage and enters an appraisal; and verify still says identical.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
[NonParallelizable]
public class PublishedYearFrozenTests(DatabaseProvider provider)
{
    private ServiceHost _host = null!;
    private HttpClient _office = null!, _leader = null!, _hl = null!;
    private int _districts24, _districts23;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(provider);
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            // As the demo seeds it.
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            await handlers.Send(new ComputeRanking(Actor.System, 2023));
            await handlers.Send(new PublishRanking(Actor.System, 2023, "QĐ mẫu công bố Chỉ số CCHC năm 2023", new DateOnly(2024, 2, 15)));
            await handlers.Send(new ComputeRanking(Actor.System, 2024));
            _districts24 = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            _districts23 = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2023 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            await handlers.Send(new SetRoundStage(Actor.System, _districts24, RoundStage.SelfAssessment, "chuẩn bị kiểm thử"));
        }
        _host = new ServiceHost(database);
        _office = await _host.ClientAsync(Roles.Office);
        _leader = await _host.ClientAsync(Roles.Leadership);
        _hl = await _host.ClientAsync(Roles.FocalPoint, "H-HL");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var c in new[] { _office, _leader, _hl }) c?.Dispose();
        await _host.DisposeAsync();
    }

    private static async Task<byte[]> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Every cell's value of every sheet, one line each (a workbook's bytes carry its write time).</summary>
    private static string Cells(byte[] xlsx)
    {
        using var workbook = new XLWorkbook(new MemoryStream(xlsx));
        var text = new StringBuilder();
        foreach (var sheet in workbook.Worksheets)
            foreach (var cell in sheet.CellsUsed())
                text.Append(sheet.Name).Append('!').Append(cell.Address).Append('=').Append(cell.Value.ToString()).Append('\n');
        return text.ToString();
    }

    /// <summary>The tables of a page (the results it shows; the header names the unit as it is now).</summary>
    private static string Tables(byte[] html) =>
        string.Join("\n", Regex.Matches(WebUtility.HtmlDecode(Encoding.UTF8.GetString(html)), "<table.*?</table>", RegexOptions.Singleline).Select(m => m.Value));

    /// <summary>
    /// Every "previous…" value of a ranking json, with where it is, sorted (this year's order follows this year's
    /// ranks): the deltas that reveal Y−1.
    /// </summary>
    private static string Previous(byte[] json)
    {
        var text = new List<string>();
        void Walk(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                var where = e.TryGetProperty("unitCode", out var code) ? path + "/" + code.GetString() : e.TryGetProperty("code", out var c) ? path + "/" + c : path;
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name.StartsWith("previous", StringComparison.Ordinal)) text.Add($"{where}.{p.Name}={p.Value.GetRawText()}");
                    else Walk(p.Value, where);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
                foreach (var item in e.EnumerateArray()) Walk(item, path);
        }
        using var doc = JsonDocument.Parse(json);
        Walk(doc.RootElement, "");
        return string.Join('\n', text.Order(StringComparer.Ordinal));
    }

    private async Task<Dictionary<string, string>> ViewsOf2023Async()
    {
        var views = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = await GetAsync(_leader, "/api/years/2023/ranking.json");
        views["ranking.json"] = Encoding.UTF8.GetString(json);
        views["ranking.json publication 1"] = Encoding.UTF8.GetString(await GetAsync(_leader, "/api/years/2023/ranking.json?publication=1"));
        views["ranking.xlsx"] = Cells(await GetAsync(_leader, "/api/years/2023/ranking.xlsx"));
        using (var doc = JsonDocument.Parse(json))
            foreach (var unit in doc.RootElement.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("units").EnumerateArray())
                         .Select(u => u.GetProperty("unitCode").GetString()!))
                views["scorecard " + unit] = Cells(await GetAsync(_leader, $"/api/years/2023/scorecards/{unit}"));
        views["scorecard H-HL (the unit)"] = Cells(await GetAsync(_hl, "/api/years/2023/scorecards/H-HL"));
        foreach (var group in new[] { "districts", "departments" })
        {
            views["csv " + group] = Encoding.UTF8.GetString(await GetAsync(_leader, $"/Leadership?handler=Csv&year=2023&group={group}"));
            views["ranking page " + group] = Tables(await GetAsync(_leader, $"/Leadership?year=2023&group={group}"));
        }
        views["leadership unit page"] = Tables(await GetAsync(_leader, "/Leadership/Unit?code=H-HL"));
        views["unit scorecard page (leader)"] = Tables(await GetAsync(_leader, "/Unit/Scorecard?year=2023&unit=H-HL"));
        views["unit scorecard page (unit)"] = Tables(await GetAsync(_hl, "/Unit/Scorecard?year=2023"));
        views["unit history 2023 row"] = Regex.Match(Tables(await GetAsync(_hl, "/Unit/History")), @"<tr data-year=""2023"">.*?</tr>", RegexOptions.Singleline).Value;
        views["2024 deltas"] = Previous(await GetAsync(_office, "/api/years/2024/ranking.json"));
        return views;
    }

    private async Task<bool> VerifyAsync()
    {
        using var doc = JsonDocument.Parse(await GetAsync(_leader, "/api/years/2023/publications/1/verify"));
        return doc.RootElement.GetProperty("identical").GetBoolean();
    }

    private static HttpContent File(string name, byte[] content)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", name);
        return form;
    }

    [Test]
    public async Task EveryViewOf2023_IsTheSame_AfterUnitEditsAnImportAStageAndAnAppraisal_AndVerifySaysIdentical()
    {
        var before = await ViewsOf2023Async();
        Assert.That(before["unit history 2023 row"], Does.Contain("2023"));
        Assert.That(before["2024 deltas"], Does.Contain("H-HL.previous="));

        async Task Ok(HttpResponseMessage response) =>
            Assert.That(response.IsSuccessStatusCode, Is.True, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var yaml = (await System.IO.File.ReadAllTextAsync(Path.Combine(HandlerHost.Samples, "units.yaml"))).Replace("UBND thành phố Mẫu", "UBND thành phố Mẫu Mới");
        Assert.That(yaml, Does.Contain("Mẫu Mới"));
        await Ok(await _office.PostAsync("/api/units/import", File("units.yaml", Encoding.UTF8.GetBytes(yaml))));
        await Ok(await _office.PutAsJsonAsync("/api/units/H-HL",
            new { name = "UBND huyện Hữu Lạc (tên mới)", group = "districts", ranked = false, from = (int?)null, until = (int?)null, reason = "kiểm thử" }));
        await Ok(await _office.PutAsJsonAsync($"/api/rounds/{_districts24}/stage", new { stage = "Appraisal1", reason = "kiểm thử" }));
        await Ok(await _office.PutAsJsonAsync($"/api/rounds/{_districts24}/units/H-TP/appraisals/1.1.1", new { points = 0m, reason = "Không có kế hoạch" }));
        // The published round itself refuses the appraisal, in Vietnamese.
        var refused = await _office.PutAsJsonAsync($"/api/rounds/{_districts23}/units/H-TP/appraisals/1.1.1", new { points = 0m, reason = "Không có kế hoạch" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("đã công bố"));

        var after = await ViewsOf2023Async();
        var draft24 = Encoding.UTF8.GetString(await GetAsync(_office, "/api/years/2024/ranking.json"));
        Assert.Multiple(async () =>
        {
            // The edits did reach the live data: 2024's draft shows the units renamed, H-HL not ranked.
            Assert.That(draft24, Does.Contain("UBND huyện Hữu Lạc (tên mới)"));
            Assert.That(draft24, Does.Contain("UBND thành phố Mẫu Mới"));
            Assert.That(draft24, Does.Match(@"""unitCode"": ""H-HL"",\s*""unitName"": ""[^""]*"",\s*""status"": ""unranked"""));
            Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
            foreach (var (view, content) in before)
                Assert.That(after[view], Is.EqualTo(content), view);
            Assert.That(before["ranking.json"], Does.Not.Contain("tên mới"));
            Assert.That(await VerifyAsync(), Is.True, "verify");
        });
    }
}
