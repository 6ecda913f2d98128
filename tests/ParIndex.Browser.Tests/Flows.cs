using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ParIndex.Workbooks.SelfAssessment;
using static Microsoft.Playwright.Assertions;

namespace ParIndex.Browser.Tests;

/// <summary>
/// Issue #4's walk through a year in the browser, in order: the office opens the districts' 2024 round for
/// self-assessment; the focal point of H-HL uploads a workbook with an error, sees it with its cell, uploads the
/// corrected one and sees it accepted; the office appraises a leaf, computes and publishes (with the confirmation);
/// leadership reads the ranking with its changes.
/// <para>
/// The steps change the demo data (2024 becomes published), so they run last, in order, on the shared service.
/// </para>
/// </summary>
[Order(int.MaxValue)]
[NonParallelizable]
public sealed class Flows : BrowserTest
{
    // The demo's year in progress: 2024 is published once the sample province lives through 2025.
    private const int Year = 2025;
    private const string Group = "departments";
    private const string Unit = "SO-NV";
    private const string UnitName = "Sở Nội vụ";
    private const string Leaf = "1.1.1";
    private const string UnknownLevel = "Rất kịp thời";

    /// <summary>A leaf of area 2 (institutions), which the 2025 sets give Sở Tư pháp to appraise.</summary>
    private const string InstitutionLeaf = "2.1.1";
    private const string EvidenceName = "y-kien-tham-dinh-du-thao.pdf";
    private static readonly byte[] EvidencePdf =
        System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% y kien tham dinh\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static string SampleWorkbook => Path.Combine(WebServer.RepoRoot, "samples", Year.ToString(), "self-assessments", $"{Unit}.xlsx");

    [Test, Order(1)]
    public async Task Office_OpensTheRoundForSelfAssessment()
    {
        await LoginAsync(OfficeUser);
        await VisitAsync("/Office", "rounds");

        // a row per round with "Giai đoạn mới", "Lý do" and "Chuyển".
        var row = RoundRow();
        await row.GetByLabel(new Regex("Giai đoạn mới")).SelectOptionAsync(new SelectOptionValue { Label = "Tự đánh giá" });
        await FillIfPresentAsync(row.GetByLabel(new Regex("Lý do")), "Mở lại để đơn vị nộp bổ sung (kiểm thử trình duyệt)");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Chuyển$") }).ClickAsync();
        await ShotAsync("round-moved");

        await Expect(RoundRow()).ToContainTextAsync("Tự đánh giá");
    }

    [Test, Order(2)]
    public async Task FocalPoint_UploadsAWorkbookWithAnError_SeesItsCell_ThenTheCorrectedOneIsAccepted()
    {
        var (broken, cell) = WorkbookWithUnknownLevel();
        await LoginAsync("so-nv@demo");
        await VisitAsync("/Unit", "unit");

        // "Tệp bảng tự đánh giá (.xlsx)" and "Nộp bảng tự đánh giá".
        await UploadAsync(broken, $"{Unit}.xlsx");
        await ShotAsync("rejected");
        // Every problem in a table (Sheet, Cell, Message): the row of the unknown level names its cell.
        var problem = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = UnknownLevel });
        await Expect(problem).ToContainTextAsync(cell);
        await Expect(Page.GetByText(new Regex("không hợp lệ|bị từ chối|Không nhận", RegexOptions.IgnoreCase)).First).ToBeVisibleAsync();

        await UploadAsync(await File.ReadAllBytesAsync(SampleWorkbook), $"{Unit}.xlsx");
        await ShotAsync("accepted");
        // "accepted ✓" and the revisions list with the new revision current.
        await Expect(Page.GetByText(new Regex("Đã nhận|được chấp nhận|hợp lệ ✓|✓")).First).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasTextRegex = new Regex("hiện hành|Hiện tại", RegexOptions.IgnoreCase) }).First)
            .ToBeVisibleAsync();
    }

    /// <summary>
    /// Issue #13's form (practice.md §6), while the round is in self-assessment: fill, save a draft, reload and see it,
    /// attach a PDF, submit a wrong value and read its message next to the field, fix it and submit.
    /// </summary>
    [Test, Order(2)]
    public async Task FocalPoint_FillsTheForm_SavesADraft_AttachesAPdf_AndSubmits()
    {
        const string percentLeaf = "1.1.2";
        await LoginAsync("so-nv@demo");
        await VisitAsync("/Unit", "unit");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Điền biểu mẫu" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Tự đánh giá trên biểu mẫu") })).ToBeVisibleAsync();
        // The workbook uploaded before stands, so the form is locked until the unit withdraws it (practice.md §7).
        await Expect(Page.GetByLabel($"Giá trị {Leaf}", new() { Exact = true })).ToBeDisabledAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Rút lại để sửa" }).ClickAsync();
        await ShotAsync("withdrawn");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã rút lại bản tự đánh giá");

        // Fill: a level from its choices, a percentage typed on its own scale (wrong: above 100), an explanation.
        await Page.GetByLabel($"Giá trị {Leaf}", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Kịp thời" });
        await Page.GetByLabel($"Giá trị {percentLeaf}", new() { Exact = true }).FillAsync("120");
        await Page.GetByLabel($"Giải trình {Leaf}", new() { Exact = true }).FillAsync("Kế hoạch số 12/KH-SNV (kiểm thử biểu mẫu)");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Lưu nháp" }).ClickAsync();
        await ShotAsync("draft-saved");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã lưu bản nháp");

        // Reload: the draft comes back as typed.
        await VisitAsync("/Unit/Form", "draft-reloaded");
        await Expect(Page.GetByLabel($"Giá trị {percentLeaf}", new() { Exact = true })).ToHaveValueAsync("120");
        await Expect(Page.GetByLabel($"Giải trình {Leaf}", new() { Exact = true })).ToHaveValueAsync("Kế hoạch số 12/KH-SNV (kiểm thử biểu mẫu)");

        // Attach a PDF to the leaf.
        await Page.GetByLabel($"Tệp tài liệu kiểm chứng {Leaf}", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "ke-hoach-cchc.pdf", MimeType = "application/pdf",
            Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
        });
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Đính kèm {Leaf}", Exact = true }).ClickAsync();
        await ShotAsync("pdf-attached");
        await Expect(Page.Locator($"tr[data-code='{Leaf}']").GetByRole(AriaRole.Link, new() { Name = "ke-hoach-cchc.pdf" })).ToBeVisibleAsync();
        // And the scanned opinion of Sở Tư pháp on a draft regulation, for area 2, which Sở Tư pháp appraises.
        await Page.GetByLabel($"Tệp tài liệu kiểm chứng {InstitutionLeaf}", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = EvidenceName, MimeType = "application/pdf", Buffer = EvidencePdf,
        });
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Đính kèm {InstitutionLeaf}", Exact = true }).ClickAsync();
        await Expect(Page.Locator($"tr[data-code='{InstitutionLeaf}']").GetByRole(AriaRole.Link, new() { Name = EvidenceName })).ToBeVisibleAsync();

        // Submit with the wrong percentage: refused, its message (the workbook's words) beside the field.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Nộp bảng tự đánh giá" }).ClickAsync();
        await ShotAsync("rejected-value");
        var field = Page.GetByLabel($"Giá trị {percentLeaf}", new() { Exact = true });
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        var message = Page.Locator($"tr[data-code='{percentLeaf}'] .field-error");
        await Expect(message).ToHaveTextAsync($"Giá trị 120 của tiêu chí {percentLeaf} vượt quá 100%");
        await Expect(field).ToHaveAttributeAsync("aria-describedby", (await message.GetAttributeAsync("id"))!);

        // Fix it and submit: accepted, the evidence goes with it.
        await field.FillAsync("95");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Nộp bảng tự đánh giá" }).ClickAsync();
        await ShotAsync("submitted");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã nộp bảng tự đánh giá");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(Page.Locator($"tr[data-code='{percentLeaf}'] [data-score]")).Not.ToHaveTextAsync("—");

        // Withdraw it, edit and submit again before the deadline: a new revision.
        await VisitAsync("/Unit/Form", "submitted-locked");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Rút lại để sửa" }).ClickAsync();
        await Page.GetByLabel($"Giá trị {percentLeaf}", new() { Exact = true }).FillAsync("98");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Nộp bảng tự đánh giá" }).ClickAsync();
        await ShotAsync("submitted-again");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã nộp bảng tự đánh giá");
        await Expect(Page.GetByLabel($"Giá trị {percentLeaf}", new() { Exact = true })).ToHaveValueAsync("98");
    }

    /// <summary>
    /// Issue #13's deadlines (practice.md §7) in the browser: the office sets the self-assessment stage's last day to
    /// yesterday on the round's plan; the focal point, who submitted before it, can no longer withdraw or upload and reads
    /// why, with the day; the office grants the unit an extension with a reason, and the unit's door opens again.
    /// </summary>
    [Test, Order(3)]
    public async Task FocalPoint_IsRefusedAfterTheDeadline_UntilTheOfficeGrantsAnExtension()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh")));
        var yesterday = today.AddDays(-1);
        var round = await RoundIdAsync(await TokenAsync(OfficeUser));

        await LoginAsync(OfficeUser);
        await VisitAsync($"/Office/Round?id={round}", "plan");
        var selfAssessment = Page.Locator("#schedule tr[data-stage='SelfAssessment']");
        await Page.GetByLabel("Mở từ ngày Tự đánh giá", new() { Exact = true }).FillAsync("");
        await Page.GetByLabel("Hạn cuối Tự đánh giá", new() { Exact = true }).FillAsync(yesterday.ToString("yyyy-MM-dd"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Lưu kế hoạch" }).ClickAsync();
        await ShotAsync("plan-saved");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã lưu kế hoạch thời gian");
        await Expect(selfAssessment.Locator("[data-left]")).ToHaveTextAsync("đã hết hạn");

        // The focal point: the form stays locked, says why and with which day, and offers no withdrawal.
        var refusal = $"Đã hết hạn nộp bảng tự đánh giá: hạn cuối là hết ngày {yesterday:dd/MM/yyyy} (giờ Việt Nam).";
        await LoginAsync("so-nv@demo");
        await VisitAsync("/Unit/Form", "form-after-deadline");
        await Expect(Page.Locator("#shut")).ToHaveTextAsync(refusal);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Rút lại để sửa" })).ToHaveCountAsync(0);
        await Expect(Page.GetByLabel($"Giá trị {Leaf}", new() { Exact = true })).ToBeDisabledAsync();
        // The workbook page says the same instead of offering the upload, and the API's doors refuse with those words.
        await VisitAsync("/Unit", "unit-after-deadline");
        await Expect(Page.Locator("#shut")).ToHaveTextAsync(refusal);
        await Expect(Page.GetByLabel(new Regex("Tệp bảng tự đánh giá"))).ToHaveCountAsync(0);
        // The revisions withdrawn in step 2 say so; the one submitted last stands.
        await Expect(Page.Locator("table.revisions tr.current")).Not.ToContainTextAsync("Đã rút lại");
        await Expect(Page.Locator("table.revisions [data-withdrawn]").First).ToContainTextAsync("Đã rút lại");
        using (var api = await ApiAsync("so-nv@demo"))
        {
            using var upload = new MultipartFormDataContent
            {
                { new ByteArrayContent(await File.ReadAllBytesAsync(SampleWorkbook)), "file", $"{Unit}.xlsx" },
            };
            using var uploaded = await api.PostAsync($"/api/rounds/{round}/units/{Unit}/submissions", upload);
            using var withdrawn = await api.PostAsync($"/api/rounds/{round}/units/{Unit}/withdrawal", null);
            foreach (var refused in new[] { uploaded, withdrawn })
            {
                Assert.That((int)refused.StatusCode, Is.EqualTo(409), refused.RequestMessage!.RequestUri!.AbsolutePath);
                using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
                Assert.That(problem.RootElement.GetProperty("detail").GetString(), Is.EqualTo(refusal));
            }
        }

        // The office grants Sở Nội vụ until tomorrow, with a reason: the dashboard shows it.
        await LoginAsync(OfficeUser);
        await VisitAsync($"/Office/Round?id={round}", "extend");
        var extend = Page.Locator("#extend");
        await extend.GetByLabel("Đơn vị").SelectOptionAsync(new SelectOptionValue { Label = UnitName });
        await extend.GetByLabel("Gia hạn việc").SelectOptionAsync(new SelectOptionValue { Label = "Nộp bảng tự đánh giá" });
        await extend.GetByLabel("Đến hết ngày").FillAsync(today.AddDays(1).ToString("yyyy-MM-dd"));
        await extend.GetByLabel("Lý do").FillAsync("Đơn vị xin bổ sung tài liệu kiểm chứng (kiểm thử trình duyệt)");
        await extend.GetByRole(AriaRole.Button, new() { Name = "Gia hạn" }).ClickAsync();
        await ShotAsync("extended");
        await Expect(Page.GetByRole(AriaRole.Status))
            .ToHaveTextAsync($"Đã gia hạn nộp bảng tự đánh giá cho {UnitName} đến hết ngày {today.AddDays(1):dd/MM/yyyy}.");
        await Expect(Page.Locator($"#dashboard tr[data-unit='{Unit}']")).ToContainTextAsync($"gia hạn đến {today.AddDays(1):dd/MM/yyyy}");

        // The unit's door is open again: the form offers the withdrawal and says nothing is shut.
        await LoginAsync("so-nv@demo");
        await VisitAsync("/Unit/Form", "form-extended");
        await Expect(Page.Locator("#shut")).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Rút lại để sửa" })).ToBeVisibleAsync();
    }

    [Test, Order(4)]
    public async Task Office_AppraisesALeaf()
    {
        await LoginAsync(OfficeUser);
        await VisitAsync("/Office", "rounds");
        var row = RoundRow();
        await row.GetByLabel(new Regex("Giai đoạn mới")).SelectOptionAsync(new SelectOptionValue { Label = "Thẩm định lần 1" });
        await FillIfPresentAsync(row.GetByLabel(new Regex("Lý do")), "Hết hạn tự đánh giá");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Chuyển$") }).ClickAsync();

        await VisitAsync($"/Office/Appraise?round={await RoundIdAsync()}&unit={Unit}", "appraise");
        // per leaf "Điểm thẩm định <code>" and "Lý do <code>", one "Ghi điểm thẩm định" button.
        await Page.GetByLabel($"Điểm thẩm định {Leaf}", new() { Exact = true }).FillAsync("0");
        await Page.GetByLabel($"Lý do {Leaf}", new() { Exact = true }).FillAsync("Ban hành kế hoạch muộn (kiểm thử trình duyệt)");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ghi điểm thẩm định" }).ClickAsync();
        await ShotAsync("appraised");

        await Expect(Page.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Issue #13: Sở Tư pháp's appraiser sees area 2 only, for every unit but its own, opens the evidence a unit attached,
    /// appraises one leaf with a reason and accepts another's self-score; a score without a reason is refused beside its
    /// field while the others are saved.
    /// </summary>
    [Test, Order(5)]
    public async Task Appraiser_SeesOnlyItsArea_OpensTheEvidence_AppraisesWithAReason_AndAccepts()
    {
        await LoginAsync("thamdinh-so-tp@demo");
        Assert.That(CurrentPath, Is.EqualTo("/Appraisal"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Sở Tư pháp");
        // Both 2025 rounds are in appraisal; the departments' round is picked from the page's round links.
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"{Year} — Khối sở, ban, ngành") }).ClickAsync();
        await ShotAsync("departments-queue");
        Assert.That(new Uri(Page.Url).Query, Does.Contain($"round={await RoundIdAsync()}"));
        var leaves = await Page.Locator("tr[data-leaf]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.leaf)");
        Assert.That(leaves, Is.Not.Empty);
        Assert.That(leaves, Has.All.StartWith("2."), "area 2 only");
        var units = await Page.Locator("section[data-unit]").EvaluateAllAsync<string[]>("s => s.map(x => x.dataset.unit)");
        Assert.That(units, Does.Contain(Unit).And.Not.Contain("SO-TP"), "every unit but its own");

        var section = Page.Locator($"section[data-unit='{Unit}']");
        var link = section.Locator($"tr[data-leaf='{InstitutionLeaf}']").GetByRole(AriaRole.Link, new() { Name = EvidenceName });
        await Expect(link).ToBeVisibleAsync();
        var file = await Page.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
        Assert.That((file.Status, file.Headers["content-type"]), Is.EqualTo((200, "application/pdf")));
        Assert.That(await file.BodyAsync(), Is.EqualTo(EvidencePdf), "the unit's file as it was attached");

        await section.GetByLabel($"Điểm thẩm định {InstitutionLeaf}", new() { Exact = true }).FillAsync("1");
        await section.GetByLabel($"Lý do {InstitutionLeaf}", new() { Exact = true }).FillAsync("Tỷ lệ văn bản được thẩm định đúng hạn chưa đạt (kiểm thử)");
        await section.GetByLabel("Chấp nhận điểm tự chấm 2.1.2", new() { Exact = true }).CheckAsync();
        await section.GetByLabel("Điểm thẩm định 2.1.3", new() { Exact = true }).FillAsync("0,5");
        await section.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Ghi thẩm định") }).ClickAsync();
        await ShotAsync("appraised-with-one-error");

        section = Page.Locator($"section[data-unit='{Unit}']");
        await Expect(section.Locator("tr[data-leaf='2.1.3'] .leaf-error")).ToHaveTextAsync("Thẩm định phải ghi lý do.");
        await Expect(section.GetByLabel("Điểm thẩm định 2.1.3", new() { Exact = true })).ToHaveValueAsync("0,5");
        await Expect(section.Locator($"tr[data-leaf='{InstitutionLeaf}'] .status")).ToHaveTextAsync("Đã thẩm định");
        await Expect(section.Locator("tr[data-leaf='2.1.2'] .status")).ToHaveTextAsync("Đã chấp nhận điểm tự chấm");

        await section.GetByLabel("Lý do 2.1.3", new() { Exact = true }).FillAsync("Chưa rà soát đủ văn bản (kiểm thử)");
        await section.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Ghi thẩm định") }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi thẩm định 1 tiêu chí của Sở Nội vụ");
        await Expect(Page.Locator($"section[data-unit='{Unit}'] tr[data-leaf='2.1.3'] .status")).ToHaveTextAsync("Đã thẩm định");
    }

    /// <summary>
    /// The office follows the progress per appraiser and per unit; the closing is refused while leaves remain; once every
    /// appraiser has finished (here through the API, as each appraiser's queue holds it), the office closes the appraisal
    /// with the council's decision.
    /// </summary>
    [Test, Order(6)]
    public async Task Office_SeesTheProgress_AndClosesTheAppraisalWhenEveryLeafIsDone()
    {
        var round = await RoundIdAsync(await TokenAsync(OfficeUser));
        await LoginAsync(OfficeUser);
        await VisitAsync($"/Office/Progress?round={round}", "progress");
        // Sở Tư pháp's three leaves of Sở Nội vụ (step 4) are counted; none of the other departments' yet.
        var tp = Page.Locator("#by-appraiser tr").Filter(new() { HasText = "Sở Tư pháp" });
        await Expect(tp.Locator("td").Nth(1)).ToHaveTextAsync("3");
        await Expect(Page.Locator("#remaining strong")).Not.ToHaveTextAsync("0");
        await Page.GetByLabel(new Regex("Quyết định \\(biên bản\\)")).FillAsync("Biên bản số 7/BB-HĐTĐ (kiểm thử)");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Chốt kết quả thẩm định" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Chưa chốt được");

        // Every appraiser finishes its queue: what is left is accepted as self-scored.
        foreach (var user in new[] { "thamdinh-so-tp@demo", "thamdinh-so-tc@demo", "thamdinh-so-khcn@demo", OfficeUser })
        {
            using var api = await ApiAsync(user);
            using var queue = JsonDocument.Parse(await api.GetStringAsync($"/api/rounds/{round}/appraisal-queue"));
            foreach (var unit in queue.RootElement.GetProperty("units").EnumerateArray())
                foreach (var leaf in unit.GetProperty("leaves").EnumerateArray().Where(l => !l.GetProperty("done").GetBoolean()))
                {
                    var url = $"/api/rounds/{round}/units/{unit.GetProperty("unitCode").GetString()}/appraisals/{leaf.GetProperty("code").GetString()}/accept";
                    using var accepted = await api.PostAsJsonAsync(url, new { reason = (string?)null });
                    Assert.That(accepted.IsSuccessStatusCode, Is.True, $"{user} {url}: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
                }
        }

        await VisitAsync($"/Office/Progress?round={round}", "progress-done");
        await Expect(Page.Locator("#remaining")).ToContainTextAsync("Còn 0");
        await Page.GetByLabel(new Regex("Quyết định \\(biên bản\\)")).FillAsync("Biên bản số 7/BB-HĐTĐ (kiểm thử)");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Chốt kết quả thẩm định" }).ClickAsync();
        await ShotAsync("closed");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã chốt kết quả thẩm định");
        await Expect(Page.Locator("#closed")).ToContainTextAsync("Biên bản số 7/BB-HĐTĐ (kiểm thử)");
    }

    [Test, Order(7)]
    public async Task Office_ComputesAndPublishes_AfterTheConfirmation()
    {
        await LoginAsync(OfficeUser);
        await VisitAsync($"/Office/Results?year={Year}", "results");

        // "Tính kết quả năm 2024"; the decision and its date, "Tiếp tục";
        // then "Xác nhận công bố" says what is frozen, a checkbox to confirm and "Công bố".
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Tính kết quả") }).ClickAsync();
        await ShotAsync("computed");
        await Page.GetByLabel(new Regex("Số quyết định")).FillAsync($"QĐ kiểm thử trình duyệt {Year}");
        await Page.GetByLabel(new Regex("Ngày quyết định")).FillAsync($"{Year + 1}-02-20");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
        await ShotAsync("confirm");

        // The confirmation names the year and that the rounds refuse changes; nothing is published before it.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Xác nhận công bố" })).ToBeVisibleAsync();
        await Expect(Page.GetByText(new Regex("từ chối mọi thay đổi")).First).ToBeVisibleAsync();
        await Page.GetByLabel("Tôi đã kiểm tra và xác nhận công bố").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Công bố", Exact = true }).ClickAsync();
        await ShotAsync("published");

        await Expect(Page.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("json", RegexOptions.IgnoreCase) }).First).ToBeVisibleAsync();
    }

    [Test, Order(8)]
    public async Task Leadership_ReadsTheRankingWithItsChanges()
    {
        await LoginAsync(LeadershipUser);
        await VisitAsync($"/Leadership?year={Year}&group={Group}", "ranking");

        // The unit's row of the ranking table (the heatmap lists the unit too): its name, an index with a decimal
        // comma and a change (▲ n / ▼ n / =).
        var ranking = Page.Locator("table[aria-labelledby='ranking-h']");
        var row = ranking.GetByRole(AriaRole.Row).Filter(new() { HasText = UnitName });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(new Regex(@"\d+,\d+"));
        var changes = ranking.GetByRole(AriaRole.Row).Filter(new() { HasTextRegex = new Regex("[▲▼]") });
        Assert.That(await changes.CountAsync(), Is.GreaterThan(0), "some unit moved up or down against 2023");

        // The exports (xlsx through the API with the cookie, CSV from the page).
        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("CSV", RegexOptions.IgnoreCase) }).First.ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.That(csv, Does.Contain(Unit).Or.Contain(UnitName));
    }

    /// <summary>Once published, the unit's scorecard says who appraised what: Sở Tư pháp's points with its reason, and the accepted self-score.</summary>
    [Test, Order(9)]
    public async Task FocalPoint_ReadsOnTheScorecardWhoAppraisedWhat()
    {
        await LoginAsync("so-nv@demo");
        await VisitAsync($"/Unit/Scorecard?year={Year}&unit={Unit}", "scorecard-history");
        var history = Page.Locator("section.appraisal-history");
        var appraised = history.Locator($"tr[data-leaf='{InstitutionLeaf}']");
        await Expect(appraised).ToContainTextAsync("Sở Tư pháp");
        await Expect(appraised).ToContainTextAsync("thamdinh-so-tp@demo");
        await Expect(appraised).ToContainTextAsync("Tỷ lệ văn bản được thẩm định đúng hạn chưa đạt (kiểm thử)");
        await Expect(history.Locator("tr[data-leaf='2.1.2']")).ToContainTextAsync("chấp nhận điểm tự chấm");
        await Expect(history.Locator($"tr[data-leaf='{Leaf}']")).ToContainTextAsync("Phòng CCHC");
    }

    /// <summary>A bearer token of a demo account (the API takes writes with a token only).</summary>
    private static async Task<string> TokenAsync(string user)
    {
        using var http = new HttpClient { BaseAddress = new Uri(WebServer.BaseUrl) };
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { userName = user, password = Password });
        Assert.That(response.IsSuccessStatusCode, Is.True, $"login {user}: {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static async Task<HttpClient> ApiAsync(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(WebServer.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(user));
        return http;
    }

    /// <summary>The departments' row of the year in the office's rounds table.</summary>
    private ILocator RoundRow() => Page.GetByRole(AriaRole.Row)
        .Filter(new() { HasText = Year.ToString() })
        .Filter(new() { HasTextRegex = new Regex("Khối sở, ban, ngành", RegexOptions.IgnoreCase) })
        .First;

    private async Task UploadAsync(byte[] workbook, string name)
    {
        await Page.GetByLabel(new Regex("Tệp bảng tự đánh giá")).SetInputFilesAsync(new FilePayload
        {
            Name = name,
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = workbook,
        });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Nộp bảng tự đánh giá" }).ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private static async Task FillIfPresentAsync(ILocator input, string text)
    {
        if (await input.CountAsync() > 0) await input.FillAsync(text);
    }

    /// <summary>The round's id from the API (which accepts the page's cookie).</summary>
    private async Task<int> RoundIdAsync()
    {
        var response = await Page.APIRequest.GetAsync($"/api/rounds?year={Year}");
        Assert.That(response.Ok, Is.True, $"GET /api/rounds: {response.Status}");
        return RoundIdOf(await response.TextAsync());
    }

    /// <summary>The round's id, asked with a token (before any page is open).</summary>
    private static async Task<int> RoundIdAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = new Uri(WebServer.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return RoundIdOf(await http.GetStringAsync($"/api/rounds?year={Year}"));
    }

    private static int RoundIdOf(string rounds)
    {
        using var json = JsonDocument.Parse(rounds);
        return json.RootElement.EnumerateArray()
            .Single(r => r.GetProperty("group").GetString() == Group).GetProperty("id").GetInt32();
    }

    /// <summary>H-HL's sample workbook with an unknown level on leaf 1.1.1, and that cell's address (e.g. "D8").</summary>
    private static (byte[] Workbook, string Cell) WorkbookWithUnknownLevel()
    {
        using var filler = SelfAssessmentFiller.Open(SampleWorkbook);
        filler.Set(Leaf, value: UnknownLevel);
        var cell = filler.Cell(Leaf, SelfAssessmentSheet.Value).Address.ToStringRelative();
        using var output = new MemoryStream();
        filler.Save(output);
        return (output.ToArray(), cell);
    }
}
