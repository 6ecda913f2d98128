using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Pages.Office;

/// <summary>
/// The reform office's pages over real HTTP with a cookie sign-in, on the imported sample province (SQLite).
/// Tests run in order: the last one publishes 2024, after which the year refuses changes.
/// </summary>
[NonParallelizable]
public partial class OfficePagesTests
{
    private ServiceHost _host = null!;
    private HttpClient _office = null!;
    private HttpClient _leader = null!;
    private HttpClient _focal = null!;
    private int _d24;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            _d24 = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            await handlers.Send(new SetRoundStage(Actor.System, _d24, RoundStage.Appraisal1, "chuẩn bị kiểm thử"));
        }
        _host = new ServiceHost(database);
        _office = await _host.ClientAsync(Roles.Office, cookies: true);
        _leader = await _host.ClientAsync(Roles.Leadership, cookies: true);
        _focal = await _host.ClientAsync(Roles.FocalPoint, "H-HL", cookies: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _office.Dispose();
        _leader.Dispose();
        _focal.Dispose();
        await _host.DisposeAsync();
    }

    private static async Task<string> GetOkAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"GET {url}: {html}");
        return WebUtility.HtmlDecode(html);
    }

    /// <summary>Posts a form of the page (with its antiforgery token) and follows a redirect once.</summary>
    private static async Task<string> PostAsync(HttpClient client, string pageUrl, string postUrl, params (string Name, string Value)[] fields)
    {
        if (!Tokens.TryGetValue(client, out var token))
        {
            // One form token per signed-in client: it stays valid with the client's antiforgery cookie.
            var page = await client.GetStringAsync(pageUrl);
            Tokens[client] = token = TokenRegex().Match(page).Groups[1].Value;
            Assert.That(token, Is.Not.Empty, "antiforgery token on " + pageUrl);
        }
        var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        var response = await client.PostAsync(postUrl, form);
        if (response.StatusCode == HttpStatusCode.Redirect)
            return await GetOkAsync(client, response.Headers.Location!.OriginalString);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"POST {postUrl}: {html}");
        return WebUtility.HtmlDecode(html);
    }

    private static readonly Dictionary<HttpClient, string> Tokens = [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    private static string Row(string html, string attribute) =>
        Regex.Match(html, $"<tr[^>]*{Regex.Escape(attribute)}[^>]*>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;

    [Test, Order(1)]
    public async Task The_rounds_page_lists_the_rounds_with_their_stage()
    {
        var html = await GetOkAsync(_office, "/Office");
        Assert.That(html, Does.Contain($"/Office/Round?id={_d24}"));
        Assert.That(html, Does.Contain("Thẩm định lần 1"));
        Assert.That(html, Does.Contain("Mở vòng đánh giá"));

        var english = await GetOkAsync(_office, "/Office?culture=en-US");
        Assert.That(english, Does.Contain("Open a round").And.Contain("Appraisal 1").And.Contain("District people's committees"));
        await GetOkAsync(_office, "/Office?culture=vi-VN");
    }

    [Test, Order(2)]
    public async Task The_dashboard_lists_the_sample_units_with_their_revision()
    {
        var html = await GetOkAsync(_office, $"/Office/Round?id={_d24}");
        var row = Row(html, "data-unit=\"H-HL\"");
        Assert.That(row, Does.Contain("Đã nộp"));
        var cells = Regex.Matches(row, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.That(cells[4], Is.EqualTo("1"), "current revision");
        Assert.That(html, Does.Contain("data-unit=\"H-TP\""));
        Assert.That(html, Does.Not.Contain("data-unit=\"SO-TC\""), "a department is not in the districts' round");
    }

    [Test, Order(3)]
    public async Task Appraising_a_leaf_through_the_page_records_it()
    {
        var url = $"/Office/Appraise?round={_d24}&unit=H-HL";
        var page = await GetOkAsync(_office, url);
        Assert.That(page, Does.Contain("điểm nhập dưới đây được ghi là thẩm định lần"));
        Assert.That(Row(page, "data-leaf=\"1.1.1\""), Does.Contain("Ban hành kế hoạch CCHC năm"));

        var html = await PostAsync(_office, url, url, ("leaf", "1.1.1"), ("points", "0,5"), ("reason", "Ban hành chậm so với quy định"));
        Assert.That(html, Does.Contain("Đã ghi điểm thẩm định của 1 tiêu chí."));

        await using var handlers = await HandlerHost.StartAsync(_host.Database);
        var appraisals = await handlers.Send(new ListAppraisals(Actor.System, _d24, "H-HL"));
        var a = appraisals.Single(x => x.LeafCode == "1.1.1");
        Assert.That((a.Stage, a.Points, a.Reason), Is.EqualTo((1, 0.5m, "Ban hành chậm so với quy định")));
        Assert.That(Row(html, "data-leaf=\"1.1.1\""), Does.Contain("0,5"));
    }

    [Test, Order(4)]
    public async Task An_invalid_point_shows_the_error_beside_the_leaf()
    {
        var url = $"/Office/Appraise?round={_d24}&unit=H-HL";
        var html = await PostAsync(_office, url, url, ("leaf", "1.1.2"), ("points", "5"), ("reason", "thử"),
            ("leaf", "1.1.1"), ("points", "abc"), ("reason", "thử"));
        Assert.That(Row(html, "data-leaf=\"1.1.2\""), Does.Contain("ngoài khoảng 0–2 của tiêu chí 1.1.2"));
        Assert.That(Row(html, "data-leaf=\"1.1.1\""), Does.Contain("không phải là số"));
        Assert.That(html, Does.Contain("2 tiêu chí có lỗi"));
    }

    [Test, Order(5)]
    public async Task The_criteria_page_shows_the_tree_and_what_changed()
    {
        var html = await GetOkAsync(_office, "/Office/Criteria?year=2024&group=districts");
        Assert.That(Row(html, "data-change=\"added\""), Does.Contain("7.4"));
        Assert.That(html, Does.Match("data-change=\"removed\"[^>]*><td>Bỏ</td><td>1.6</td>"));
        Assert.That(html, Does.Contain("id=\"tree\""));
    }

    [Test, Order(6)]
    public async Task The_other_office_pages_render()
    {
        Assert.That(await GetOkAsync(_office, "/Office/Surveys?year=2024"), Does.Contain("khao-sat-districts-2024.xlsx"));
        var units = await GetOkAsync(_office, "/Office/Units");
        Assert.That(units, Does.Contain("data-unit=\"H-HL\"").And.Contain("Tạo tài khoản"));
        Assert.That(await GetOkAsync(_office, "/Office/Audit?kind=Appraisal"), Does.Contain("Ban hành chậm so với quy định"));
        Assert.That(await GetOkAsync(_office, "/Office/Results?year=2024"), Does.Contain("Chưa công bố lần nào."));
    }

    [Test, Order(7)]
    public async Task A_focal_point_account_is_created_from_the_page()
    {
        var html = await PostAsync(_office, "/Office/Units", "/Office/Units?handler=Account", ("userName", "moi@test"), ("displayName", "Người mới"),
            ("role", Roles.FocalPoint), ("unitCode", "H-TP"), ("password", "Moi@12345"));
        Assert.That(html, Does.Contain("Đã tạo tài khoản moi@test"));
        var refused = await PostAsync(_office, "/Office/Units", "/Office/Units?handler=Account", ("userName", "x@test"), ("role", Roles.FocalPoint),
            ("unitCode", ""), ("password", "Moi@12345"));
        Assert.That(refused, Does.Contain("Tài khoản đầu mối phải gắn với một đơn vị."));
    }

    [TestCase("/Office"), TestCase("/Office/Round?id=1"), TestCase("/Office/Results?year=2024"), TestCase("/Office/Units"), Order(8)]
    public async Task Leadership_and_focal_points_are_refused(string url)
    {
        foreach (var client in new[] { _leader, _focal })
        {
            var response = await client.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect).Or.EqualTo(HttpStatusCode.Forbidden));
            if (response.StatusCode == HttpStatusCode.Redirect)
                Assert.That(response.Headers.Location!.OriginalString, Does.Contain("/forbidden"));
        }
    }

    private static async Task<string> UploadAsync(HttpClient client, string postUrl, string fileName, byte[] content)
    {
        if (!Tokens.TryGetValue(client, out var token))
            Tokens[client] = token = TokenRegex().Match(await client.GetStringAsync("/Office")).Groups[1].Value;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(content), "file", fileName } };
        var response = await client.PostAsync(postUrl, form);
        if (response.StatusCode == HttpStatusCode.Redirect)
            return await GetOkAsync(client, response.Headers.Location!.OriginalString);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Test, Order(9)]
    public async Task A_survey_import_shows_its_summary_or_every_problem()
    {
        var path = Path.Combine(HandlerHost.Samples, "2024", "survey", "khao-sat-districts-2024.xlsx");
        var html = await UploadAsync(_office, "/Office/Surveys?year=2024&handler=Import", "khao-sat-districts-2024.xlsx", await File.ReadAllBytesAsync(path));
        Assert.That(html, Does.Contain("Đã nhập tệp khảo sát khao-sat-districts-2024.xlsx"));
        Assert.That(html, Does.Contain("id=\"summary\"").And.Match("<td>H-HL</td><td>[^<]*</td><td class=\"num\">\\d+</td>"));

        var refused = await UploadAsync(_office, "/Office/Surveys?year=2024&handler=Import", "hong.xlsx", [1, 2, 3]);
        Assert.That(refused, Does.Contain("Tệp khảo sát hong.xlsx có lỗi; chưa lưu gì."));
        Assert.That(refused, Does.Contain("class=\"problem-error\""));
    }

    [Test, Order(10)]
    public async Task A_published_annex_is_imported_or_refused_with_its_reason()
    {
        var annex = await File.ReadAllBytesAsync(Path.Combine(HandlerHost.Samples, "2024", "published", "communes.xlsx"));
        var html = await UploadAsync(_office, "/Office/Baselines?handler=Import&year=2024&group=communes", "communes.xlsx", annex);
        Assert.That(html, Does.Contain("Đã nhập phụ lục communes.xlsx: kết quả đã công bố năm 2024 của khối UBND cấp xã, 6 đơn vị"));
        Assert.That(html, Does.Match("<td>communes.xlsx</td><td class=\"num\">6</td>\\s*<td>2025</td>"));

        var computed = await UploadAsync(_office, "/Office/Baselines?handler=Import&year=2024&group=districts", "communes.xlsx", annex);
        Assert.That(computed, Does.Contain("Năm 2024 đã có vòng đánh giá"));
        var broken = await UploadAsync(_office, "/Office/Baselines?handler=Import&year=2024&group=communes", "hong.xlsx", [1, 2, 3]);
        Assert.That(broken, Does.Contain("Tệp phụ lục hong.xlsx bị từ chối; chưa lưu gì.").And.Contain("class=\"problem-error\""));
    }

    [Test, Order(20)]
    public async Task Publishing_needs_the_confirmation_then_refuses_changes()
    {
        const string url = "/Office/Results?year=2024";
        var review = await PostAsync(_office, url, "/Office/Results?year=2024&handler=Review", ("decision", "123/QĐ-UBND"), ("date", "2025-03-01"));
        Assert.That(review, Does.Contain("Xác nhận công bố").And.Contain("123/QĐ-UBND").And.Contain("sẽ chuyển sang đã công bố"));
        Assert.That(review, Does.Contain("Chưa công bố lần nào."), "nothing published by the review step");

        var unconfirmed = await PostAsync(_office, url, "/Office/Results?year=2024&handler=Publish", ("decision", "123/QĐ-UBND"), ("date", "2025-03-01"));
        Assert.That(unconfirmed, Does.Contain("Chưa xác nhận công bố."));

        var published = await PostAsync(_office, url, "/Office/Results?year=2024&handler=Publish", ("decision", "123/QĐ-UBND"), ("date", "2025-03-01"),
            ("confirmed", "true"));
        Assert.That(published, Does.Contain("Đã công bố kết quả năm 2024 (lần 1"));
        Assert.That(published, Does.Contain("/api/years/2024/ranking.json?publication=1"));
        Assert.That(published, Does.Match("class=\"round-stage\">Đã công bố"));

        var dashboard = await GetOkAsync(_office, "/Office");
        Assert.That(dashboard, Does.Contain("Đã công bố"));
        var appraise = $"/Office/Appraise?round={_d24}&unit=H-HL";
        var refused = await PostAsync(_office, appraise, appraise, ("leaf", "1.1.1"), ("points", "1"), ("reason", "sau công bố"));
        Assert.That(Row(refused, "data-leaf=\"1.1.1\""), Does.Contain("đã công bố: không được thay đổi"));
    }
}
