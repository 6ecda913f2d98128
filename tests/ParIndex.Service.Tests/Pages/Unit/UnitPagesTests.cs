using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Pages.Unit;

/// <summary>
/// The focal point's pages over real HTTP with the sign-in cookie, on the imported sample province (SQLite):
/// 2024 districts in the self-assessment stage (H-HL uploads), 2024 departments in the explanation stage.
/// Tests that change state touch only H-HL's uploads or SO-TC's explanations, so their order does not matter.
/// </summary>
[NonParallelizable]
public partial class UnitPagesTests
{
    private ServiceHost _host = null!;
    private HttpClient _hl = null!, _tp = null!, _tc = null!, _office = null!, _leader = null!;
    private int _districts24, _departments24;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        var office = Actor.System;
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(office, HandlerHost.Criteria, HandlerHost.Samples));
            async Task<int> Round(int year, string group, RoundStage stage)
            {
                var id = await handlers.Query(db => db.Rounds.Where(r => r.Year == year && r.Group == group).Select(r => r.Id).SingleAsync());
                await handlers.Send(new SetRoundStage(office, id, stage, "chuẩn bị kiểm thử"));
                return id;
            }
            _districts24 = await Round(2024, "districts", RoundStage.SelfAssessment);
            _departments24 = await Round(2024, "departments", RoundStage.Explanation);
            await handlers.Send(new PublishRanking(office, 2023, "QĐ 15/QĐ-UBND", new DateOnly(2024, 2, 15)));
        }
        _host = new ServiceHost(database);
        _hl = await _host.ClientAsync(Roles.FocalPoint, "H-HL", cookies: true);
        _tp = await _host.ClientAsync(Roles.FocalPoint, "H-TP", cookies: true);
        _tc = await _host.ClientAsync(Roles.FocalPoint, "SO-TC", cookies: true);
        _office = await _host.ClientAsync(Roles.Office, cookies: true);
        _leader = await _host.ClientAsync(Roles.Leadership, cookies: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var c in new[] { _hl, _tp, _tc, _office, _leader }) c?.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>GETs a page; the HTML decoded (Razor escapes Vietnamese letters as entities).</summary>
    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task<string> TokenAsync(HttpClient client, string url)
    {
        var (status, html) = await GetAsync(client, url);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
        return TokenPattern().Match(html).Groups[1].Value;
    }

    private static byte[] Sample(int year, string unit) =>
        File.ReadAllBytes(Path.Combine(HandlerHost.Samples, year.ToString(System.Globalization.CultureInfo.InvariantCulture), "self-assessments", unit + ".xlsx"));

    private static byte[] Filled(byte[] workbook, Action<SelfAssessmentFiller> fill)
    {
        using var input = new MemoryStream(workbook);
        using var filler = SelfAssessmentFiller.Open(input);
        fill(filler);
        using var output = new MemoryStream();
        filler.Save(output);
        return output.ToArray();
    }

    /// <summary>Posts a workbook to the unit page, with the antiforgery token of <paramref name="tokenFrom"/> (the unit page itself by default).</summary>
    private static async Task<(HttpStatusCode Status, string Html)> UploadAsync(HttpClient client, byte[] workbook, string fileName, string query = "",
        string? tokenFrom = null)
    {
        var token = await TokenAsync(client, tokenFrom ?? "/Unit" + query);
        Assert.That(token, Is.Not.Empty, "a page with a form gives the token");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent("2024"), "year");
        var file = new ByteArrayContent(workbook);
        file.Headers.ContentType = new MediaTypeHeaderValue(FileDto.Xlsx);
        form.Add(file, "file", fileName);
        var response = await client.PostAsync("/Unit?handler=Upload" + query.Replace('?', '&'), form);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task Index_FocalPoint_SeesTheirRoundStageTemplateAndRevisions()
    {
        var (status, html) = await GetAsync(_hl, "/Unit");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("UBND huyện Hữu Lạc"));
            Assert.That(html, Does.Contain("Vòng đánh giá năm 2024"));
            Assert.That(html, Does.Contain("Tự đánh giá"));
            Assert.That(html, Does.Contain("Tải mẫu bảng tự đánh giá"));
            Assert.That(html, Does.Contain("handler=Upload"), "the upload form, in the self-assessment stage");
            Assert.That(html, Does.Contain("Bản hiện hành"), "the imported revision is current");
        });
    }

    [Test]
    public async Task Template_FocalPoint_DownloadsTheirWorkbook()
    {
        var response = await _hl.GetAsync("/Unit?year=2024&handler=Template");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(FileDto.Xlsx));
            Assert.That(response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName,
                Does.Contain("H-HL-2024.xlsx"));
            Assert.That(bytes.Take(2), Is.EqualTo("PK"u8.ToArray()), "an xlsx (zip) file");
        });
    }

    [Test]
    public async Task Upload_BrokenThenFixed_ListsTheProblemWithItsCellThenAcceptsAsCurrent()
    {
        var broken = Filled(Sample(2024, "H-HL"), f => f.Set("1.1.1", value: "Rất kịp thời"));
        var (status, html) = await UploadAsync(_hl, broken, "H-HL.xlsx");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Bị từ chối"));
            Assert.That(html, Does.Contain("sửa các lỗi dưới đây rồi nộp lại"));
            Assert.That(html, Does.Match(@"<td class=""cell"">[A-Z]+\d+</td>\s*<td>[^<]*Rất kịp thời"), "the problem, with its cell");
        });

        var (status2, html2) = await UploadAsync(_hl, Sample(2024, "H-HL"), "H-HL-sua.xlsx");
        var submissions = await _host.WithDbAsync(db => db.Submissions.Where(s => s.RoundId == _districts24 && s.UnitCode == "H-HL")
            .OrderBy(s => s.Revision).Select(s => new { s.Revision, s.Accepted }).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(status2, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html2, Does.Contain("✓ Đã chấp nhận: H-HL-sua.xlsx (lần nộp"));
            Assert.That(html2, Does.Contain($"Đã nhận bảng tự đánh giá lần {submissions[^1].Revision}; đây là bản hiện hành."));
            Assert.That(submissions[^1].Accepted, Is.True);
            Assert.That(html2, Does.Match(@"<tr class=""current"">\s*<td class=""num"">" + submissions[^1].Revision + @"</td>(.|\n)*?Bản hiện hành"),
                "the new revision is the current one in the list");
            Assert.That(html2, Does.Contain("✗ Từ chối"), "the rejected revision stays in the list");
        });
    }

    [Test]
    public async Task Upload_OutsideTheSelfAssessmentStage_ShowsTheConflict()
    {
        // SO-TC's round (departments 2024) is in the explanation stage: no upload form, and a forced post is refused with the reason.
        var (_, page) = await GetAsync(_tc, "/Unit");
        // The unit page has no form in this stage, so the forced post carries the token of the explanations form (the same user's).
        var (status, html) = await UploadAsync(_tc, Sample(2024, "SO-TC"), "SO-TC.xlsx", tokenFrom: "/Unit/Explanations");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Not.Contain("handler=Upload"));
            Assert.That(page, Does.Contain("Đơn vị chỉ nộp bảng tự đánh giá trong giai đoạn tự đánh giá"));
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Vòng đánh giá đang ở giai đoạn giải trình"));
        });
    }

    [Test]
    public async Task Scorecard_FocalPoint_PublishedYear_ShowsIndexRankAndEachLeafsSelfScoreAndAppraisal()
    {
        var (status, html) = await GetAsync(_tp, "/Unit/Scorecard?year=2023");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("UBND thành phố Mẫu"));
            Assert.That(html, Does.Match(@"đứng thứ \d+/\d+"));
            Assert.That(html, Does.Contain("/api/years/2023/scorecards/H-TP"));
            Assert.That(html, Does.Match(@"<tr class=""depth-\d leaf[^""]*"" data-code=""1\.1\.1"">"));
        });
        // A leaf that was appraised: its self-score and appraisal both appear on its row.
        var row = Regex.Match(html, @"<tr class=""depth-\d leaf[^""]*"" data-code=""([\d.]+)"">(?:(?!</tr>).)*?<td class=""num self"">([\d,]+)</td>\s*<td class=""num appraisal1[^""]*"">([\d,]+)</td>",
            RegexOptions.Singleline);
        Assert.That(row.Success, Is.True, "some leaf shows a self-score and an appraisal");
    }

    [Test]
    public async Task Scorecard_ShowsWhoAppraisedWhatWhenAndWhy_AsFarAsTheViewShowsAppraisals()
    {
        // Recorded as the appraisal handlers record them: SO-TC's round is in the explanation stage (appraisal 1 released
        // to it); a second appraisal is the office's until released; H-TP's 2023 row comes after the publication.
        var at = new DateTime(2025, 3, 4, 2, 5, 0, DateTimeKind.Utc);
        var round23 = await _host.WithDbAsync(db => db.Rounds.Where(r => r.Year == 2023 && r.Group == "districts").Select(r => r.Id).SingleAsync());
        await _host.WithDbAsync(async db =>
        {
            db.Appraisals.AddRange(
                new AppraisalRecord { RoundId = _departments24, UnitCode = "SO-TC", LeafCode = "1.1.1", Stage = 1, Points = 0.5m,
                    Reason = "Kế hoạch ban hành muộn", Appraiser = "thamdinh-so-tp@test", AppraiserUnit = "SO-TP", At = at },
                new AppraisalRecord { RoundId = _departments24, UnitCode = "SO-TC", LeafCode = "1.1.1", Stage = 2, Points = 1m,
                    Reason = "Đã giải trình", Appraiser = "vanphong@test", At = at.AddDays(20) },
                new AppraisalRecord { RoundId = round23, UnitCode = "H-TP", LeafCode = "1.1.1", Stage = 2, Points = 0m,
                    Reason = "Đính chính chưa công bố", Appraiser = "vanphong@test", At = DateTime.UtcNow.AddMinutes(1) });
            return await db.SaveChangesAsync();
        });
        var clock = _host.Services.GetRequiredService<ProvinceTime>();

        var (_, office) = await GetAsync(_office, "/Unit/Scorecard?year=2024&unit=SO-TC");
        var (_, unit) = await GetAsync(_tc, "/Unit/Scorecard?year=2024");
        var (_, published) = await GetAsync(_tp, "/Unit/Scorecard?year=2023");
        static string Row(string html, int stage) =>
            Regex.Match(html, $@"<tr data-leaf=""1\.1\.1"" data-stage=""{stage}"">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Multiple(() =>
        {
            Assert.That(Row(office, 1), Does.Contain("Lần 1").And.Contain("0,5").And.Contain("Sở Tư pháp").And.Contain("thamdinh-so-tp@test")
                .And.Contain(clock.Format(at)).And.Contain("Kế hoạch ban hành muộn"), "who, what, when (province time) and why");
            Assert.That(clock.Format(at), Does.Contain("09:05"), "UTC+7");
            Assert.That(Row(office, 2), Does.Contain("Lần 2").And.Contain("Phòng CCHC").And.Contain("Đã giải trình"));
            Assert.That(Row(unit, 1), Does.Contain("Kế hoạch ban hành muộn"), "the released first appraisal");
            Assert.That(unit, Does.Not.Contain("data-stage=\"2\""), "the second is not released to the unit");
            Assert.That(published, Does.Not.Contain("Đính chính chưa công bố"), "recorded after the publication: not part of it");
            Assert.That(published, Does.Contain("Chưa có điểm thẩm định nào được ghi."));
        });
    }

    [Test]
    public async Task Scorecard_FocalPoint_BeforePublication_ShowsItsSelfScoresAndTheReleasedAppraisalButNoResult()
    {
        // SO-TC's round is in the explanation stage: appraisal 1 is released to it; index, rank and class are not.
        var (status, html) = await GetAsync(_tc, "/Unit/Scorecard?year=2024");
        var row = Regex.Match(html, @"<tr class=""depth-\d leaf[^""]*"" data-code=""([\d.]+)"">(?:(?!</tr>).)*?<td class=""num self"">([\d,]+)</td>\s*<td class=""num appraisal1[^""]*"">([\d,]+)</td>",
            RegexOptions.Singleline);
        // H-TP's round is still in self-assessment: its own self-scores only.
        var (_, tp) = await GetAsync(_tp, "/Unit/Scorecard?year=2024");
        var appraised = Regex.Match(tp, @"<td class=""num appraisal1[^""]*"">[\d,]+</td>");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(row.Success, Is.True, "some leaf shows a self-score and the released appraisal");
            Assert.That(html, Does.Not.Match(@"đứng thứ \d+/\d+"));
            Assert.That(html, Does.Match(@"<span class=""big index"">—</span>"));
            Assert.That(tp, Does.Match(@"<td class=""num self"">[\d,]+</td>"));
            Assert.That(appraised.Success, Is.False, "no appraisal before it is released");
            Assert.That(tp, Does.Not.Match(@"đứng thứ \d+/\d+"));
        });
    }

    [Test]
    public async Task Explanations_InTheExplanationStage_SavesTheTextOfALeafAppraisedBelowTheSelfScore()
    {
        var (status, page) = await GetAsync(_tc, "/Unit/Explanations?year=2024");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var leaf = Regex.Match(page, @"<input type=""hidden"" name=""codes"" value=""([^""]+)"" />");
        Assert.That(leaf.Success, Is.True, "some leaf of SO-TC was appraised below its self-score: " + page);
        var code = leaf.Groups[1].Value;
        var token = TokenPattern().Match(page).Groups[1].Value;
        var response = await _tc.PostAsync("/Unit/Explanations", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["year"] = "2024", ["codes"] = code, ["texts"] = "Đơn vị đã ban hành kế hoạch đúng hạn, xin bổ sung văn bản số 12/KH.",
        }));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var saved = await _host.WithDbAsync(db => db.Explanations.Where(e => e.RoundId == _departments24 && e.UnitCode == "SO-TC" && e.LeafCode == code)
            .Select(e => e.Text).SingleOrDefaultAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Đã lưu 1 giải trình."));
            Assert.That(html, Does.Contain("xin bổ sung văn bản số 12/KH.</textarea>"));
            Assert.That(saved, Does.StartWith("Đơn vị đã ban hành"));
        });
    }

    [Test]
    public async Task Explanations_OutsideTheStage_FormLockedWithAMessage()
    {
        var (status, html) = await GetAsync(_hl, "/Unit/Explanations?year=2024");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("Chỉ giải trình trong giai đoạn giải trình; biểu mẫu đang khóa."));
            Assert.That(html, Does.Not.Contain("Lưu giải trình"));
        });
    }

    [Test]
    public async Task History_ShowsEachYearsIndexRankAndClass()
    {
        var (status, html) = await GetAsync(_tp, "/Unit/History");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Match(@"<tr data-year=""2023"">(.|\n)*?<td class=""num index"">\d+(,\d+)?</td>"));
            Assert.That(html, Does.Match(@"<tr data-year=""2023"">(.|\n)*?<td class=""rank"">\d+/\d+</td>"));
            // 2024 is not published: the unit sees no index or rank of it yet.
            Assert.That(html, Does.Match(@"<tr data-year=""2024"">(.|\n)*?<td class=""rank"">—</td>"));
        });
    }

    [Test]
    public async Task Pages_FocalPointAskingForAnotherUnit_IsRefused()
    {
        foreach (var url in new[] { "/Unit?unit=H-HL", "/Unit/Scorecard?year=2024&unit=H-HL", "/Unit/Explanations?unit=SO-TC", "/Unit/History?unit=H-HL",
                     "/Unit?year=2024&handler=Template&unit=H-HL" })
        {
            var response = await _tp.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), url);
            Assert.That(response.Headers.Location?.ToString(), Does.StartWith("/forbidden").Or.Contains("/forbidden?"), url);
        }
    }

    [Test]
    public async Task Pages_OfficeOpensAnyUnit_LeadershipReadsWithoutUploading()
    {
        var (_, pick) = await GetAsync(_office, "/Unit");
        var (officeStatus, office) = await GetAsync(_office, "/Unit?unit=H-TP");
        var (leaderStatus, leader) = await GetAsync(_leader, "/Unit?unit=H-TP");
        var (_, scorecard) = await GetAsync(_leader, "/Unit/Scorecard?year=2024&unit=H-TP");
        Assert.Multiple(() =>
        {
            Assert.That(pick, Does.Contain("Chọn đơn vị"));
            Assert.That(pick, Does.Contain("/Unit?unit=SO-NV"));
            Assert.That(officeStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(office, Does.Contain("UBND thành phố Mẫu"));
            Assert.That(office, Does.Contain("handler=Upload"));
            Assert.That(leaderStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(leader, Does.Not.Contain("handler=Upload"));
            Assert.That(scorecard, Does.Contain("UBND thành phố Mẫu"));
        });
    }

    [Test]
    public async Task Index_InEnglish_UsesTheUnitTexts()
    {
        using var client = await _host.ClientAsync(Roles.FocalPoint, "H-KS", cookies: true);
        var (_, html) = await GetAsync(client, "/Unit?culture=en-US");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Download the self-assessment template"));
            Assert.That(html, Does.Contain("Submissions"));
        });
    }

    [Test]
    public async Task Pages_Anonymous_SentToSignIn()
    {
        using var anonymous = _host.Anonymous();
        var response = await anonymous.GetAsync("/Unit");
        Assert.That(response.Headers.Location?.ToString(), Does.Contain("/login"));
    }
}
