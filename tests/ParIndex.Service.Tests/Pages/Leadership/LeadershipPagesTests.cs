using System.Net;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Web.Pages.Leadership;

namespace ParIndex.Service.Tests.Pages.Leadership;

/// <summary>
/// The leadership pages over real HTTP with cookie sign-in, on the sample province with 2023 published and 2024
/// computed but not published: what leadership, the office and a focal point each see.
/// </summary>
[NonParallelizable]
public class LeadershipPagesTests
{
    private ServiceHost _host = null!;
    private HttpClient _leader = null!, _office = null!, _focal = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            await handlers.Send(new ComputeRanking(Actor.System, 2023));
            await handlers.Send(new PublishRanking(Actor.System, 2023, "QĐ kiểm thử 2023", new DateOnly(2024, 2, 15)));
            await handlers.Send(new ComputeRanking(Actor.System, 2024));
        }
        _host = new ServiceHost(database);
        _leader = await _host.ClientAsync(Roles.Leadership, cookies: true);
        _office = await _host.ClientAsync(Roles.Office, cookies: true);
        _focal = await _host.ClientAsync(Roles.FocalPoint, "H-HL", cookies: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var c in new[] { _leader, _office, _focal }) c.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>The page's text with entities decoded (the default encoder writes Vietnamese letters as &amp;#x…;).</summary>
    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"{url}: {body}");
        return WebUtility.HtmlDecode(body);
    }

    [Test]
    public async Task Leadership_SeesThePublishedRanking_WithCodesAndDecimalCommas()
    {
        var page = await PageAsync(_leader, "/Leadership?year=2023&group=districts");

        Assert.That(page, Does.Contain("Xếp hạng Chỉ số CCHC 2023 — Khối UBND cấp huyện"));
        Assert.That(page, Does.Contain("data-unit=\"H-HL\""));
        Assert.That(page, Does.Contain("UBND huyện Hữu Lạc"));
        Assert.That(page, Does.Contain("<strong>70,86</strong>"), "index with a decimal comma");
        Assert.That(page, Does.Not.Contain("Bản tính chưa công bố"));
        Assert.That(page, Does.Contain("/api/years/2023/ranking.xlsx"));
        Assert.That(page, Does.Contain("canvas data-chart=\"bar\""));
    }

    [Test]
    public async Task Leadership_OpensOnTheLatestPublishedYear()
    {
        var page = await PageAsync(_leader, "/Leadership");

        Assert.That(page, Does.Contain("Xếp hạng Chỉ số CCHC 2023"));
        Assert.That(page, Does.Contain("2024 (chưa công bố)"));
    }

    [Test]
    public async Task UnpublishedYear_IsChuaCongBo_ForLeadership_ButVisibleToTheOffice()
    {
        var leader = await PageAsync(_leader, "/Leadership?year=2024&group=districts");
        var office = await PageAsync(_office, "/Leadership?year=2024&group=districts");

        Assert.That(leader, Does.Contain("Kết quả năm 2024 chưa công bố"));
        Assert.That(leader, Does.Not.Contain("data-unit=\"H-HL\""));
        Assert.That(leader, Does.Not.Contain("/api/years/2024/ranking"));
        Assert.That(leader, Does.Contain("<a href=\"/Leadership?year=2023\" class=\"year-link\">2023</a>"), "a way to a published year");

        Assert.That(office, Does.Contain("Bản tính chưa công bố."));
        Assert.That(office, Does.Contain("data-unit=\"H-HL\""));
        Assert.That(office, Does.Contain("<strong>70,61</strong>"));
    }

    [Test]
    public async Task Changes_ShowArrows_InIndexAndPlaces_AndTheSummary()
    {
        var page = await PageAsync(_office, "/Leadership?year=2024&group=districts");

        // H-HL: 70,86 (10th) in 2023 → 70,61 (9th) in 2024.
        var row = Row(page, "H-HL");
        Assert.That(row, Does.Contain("<td class=\"num down\">▼ 0,25</td>"));
        Assert.That(row, Does.Contain("▲ 1"));
        Assert.That(row, Does.Contain("70,86 (hạng 10)"));
        Assert.That(Row(page, "H-TP"), Does.Contain(">=</td>"), "same place");
        Assert.That(page, Does.Contain("80,49% <span class=\"up\">▲ 0,98</span>"), "mean index and its change");
        Assert.That(page, Does.Contain("Tăng nhiều nhất"));
        Assert.That(Row(page, "H-NM"), Does.Contain("so với bình quân 2 đơn vị tiền thân (H-NA, H-MY)"), "derived comparison noted");
    }

    [Test]
    public async Task Ranking_FiltersByClassAndText_AndSortsServerSide()
    {
        var kha = await PageAsync(_office, "/Leadership?year=2024&group=districts&cls=Khá");
        var text = await PageAsync(_office, "/Leadership?year=2024&group=districts&q=hữu");
        var byIndexAsc = await PageAsync(_office, "/Leadership?year=2024&group=districts&sort=index");

        Assert.That(kha, Does.Contain("data-unit=\"H-TP\""));
        Assert.That(kha, Does.Not.Contain("data-unit=\"H-HL\""), "Trung bình filtered out");
        Assert.That(text, Does.Contain("data-unit=\"H-HL\""));
        Assert.That(text, Does.Not.Contain("data-unit=\"H-TP\""));
        Assert.That(byIndexAsc.IndexOf("data-unit=\"H-HL\"", StringComparison.Ordinal),
            Is.LessThan(byIndexAsc.IndexOf("data-unit=\"H-TP\"", StringComparison.Ordinal)), "lowest index first");
    }

    [Test]
    public async Task Csv_IsUtf8WithBom_OneRowPerUnit()
    {
        var response = await _leader.GetAsync("/Leadership?year=2023&group=districts&handler=Csv");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("Năm,Khối,Hạng,Mã đơn vị,Đơn vị,"));
        Assert.That(lines, Has.One.StartsWith("2023,districts,10,H-HL,UBND huyện Hữu Lạc,70.86,100,70.86,Trung bình,"));
    }

    [TestCase("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [TestCase("+1", "'+1")]
    [TestCase("@SUM", "'@SUM")]
    [TestCase("-cmd", "'-cmd")]
    [TestCase("Sở Nội vụ, tỉnh", "\"Sở Nội vụ, tỉnh\"")]
    public void CsvText_DefusesFormulas_AndQuotes(string text, string expected) =>
        Assert.That(IndexModel.Cell(IndexModel.Text(text)), Is.EqualTo(expected));

    [Test]
    public void CsvNumbers_KeepTheirSign() =>
        Assert.That(IndexModel.Cell("-12.5"), Is.EqualTo("-12.5"));

    [Test]
    public async Task UnitTrend_ShowsEachVisibleYear_AndTheScorecardLink()
    {
        var leader = await PageAsync(_leader, "/Leadership/Unit?code=H-HL");
        var office = await PageAsync(_office, "/Leadership/Unit?code=H-HL");

        Assert.That(leader, Does.Contain("UBND huyện Hữu Lạc"));
        Assert.That(leader, Does.Contain("<tr data-year=\"2023\">"));
        Assert.That(leader, Does.Contain("10/10"), "rank of ranked");
        Assert.That(leader, Does.Contain("/api/years/2023/scorecards/H-HL"));
        Assert.That(leader, Does.Not.Contain("<tr data-year=\"2024\">"));
        Assert.That(leader, Does.Contain("Chưa công bố (không hiển thị): 2024"));
        Assert.That(leader, Does.Contain("canvas data-chart=\"line\""));
        Assert.That(office, Does.Contain("<tr data-year=\"2024\">"));
    }

    [Test]
    public async Task English_IsTheSecondLanguage()
    {
        // Its own client: the language switch sets a cookie that would carry over to the other tests.
        using var english = await _host.ClientAsync(Roles.Leadership, cookies: true);
        var page = await PageAsync(english, "/Leadership?year=2023&group=districts&culture=en-US");
        var next = await PageAsync(english, "/Leadership/Unit?code=H-HL");

        Assert.That(page, Does.Contain("PAR Index ranking 2023 — District people's committees"));
        Assert.That(page, Does.Contain("Applicable max"));
        Assert.That(page, Does.Contain("<strong>70,86</strong>"), "numbers keep the Vietnamese comma, as in the exports");
        Assert.That(next, Does.Contain("Index over the years"), "the choice is remembered");
    }

    [TestCase("/Leadership")]
    [TestCase("/Leadership?year=2023&group=districts&handler=Csv")]
    [TestCase("/Leadership/Unit?code=H-HL")]
    public async Task FocalPoint_IsSentToForbidden(string url)
    {
        var response = await _focal.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Does.Contain("/forbidden"));
    }

    [Test]
    public async Task Anonymous_IsSentToSignIn()
    {
        var response = await _host.Anonymous().GetAsync("/Leadership");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Does.Contain("/login"));
    }

    /// <summary>The html of a unit's row in the ranking table.</summary>
    private static string Row(string page, string unit)
    {
        var start = page.IndexOf($"data-unit=\"{unit}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"row {unit}");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
